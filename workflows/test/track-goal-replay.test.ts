// Histories recorded from real goal runs (the last test of track-goal.test.ts,
// and track-goal-time.test.ts, with RECORD_GOAL_HISTORIES=1) must replay with
// today's workflow code: goals live for months, so a change that breaks the
// ones in flight fails here. goal-org.json was recorded before organisation
// goals withheld small groups (it announces two members' figure): it proves
// that runs from then replay behind the patch; no test records it any more,
// so keep it as it is.
import { describeReplay } from './replay.ts';

describeReplay('goal tracking', 'goal-', [
  'goal-achieved.json',
  'goal-cancelled.json',
  'goal-continued.json',
  'goal-loaded.json',
  'goal-not-active.json',
  'goal-org.json',
  'goal-org-month.json',
  'goal-org-pooled.json',
  'goal-org-reminder-withheld.json',
  'goal-reminder.json',
]);
