import { categoryLabel } from '#lib/components/charts/category-labels.ts';

export type Bucket = 'week' | 'month' | 'quarter' | 'year';
export const BUCKETS: readonly Bucket[] = ['week', 'month', 'quarter', 'year'];

/** reports.orgEmissions as the page receives it. */
export interface PooledReport {
  minGroupSize: number;
  buckets: Array<{
    bucket: string;
    members: number;
    totalKg: number | null;
    byCategory: Array<{ category: string; kg: number }> | null;
    withheld: boolean;
  }>;
}

export interface ReportPeriod {
  from: string;
  to: string;
  bucket: Bucket;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The period in the address bar, or the last six whole and current months by month. */
export function reportPeriod(params: URLSearchParams, today: Date): ReportPeriod {
  const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 5, 1));
  const bucket = params.get('bucket');
  return {
    from: params.get('from') || iso(start),
    to: params.get('to') || iso(today),
    bucket: BUCKETS.includes(bucket as Bucket) ? (bucket as Bucket) : 'month',
  };
}

const MONTH = new Intl.DateTimeFormat('en-GB', {
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const DAY = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

/** "Nov 2026", "Q3 2026", "2026", "week of 16 Nov 2026": a bucket's start read as its period. */
export function bucketLabel(start: string, bucket: Bucket): string {
  const date = new Date(`${start}T00:00:00Z`);
  switch (bucket) {
    case 'year':
      return start.slice(0, 4);
    case 'quarter':
      return `Q${Math.floor(date.getUTCMonth() / 3) + 1} ${start.slice(0, 4)}`;
    case 'month':
      return MONTH.format(date);
    default:
      return `week of ${DAY.format(date)}`;
  }
}

/** Every category any shown bucket has, in a stable order, for table columns. */
export function reportCategories(report: PooledReport): string[] {
  const all = new Set<string>();
  for (const b of report.buckets) for (const c of b.byCategory ?? []) all.add(c.category);
  return [...all].sort();
}

const csvCell = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * The pooled report as CSV, one row per period. A withheld figure is an empty
 * cell and the `withheld` column says why, so a spreadsheet never shows a
 * zero that was really "too few people to say".
 */
export function pooledReportCsv(report: PooledReport, bucket: Bucket): string {
  const categories = reportCategories(report);
  const header = [
    'period',
    'period_start',
    'members',
    'total_kg_co2e',
    ...categories.map((c) => `${c}_kg_co2e`),
    'withheld',
  ];
  const rows = report.buckets.map((b) => {
    const kgOf = (category: string) => b.byCategory?.find((c) => c.category === category)?.kg;
    return [
      bucketLabel(b.bucket, bucket),
      b.bucket,
      b.members,
      b.totalKg === null ? null : round(b.totalKg),
      ...categories.map((c) => {
        const kg = kgOf(c);
        return b.byCategory === null ? null : round(kg ?? 0);
      }),
      b.withheld ? withheldReason(b, report.minGroupSize) : '',
    ];
  });
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const round = (kg: number) => Math.round(kg * 100) / 100;

/** Why a figure is missing, in words an org admin can pass on. */
export function withheldReason(
  b: { members: number; totalKg: number | null },
  minGroupSize: number,
): string {
  return b.totalKg === null
    ? `only ${b.members} member${b.members === 1 ? '' : 's'} logged anything; figures need at least ${minGroupSize}`
    : `a category rests on fewer than ${minGroupSize} members, so only the total is shown`;
}

export { categoryLabel };

/** Shown in the chart for a period whose breakdown is withheld but whose total is safe. */
export const UNSPLIT = 'not_broken_down';

/**
 * Stacked-bar rows for the chart: a period whose breakdown is withheld shows
 * its safe total as one "not broken down" bar; a withheld total draws nothing.
 */
export function pooledTrend(report: PooledReport, bucket: Bucket) {
  const categories = reportCategories(report);
  const unsplit = report.buckets.some((b) => b.byCategory === null && b.totalKg !== null);
  const all = unsplit ? [...categories, UNSPLIT] : categories;
  return {
    categories: all,
    rows: report.buckets.map((b) => {
      const row: { month: string; label: string } & Record<string, number | string> = {
        month: b.bucket,
        label: bucketLabel(b.bucket, bucket),
      };
      for (const c of all) row[c] = 0;
      if (b.byCategory) for (const c of b.byCategory) row[c.category] = c.kg;
      else if (b.totalKg !== null) row[UNSPLIT] = b.totalKg;
      return row;
    }),
  };
}
