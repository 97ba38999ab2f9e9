import {
  createGoal,
  findUserProfile,
  findVisibleGoal,
  listVisibleGoals,
  recordAudit,
  setGoalStatus,
} from '@canopy/db';
import type { GoalEvaluation } from '@canopy/domain';
import { unpooledGoal, ZGoalDefinition } from '@canopy/domain';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { orgAdminProcedure, protectedProcedure, router } from '../../trpc/index.ts';
import type { AuthUser, Context } from '../../trpc/index.ts';
import { completeDefinition, goalProgress, goalView, ZGoal } from './goal-view.ts';
import { queryGoalProgress, startGoalWorkflow, stopGoalWorkflow } from './goal-workflow.ts';

const ZCreateGoalInput = z.object({
  title: z
    .string()
    .trim()
    .min(1, 'title cannot be empty')
    .max(200, 'title is at most 200 characters'),
  /** A goal definition (@canopy/domain ZGoalDefinition); timeZone and startDate default to the caller's. */
  definition: z.looseObject({ kind: z.string({ error: 'definition.kind is required' }) }),
});
const ZGoalId = z.strictObject({ goalId: z.uuid('goalId must be a goal id') });

function isEvaluation(
  answer: unknown,
): answer is GoalEvaluation & { goalId: string; active: boolean } {
  return typeof answer === 'object' && answer !== null && 'period' in answer && 'streak' in answer;
}

async function callerTimeZone(ctx: Context & { user: AuthUser }) {
  return (await findUserProfile(ctx.db, ctx.user.id))?.time_zone ?? 'UTC';
}

async function visibleGoal(ctx: Context & { user: AuthUser }, goalId: string) {
  const row = await findVisibleGoal(
    ctx.db,
    goalId,
    ctx.user.id,
    ctx.user.memberships.map((m) => m.orgId),
  );
  // Not found, whether it does not exist or is someone else's: ids leak nothing.
  if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'goalId: no such goal' });
  return row;
}

export const goalsRouter = router({
  create: protectedProcedure
    .input(ZCreateGoalInput)
    .output(ZGoal)
    .mutation(async ({ ctx, input }) => {
      const definition = completeDefinition(input.definition, await callerTimeZone(ctx), ctx.now());
      const row = await createGoal(ctx.db, {
        userId: ctx.user.id,
        orgId: null,
        createdBy: ctx.user.id,
        title: input.title,
        kind: definition.kind,
        definition,
        timeZone: definition.timeZone,
      });
      await startGoalWorkflow(ctx, row, definition);
      return goalView(row);
    }),

  /** An org-wide goal: everyone's activity in the organisation counts. */
  createForOrg: orgAdminProcedure
    .input(ZCreateGoalInput)
    .output(ZGoal)
    .mutation(async ({ ctx, input }) => {
      const definition = completeDefinition(input.definition, await callerTimeZone(ctx), ctx.now());
      const row = await ctx.db.transaction().execute(async (trx) => {
        const created = await createGoal(trx, {
          userId: null,
          orgId: ctx.orgId,
          createdBy: ctx.user.id,
          title: input.title,
          kind: definition.kind,
          definition,
          timeZone: definition.timeZone,
        });
        await recordAudit(trx, {
          actorId: ctx.user.id,
          action: 'goal.create',
          orgId: ctx.orgId,
          targetType: 'goal',
          targetId: created.id,
        });
        return created;
      });
      await startGoalWorkflow(ctx, row, definition);
      return goalView(row);
    }),

  list: protectedProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/v1/goals',
        tags: ['goals'],
        summary: "Your goals and your organisation's",
      },
    })
    .input(
      z
        .strictObject({ status: z.enum(['active', 'achieved', 'cancelled', 'ended']).optional() })
        .default({}),
    )
    .output(z.array(ZGoal))
    .query(async ({ ctx, input }) =>
      (
        await listVisibleGoals(
          ctx.db,
          ctx.user.id,
          ctx.user.memberships.map((m) => m.orgId),
          input.status,
        )
      ).map(goalView),
    ),

  get: protectedProcedure
    .input(ZGoalId)
    .output(ZGoal)
    .query(async ({ ctx, input }) => goalView(await visibleGoal(ctx, input.goalId))),

  progress: protectedProcedure.input(ZGoalId).query(async ({ ctx, input }) => {
    const row = await visibleGoal(ctx, input.goalId);
    const definition = ZGoalDefinition.parse(row.definition);
    // The live tracker knows what was signalled to it; the rows are the fallback. An
    // organisation's progress always comes from the rows: they say who is behind each
    // figure, which the minimum group size needs.
    const answer =
      row.status === 'active' && !row.org_id ? await queryGoalProgress(ctx, row.id) : undefined;
    // An ended tracker (its goal unknown to the worker's database) knows nothing new.
    if (isEvaluation(answer) && answer.active) {
      const { goalId: _goalId, active: _active, ...evaluation } = answer;
      return unpooledGoal(evaluation);
    }
    return goalProgress(
      ctx,
      definition,
      row.org_id ? { orgId: row.org_id } : { userId: row.user_id! },
    );
  }),

  /** What a definition would show today on the caller's own data, without saving it. */
  preview: protectedProcedure
    .input(ZCreateGoalInput.pick({ definition: true }))
    .query(async ({ ctx, input }) => {
      const definition = completeDefinition(input.definition, await callerTimeZone(ctx), ctx.now());
      return goalProgress(ctx, definition, { userId: ctx.user.id });
    }),

  cancel: protectedProcedure
    .input(ZGoalId)
    .output(ZGoal)
    .mutation(async ({ ctx, input }) => {
      const row = await visibleGoal(ctx, input.goalId);
      if (row.user_id !== ctx.user.id) {
        throw new TRPCError({
          code: 'FORBIDDEN',
          message:
            'goalId: an organisation goal is cancelled by its org admins (goals.cancelForOrg)',
        });
      }
      const updated = await setGoalStatus(ctx.db, row.id, 'cancelled');
      await stopGoalWorkflow(ctx, row.id);
      return goalView(updated);
    }),

  cancelForOrg: orgAdminProcedure
    .input(z.object({ goalId: z.uuid('goalId must be a goal id') }))
    .output(ZGoal)
    .mutation(async ({ ctx, input }) => {
      const updated = await ctx.db.transaction().execute(async (trx) => {
        const row = await findVisibleGoal(trx, input.goalId, ctx.user.id, [ctx.orgId]);
        if (!row || row.org_id !== ctx.orgId)
          throw new TRPCError({
            code: 'NOT_FOUND',
            message: 'goalId: no such goal in this organisation',
          });
        const updated = await setGoalStatus(trx, row.id, 'cancelled');
        await recordAudit(trx, {
          actorId: ctx.user.id,
          action: 'goal.cancel',
          orgId: ctx.orgId,
          targetType: 'goal',
          targetId: row.id,
        });
        return updated;
      });
      await stopGoalWorkflow(ctx, updated.id);
      return goalView(updated);
    }),
});
