import { fromEpochDay, toEpochDay } from '../dates/iso-date.ts';
import { DomainError } from '../errors/domain-error.ts';
import { sessionLoad } from './session-load.ts';

export type LoadSeriesRow = {
  date: string;
  /** Sum of the day's session-RPE loads (AU); 0 on rest days. */
  load: number;
  /** Mean daily load of the last 7 days, today included (AU/day); null before 7 days of history. */
  acute7: number | null;
  /** Mean daily load of the last 28 days, today included (AU/day); null before 28 days of history. */
  chronic28: number | null;
  /** Rolling, coupled ACWR: acute7 / chronic28 (the 7 days lie inside the 28). */
  acwr: number | null;
  /** EWMA of daily load, N = 7 (Williams et al. 2017). */
  ewma7: number;
  /** EWMA of daily load, N = 28. */
  ewma28: number;
  /** ewma7 / ewma28; null before 28 days of history or when ewma28 is 0. */
  acwrEwma: number | null;
  /** Foster monotony: mean / SD of the last 7 daily loads; null where SD = 0. */
  monotony: number | null;
  /** Foster strain: 7-day load sum × monotony. */
  strain: number | null;
  /** Chronic training load ("fitness"), exponential with τ = 42 days. */
  ctl: number;
  /** Acute training load ("fatigue"), exponential with τ = 7 days. */
  atl: number;
  /** Training stress balance ("form"): yesterday's CTL − yesterday's ATL. */
  tsb: number;
};

export type LoadSeriesOptions = {
  from: string;
  to: string;
  /**
   * First day whose rest days are known to be real rest (0 load). Default: the
   * earlier of `from` and the first session. Days before it count as unknown,
   * so windows reaching back past it are null rather than diluted by zeros.
   */
  historyStart?: string;
};

export type LoadSession = { date: string; durationMin: number; rpe: number };

const CTL_DAYS = 42;
const ATL_DAYS = 7;
const MAX_DAYS = 366 * 100;

/**
 * One row per calendar day from `from` to `to` inclusive. Sessions before
 * `from` warm up the rolling windows and exponential averages; sessions after
 * `to` are ignored.
 */
export function loadSeries(
  sessions: readonly LoadSession[],
  options: LoadSeriesOptions,
): LoadSeriesRow[] {
  const fromDay = toEpochDay(options.from);
  const toDay = toEpochDay(options.to);
  if (toDay < fromDay) throw new DomainError('invalid_input', 'to must not be before from');
  let start = fromDay;
  if (options.historyStart !== undefined) {
    start = Math.min(fromDay, toEpochDay(options.historyStart));
  } else {
    for (const s of sessions) start = Math.min(start, toEpochDay(s.date));
  }
  const length = toDay - start + 1;
  if (length > MAX_DAYS)
    throw new DomainError('invalid_input', 'a load series may span at most 100 years');

  const daily = new Float64Array(length);
  for (const s of sessions) {
    const i = toEpochDay(s.date) - start;
    if (i >= 0 && i < length) daily[i]! += sessionLoad(s);
  }

  const lambda7 = 2 / (7 + 1);
  const lambda28 = 2 / (28 + 1);
  const ctlGain = 1 - Math.exp(-1 / CTL_DAYS);
  const atlGain = 1 - Math.exp(-1 / ATL_DAYS);
  let ewma7 = daily[0] ?? 0;
  let ewma28 = ewma7;
  let ctl = 0;
  let atl = 0;
  const rows: LoadSeriesRow[] = [];

  for (let i = 0; i < length; i++) {
    const load = daily[i]!;
    const tsb = ctl - atl;
    ctl += (load - ctl) * ctlGain;
    atl += (load - atl) * atlGain;
    ewma7 = lambda7 * load + (1 - lambda7) * ewma7;
    ewma28 = lambda28 * load + (1 - lambda28) * ewma28;
    if (i + start < fromDay) continue;

    // Windows are summed afresh each day: exact for equal loads (SD exactly 0)
    // and still only 35 additions a day.
    let sum7 = 0;
    let sum28 = 0;
    const have7 = i >= 6;
    const have28 = i >= 27;
    if (have7) for (let k = i - 6; k <= i; k++) sum7 += daily[k]!;
    if (have28) for (let k = i - 27; k <= i; k++) sum28 += daily[k]!;
    const acute7 = have7 ? sum7 / 7 : null;
    const chronic28 = have28 ? sum28 / 28 : null;

    let monotony: number | null = null;
    if (acute7 !== null) {
      let squares = 0;
      for (let k = i - 6; k <= i; k++) squares += (daily[k]! - acute7) ** 2;
      // Population SD: the 7 days are the whole week, not a sample of it.
      const sd = Math.sqrt(squares / 7);
      monotony = sd > 0 ? acute7 / sd : null;
    }

    rows.push({
      date: fromEpochDay(start + i),
      load,
      acute7,
      chronic28,
      acwr: acute7 !== null && chronic28 ? acute7 / chronic28 : null,
      ewma7,
      ewma28,
      acwrEwma: have28 && ewma28 > 0 ? ewma7 / ewma28 : null,
      monotony,
      strain: monotony === null ? null : sum7 * monotony,
      ctl,
      atl,
      tsb,
    });
  }
  return rows;
}
