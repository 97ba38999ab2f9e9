// Goal tracking and notifications: names and types shared by the workflows,
// their activities and the API, which starts, signals and queries them.
import type { GoalDefinition, GoalEvaluation, GoalEvent } from '@canopy/domain';

/** Workflow id of a goal's tracker: one per goal, for the goal's whole life. */
export const goalWorkflowId = (goalId: string) => `goal-${goalId}`;
export const goalWorkflowType = 'trackGoal';

/** A member's own goal, or an organisation's (its org admins are told). */
export type GoalOwner = { userId: string } | { orgId: string };

/**
 * One piece of activity a goal may count. The key names the thing it measures
 * (`steps-<userId>-<day>`, `session-<id>`, `emission-<id>`): a re-sent or
 * corrected signal with the same key replaces the earlier one instead of
 * counting twice, so a day's step count always replaces that day's last one.
 */
export interface KeyedGoalEvent {
  key: string;
  /** Null takes back what the key counted (a deleted session or activity). */
  event: GoalEvent | null;
}

/** Event keys, the same wherever the activity is signalled from or reloaded. */
export const goalEventKeys = {
  steps: (userId: string, day: string) => `steps-${userId}-${day}`,
  session: (sessionId: string) => `session-${sessionId}`,
  emission: (activityId: string) => `emission-${activityId}`,
};

/** Stored rows as the goal rules see them (a session without RPE counts no load). */
export const goalEvents = {
  steps: (s: { user_id: string; day: string; steps: number }): KeyedGoalEvent => ({
    key: goalEventKeys.steps(s.user_id, s.day),
    event: { type: 'steps', at: s.day, count: s.steps },
  }),
  session: (s: {
    id: string;
    local_date: string;
    duration_min: number;
    rpe: number | null;
  }): KeyedGoalEvent => ({
    key: goalEventKeys.session(s.id),
    event: { type: 'session', at: s.local_date, durationMin: s.duration_min, rpe: s.rpe ?? 0 },
  }),
  emission: (e: { id: string; occurred_on: string; total_kg_co2e: number }): KeyedGoalEvent => ({
    key: goalEventKeys.emission(e.id),
    event: { type: 'emission', at: e.occurred_on, kgCO2e: e.total_kg_co2e },
  }),
};

/** What survives a continueAsNew: only what the current period and the streak need. */
export interface GoalCarryOver {
  /** First local date the new run evaluates from (the current period's start). */
  windowStart: string;
  /** Consecutive achieved periods ending just before `windowStart`. */
  streakBefore: number;
  events: KeyedGoalEvent[];
  /** Dedupe keys of notifications already sent for periods still in the window. */
  notified: string[];
}

export interface TrackGoalInput {
  goalId: string;
  title: string;
  definition: GoalDefinition;
  owner: GoalOwner;
  /** How long before a period closes an unmet goal gets its reminder; 6 hours by default. */
  reminderLeadSeconds?: number;
  /** Set by the workflow itself when it continues as new. */
  carried?: GoalCarryOver;
}

export interface GoalProgress extends GoalEvaluation {
  goalId: string;
  /** False once the goal was cancelled. */
  active: boolean;
}

export const goalSignals = { activity: 'activity', cancel: 'cancel' } as const;
export const goalQueries = { progress: 'progress' } as const;
export const defaultReminderLeadSeconds = 6 * 60 * 60;

/** Notification dedupe keys: one of each per goal and period, however often it is evaluated. */
export const goalNotificationKeys = {
  achieved: (goalId: string, periodStart: string) => `goal-${goalId}-${periodStart}-achieved`,
  reminder: (goalId: string, periodStart: string) => `goal-${goalId}-${periodStart}-reminder`,
};

// ---- Notifications ---------------------------------------------------------

export const notifyWorkflowType = 'notify';
export const notifyWorkflowId = (userId: string, dedupeKey: string) =>
  `notify-${userId}-${dedupeKey}`;

export interface NotificationInput {
  userId: string;
  kind: string;
  title: string;
  body: string;
  data?: Record<string, unknown>;
  /** Same key, same notification: a retried or repeated send stores and delivers it once. */
  dedupeKey: string;
}

export type DeliveryOutcome = 'sent' | 'failed' | 'skipped';

export interface NotificationResult {
  notificationId: string;
  /** False when an earlier send with the same dedupe key already stored it. */
  created: boolean;
  email: DeliveryOutcome;
  webhook: DeliveryOutcome;
}

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const webhookSignatureHeader = 'Canopy-Signature';
export const notifyFailureTypes = {
  /** The member's endpoint refused the delivery for good (a 4xx other than 408/429). */
  webhookRejected: 'WebhookRejected',
  workerMisconfigured: 'WorkerMisconfigured',
} as const;
