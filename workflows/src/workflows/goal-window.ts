// A goal workflow keeps only a window of events (the periods since its last
// continueAsNew) plus the streak that ended before it; these helpers turn
// the domain's evaluation of that window into the goal's whole-life answer.
import type { GoalDefinition, GoalEvaluation, GoalEvent } from '@canopy/domain';
import { evaluateGoal, localDate } from '@canopy/domain';

/** The domain's evaluation of the window, its streak extended by the one carried in. */
export function evaluateWindow(
  definition: GoalDefinition,
  windowStart: string,
  events: readonly GoalEvent[],
  streakBefore: number,
  now: Date,
): GoalEvaluation {
  const evaluation = evaluateGoal({ ...definition, startDate: windowStart }, events, now);
  // The carried streak continues only if nothing in the window broke it; a
  // still-open period that can succeed neither adds nor breaks (domain rule).
  const unbroken = evaluation.periods.every(
    (p) => p.achieved || (!p.closed && p.status !== 'failed'),
  );
  return { ...evaluation, streak: evaluation.streak + (unbroken ? streakBefore : 0) };
}

/** Consecutive achieved closed periods at the end of the window, plus the carried ones before. */
export function closedStreak(evaluation: GoalEvaluation, streakBefore: number): number {
  const closed = evaluation.periods.filter((p) => p.closed);
  let streak = 0;
  for (let i = closed.length - 1; i >= 0; i--) {
    if (!closed[i]!.achieved) return streak;
    streak++;
  }
  return streak + streakBefore;
}

/** The local calendar date an event counts on. */
export function eventDate(event: GoalEvent, timeZone: string): string {
  return event.at.length === 10 ? event.at : localDate(new Date(event.at), timeZone);
}
