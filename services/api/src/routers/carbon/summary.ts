import { summarizeCarbon } from '@canopy/db';

import { z } from 'zod';
import { protectedProcedure } from '../../trpc/index.ts';
import { checkRange, ZDay } from '../common-inputs.ts';
import { bucketStarts } from './buckets.ts';

const MAX_DAYS = { day: 366 * 2, week: 366 * 10, month: 366 * 30 } as const;

const ZBucketTotals = z.object({
  /** First day of the bucket (Monday for weeks, the 1st for months). */
  start: z.string(),
  totalKgCO2e: z.number(),
  activities: z.number(),
  byCategory: z.record(z.string(), z.number()),
  byScope: z.object({ 1: z.number(), 2: z.number(), 3: z.number() }),
});

export const summary = protectedProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/v1/carbon/summary',
      tags: ['carbon'],
      summary: 'kg CO2e per day, week or month, by category and scope',
    },
  })
  .input(
    z
      .strictObject({
        from: ZDay,
        to: ZDay,
        bucket: z.enum(['day', 'week', 'month'], {
          error: "bucket must be 'day', 'week' or 'month'",
        }),
      })
      .superRefine((input, ctx) => checkRange(MAX_DAYS[input.bucket])(input, ctx)),
  )
  .output(
    z.object({
      bucket: z.enum(['day', 'week', 'month']),
      from: z.string(),
      to: z.string(),
      totalKgCO2e: z.number(),
      buckets: z.array(ZBucketTotals),
    }),
  )
  .query(async ({ ctx, input }) => {
    const lines = await summarizeCarbon(ctx.db, ctx.user.id, input);
    // Every bucket of the range, empty ones too, so a chart's axis has no gaps.
    const buckets = new Map<string, z.infer<typeof ZBucketTotals>>();
    for (const start of bucketStarts(input.from, input.to, input.bucket)) {
      buckets.set(start, {
        start,
        totalKgCO2e: 0,
        activities: 0,
        byCategory: {},
        byScope: { 1: 0, 2: 0, 3: 0 },
      });
    }
    let total = 0;
    for (const line of lines) {
      const b = buckets.get(line.bucket);
      if (!b) throw new Error(`summary line outside its range: ${line.bucket}`);
      b.totalKgCO2e += line.kg;
      b.activities += line.activities;
      b.byCategory[line.category] = (b.byCategory[line.category] ?? 0) + line.kg;
      b.byScope[line.scope as 1 | 2 | 3] += line.kg;
      total += line.kg;
    }
    return { ...input, totalKgCO2e: total, buckets: [...buckets.values()] };
  });
