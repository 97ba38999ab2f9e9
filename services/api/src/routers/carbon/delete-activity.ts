import { deleteCarbonActivity, recordAudit } from '@canopy/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { goalEventKeys } from '@canopy/workflows/shared';
import { protectedProcedure } from '../../trpc/index.ts';
import { signalGoals } from '../goals/goal-workflow.ts';
import { ZActivityId } from './schemas.ts';

export const deleteActivity = protectedProcedure
  .input(z.strictObject({ id: ZActivityId }))
  .output(z.object({ id: z.string(), deleted: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    // The audit row and the deletion stand or fall together.
    const deleted = await ctx.db.transaction().execute(async (trx) => {
      const gone = await deleteCarbonActivity(trx, ctx.user.id, input.id);
      if (!gone) throw new TRPCError({ code: 'NOT_FOUND', message: 'id: no such activity' });
      await recordAudit(trx, {
        actorId: ctx.user.id,
        action: 'carbon.activity.delete',
        orgId: gone.org_id,
        targetType: 'carbon_activity',
        targetId: gone.id,
        details: {
          occurredOn: gone.occurred_on,
          category: gone.category,
          totalKgCO2e: gone.total_kg_co2e,
        },
      });
      return { id: gone.id, deleted: true as const };
    });
    // A null event takes the activity back out of the goals' counts.
    await signalGoals(ctx, [{ key: goalEventKeys.emission(deleted.id), event: null }]);
    return deleted;
  });
