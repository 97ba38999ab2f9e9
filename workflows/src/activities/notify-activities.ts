import {
  createNotification,
  findNotificationForDelivery,
  findNotificationPreferences,
  findUserProfile,
  markDeliveryFailed,
  markNotificationsRead,
  recordDeliveryAttempt,
} from '@canopy/db';
import type { Db } from '@canopy/db';
import { webhookFailureCategory, webhookFailures } from '@canopy/domain';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Transporter } from 'nodemailer';
import type { DeliveryOutcome, NotificationInput } from '../goal-contract.ts';
import { notifyFailureTypes, webhookSignatureHeader } from '../goal-contract.ts';
import type { WebhookClientOptions } from './webhook-client.ts';
import { postWebhook } from './webhook-client.ts';
import { signWebhook } from './webhook-signature.ts';

export interface NotifyDeps {
  db: Db;
  mailer: Transporter;
  /** The sender of notification emails. */
  mailFrom: string;
  /** How webhooks are delivered; the defaults (system resolver, public addresses only) are production's. */
  webhooks?: WebhookClientOptions;
}

type Channel = 'email' | 'webhook';

/** A dependency, or a non-retryable failure naming the one the worker lacks. */
export function need<K extends keyof NotifyDeps>(deps: Partial<NotifyDeps>, key: K): NotifyDeps[K] {
  const value = deps[key];
  if (value === undefined) {
    throw ApplicationFailure.nonRetryable(
      `the worker was started without ${key}`,
      notifyFailureTypes.workerMisconfigured,
    );
  }
  return value;
}

/**
 * Runs one delivery attempt and records it: sent, or its error, and whether
 * that error is final (not retryable, or the last attempt the workflow allows),
 * so the member sees a permanent failure rather than a silent loss.
 */
async function attempt(
  db: Db,
  notificationId: string,
  channel: Channel,
  maxAttempts: number,
  send: () => Promise<void>,
): Promise<'sent'> {
  try {
    await send();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const final =
      (error instanceof ApplicationFailure && error.nonRetryable) ||
      Context.current().info.attempt >= maxAttempts;
    await recordDeliveryAttempt(db, {
      notificationId,
      channel,
      status: final ? 'failed' : 'pending',
      // Whatever failed, a webhook row only ever holds a category (the table checks it).
      error: channel === 'webhook' ? webhookFailureCategory(message) : message,
    });
    throw error;
  }
  await recordDeliveryAttempt(db, { notificationId, channel, status: 'sent' });
  return 'sent';
}

/**
 * Why the workflow gave up on a webhook, as a category: an attempt's own
 * category, or a timeout (the attempt died before it could record one).
 */
function webhookGaveUpReason(reason: string): string {
  const category = webhookFailureCategory(reason);
  if (category === webhookFailures.unknown && /timed? ?out/i.test(reason)) {
    return webhookFailures.timedOut;
  }
  return category;
}

/** Stores notifications and delivers them by email and signed webhook. */
export function createNotifyActivities(deps: Partial<NotifyDeps>) {
  return {
    /**
     * Stores the in-app notification once per dedupe key and says which other
     * channels the member wants. The row is kept even when in-app is off, as
     * the record the email and webhook deliveries hang on, but is born read.
     */
    async storeNotification(input: NotificationInput): Promise<{
      notificationId: string;
      created: boolean;
      email: boolean;
      webhook: boolean;
    }> {
      const db = need(deps, 'db');
      const prefs = await findNotificationPreferences(db, input.userId);
      const stored = await createNotification(db, input);
      if (stored.created && prefs && !prefs.in_app) {
        await markNotificationsRead(db, input.userId, [stored.id]);
      }
      return {
        notificationId: stored.id,
        created: stored.created,
        email: prefs?.email ?? true,
        webhook: Boolean(prefs?.webhook_url && prefs.webhook_secret),
      };
    },

    async deliverEmail(input: {
      notificationId: string;
      maxAttempts: number;
    }): Promise<DeliveryOutcome> {
      const db = need(deps, 'db');
      const n = await findNotificationForDelivery(db, input.notificationId);
      if (!n) return 'skipped';
      const email = (await findUserProfile(db, n.user_id))?.email;
      return attempt(db, n.id, 'email', input.maxAttempts, async () => {
        if (!email) {
          throw ApplicationFailure.nonRetryable('no email address on the profile', 'NoAddress');
        }
        await need(deps, 'mailer').sendMail({
          from: need(deps, 'mailFrom'),
          to: email,
          subject: n.title,
          text: n.body,
          // A retried send carries the same id, so mail systems can drop the copy.
          messageId: `<notification-${n.id}@canopy>`,
        });
      });
    },

    async deliverWebhook(input: {
      notificationId: string;
      maxAttempts: number;
    }): Promise<DeliveryOutcome> {
      const db = need(deps, 'db');
      const n = await findNotificationForDelivery(db, input.notificationId);
      if (!n) return 'skipped';
      const prefs = await findNotificationPreferences(db, n.user_id);
      const url = prefs?.webhook_url;
      const secret = prefs?.webhook_secret;
      // Turned off since the notification was stored: nothing to deliver.
      if (!url || !secret) return 'skipped';
      return attempt(db, n.id, 'webhook', input.maxAttempts, async () => {
        const body = JSON.stringify({
          id: n.id,
          kind: n.kind,
          title: n.title,
          body: n.body,
          data: n.data,
          createdAt: n.created_at.toISOString(),
        });
        const outcome = await postWebhook(
          url,
          {
            headers: {
              'content-type': 'application/json',
              [webhookSignatureHeader]: signWebhook(secret, body, Math.floor(Date.now() / 1000)),
              // Receivers drop retries of a delivery they already handled by this id.
              'Canopy-Delivery': n.id,
            },
            body,
          },
          deps.webhooks,
        );
        if (outcome.ok) return;
        // The message is all that is recorded and shown: a category, never the endpoint's words.
        throw outcome.retryable
          ? ApplicationFailure.retryable(outcome.category, 'WebhookUnavailable')
          : ApplicationFailure.nonRetryable(outcome.category, notifyFailureTypes.webhookRejected);
      });
    },

    /** After the workflow gave up on a channel (e.g. the last attempt timed out). */
    async markDeliveryFailed(input: {
      notificationId: string;
      channel: Channel;
      reason: string;
    }): Promise<void> {
      const reason = input.channel === 'webhook' ? webhookGaveUpReason(input.reason) : input.reason;
      await markDeliveryFailed(need(deps, 'db'), input.notificationId, input.channel, reason);
    },
  };
}

export type NotifyActivities = ReturnType<typeof createNotifyActivities>;
