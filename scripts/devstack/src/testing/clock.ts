// Dates for tests that run against the wall clock, whatever its hour.

/**
 * A whole-hour UTC offset zone where it is now about `localHour` o'clock, so
 * a test's "today" is not about to roll over (Etc/GMT signs are inverted).
 */
export function zoneAtLocalHour(localHour: number, now = new Date()): string {
  let offset = localHour - now.getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  if (offset === 0) return 'UTC';
  return offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

/** Today's date in a zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
}
