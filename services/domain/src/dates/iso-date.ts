import { z } from 'zod';

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date `YYYY-MM-DD` (in the member's time zone, already resolved). */
export const ZIsoDate = z.string().refine((s) => parseIsoDate(s) !== undefined, {
  error: 'must be a calendar date YYYY-MM-DD',
});

function parseIsoDate(date: string): number | undefined {
  const m = ISO_DATE.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return undefined;
  return ms / MS_PER_DAY;
}

/** Days since 1970-01-01; calendar arithmetic without time zones or DST. */
export function toEpochDay(date: string): number {
  const day = parseIsoDate(date);
  if (day === undefined) throw new RangeError(`not a calendar date: ${date}`);
  return day;
}

export function fromEpochDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromEpochDay(toEpochDay(date) + days);
}

/** ISO weekday, Monday = 1 … Sunday = 7. 1970-01-01 was a Thursday. */
export function isoWeekday(date: string): number {
  return ((((toEpochDay(date) + 3) % 7) + 7) % 7) + 1;
}
