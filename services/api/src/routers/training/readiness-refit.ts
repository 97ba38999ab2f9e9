import { readinessWorkflowId, readinessWorkflowType } from '@canopy/workflows/shared';
import type { AuthUser, Context } from '../../trpc/index.ts';

const TEMPORAL_DEADLINE_MS = 5_000;

/**
 * Asks for the member's readiness model to be refitted now their data
 * changed. A newer request replaces one still running. Until it lands, the
 * stored fit no longer matches the data and predictions fit on request, so
 * a refit that never starts costs speed, never correctness.
 */
export async function requestReadinessRefit(ctx: Context & { user: AuthUser }): Promise<void> {
  try {
    const client = await ctx.services.temporal();
    await client.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
      client.workflow.start(readinessWorkflowType, {
        workflowId: readinessWorkflowId(ctx.user.id),
        taskQueue: ctx.services.taskQueues.ingest,
        args: [{ userId: ctx.user.id }],
        workflowIdConflictPolicy: 'TERMINATE_EXISTING',
        // A refit nobody ran within the hour is stale anyway; predictions fit on request.
        workflowExecutionTimeout: '1 hour',
      }),
    );
  } catch (error) {
    ctx.log.warn({ err: error, userId: ctx.user.id }, 'readiness refit not started');
  }
}
