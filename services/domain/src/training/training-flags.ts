import type { LoadSeriesRow } from './load-series.ts';

export type TrainingFlagKind = 'acwr_spike' | 'detraining' | 'high_monotony' | 'high_fatigue';

export type TrainingFlag = {
  date: string;
  kind: TrainingFlagKind;
  metric: 'acwr' | 'acwrEwma' | 'monotony' | 'tsb';
  /** The number that triggered the flag. */
  value: number;
  threshold: number;
  message: string;
};

/**
 * Thresholds: ACWR ≥ 1.5 "danger zone" and < 0.8 under-training (Gabbett 2016,
 * "The training-injury prevention paradox", BJSM 50(5)); monotony > 2 (Foster
 * 1998); TSB < −30 (Coggan's performance-manager guidance: high fatigue).
 */
export const FLAG_THRESHOLDS = { acwrSpike: 1.5, acwrLow: 0.8, monotony: 2, tsb: -30 } as const;

const round = (x: number) => Math.round(x * 100) / 100;

export function trainingFlags(
  series: readonly LoadSeriesRow[],
  options: { acwr?: 'rolling' | 'ewma' } = {},
): TrainingFlag[] {
  const metric = options.acwr === 'ewma' ? 'acwrEwma' : 'acwr';
  const flags: TrainingFlag[] = [];
  for (const row of series) {
    const ratio = row[metric];
    if (ratio !== null && ratio >= FLAG_THRESHOLDS.acwrSpike) {
      flags.push({
        date: row.date,
        kind: 'acwr_spike',
        metric,
        value: ratio,
        threshold: FLAG_THRESHOLDS.acwrSpike,
        message: `acute:chronic workload ratio ${round(ratio)} is at or above ${FLAG_THRESHOLDS.acwrSpike}`,
      });
    } else if (ratio !== null && ratio < FLAG_THRESHOLDS.acwrLow) {
      flags.push({
        date: row.date,
        kind: 'detraining',
        metric,
        value: ratio,
        threshold: FLAG_THRESHOLDS.acwrLow,
        message: `acute:chronic workload ratio ${round(ratio)} is below ${FLAG_THRESHOLDS.acwrLow}`,
      });
    }
    if (row.monotony !== null && row.monotony > FLAG_THRESHOLDS.monotony) {
      flags.push({
        date: row.date,
        kind: 'high_monotony',
        metric: 'monotony',
        value: row.monotony,
        threshold: FLAG_THRESHOLDS.monotony,
        message: `training monotony ${round(row.monotony)} is above ${FLAG_THRESHOLDS.monotony}`,
      });
    }
    if (row.tsb < FLAG_THRESHOLDS.tsb) {
      flags.push({
        date: row.date,
        kind: 'high_fatigue',
        metric: 'tsb',
        value: row.tsb,
        threshold: FLAG_THRESHOLDS.tsb,
        message: `training stress balance ${round(row.tsb)} is below ${FLAG_THRESHOLDS.tsb}`,
      });
    }
  }
  return flags;
}
