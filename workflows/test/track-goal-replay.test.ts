// Histories recorded from real goal runs (the last test of track-goal.test.ts,
// with RECORD_GOAL_HISTORIES=1) must replay with today's workflow code: goals
// live for months, so a change that breaks the ones in flight fails here.
import { describeReplay } from './replay.ts';

describeReplay('goal tracking', 'goal-', [
  'goal-achieved.json',
  'goal-cancelled.json',
  'goal-continued.json',
  'goal-loaded.json',
  'goal-not-active.json',
  'goal-org.json',
  'goal-reminder.json',
]);
