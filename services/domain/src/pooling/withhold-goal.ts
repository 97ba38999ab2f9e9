import type { GoalEvaluation, GoalStatus, PeriodResult } from '../goals/evaluate-goal.ts';
import type { GoalDefinition } from '../goals/goal-schema.ts';
import { periodOf } from '../goals/periods.ts';
import type { Cadence } from '../goals/periods.ts';
import { groupIsPublishable, WITHHELD_REASONS } from './suppress-pooled.ts';
import type { WithheldReason } from './suppress-pooled.ts';

/** Which logged rows an organisation goal's figure adds up. */
export const GOAL_EVENT_TYPE: Record<GoalDefinition['kind'], 'steps' | 'session' | 'emission'> = {
  steps_per_day: 'steps',
  steps_per_week: 'steps',
  sessions_per_week: 'session',
  weekly_training_load: 'session',
  co2e_budget_per_month: 'emission',
  co2e_reduction: 'emission',
};

type Withholdable<T> = { [K in keyof T]: T[K] | null };

export type PooledPeriodResult = Omit<PeriodResult, 'value' | 'achieved' | 'status'> &
  Withholdable<Pick<PeriodResult, 'value' | 'achieved'>> & {
    status: GoalStatus | 'withheld';
    withheld: WithheldReason | null;
  };

/** A goal evaluation as shown: an organisation's figures withheld where too few members are behind them. */
export type PooledGoalEvaluation = Omit<
  GoalEvaluation,
  'value' | 'progress' | 'achieved' | 'status' | 'streak' | 'periods'
> &
  Withholdable<Pick<GoalEvaluation, 'value' | 'progress' | 'achieved' | 'streak'>> & {
    status: GoalStatus | 'withheld';
    periods: PooledPeriodResult[];
    withheld: WithheldReason | null;
  };

/** One day's contribution of one member to an organisation goal. */
export interface GoalContribution {
  day: string;
  member: string;
}

/**
 * Who is behind each row an organisation goal adds up (only the kind of row
 * its figure counts, see GOAL_EVENT_TYPE): the API's progress and the goal
 * tracker's notifications both read the rows this way. `ownerOf` maps session
 * and emission ids to the member who logged them.
 */
export function goalContributions(
  kind: GoalDefinition['kind'],
  rows: {
    steps: readonly { user_id: string; day: string }[];
    sessions: readonly { id: string; local_date: string }[];
    emissions: readonly { id: string; occurred_on: string }[];
  },
  ownerOf: ReadonlyMap<string, string>,
): GoalContribution[] {
  const counted = GOAL_EVENT_TYPE[kind];
  if (counted === 'steps') return rows.steps.map((s) => ({ day: s.day, member: s.user_id }));
  // An id with no known owner still counts as somebody, never as nobody.
  if (counted === 'session')
    return rows.sessions.map((s) => ({ day: s.local_date, member: ownerOf.get(s.id) ?? s.id }));
  return rows.emissions.map((e) => ({ day: e.occurred_on, member: ownerOf.get(e.id) ?? e.id }));
}

/** How many members one period of an organisation goal rests on, and whether its figure is withheld. */
export interface GoalPeriodGroup {
  /** First local date of the period. */
  start: string;
  members: number;
  withheld: WithheldReason | null;
}

/**
 * Every period of `cadence` that anyone contributed to, oldest first; a period
 * missing here rests on nobody, and a figure resting on nobody is shown.
 */
export function goalPeriodGroups(
  cadence: Cadence,
  contributions: readonly GoalContribution[],
): GoalPeriodGroup[] {
  const members = new Map<string, Set<string>>();
  for (const c of contributions) {
    const start = periodOf(c.day, cadence).start;
    const set = members.get(start) ?? new Set<string>();
    set.add(c.member);
    members.set(start, set);
  }
  return [...members]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([start, set]) => ({
      start,
      members: set.size,
      withheld: groupIsPublishable(set.size) ? null : WITHHELD_REASONS.fewMembers,
    }));
}

/** A member's own goal: nothing to withhold. */
export function unpooledGoal(e: GoalEvaluation): PooledGoalEvaluation {
  return { ...e, periods: e.periods.map((p) => ({ ...p, withheld: null })), withheld: null };
}

/**
 * Applies the minimum group size to an organisation goal: each period's figure
 * (and whether it was achieved) is shown only when nobody, or at least
 * MIN_GROUP_SIZE distinct members, logged what the goal counts in it.
 * `contributions` are the local days and members of those rows. A streak
 * spans periods, so it is withheld when any period it reaches back over is.
 */
export function withholdSmallGoalGroups(
  e: GoalEvaluation,
  contributions: readonly GoalContribution[],
): PooledGoalEvaluation {
  const withheldStarts = new Set(
    goalPeriodGroups(e.cadence, contributions)
      .filter((g) => g.withheld !== null)
      .map((g) => g.start),
  );
  const publishable = (start: string) => !withheldStarts.has(start);
  const periods: PooledPeriodResult[] = e.periods.map((p) =>
    publishable(p.start)
      ? { ...p, withheld: null }
      : {
          ...p,
          value: null,
          achieved: null,
          status: 'withheld',
          withheld: WITHHELD_REASONS.fewMembers,
        },
  );
  const currentShown = publishable(e.period.start);
  const streakReach = periods.slice(-(e.streak + 1));
  const streakShown = currentShown && streakReach.every((p) => p.withheld === null);
  if (currentShown) return { ...e, periods, streak: streakShown ? e.streak : null, withheld: null };
  return {
    ...e,
    value: null,
    progress: null,
    achieved: null,
    status: 'withheld',
    streak: null,
    periods,
    withheld: WITHHELD_REASONS.fewMembers,
  };
}
