import { orgEmissionCells } from '@canopy/db';
import { z } from 'zod';
import { orgAdminProcedure, router } from '../../trpc/index.ts';
import { checkRange, ZDay } from '../common-inputs.ts';
import { downloadMonthlyReport, listMonthlyReports } from './monthly.ts';
import { MIN_GROUP_SIZE, poolBucket } from './pooled.ts';

const ZPooledBucket = z.object({
  bucket: z.string(),
  members: z.number(),
  totalKg: z.number().nullable(),
  byCategory: z.array(z.object({ category: z.string(), kg: z.number() })).nullable(),
  withheld: z.boolean(),
});

export const reportsRouter = router({
  /** Reports the monthly report workflow rendered: listed, and downloaded by a short-lived link. */
  monthly: router({
    list: listMonthlyReports,
    download: downloadMonthlyReport,
  }),
  /** Pooled emissions of an organisation: never a figure about fewer than MIN_GROUP_SIZE people. */
  orgEmissions: orgAdminProcedure
    .input(
      z
        .object({
          from: ZDay,
          to: ZDay,
          bucket: z.enum(['week', 'month', 'quarter', 'year'], {
            error: 'bucket must be week, month, quarter or year',
          }),
        })
        // Ten years of weeks is plenty for a report.
        .superRefine(checkRange(366 * 10)),
    )
    .output(z.object({ minGroupSize: z.number(), buckets: z.array(ZPooledBucket) }))
    .query(async ({ ctx, input }) => {
      const { cells, totals } = await orgEmissionCells(ctx.db, {
        orgId: ctx.orgId,
        from: input.from,
        to: input.to,
        bucket: input.bucket,
      });
      return {
        minGroupSize: MIN_GROUP_SIZE,
        buckets: totals.map((t) =>
          poolBucket(
            t.bucket,
            t,
            cells.filter((c) => c.bucket === t.bucket),
          ),
        ),
      };
    }),
});
