import { listCarbonActivitiesInRange, updateCarbonActivity } from '@canopy/db';
import { DomainError, factorSets } from '@canopy/domain';
import { z } from 'zod';
import { protectedProcedure } from '../../trpc/index.ts';
import { estimateColumns, readStoredActivity } from './estimate-row.ts';
import { ZFactorSetId } from './schemas.ts';
import { checkRange, ZDay } from '../common-inputs.ts';

/** `desnz-2025` or `2025` → `desnz-2025`; an unknown edition is the caller's mistake. */
function resolveFactorSetId(id: string): string {
  const sets = factorSets();
  const set = sets.find((s) => s.id === id || s.edition === id);
  if (!set) {
    throw new DomainError(
      'unknown_factor_set',
      `factorSet '${id}' is not available; choose one of ${sets.map((s) => s.id).join(', ')}`,
    );
  }
  return set.id;
}

export const recompute = protectedProcedure
  .input(
    z
      .strictObject({ from: ZDay, to: ZDay, factorSet: ZFactorSetId })
      .superRefine(checkRange(100 * 366)),
  )
  .output(
    z.object({
      factorSet: z.string(),
      activities: z.number(),
      changed: z.number(),
      before: z.object({ totalKgCO2e: z.number() }),
      after: z.object({ totalKgCO2e: z.number() }),
    }),
  )
  .mutation(({ ctx, input }) => {
    const factorSet = resolveFactorSetId(input.factorSet);
    // All rows or none: a range half in one edition and half in another would mislead.
    return ctx.db.transaction().execute(async (trx) => {
      const rows = await listCarbonActivitiesInRange(trx, ctx.user.id, input.from, input.to, {
        forUpdate: true,
      });
      let before = 0;
      let after = 0;
      let changed = 0;
      for (const row of rows) {
        before += row.total_kg_co2e;
        const stored = readStoredActivity(row.activity);
        let columns;
        try {
          ({ columns } = estimateColumns(stored.activity, {
            factorSet,
            ...(stored.radiativeForcing !== undefined && {
              radiativeForcing: stored.radiativeForcing,
            }),
          }));
        } catch (error) {
          if (error instanceof DomainError) {
            throw new DomainError(
              error.code,
              `activity ${row.id} of ${row.occurred_on}: ${error.message}`,
            );
          }
          throw error;
        }
        after += columns.total_kg_co2e;
        if (
          columns.total_kg_co2e !== row.total_kg_co2e ||
          columns.factor_edition !== row.factor_edition
        ) {
          changed += 1;
          await updateCarbonActivity(trx, ctx.user.id, row.id, columns);
        }
      }
      return {
        factorSet,
        activities: rows.length,
        changed,
        before: { totalKgCO2e: before },
        after: { totalKgCO2e: after },
      };
    });
  });
