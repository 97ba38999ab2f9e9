export interface MonthComparison {
  thisMonthKg: number;
  lastMonthKg: number;
  /** Change in percent of last month, or null when last month had nothing to compare with. */
  changePct: number | null;
  direction: 'down' | 'up' | 'same' | 'new';
}

/** This month so far against the whole of last month, the way the headline number reads. */
export function compareMonths(thisMonthKg: number, lastMonthKg: number): MonthComparison {
  if (lastMonthKg <= 0) {
    return {
      thisMonthKg,
      lastMonthKg,
      changePct: null,
      direction: thisMonthKg > 0 ? 'new' : 'same',
    };
  }
  const changePct = Math.round(((thisMonthKg - lastMonthKg) / lastMonthKg) * 100);
  return {
    thisMonthKg,
    lastMonthKg,
    changePct,
    direction: changePct < 0 ? 'down' : changePct > 0 ? 'up' : 'same',
  };
}
