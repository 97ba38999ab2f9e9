import type { Granularity } from '@canopy/domain';
import { GRANULARITIES } from '@canopy/domain';
import { categoryLabel } from '#lib/components/charts/category-labels.ts';

// Pooled figures come only for whole calendar months, quarters and years (no
// weeks or day ranges: see @canopy/domain's calendar-periods for why). The
// page offers and writes them exactly as the API checks them.
export { GRANULARITIES, PERIOD_FORMATS as PERIOD_FORMAT, type Granularity } from '@canopy/domain';

/** A figure of the report: a number, or null with the reason it is withheld. */
export interface ReportCell {
  kg: number | null;
  withheld: string | null;
  /** Months of a quarter or year withheld and so left out of `kg`. */
  withheldMonths: number;
}

/** reports.orgEmissions as the page receives it. */
export interface PooledReport {
  minGroupSize: number;
  granularity: Granularity;
  periods: Array<{
    period: string;
    start: string;
    end: string;
    members: number | null;
    total: ReportCell;
    categories: Array<ReportCell & { category: string }>;
  }>;
  total: {
    kg: number | null;
    withheldCells: number;
    byCategory: Array<{ category: string; kg: number | null; withheldCells: number }>;
  };
}

export interface ReportPeriod {
  granularity: Granularity;
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The period of `granularity` holding the month `monthIndex` months after year 0. */
function periodAt(granularity: Granularity, monthIndex: number): string {
  const year = String(Math.floor(monthIndex / 12)).padStart(4, '0');
  const month = monthIndex % 12;
  if (granularity === 'year') return year;
  if (granularity === 'quarter') return `${year}-Q${Math.floor(month / 3) + 1}`;
  return `${year}-${pad(month + 1)}`;
}

/** A period written for another granularity, read as the month it starts with. */
function monthIndexOf(value: string): number | undefined {
  let m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(value);
  if (m) return Number(m[1]) * 12 + Number(m[2]) - 1;
  m = /^(\d{4})-Q([1-4])$/.exec(value);
  if (m) return Number(m[1]) * 12 + (Number(m[2]) - 1) * 3;
  m = /^(\d{4})$/.exec(value);
  if (m) return Number(m[1]) * 12;
  return undefined;
}

/**
 * The period in the address bar, or the last six whole months (four
 * quarters, three years) before the running one, which is withheld until it
 * ends. A period written for another granularity is moved to this one; a day
 * (an old link) is passed on for the API to refuse beside its field.
 */
export function reportPeriod(params: URLSearchParams, today: Date): ReportPeriod {
  const asked = params.get('granularity');
  const granularity = GRANULARITIES.includes(asked as Granularity)
    ? (asked as Granularity)
    : 'month';
  const now = today.getUTCFullYear() * 12 + today.getUTCMonth();
  const span = { month: 6, quarter: 12, year: 36 }[granularity];
  const given = (name: 'from' | 'to', fallback: number) => {
    const value = params.get(name)?.trim();
    if (!value) return periodAt(granularity, fallback);
    const index = monthIndexOf(value);
    return index === undefined ? value : periodAt(granularity, index);
  };
  return { granularity, from: given('from', now - span), to: given('to', now - 1) };
}

const MONTH = new Intl.DateTimeFormat('en-GB', {
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "Nov 2026", "Q3 2026", "2026". */
export function periodLabel(period: string, granularity: Granularity): string {
  if (granularity === 'month') return MONTH.format(new Date(`${period}-01T00:00:00Z`));
  if (granularity === 'quarter') return `${period.slice(5)} ${period.slice(0, 4)}`;
  return period;
}

/** Every category any shown period has, in a stable order, for table columns. */
export function reportCategories(report: PooledReport): string[] {
  const all = new Set<string>();
  for (const p of report.periods) for (const c of p.categories) all.add(c.category);
  return [...all].sort();
}

/** How a withheld figure reads: "withheld (fewer than 3 members)". */
export const withheldText = (cell: { withheld: string | null }) =>
  `withheld (${cell.withheld ?? 'too few members'})`;

/** What a quarter or year left out: "2 months withheld", or nothing. */
export const partialText = (cell: { withheldMonths: number; kg: number | null }) =>
  cell.kg !== null && cell.withheldMonths > 0
    ? `${cell.withheldMonths} month${cell.withheldMonths === 1 ? '' : 's'} withheld`
    : '';

/** The cell for `category` in a period; a category nobody logged is a published zero. */
export function categoryCell(p: PooledReport['periods'][number], category: string): ReportCell {
  return (
    p.categories.find((c) => c.category === category) ??
    (p.total.kg === null ? p.total : { kg: 0, withheld: null, withheldMonths: 0 })
  );
}

const csvCell = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

const round = (kg: number) => Math.round(kg * 100) / 100;

/**
 * The pooled report as CSV, one row per period and one for the whole range.
 * A withheld figure is an empty cell and the `withheld` column says which
 * and why, so a spreadsheet never shows a zero that was really "too few
 * people to say".
 */
export function pooledReportCsv(report: PooledReport): string {
  const categories = reportCategories(report);
  const header = [
    'period',
    'start',
    'end',
    'members',
    'total_kg_co2e',
    ...categories.map((c) => `${c}_kg_co2e`),
    'withheld',
  ];
  const notes = (cells: Array<[string, ReportCell]>) =>
    cells
      .map(([name, c]) =>
        c.kg === null
          ? `${name}: ${withheldText(c)}`
          : partialText(c) && `${name}: ${partialText(c)}`,
      )
      .filter(Boolean)
      .join('; ');
  const rows = report.periods.map((p) => {
    const cells = categories.map((c) => [c, categoryCell(p, c)] as [string, ReportCell]);
    return [
      periodLabel(p.period, report.granularity),
      p.start,
      p.end,
      p.members,
      p.total.kg === null ? null : round(p.total.kg),
      ...cells.map(([, c]) => (c.kg === null ? null : round(c.kg))),
      notes([['total', p.total], ...cells]),
    ];
  });
  const first = report.periods[0];
  const last = report.periods.at(-1);
  const totalRow = [
    'all periods',
    first?.start ?? '',
    last?.end ?? '',
    null,
    report.total.kg === null ? null : round(report.total.kg),
    ...categories.map((c) => {
      const kg = report.total.byCategory.find((x) => x.category === c)?.kg;
      return kg === null || kg === undefined ? null : round(kg);
    }),
    report.total.withheldCells > 0
      ? `sums of published months only; ${report.total.withheldCells} month total${report.total.withheldCells === 1 ? '' : 's'} withheld`
      : '',
  ];
  return [header, ...rows, totalRow].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export { categoryLabel };

/** Shown in the chart for what a period's withheld categories add up to, under a safe total. */
export const UNSPLIT = 'not_broken_down';

/**
 * Stacked-bar rows for the chart: published categories, and the rest of a
 * published total (its withheld categories together, which rest on at least
 * the minimum group size) as one "not broken down" bar; a withheld total
 * draws nothing, and its label says so.
 */
export function pooledTrend(report: PooledReport) {
  const categories = reportCategories(report);
  const rest = (p: PooledReport['periods'][number]) => {
    if (p.total.kg === null) return 0;
    const shown = p.categories.reduce((sum, c) => sum + (c.kg ?? 0), 0);
    return Math.max(0, p.total.kg - shown);
  };
  const unsplit = report.periods.some(
    (p) => p.total.kg !== null && p.categories.some((c) => c.kg === null) && rest(p) > 1e-9,
  );
  const all = unsplit ? [...categories, UNSPLIT] : categories;
  return {
    categories: all,
    rows: report.periods.map((p) => {
      const label = periodLabel(p.period, report.granularity);
      const row: { month: string; label: string } & Record<string, number | string> = {
        month: p.start,
        label: p.total.kg === null ? `${label} (withheld)` : label,
      };
      for (const c of all) row[c] = 0;
      for (const c of p.categories) if (c.kg !== null) row[c.category] = c.kg;
      if (unsplit) row[UNSPLIT] = rest(p);
      return row;
    }),
  };
}
