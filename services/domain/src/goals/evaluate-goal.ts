import { addDays, toEpochDay } from '../dates/iso-date.ts';
import { DomainError } from '../errors/domain-error.ts';
import { sessionLoad } from '../training/session-load.ts';
import type { GoalDefinition, GoalEvent } from './goal-schema.ts';
import { periodOf, previousPeriod, type Cadence } from './periods.ts';
import { localDate, startOfLocalDay } from './time-zone.ts';

export type GoalStatus = 'achieved' | 'on_track' | 'in_progress' | 'failed';

export type GoalPeriod = {
  /** First and last local calendar dates of the period, inclusive. */
  start: string;
  end: string;
  /** The instants it starts and ends (exclusive), in UTC, from the goal's time zone. */
  startsAt: string;
  endsAt: string;
};

export type PeriodResult = {
  start: string;
  end: string;
  value: number;
  status: GoalStatus;
  achieved: boolean;
  closed: boolean;
};

export type GoalEvaluation = {
  kind: GoalDefinition['kind'];
  cadence: Cadence;
  period: GoalPeriod;
  /** Steps, sessions, kg CO2e or training load (AU) so far in the current period. */
  value: number;
  /** What the rule compares with: at least / at most `target`, or within [min, max]. */
  rule:
    | { direction: 'at_least' | 'at_most'; target: number }
    | { direction: 'within'; min: number; max: number };
  /** value ÷ target (÷ max for a range): 1 means exactly on the line. */
  progress: number;
  achieved: boolean;
  status: GoalStatus;
  /** Consecutive achieved periods up to the current one (the current counts once achieved). */
  streak: number;
  /** Every period since the goal started, oldest first, the current one last. */
  periods: PeriodResult[];
};

const CADENCE: Record<GoalDefinition['kind'], Cadence> = {
  steps_per_day: 'daily',
  steps_per_week: 'weekly',
  sessions_per_week: 'weekly',
  weekly_training_load: 'weekly',
  co2e_budget_per_month: 'monthly',
  co2e_reduction: 'monthly',
};

function ruleOf(goal: GoalDefinition): GoalEvaluation['rule'] {
  switch (goal.kind) {
    case 'steps_per_day':
    case 'steps_per_week':
    case 'sessions_per_week':
      return { direction: 'at_least', target: goal.target };
    case 'co2e_budget_per_month':
      return { direction: 'at_most', target: goal.budgetKg };
    case 'co2e_reduction':
      return {
        direction: 'at_most',
        target: goal.baselineKgPerMonth * (1 - goal.reductionPct / 100),
      };
    case 'weekly_training_load':
      return { direction: 'within', min: goal.minLoad, max: goal.maxLoad };
  }
}

/** What an event adds to the goal's measure, or undefined if it does not concern it. */
function contribution(goal: GoalDefinition, event: GoalEvent): number | undefined {
  switch (goal.kind) {
    case 'steps_per_day':
    case 'steps_per_week':
      return event.type === 'steps' ? event.count : undefined;
    case 'sessions_per_week':
      return event.type === 'session' ? 1 : undefined;
    case 'weekly_training_load':
      return event.type === 'session' ? sessionLoad(event) : undefined;
    case 'co2e_budget_per_month':
    case 'co2e_reduction':
      return event.type === 'emission' ? event.kgCO2e : undefined;
  }
}

function statusOf(rule: GoalEvaluation['rule'], value: number, closed: boolean): GoalStatus {
  if (rule.direction === 'at_least')
    return value >= rule.target ? 'achieved' : closed ? 'failed' : 'in_progress';
  // Emissions and load only ever add up, so going over the top fails the period at once.
  const top = rule.direction === 'within' ? rule.max : rule.target;
  if (value > top) return 'failed';
  if (rule.direction === 'within' && value < rule.min) return closed ? 'failed' : 'in_progress';
  return closed ? 'achieved' : 'on_track';
}

/**
 * Pure goal rules for a workflow: progress, achievement and streak of `goal`
 * given every relevant event, at the instant `now`. Periods are daily, ISO
 * weeks (Monday-Sunday) or calendar months in the goal's time zone.
 */
export function evaluateGoal(
  goal: GoalDefinition,
  events: readonly GoalEvent[],
  now: Date | string,
): GoalEvaluation {
  const nowDate = typeof now === 'string' ? new Date(now) : now;
  if (Number.isNaN(nowDate.getTime()))
    throw new DomainError('invalid_input', 'now must be a valid instant');
  const cadence = CADENCE[goal.kind];
  const rule = ruleOf(goal);
  const today = localDate(nowDate, goal.timeZone);
  const current = periodOf(today, cadence);
  const first = periodOf(goal.startDate, cadence);
  const startDay = toEpochDay(goal.startDate);

  // Sum contributions per period start.
  const totals = new Map<string, number>();
  for (const event of events) {
    const amount = contribution(goal, event);
    if (amount === undefined) continue;
    const date = event.at.length === 10 ? event.at : localDate(new Date(event.at), goal.timeZone);
    if (toEpochDay(date) < startDay || date > current.end) continue;
    const key = periodOf(date, cadence).start;
    totals.set(key, (totals.get(key) ?? 0) + amount);
  }

  const periods: PeriodResult[] = [];
  if (first.start <= current.start) {
    for (let p = current; ; p = previousPeriod(p, cadence)) {
      const value = totals.get(p.start) ?? 0;
      const closed = p.end < today;
      const status = statusOf(rule, value, closed);
      periods.push({ ...p, value, status, closed, achieved: status === 'achieved' });
      if (p.start <= first.start) break;
    }
    periods.reverse();
  }

  const value = totals.get(current.start) ?? 0;
  const status = first.start <= current.start ? statusOf(rule, value, false) : 'in_progress';
  let streak = 0;
  for (let i = periods.length - 1; i >= 0; i--) {
    const p = periods[i]!;
    if (p.achieved) streak++;
    // A still-open period that can still succeed neither adds to nor breaks the streak.
    else if (p.closed || p.status === 'failed') break;
  }

  const nextStart = addDays(current.end, 1);
  return {
    kind: goal.kind,
    cadence,
    period: {
      start: current.start,
      end: current.end,
      startsAt: startOfLocalDay(current.start, goal.timeZone).toISOString(),
      endsAt: startOfLocalDay(nextStart, goal.timeZone).toISOString(),
    },
    value,
    rule,
    progress: value / (rule.direction === 'within' ? rule.max : rule.target),
    achieved: status === 'achieved',
    status,
    streak,
    periods,
  };
}
