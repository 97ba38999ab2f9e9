import { Context } from '@temporalio/activity';
import type { CheckoutDeps } from './checkout-activities.ts';
import { createCheckoutActivities } from './checkout-activities.ts';
import { createGoalActivities } from './goal-activities.ts';
import type { NotifyDeps } from './notify-activities.ts';
import { createCarbonCsvActivities } from './ingest/carbon-csv-activities.ts';
import { createImportActivities } from './ingest/import-activities.ts';
import type { IngestDeps } from './ingest/ingest-deps.ts';
import { createTrainingActivities } from './ingest/training-activities.ts';
import { createImageActivities } from './image-activities.ts';
import type { InvitationDeps } from './invitation-activities.ts';
import { createInvitationActivities } from './invitation-activities.ts';
import { createNotifyActivities } from './notify-activities.ts';
import { createReadinessActivities } from './readiness-activities.ts';
import { createRefundActivities } from './refund-activities.ts';
import type { ReportDeps } from './report-activities.ts';
import { createReportActivities } from './report-activities.ts';

/**
 * Dependencies the activities need, injected by the worker. Each is optional
 * so a worker (or a test) that runs only some workflows wires only what those
 * use; an activity whose dependency is missing fails without retrying.
 */
export type ActivityDeps = Partial<
  CheckoutDeps & NotifyDeps & IngestDeps & ReportDeps & InvitationDeps
>;

export function createActivities(deps: ActivityDeps = {}) {
  return {
    async describeWorker(): Promise<string> {
      return Context.current().info.taskQueue + '@' + process.pid;
    },
    ...createCheckoutActivities(deps),
    ...createNotifyActivities(deps),
    ...createGoalActivities(deps),
    ...createImportActivities(deps),
    ...createCarbonCsvActivities(deps),
    ...createTrainingActivities(deps),
    ...createRefundActivities(deps),
    ...createReportActivities(deps),
    ...createImageActivities(deps),
    ...createReadinessActivities(deps),
    ...createInvitationActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
