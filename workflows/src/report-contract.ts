// The monthly organisation report's names and types, shared with the API
// (which creates schedules and lists reports) and the worker (which keeps
// one schedule per organisation).

/** Id of an organisation's report schedule; its runs are `org-report-<orgId>-<time>`. */
export const orgReportScheduleId = (orgId: string) => `org-report-${orgId}`;
/** Id of a run for one month started by hand (a re-run, a back-fill). */
export const orgReportWorkflowId = (orgId: string, month: string) => `org-report-${orgId}-${month}`;
export const orgReportWorkflowType = 'orgMonthlyReport';

/** Bucket the reports are written to (`reports/<orgId>/<yyyy-mm>.csv|html`). */
export const DEFAULT_REPORTS_BUCKET = 'reports';

/** Object keys of one month's report: stable, so a re-run overwrites rather than adds. */
export const orgReportObjectKeys = (orgId: string, month: string) => ({
  csv: `${orgId}/${month}.csv`,
  html: `${orgId}/${month}.html`,
});

export interface OrgReportInput {
  orgId: string;
  /** `YYYY-MM`; the month before the run's start (UTC) when not given, as the schedule runs it. */
  month?: string;
}

export interface OrgReportResult {
  orgId: string;
  month: string;
  reportId: string;
  csvKey: string;
  htmlKey: string;
  members: number;
  totalKg: number | null;
  withheld: boolean;
  /** Org admins told about this report by this run (0 when a re-run found them told). */
  notified: number;
}

export const reportFailureTypes = {
  badMonth: 'BadMonth',
  orgNotFound: 'OrgNotFound',
  workerMisconfigured: 'WorkerMisconfigured',
} as const;

/** Notification kind org admins receive when a report is ready. */
export const orgReportReadyKind = 'org.report.ready';
