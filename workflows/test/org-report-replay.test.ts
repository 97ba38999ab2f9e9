// Histories recorded from real monthly report runs (RECORD_REPORT_HISTORIES=1 with
// org-report.test.ts) must replay with today's workflow code: a change that would
// break reports in flight fails here, not in production.
import { describeReplay } from './replay.ts';

describeReplay('monthly report', 'org-report-', [
  'org-report-month.json',
  'org-report-rerun.json',
  'org-report-scheduled.json',
  'org-report-withheld.json',
]);
