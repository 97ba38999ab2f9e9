import { findCarbonActivity, insertCarbonActivity, updateCarbonActivity } from '@canopy/db';
import { ZCarbonActivity } from '@canopy/domain';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { protectedProcedure } from '../../trpc/index.ts';
import { estimateColumns, readStoredActivity } from './estimate-row.ts';
import {
  toActivityView,
  ZActivityId,
  ZCarbonActivityView,
  ZFactorSetId,
  ZNote,
} from './schemas.ts';
import { ZDay } from '../common-inputs.ts';
import { goalEvents } from '@canopy/workflows/shared';
import { signalGoals } from '../goals/goal-workflow.ts';

const ZRadiativeForcing = z.boolean({ error: 'radiativeForcing must be true or false' });

export const ZLogActivityInput = z.strictObject({
  occurredOn: ZDay,
  activity: ZCarbonActivity,
  factorSet: ZFactorSetId.optional(),
  radiativeForcing: ZRadiativeForcing.optional(),
  note: ZNote.optional(),
});

const ZLogActivityOutput = ZCarbonActivityView.extend({
  /** A documented choice the engine made that the member should see. */
  estimateNote: z.string().nullable(),
});

export const logActivity = protectedProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/v1/carbon/activities',
      tags: ['carbon'],
      summary: 'Log an activity: its emissions are estimated and stored with the factor used',
    },
  })
  .input(ZLogActivityInput)
  .output(ZLogActivityOutput)
  .mutation(async ({ ctx, input }) => {
    const { columns, estimate } = estimateColumns(input.activity, input);
    const { row, goals } = await insertCarbonActivity(
      ctx.db,
      {
        ...columns,
        user_id: ctx.user.id,
        // Pooled org reports group by the organisation the member belonged to when logging.
        org_id: ctx.user.memberships[0]?.orgId ?? null,
        occurred_on: input.occurredOn,
        note: input.note || null,
      },
      { orgIds: ctx.user.memberships.map((m) => m.orgId) },
    );
    await signalGoals(ctx, [goalEvents.emission(row)], goals);
    return { ...toActivityView(row), estimateNote: estimate.note ?? null };
  });

export const updateActivity = protectedProcedure
  .input(
    z.strictObject({
      id: ZActivityId,
      occurredOn: ZDay.optional(),
      activity: ZCarbonActivity.optional(),
      factorSet: ZFactorSetId.optional(),
      radiativeForcing: ZRadiativeForcing.optional(),
      note: ZNote.nullable().optional(),
    }),
  )
  .output(ZCarbonActivityView)
  .mutation(async ({ ctx, input }) => {
    const existing = await findCarbonActivity(ctx.db, ctx.user.id, input.id);
    if (!existing) throw new TRPCError({ code: 'NOT_FOUND', message: 'id: no such activity' });
    const reestimate =
      input.activity !== undefined ||
      input.factorSet !== undefined ||
      input.radiativeForcing !== undefined;
    let estimate = {};
    if (reestimate) {
      const stored = readStoredActivity(existing.activity);
      // Unless asked otherwise, keep the edition the row was estimated with.
      estimate = estimateColumns(input.activity ?? stored.activity, {
        factorSet: input.factorSet ?? existing.factor_edition,
        radiativeForcing: input.radiativeForcing ?? stored.radiativeForcing,
      }).columns;
    }
    const row = await updateCarbonActivity(ctx.db, ctx.user.id, input.id, {
      ...estimate,
      ...(input.occurredOn !== undefined && { occurred_on: input.occurredOn }),
      ...(input.note !== undefined && { note: input.note || null }),
    });
    if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'id: no such activity' });
    await signalGoals(ctx, [goalEvents.emission(row)]);
    return toActivityView(row);
  });
