import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { orgReportReadyKind, reportFailureTypes } from '../shared.ts';
import type { OrgReportInput, OrgReportResult } from '../shared.ts';
import { deliverNotification } from './notify.ts';

const report = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '5 seconds',
    maximumInterval: '5 minutes',
    maximumAttempts: 20,
    nonRetryableErrorTypes: [reportFailureTypes.orgNotFound],
  },
});

/** `YYYY-MM` of the month before `now`, in UTC. */
export function previousMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * One organisation's report for one month: pooled emissions rendered as CSV
 * and HTML into the object store, a row recorded, the org admins notified.
 * Started monthly by the organisation's schedule (`org-report-<orgId>`), which
 * passes no month: the month before the run started is the one reported.
 */
export async function orgMonthlyReport(input: OrgReportInput): Promise<OrgReportResult> {
  // Date.now() in a workflow is the time of the current workflow task: replay-safe.
  const month = input.month ?? previousMonth(new Date(Date.now()));
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    throw ApplicationFailure.nonRetryable(
      `month must be YYYY-MM, got "${month}"`,
      reportFailureTypes.badMonth,
    );
  }
  const { orgName, ...rendered } = await report.renderOrgReport({ orgId: input.orgId, month });
  const admins = await report.orgAdminIds({ orgId: input.orgId });
  const results = await Promise.all(
    admins.map((userId) =>
      deliverNotification({
        userId,
        kind: orgReportReadyKind,
        title: `${orgName}: emissions report for ${month}`,
        body: `The pooled emissions report for ${month} is ready to download (CSV and HTML).`,
        data: { orgId: input.orgId, reportId: rendered.reportId, month },
        // One notice per admin and month, however often the month is rendered.
        dedupeKey: `org-report-${input.orgId}-${month}`,
      }),
    ),
  );
  return { ...rendered, notified: results.filter((r) => r.created).length };
}
