import { addDays, fromEpochDay, isoWeekday, toEpochDay } from '@canopy/domain';

export type Bucket = 'day' | 'week' | 'month';

/**
 * First day of every bucket from the one holding `from` up to `to` (weeks
 * start on Monday, as PostgreSQL's date_trunc has them). Calendar arithmetic
 * on day numbers: with Date objects, listing two years of days cost more than
 * the database's part of the summary.
 */
export function bucketStarts(from: string, to: string, bucket: Bucket): string[] {
  const starts: string[] = [];
  if (bucket === 'month') {
    let [y, m] = from.split('-').map(Number) as [number, number];
    const last = to.slice(0, 7);
    for (;;) {
      const month = `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}`;
      if (month > last) return starts;
      starts.push(`${month}-01`);
      if (m === 12) [y, m] = [y + 1, 1];
      else m++;
    }
  }
  const first = bucket === 'week' ? addDays(from, 1 - isoWeekday(from)) : from;
  const step = bucket === 'week' ? 7 : 1;
  const end = toEpochDay(to);
  for (let day = toEpochDay(first); day <= end; day += step) starts.push(fromEpochDay(day));
  return starts;
}
