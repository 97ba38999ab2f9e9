// The API's side of goal tracking: each goal has a long-running workflow
// (`goal-<goalId>`) that the API starts, feeds and asks. The stored rows stay
// the truth; Temporal being slow or away never fails a member's request.
import type { ActiveGoalRef, GoalRow } from '@canopy/db';
import { listVisibleGoals } from '@canopy/db';
import type { GoalDefinition } from '@canopy/domain';
import type { GoalOwner, KeyedGoalEvent, TrackGoalInput } from '@canopy/workflows/shared';
import {
  goalQueries,
  goalSignals,
  goalWorkflowId,
  goalWorkflowType,
} from '@canopy/workflows/shared';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { AuthUser, Context } from '../../trpc/index.ts';

/** A query answers within this, or progress is computed from the rows instead. */
const QUERY_DEADLINE_MS = 2_000;
const CALL_DEADLINE_MS = 5_000;

function ownerOf(row: GoalRow): GoalOwner {
  return row.org_id ? { orgId: row.org_id } : { userId: row.user_id! };
}

async function withTemporal<T>(
  ctx: Pick<Context, 'services'>,
  deadlineMs: number,
  call: (client: Awaited<ReturnType<Context['services']['temporal']>>) => Promise<T>,
): Promise<T> {
  const client = await ctx.services.temporal();
  return client.withDeadline(Date.now() + deadlineMs, () => call(client));
}

/**
 * Starts the goal's tracker. A goal whose tracker could not start is still
 * stored and its progress still computed; only its notifications wait.
 */
export async function startGoalWorkflow(
  ctx: Pick<Context, 'services' | 'log'>,
  row: GoalRow,
  definition: GoalDefinition,
) {
  // The tracker loads what was logged since the start date itself.
  const input: TrackGoalInput = {
    goalId: row.id,
    title: row.title,
    definition,
    owner: ownerOf(row),
  };
  try {
    await withTemporal(ctx, CALL_DEADLINE_MS, (client) =>
      client.workflow.start(goalWorkflowType, {
        workflowId: goalWorkflowId(row.id),
        taskQueue: ctx.services.taskQueues.goals,
        args: [input],
      }),
    );
  } catch (error) {
    ctx.log.error({ err: error, goalId: row.id }, 'could not start the goal workflow');
  }
}

/** Ends the goal's tracker; one that is gone already is what we want. */
export async function stopGoalWorkflow(ctx: Pick<Context, 'services' | 'log'>, goalId: string) {
  try {
    await withTemporal(ctx, CALL_DEADLINE_MS, (client) =>
      client.workflow.getHandle(goalWorkflowId(goalId)).signal(goalSignals.cancel),
    );
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return;
    ctx.log.warn({ err: error, goalId }, 'could not signal the goal workflow to stop');
  }
}

/** The tracker's own answer, or undefined when it does not give one in time. */
export async function queryGoalProgress(
  ctx: Pick<Context, 'services' | 'log'>,
  goalId: string,
): Promise<unknown> {
  try {
    return await withTemporal(ctx, QUERY_DEADLINE_MS, (client) =>
      client.workflow.getHandle(goalWorkflowId(goalId)).query(goalQueries.progress),
    );
  } catch (error) {
    ctx.log.warn({ err: error, goalId }, 'goal workflow did not answer its progress query');
    return undefined;
  }
}

// Which goal kinds count which keys (see goalEventKeys): a deletion carries no event, only its key.
const kindsCounting: [prefix: string, kinds: readonly string[]][] = [
  ['steps-', ['steps_per_day', 'steps_per_week']],
  ['session-', ['sessions_per_week', 'weekly_training_load']],
  ['emission-', ['co2e_budget_per_month', 'co2e_reduction']],
];
const counts = (kind: string, key: string) =>
  kindsCounting.some(([prefix, kinds]) => key.startsWith(prefix) && kinds.includes(kind));

/**
 * Tells the caller's active goals (their own and their organisations') about
 * activity just stored. Best effort: a goal without a live tracker is
 * skipped, and the stored rows still count in the computed progress.
 */
export async function signalGoals(
  ctx: Pick<Context, 'db' | 'services' | 'log'> & { user: AuthUser },
  events: KeyedGoalEvent[],
  /** The caller's active goals, when the write that made the events already read them. */
  activeGoals?: ActiveGoalRef[],
) {
  if (events.length === 0) return;
  // New activity counts for the primary organisation only; a removal reaches
  // every organisation's goals, since the row may have counted for any of them.
  const orgs = events.every((e) => e.event === null)
    ? ctx.user.memberships
    : ctx.user.memberships.filter((m) => m.primary);
  const goals =
    activeGoals ??
    (await listVisibleGoals(
      ctx.db,
      ctx.user.id,
      orgs.map((m) => m.orgId),
      'active',
    ));
  await Promise.all(
    goals.map(async (goal) => {
      const relevant = events.filter((e) => counts(goal.kind, e.key));
      if (relevant.length === 0) return;
      try {
        await withTemporal(ctx, CALL_DEADLINE_MS, (client) =>
          client.workflow.getHandle(goalWorkflowId(goal.id)).signal(goalSignals.activity, relevant),
        );
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return;
        ctx.log.warn({ err: error, goalId: goal.id }, 'could not signal activity to a goal');
      }
    }),
  );
}
