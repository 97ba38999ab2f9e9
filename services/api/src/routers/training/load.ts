import { FLAG_THRESHOLDS, trainingFlags } from '@canopy/domain';
import { z } from 'zod';
import { protectedProcedure } from '../../trpc/index.ts';
import { checkRange, ZDay } from '../common-inputs.ts';
import { memberLoadSeries } from './load-history.ts';

const MAX_SERIES_DAYS = 3 * 366;
const nullableNumber = z.number().nullable();

const ZLoadSeriesRow = z.object({
  date: z.string(),
  load: z.number(),
  acute7: nullableNumber,
  chronic28: nullableNumber,
  acwr: nullableNumber,
  ewma7: z.number(),
  ewma28: z.number(),
  acwrEwma: nullableNumber,
  monotony: nullableNumber,
  strain: nullableNumber,
  ctl: z.number(),
  atl: z.number(),
  tsb: z.number(),
});

const ZRange = z.strictObject({ from: ZDay, to: ZDay }).superRefine(checkRange(MAX_SERIES_DAYS));

export const loadSeriesProcedure = protectedProcedure
  .input(ZRange)
  .output(z.array(ZLoadSeriesRow))
  .query(({ ctx, input }) => memberLoadSeries(ctx.db, ctx.user.id, input.from, input.to));

export const flagsProcedure = protectedProcedure
  .input(
    z
      .strictObject({
        from: ZDay,
        to: ZDay,
        acwr: z
          .enum(['rolling', 'ewma'], { error: "acwr must be 'rolling' or 'ewma'" })
          .default('rolling'),
      })
      .superRefine(checkRange(MAX_SERIES_DAYS)),
  )
  .output(
    z.object({
      thresholds: z.object({
        acwrSpike: z.number(),
        acwrLow: z.number(),
        monotony: z.number(),
        tsb: z.number(),
      }),
      flags: z.array(
        z.object({
          date: z.string(),
          kind: z.enum(['acwr_spike', 'detraining', 'high_monotony', 'high_fatigue']),
          metric: z.enum(['acwr', 'acwrEwma', 'monotony', 'tsb']),
          value: z.number(),
          threshold: z.number(),
          message: z.string(),
        }),
      ),
    }),
  )
  .query(async ({ ctx, input }) => {
    const series = await memberLoadSeries(ctx.db, ctx.user.id, input.from, input.to);
    return {
      thresholds: { ...FLAG_THRESHOLDS },
      flags: trainingFlags(series, { acwr: input.acwr }),
    };
  });
