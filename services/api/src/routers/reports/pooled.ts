// Assembles a pooled report from frozen months under the one rule in
// @canopy/domain; the monthly report workflow applies the same rule to its month.
import type { PooledMonth } from '@canopy/db';
import type { Granularity, PublishedPeriod } from '@canopy/domain';
import {
  combinePublished,
  GRANULARITIES,
  isPeriod,
  monthsOf,
  openPeriod,
  PERIOD_FORMATS,
  periodBounds,
  periodsBetween,
  suppressPeriod,
} from '@canopy/domain';
import { z } from 'zod';

/** Ten years of months is plenty for a report. */
const MAX_MONTHS = 120;
const MONTHS_PER: Record<Granularity, number> = { month: 1, quarter: 3, year: 12 };
const ALLOWED = 'whole calendar months (YYYY-MM), quarters (YYYY-Qn) or years (YYYY)';

const supportedYear = (label: string) => {
  const year = Number(label.slice(0, 4));
  return year >= 1900 && year < 2200;
};

export const ZPooledReportInput = z
  .object({
    granularity: z.enum(GRANULARITIES, {
      error: `granularity must be month, quarter or year: pooled figures cover ${ALLOWED}, never a range of days`,
    }),
    from: z.string({ error: `from must be a period: ${ALLOWED}` }),
    to: z.string({ error: `to must be a period: ${ALLOWED}` }),
  })
  .superRefine((r, ctx) => {
    if (!GRANULARITIES.includes(r.granularity)) return;
    const format = PERIOD_FORMATS[r.granularity];
    let valid = true;
    for (const field of ['from', 'to'] as const) {
      const value = r[field];
      if (typeof value !== 'string') continue;
      if (!isPeriod(r.granularity, value) || !supportedYear(value)) {
        valid = false;
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `${field} must be a ${r.granularity} written ${format}, from 1900 to 2199: pooled figures cover ${ALLOWED}, never a range of days`,
        });
      }
    }
    if (!valid) return;
    const count = periodsBetween(r.granularity, r.from, r.to).length;
    if (r.from > r.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
    else if (count * MONTHS_PER[r.granularity] > MAX_MONTHS)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `to may be at most ten years (${MAX_MONTHS} months) after from`,
      });
  });
export type PooledReportInput = z.infer<typeof ZPooledReportInput>;

const ZCell = z.object({
  /** Null when withheld; for a quarter or year, the sum of its published months. */
  kg: z.number().nullable(),
  /** Why the figure is missing, e.g. "fewer than 3 members"; null when shown. */
  withheld: z.string().nullable(),
  /** Months of the period withheld and so left out of `kg`. */
  withheldMonths: z.number(),
});

export const ZPooledReport = z.object({
  minGroupSize: z.number(),
  granularity: z.enum(GRANULARITIES),
  periods: z.array(
    z.object({
      /** `YYYY-MM`, `YYYY-Qn` or `YYYY` */
      period: z.string(),
      start: z.string(),
      end: z.string(),
      /** Distinct members behind a published month; null for a withheld month, a quarter or a year. */
      members: z.number().nullable(),
      total: ZCell,
      categories: z.array(ZCell.extend({ category: z.string() })),
    }),
  ),
  /** The whole range, added up from published month figures only. */
  total: z.object({
    kg: z.number().nullable(),
    withheldCells: z.number(),
    byCategory: z.array(
      z.object({ category: z.string(), kg: z.number().nullable(), withheldCells: z.number() }),
    ),
  }),
});
export type PooledReport = z.infer<typeof ZPooledReport>;

/** Every month the report needs, in order. */
export function reportMonths(input: PooledReportInput): string[] {
  return periodsBetween(input.granularity, input.from, input.to).flatMap((p) =>
    monthsOf(input.granularity, p),
  );
}

/** One month as published: the minimum group size applied, or withheld while it runs. */
export function publishMonth(month: PooledMonth | undefined): PublishedPeriod {
  return month ? suppressPeriod(month.total, month.categories) : openPeriod();
}

/**
 * The report: months are published under the rule; quarters and years are
 * sums of their published months, never figures computed afresh.
 */
export function assemblePooledReport(
  input: PooledReportInput,
  months: Map<string, PooledMonth>,
  minGroupSize: number,
): PooledReport {
  const published = new Map(reportMonths(input).map((m) => [m, publishMonth(months.get(m))]));
  const periods = periodsBetween(input.granularity, input.from, input.to).map((period) => {
    const parts = monthsOf(input.granularity, period).map((m) => published.get(m)!);
    const combined = combinePublished(parts);
    const reasonOf = (cells: { withheld: string | null }[]) =>
      cells.find((c) => c.withheld)?.withheld ?? null;
    const single = parts.length === 1 ? parts[0]! : undefined;
    return {
      period,
      ...periodBounds(input.granularity, period),
      members: single ? single.members : null,
      total: {
        kg: combined.total.kg,
        withheld: combined.total.kg === null ? reasonOf(parts.map((p) => p.total)) : null,
        withheldMonths: combined.total.withheldParts,
      },
      categories: combined.categories.map((c) => ({
        category: c.category,
        kg: c.kg,
        withheld:
          c.kg === null
            ? reasonOf(
                parts.map((p) => p.categories.find((x) => x.category === c.category) ?? p.total),
              )
            : null,
        withheldMonths: c.withheldParts,
      })),
    };
  });
  const all = combinePublished([...published.values()]);
  return {
    minGroupSize,
    granularity: input.granularity,
    periods,
    total: {
      kg: all.total.kg,
      withheldCells: all.total.withheldParts,
      byCategory: all.categories.map((c) => ({
        category: c.category,
        kg: c.kg,
        withheldCells: c.withheldParts,
      })),
    },
  };
}
