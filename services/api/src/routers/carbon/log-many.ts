import { insertCarbonActivities } from '@canopy/db';
import { ZCarbonActivity } from '@canopy/domain';
import { goalEvents } from '@canopy/workflows/shared';
import { z } from 'zod';
import { protectedProcedure } from '../../trpc/index.ts';
import { ZDay } from '../common-inputs.ts';
import { signalGoals } from '../goals/goal-workflow.ts';
import { estimateColumns } from './estimate-row.ts';
import { ZFactorSetId, ZNote } from './schemas.ts';

/** Big enough for a day of a fleet's trips, small enough to answer well inside a second. */
export const MAX_ACTIVITIES_PER_CALL = 500;

const ZBatchItem = z.strictObject({
  occurredOn: ZDay,
  activity: ZCarbonActivity,
  factorSet: ZFactorSetId.optional(),
  radiativeForcing: z.boolean({ error: 'radiativeForcing must be true or false' }).optional(),
  note: ZNote.optional(),
});

/**
 * For sync jobs that push many activities at once: one request, one
 * statement, one signal per goal. Every item is validated before anything
 * is stored, and a rejected call stores none of them; errors name the item
 * (`activities.3.activity.distance`).
 */
export const logManyActivities = protectedProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/v1/carbon/activities/batch',
      tags: ['carbon'],
      summary: 'Log up to 500 activities at once: all are stored, or none',
    },
  })
  .input(
    z.strictObject({
      activities: z
        .array(ZBatchItem, { error: 'activities must be a list' })
        .min(1, { error: 'activities must not be empty' })
        .max(MAX_ACTIVITIES_PER_CALL, {
          error: `activities: at most ${MAX_ACTIVITIES_PER_CALL} per call; send the rest in another`,
        }),
    }),
  )
  .output(
    z.object({
      ids: z.array(z.string()),
      totalKgCO2e: z.number(),
    }),
  )
  .mutation(async ({ ctx, input }) => {
    const orgId = ctx.user.memberships[0]?.orgId ?? null;
    const rows = await insertCarbonActivities(
      ctx.db,
      input.activities.map((item) => ({
        ...estimateColumns(item.activity, item).columns,
        user_id: ctx.user.id,
        org_id: orgId,
        occurred_on: item.occurredOn,
        note: item.note || null,
        source: 'api' as const,
      })),
    );
    await signalGoals(ctx, rows.map(goalEvents.emission));
    return {
      ids: rows.map((r) => r.id),
      totalKgCO2e: rows.reduce((sum, r) => sum + r.total_kg_co2e, 0),
    };
  });
