// Histories recorded from real readiness refits (RECORD_READINESS_HISTORIES=1 with
// refit-readiness.test.ts) must replay with today's workflow code: a change that would
// break refits in flight fails here, not in production.
import { describeReplay } from './replay.ts';

describeReplay('readiness refit', 'readiness-', [
  'readiness-insufficient.json',
  'readiness-ok.json',
]);
