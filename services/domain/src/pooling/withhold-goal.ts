import type { GoalEvaluation, GoalStatus, PeriodResult } from '../goals/evaluate-goal.ts';
import type { GoalDefinition } from '../goals/goal-schema.ts';
import { periodOf } from '../goals/periods.ts';
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
  contributions: readonly { day: string; member: string }[],
): PooledGoalEvaluation {
  const members = new Map<string, Set<string>>();
  for (const c of contributions) {
    const start = periodOf(c.day, e.cadence).start;
    const set = members.get(start) ?? new Set<string>();
    set.add(c.member);
    members.set(start, set);
  }
  const publishable = (start: string) => groupIsPublishable(members.get(start)?.size ?? 0);
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
