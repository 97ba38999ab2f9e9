/**
 * Training flags in words a member can act on. The API names the metric and
 * the threshold; this says what it means and what people usually do about it.
 */
export type FlagKind = 'acwr_spike' | 'detraining' | 'high_monotony' | 'high_fatigue';

export interface Flag {
  date: string;
  kind: FlagKind;
  value: number;
  threshold: number;
}

const TEXT: Record<
  FlagKind,
  { title: string; explain: (value: number, threshold: number) => string }
> = {
  acwr_spike: {
    title: 'Load spike',
    explain: (v, t) =>
      `This week's load is ${fmt(v)} times your four-week average (at or above ${fmt(t)}). ` +
      'Jumps this large are linked with more injuries; hold the load steady for a few days.',
  },
  detraining: {
    title: 'Training less than usual',
    explain: (v, t) =>
      `This week's load is ${fmt(v)} times your four-week average (below ${fmt(t)}). ` +
      'Fine for a planned rest week; otherwise fitness starts to slip.',
  },
  high_monotony: {
    title: 'Every day looks the same',
    explain: (v, t) =>
      `Training monotony is ${fmt(v)} (above ${fmt(t)}): the days vary little. ` +
      'Mixing hard days with easy or rest days helps the body adapt.',
  },
  high_fatigue: {
    title: 'High fatigue',
    explain: (v, t) =>
      `Form (TSB) is ${fmt(v, 0)}, below ${fmt(t, 0)}: recent training far outweighs your fitness. ` +
      'Plan some easier days before the next hard one.',
  },
};

const fmt = (x: number, digits = 2) => x.toLocaleString('en-GB', { maximumFractionDigits: digits });

export interface ExplainedFlag {
  kind: FlagKind;
  title: string;
  text: string;
  /** Days in the window with this flag. */
  days: number;
  lastDate: string;
}

/**
 * One entry per kind raised in the window, worded from its latest day, the
 * most recent first.
 */
export function explainFlags(flags: readonly Flag[]): ExplainedFlag[] {
  const byKind = new Map<FlagKind, { latest: Flag; days: number }>();
  for (const flag of flags) {
    const seen = byKind.get(flag.kind);
    if (!seen) byKind.set(flag.kind, { latest: flag, days: 1 });
    else {
      seen.days += 1;
      if (flag.date > seen.latest.date) seen.latest = flag;
    }
  }
  return [...byKind.values()]
    .map(({ latest, days }) => ({
      kind: latest.kind,
      title: TEXT[latest.kind].title,
      text: TEXT[latest.kind].explain(latest.value, latest.threshold),
      days,
      lastDate: latest.date,
    }))
    .sort((a, b) => b.lastDate.localeCompare(a.lastDate));
}
