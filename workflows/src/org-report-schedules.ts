// One Temporal Schedule per organisation runs its monthly report at 02:00 UTC
// on the 1st. Creating one is idempotent: a schedule that exists is brought
// to the current definition, so a worker start or a new organisation can
// always call this.
import type { Db } from '@canopy/db';
import { listOrganisationIds } from '@canopy/db';
import type { Client, ScheduleOptions } from '@temporalio/client';
import { ScheduleAlreadyRunning } from '@temporalio/client';
import { orgReportScheduleId, orgReportWorkflowType } from './report-contract.ts';
import type { OrgReportInput } from './report-contract.ts';

function scheduleOptions(orgId: string, taskQueue: string) {
  const input: OrgReportInput = { orgId };
  return {
    scheduleId: orgReportScheduleId(orgId),
    spec: {
      calendars: [{ dayOfMonth: 1, hour: 2, minute: 0, comment: 'monthly organisation report' }],
      timezone: 'UTC',
    },
    action: {
      type: 'startWorkflow' as const,
      workflowType: orgReportWorkflowType,
      workflowId: orgReportScheduleId(orgId),
      taskQueue,
      args: [input],
    },
    // A month still rendering when the next is due (a long outage) is not run twice at once.
    policies: { overlap: 'SKIP' as const, catchupWindow: '1 day' },
  } satisfies ScheduleOptions;
}

/** Creates the organisation's report schedule, or updates the one that exists. */
export async function ensureOrgReportSchedule(
  client: Client,
  orgId: string,
  taskQueue: string,
): Promise<'created' | 'updated'> {
  const options = scheduleOptions(orgId, taskQueue);
  try {
    await client.schedule.create(options);
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  await client.schedule.getHandle(options.scheduleId).update((previous) => ({
    ...previous,
    spec: options.spec,
    action: options.action,
    policies: { ...previous.policies, ...options.policies },
  }));
  return 'updated';
}

/** Makes sure every organisation in the database has its report schedule. */
export async function ensureOrgReportSchedules(client: Client, db: Db, taskQueue: string) {
  const counts = { created: 0, updated: 0 };
  for (const orgId of await listOrganisationIds(db)) {
    counts[await ensureOrgReportSchedule(client, orgId, taskQueue)]++;
  }
  return counts;
}
