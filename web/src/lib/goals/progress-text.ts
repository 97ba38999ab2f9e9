import { GOAL_KINDS, isGoalKind } from './goal-kinds.ts';

/** The parts of the domain's goal evaluation the page words. */
export interface Evaluation {
  kind: string;
  cadence: 'daily' | 'weekly' | 'monthly';
  /** Null, like progress, achieved and streak, when an organisation goal's figure is withheld. */
  value: number | null;
  rule:
    | { direction: 'at_least' | 'at_most'; target: number }
    | { direction: 'within'; min: number; max: number };
  progress: number | null;
  achieved: boolean | null;
  status: 'achieved' | 'on_track' | 'in_progress' | 'failed' | 'withheld';
  streak: number | null;
  /** Why an organisation goal shows no figure, e.g. "fewer than 3 members". */
  withheld: string | null;
}

export const STATUS_TEXT: Record<Evaluation['status'], string> = {
  achieved: 'Achieved',
  on_track: 'On track',
  in_progress: 'In progress',
  failed: 'Missed',
  withheld: 'Withheld',
};

const PERIOD = { daily: 'today', weekly: 'this week', monthly: 'this month' } as const;
const PERIODS = { daily: 'days', weekly: 'weeks', monthly: 'months' } as const;
const ONE = { daily: 'day', weekly: 'week', monthly: 'month' } as const;

const num = (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 1 });

/** "5,200 of 8,000 steps today" and the like. */
export function progressText(e: Evaluation): string {
  const unit = isGoalKind(e.kind) ? GOAL_KINDS[e.kind].unit : '';
  const period = PERIOD[e.cadence];
  if (e.value === null)
    return `Progress ${period} withheld (${e.withheld ?? 'too few members'}): organisation figures are pooled`;
  if (e.rule.direction === 'within') {
    return `${num(e.value)} ${unit} ${period}, aiming for ${num(e.rule.min)}–${num(e.rule.max)}`;
  }
  const of = e.rule.direction === 'at_most' ? 'of at most' : 'of';
  return `${num(e.value)} ${of} ${num(e.rule.target)} ${unit} ${period}`;
}

/** "3 days in a row", or nothing to say before the first achieved period. */
export function streakText(e: Pick<Evaluation, 'streak' | 'cadence'>): string | null {
  if (e.streak === null || e.streak <= 0) return null;
  return `${e.streak} ${e.streak === 1 ? ONE[e.cadence] : PERIODS[e.cadence]} in a row`;
}

/** Progress as a whole percentage for a progress bar, 0-100. */
export const progressPct = (e: Pick<Evaluation, 'progress'>) =>
  Math.max(0, Math.min(100, Math.round((e.progress ?? 0) * 100)));
