/** The acute:chronic workload ratio band commonly read as the "sweet spot" (Gabbett 2016). */
export const ACWR_BAND = { low: 0.8, high: 1.3 } as const;

export type AcwrZone = 'low' | 'in-band' | 'high';

export function acwrZone(acwr: number | null): AcwrZone | null {
  if (acwr === null || !Number.isFinite(acwr)) return null;
  if (acwr < ACWR_BAND.low) return 'low';
  if (acwr > ACWR_BAND.high) return 'high';
  return 'in-band';
}

export const ACWR_ZONE_TEXT: Record<AcwrZone, string> = {
  low: 'below 0.8: training less than your body is used to',
  'in-band': 'between 0.8 and 1.3: load is building steadily',
  high: 'above 1.3: a spike compared with the last four weeks, injury risk rises',
};
