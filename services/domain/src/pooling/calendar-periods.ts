// Pooled organisation figures are only ever published for whole calendar
// months, and quarters and years are built from those months. ISO weeks are
// deliberately not offered: they straddle month ends, and publishing both
// weeks and months would let anyone recover the few days where a week and a
// month overlap (weeks up to 3 March minus January and February is 1–3 March).
// One nested family (month ⊂ quarter ⊂ year) has no such slivers.

export type Granularity = 'month' | 'quarter' | 'year';
export const GRANULARITIES: readonly Granularity[] = ['month', 'quarter', 'year'];

/** How each granularity's periods are written, for inputs and error messages. */
export const PERIOD_FORMATS: Record<Granularity, string> = {
  month: 'YYYY-MM',
  quarter: 'YYYY-Qn',
  year: 'YYYY',
};

const PATTERNS: Record<Granularity, RegExp> = {
  month: /^(\d{4})-(0[1-9]|1[0-2])$/,
  quarter: /^(\d{4})-Q([1-4])$/,
  year: /^(\d{4})$/,
};

const MONTHS_PER: Record<Granularity, number> = { month: 1, quarter: 3, year: 12 };

/** Months since year 0, so periods compare and step as integers. */
const monthIndex = (year: number, month: number) => year * 12 + (month - 1);
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM` of a month index. */
export const monthLabel = (index: number) =>
  `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`;

/** The index of the first month of a period, or undefined when `label` is not one. */
function firstMonth(granularity: Granularity, label: string): number | undefined {
  const m = PATTERNS[granularity].exec(label);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (granularity === 'year') return monthIndex(year, 1);
  if (granularity === 'quarter') return monthIndex(year, (Number(m[2]) - 1) * 3 + 1);
  return monthIndex(year, Number(m[2]));
}

export function isPeriod(granularity: Granularity, label: string): boolean {
  return firstMonth(granularity, label) !== undefined;
}

/** The label of the period of `granularity` that starts at month index `first`. */
function periodLabel(granularity: Granularity, first: number): string {
  const year = pad(Math.floor(first / 12), 4);
  if (granularity === 'year') return year;
  if (granularity === 'quarter') return `${year}-Q${Math.floor((first % 12) / 3) + 1}`;
  return monthLabel(first);
}

/** The `YYYY-MM` months a period is made of, in order. */
export function monthsOf(granularity: Granularity, label: string): string[] {
  const first = firstMonth(granularity, label);
  if (first === undefined) throw new RangeError(`not a ${granularity}: ${label}`);
  return Array.from({ length: MONTHS_PER[granularity] }, (_, i) => monthLabel(first + i));
}

/** Every period from `from` to `to` inclusive; empty when `to` is before `from`. */
export function periodsBetween(granularity: Granularity, from: string, to: string): string[] {
  const a = firstMonth(granularity, from);
  const b = firstMonth(granularity, to);
  if (a === undefined || b === undefined) throw new RangeError(`not a ${granularity} range`);
  const out: string[] = [];
  for (let i = a; i <= b; i += MONTHS_PER[granularity]) out.push(periodLabel(granularity, i));
  return out;
}

/** First and last calendar day of a `YYYY-MM` month. */
export function monthBounds(month: string): { start: string; end: string } {
  const first = firstMonth('month', month);
  if (first === undefined) throw new RangeError(`not a month: ${month}`);
  const year = Math.floor(first / 12);
  const m = (first % 12) + 1;
  const days =
    m === 2
      ? (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
        ? 29
        : 28
      : [4, 6, 9, 11].includes(m)
        ? 30
        : 31;
  return { start: `${month}-01`, end: `${month}-${pad(days)}` };
}

/** First and last calendar day of any period. */
export function periodBounds(granularity: Granularity, label: string) {
  const months = monthsOf(granularity, label);
  return { start: monthBounds(months[0]!).start, end: monthBounds(months.at(-1)!).end };
}
