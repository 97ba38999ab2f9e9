import type { GoalEvaluation, GoalEvent } from '@canopy/domain';
import { periodOf } from '@canopy/domain';
import {
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  log,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import {
  defaultReminderLeadSeconds,
  goalNotificationKeys,
  goalQueries,
  goalSignals,
} from '../goal-contract.ts';
import type { GoalProgress, KeyedGoalEvent, TrackGoalInput } from '../goal-contract.ts';
import { closedStreak, evaluateWindow, eventDate } from './goal-window.ts';
import { deliverNotification } from './notify.ts';

export const activitySignal = defineSignal<[KeyedGoalEvent[]]>(goalSignals.activity);
export const cancelSignal = defineSignal(goalSignals.cancel);
export const progressQuery = defineQuery<GoalProgress>(goalQueries.progress);

const lookup = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Patch id: an organisation goal announces no achievement and sends no
 * reminder for a period fewer than MIN_GROUP_SIZE members logged towards, as
 * its progress in the API withholds it. Runs that reached those steps before
 * it replay as they were recorded; a live run takes it from the next step on.
 */
export const orgGoalGroupSizePatch = 'org-goal-min-group-size';

function amount(evaluation: GoalEvaluation, value: number): string {
  const kg = evaluation.kind === 'co2e_budget_per_month' || evaluation.kind === 'co2e_reduction';
  return kg ? `${Math.round(value * 10) / 10} kg CO2e` : String(Math.round(value));
}

function target(evaluation: GoalEvaluation): string {
  const { rule } = evaluation;
  return rule.direction === 'within'
    ? `${amount(evaluation, rule.min)}–${amount(evaluation, rule.max)}`
    : `${rule.direction === 'at_most' ? 'at most ' : ''}${amount(evaluation, rule.target)}`;
}

/**
 * One goal for its whole life (workflow id `goal-<goalId>`): counts the
 * activity signalled to it, answers `progress`, announces each achieved
 * period once, reminds before a period closes unmet, and continues as new at
 * each period boundary carrying only the current period and the streak.
 */
export async function trackGoal(input: TrackGoalInput): Promise<GoalProgress> {
  const { goalId, title, definition, owner } = input;
  const leadMs = Math.max(0, input.reminderLeadSeconds ?? defaultReminderLeadSeconds) * 1000;
  const windowStart = input.carried?.windowStart ?? definition.startDate;
  const streakBefore = input.carried?.streakBefore ?? 0;
  const events = new Map<string, GoalEvent>();
  for (const { key, event } of input.carried?.events ?? []) if (event) events.set(key, event);
  // Keys signalled in this run, and while a reload is in flight: a reload
  // must not undo news it could not have seen.
  const signalled = new Set<string>();
  let signalledDuringLoad: Set<string> | undefined;
  const notified = new Set(input.carried?.notified ?? []);
  let cancelled = false;
  let changed = false;

  // Workflow time: `new Date()` is deterministic inside a workflow.
  const evaluate = () =>
    evaluateWindow(definition, windowStart, [...events.values()], streakBefore, new Date());
  setHandler(progressQuery, () => ({ ...evaluate(), goalId, active: !cancelled }));
  setHandler(activitySignal, (batch) => {
    // Same key, latest value: a re-sent day of steps replaces, never adds.
    for (const { key, event } of batch) {
      if (event) events.set(key, event);
      else events.delete(key);
      signalled.add(key);
      signalledDuringLoad?.add(key);
    }
    changed = true;
  });
  setHandler(cancelSignal, () => {
    cancelled = true;
  });

  /** Sets the window's events right from the stored rows (lost signals, imports, deletions). */
  async function reload() {
    const during = new Set<string>();
    signalledDuringLoad = during;
    const stored = await lookup.loadGoalEvents({ owner, fromDay: windowStart });
    signalledDuringLoad = undefined;
    const storedKeys = new Set(stored.map((e) => e.key));
    for (const key of [...events.keys()]) {
      if (!storedKeys.has(key) && !signalled.has(key)) events.delete(key);
    }
    for (const { key, event } of stored) if (event && !during.has(key)) events.set(key, event);
  }

  if (!(await lookup.goalIsActive({ goalId }))) {
    log.info('goal is not active in the database; tracking ends', { goalId });
    return { ...evaluate(), goalId, active: false };
  }
  await reload();

  async function tell(
    kind: string,
    dedupeKey: string,
    subject: string,
    body: string,
    data: object,
  ) {
    const recipients = await lookup.goalRecipients(owner);
    await Promise.all(
      recipients.map((userId) =>
        deliverNotification({
          userId,
          kind,
          title: subject,
          body,
          data: { goalId, ...data },
          dedupeKey,
        }),
      ),
    );
    notified.add(dedupeKey);
  }

  /**
   * The periods an organisation goal may not tell about: those the stored
   * rows say fewer than MIN_GROUP_SIZE members logged towards (the domain's
   * rule, read as the API reads it), and those the tracker counted activity in
   * that the rows attribute to nobody (a signal ahead of its row, or steps
   * that left with their member's primary organisation), whose figure rests
   * on people the rows cannot count. Undefined for a member's own goal, and
   * for a replayed run recorded before the rule: nothing is withheld.
   * `reloading` also sets the events right from the rows first, so what is
   * told is what the rows add up, as the dashboard shows it.
   */
  async function withheldPeriods(
    cadence: GoalEvaluation['cadence'],
    reloading: boolean,
  ): Promise<Set<string> | undefined> {
    if (!('orgId' in owner) || !patched(orgGoalGroupSizePatch)) return undefined;
    const [groups] = await Promise.all([
      lookup.orgGoalPeriodGroups({
        orgId: owner.orgId,
        kind: definition.kind,
        cadence,
        fromDay: windowStart,
      }),
      reloading ? reload() : undefined,
    ]);
    const withheld = new Set(groups.filter((g) => g.withheld !== null).map((g) => g.start));
    const attributed = new Set(groups.map((g) => g.start));
    for (const event of events.values()) {
      const { start } = periodOf(eventDate(event, definition.timeZone), cadence);
      if (!attributed.has(start)) withheld.add(start);
    }
    return withheld;
  }

  async function announceAchievements() {
    const unannounced = (e: GoalEvaluation) =>
      e.periods.filter(
        (p) => p.achieved && !notified.has(goalNotificationKeys.achieved(goalId, p.start)),
      );
    let evaluation = evaluate();
    if (unannounced(evaluation).length === 0) return;
    const withheld = await withheldPeriods(evaluation.cadence, true);
    if (withheld) evaluation = evaluate();
    for (const p of unannounced(evaluation)) {
      // Not marked as told: the period is announced once enough members log towards it.
      if (withheld?.has(p.start)) continue;
      const key = goalNotificationKeys.achieved(goalId, p.start);
      const when = p.start === p.end ? p.start : `${p.start} to ${p.end}`;
      await tell(
        'goal.achieved',
        key,
        `Goal achieved: ${title}`,
        `${title}: ${amount(evaluation, p.value)} (target ${target(evaluation)}) for ${when}.`,
        { periodStart: p.start, periodEnd: p.end, value: p.value },
      );
    }
  }

  while (!cancelled) {
    let evaluation = evaluate();
    const boundary = evaluation.periods.length > 1;
    // A closed period is judged on the stored rows, whatever signals were lost.
    if (boundary) await reload();
    await announceAchievements();
    evaluation = evaluate();

    // A period closed since this run began: start afresh from the current one.
    if (boundary || workflowInfo().continueAsNewSuggested) {
      const from = boundary ? evaluation.period.start : windowStart;
      const keep = [...events].filter(([, e]) => eventDate(e, definition.timeZone) >= from);
      const periodKeys = [
        goalNotificationKeys.achieved(goalId, evaluation.period.start),
        goalNotificationKeys.reminder(goalId, evaluation.period.start),
      ];
      log.info('goal continues as new', { goalId, from, events: keep.length });
      return continueAsNew<typeof trackGoal>({
        ...input,
        carried: {
          windowStart: from,
          streakBefore: boundary ? closedStreak(evaluation, streakBefore) : streakBefore,
          events: keep.map(([key, event]) => ({ key, event })),
          notified: boundary ? [...notified].filter((k) => periodKeys.includes(k)) : [...notified],
        },
      });
    }

    const now = Date.now();
    const endsAt = Date.parse(evaluation.period.endsAt);
    const remindAt = endsAt - leadMs;
    const reminderKey = goalNotificationKeys.reminder(goalId, evaluation.period.start);
    // Only a reminder timer that ran out reminds: a goal set up in its last
    // hours is not nagged at once.
    const reminderPending =
      leadMs > 0 &&
      remindAt > now &&
      evaluation.status === 'in_progress' &&
      !notified.has(reminderKey);
    const wakeAt = reminderPending ? remindAt : endsAt;
    changed = false;
    if (await condition(() => cancelled || changed, Math.max(1, wakeAt - now))) continue;
    if (!reminderPending) continue;

    // No false alarm for activity whose signal was lost: check the stored rows first.
    await reload();
    const current = evaluate();
    if (current.status !== 'in_progress' || current.period.start !== evaluation.period.start) {
      continue;
    }
    // A reminder says the period is not met yet, which a withheld period does
    // not tell either: nothing is sent, as the dashboard shows no figure.
    if ((await withheldPeriods(current.cadence, false))?.has(current.period.start)) {
      log.info('reminder withheld: too few members logged towards the period', {
        goalId,
        periodStart: current.period.start,
      });
      continue;
    }
    const hours = Math.max(1, Math.round((endsAt - Date.now()) / 3_600_000));
    await tell(
      'goal.reminder',
      reminderKey,
      `Reminder: ${title}`,
      `${title}: ${amount(current, current.value)} of ${target(current)} so far; the period ends in about ${hours} h.`,
      { periodStart: current.period.start, periodEnd: current.period.end, value: current.value },
    );
  }
  log.info('goal tracking cancelled', { goalId });
  return { ...evaluate(), goalId, active: false };
}
