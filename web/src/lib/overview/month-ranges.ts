/** A calendar-day range, both ends inclusive, as the API takes it. */
export interface DayRange {
  from: string;
  to: string;
}

function day(year: number, monthIndex: number, date: number): string {
  return new Date(Date.UTC(year, monthIndex, date)).toISOString().slice(0, 10);
}

/**
 * The ranges the overview asks for, from the member's "today" (a calendar day
 * in their own time zone, so the month turns at their midnight):
 * this month so far, the whole of last month, and the trend window of
 * `trendMonths` whole months ending with this one.
 */
export function overviewRanges(today: string, trendMonths = 6) {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const monthIndex = m - 1;
  return {
    thisMonth: { from: day(y, monthIndex, 1), to: today },
    lastMonth: { from: day(y, monthIndex - 1, 1), to: day(y, monthIndex, 0) },
    trend: { from: day(y, monthIndex - (trendMonths - 1), 1), to: today },
    /** Training load needs 28 days of history before the first day shown. */
    load: { from: day(y, monthIndex, Number(today.slice(8)) - 89), to: today },
    steps: { from: day(y, monthIndex, Number(today.slice(8)) - 29), to: today },
  } satisfies Record<string, DayRange>;
}
