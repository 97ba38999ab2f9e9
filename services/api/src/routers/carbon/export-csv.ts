import { listCarbonActivitiesInRange } from '@canopy/db';

import { z } from 'zod';
import { protectedProcedure } from '../../trpc/index.ts';
import { csvRecord } from './csv.ts';
import { checkRange, ZDay } from '../common-inputs.ts';

export const CSV_HEADER = [
  'date',
  'category',
  'kg_co2e',
  'scope',
  'total_kg_co2e',
  'quantity',
  'quantity_unit',
  'factor_id',
  'factor_source',
  'factor_edition',
  'factor_unit',
  'factor_kg_co2e_per_unit',
  'note',
] as const;

export const exportCsv = protectedProcedure
  .input(z.strictObject({ from: ZDay, to: ZDay }).superRefine(checkRange(100 * 366)))
  .output(z.object({ fileName: z.string(), rows: z.number(), csv: z.string() }))
  .query(async ({ ctx, input }) => {
    const rows = await listCarbonActivitiesInRange(ctx.db, ctx.user.id, input.from, input.to);
    const lines = [csvRecord(CSV_HEADER)];
    for (const r of rows) {
      lines.push(
        csvRecord([
          r.occurred_on,
          r.category,
          r.kg_co2e,
          r.scope,
          r.total_kg_co2e,
          r.quantity_value,
          r.quantity_unit,
          r.factor_id,
          r.factor_source,
          r.factor_edition,
          r.factor_unit,
          r.factor_kg_per_unit,
          r.note,
        ]),
      );
    }
    return {
      fileName: `canopy-carbon-${input.from}-${input.to}.csv`,
      rows: rows.length,
      csv: `${lines.join('\r\n')}\r\n`,
    };
  });
