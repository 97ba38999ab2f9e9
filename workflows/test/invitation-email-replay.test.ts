// Histories recorded from real invitation email runs
// (RECORD_INVITATION_HISTORIES=1 with invitation-email.test.ts) must replay
// with today's workflow code: a change that would break emails in flight
// fails here, not in production.
import { describeReplay } from './replay.ts';

describeReplay('invitation email', 'invitation-email-', [
  'invitation-email-sent.json',
  'invitation-email-skipped.json',
]);
