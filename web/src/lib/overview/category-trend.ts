/** One bucket of carbon.summary: the API's shape, restated so the browser needs no API types. */
export interface SummaryBucket {
  start: string;
  totalKgCO2e: number;
  byCategory: Record<string, number>;
}

export interface CategoryTrend {
  /** One row per month, oldest first, a number for every category (0 when none logged). */
  rows: Array<{ month: string; label: string } & Record<string, number | string>>;
  /** Categories with any emissions in the window, largest total first (stack order). */
  categories: string[];
}

const MONTH_LABEL = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' });

/** Every month from `from` to `to`, both given as any day in the month. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endKey = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    months.push(key);
    if (key >= endKey || months.length > 1200) break;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return months;
}

/**
 * Turns monthly summary buckets into stacked-bar rows. Months without
 * activity still get a row, so a quiet month shows as a gap rather than
 * disappearing and making the trend look steadier than it was.
 */
export function categoryTrend(
  buckets: readonly SummaryBucket[],
  range: { from: string; to: string },
): CategoryTrend {
  const totals = new Map<string, number>();
  const byMonth = new Map<string, Record<string, number>>();
  for (const bucket of buckets) {
    byMonth.set(bucket.start.slice(0, 7), bucket.byCategory);
    for (const [category, kg] of Object.entries(bucket.byCategory)) {
      totals.set(category, (totals.get(category) ?? 0) + kg);
    }
  }
  const categories = [...totals.entries()]
    .filter(([, kg]) => kg > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([category]) => category);
  const rows = monthsBetween(range.from, range.to).map((month) => {
    const values = byMonth.get(month) ?? {};
    const row: { month: string; label: string } & Record<string, number | string> = {
      month,
      label: MONTH_LABEL.format(new Date(`${month}-01T00:00:00Z`)),
    };
    for (const category of categories) row[category] = round(values[category] ?? 0);
    return row;
  });
  return { rows, categories };
}

function round(kg: number) {
  return Math.round(kg * 100) / 100;
}
