import { addDays, isoWeekday } from '../dates/iso-date.ts';

export type Cadence = 'daily' | 'weekly' | 'monthly';

/** Inclusive local calendar dates of the period that contains `date`. */
export function periodOf(date: string, cadence: Cadence): { start: string; end: string } {
  if (cadence === 'daily') return { start: date, end: date };
  if (cadence === 'weekly') {
    // ISO 8601 weeks run Monday to Sunday.
    const start = addDays(date, 1 - isoWeekday(date));
    return { start, end: addDays(start, 6) };
  }
  const start = `${date.slice(0, 7)}-01`;
  const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
  const next =
    m === 12
      ? `${y + 1}-01-01`
      : `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}-01`;
  return { start, end: addDays(next, -1) };
}

export function previousPeriod(
  period: { start: string },
  cadence: Cadence,
): { start: string; end: string } {
  return periodOf(addDays(period.start, -1), cadence);
}
