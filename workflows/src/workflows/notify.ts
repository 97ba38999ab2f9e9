import { ActivityFailure, log, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { DeliveryOutcome, NotificationInput, NotificationResult } from '../goal-contract.ts';

/** Attempts per channel: with 1 s doubling backoff, a dead endpoint is given up after ~30 s of waits. */
export const deliveryMaxAttempts = 5;

const store = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const deliver = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: deliveryMaxAttempts,
  },
});

async function channel(
  notificationId: string,
  name: 'email' | 'webhook',
  send: () => Promise<DeliveryOutcome>,
): Promise<DeliveryOutcome> {
  try {
    return await send();
  } catch (error) {
    const reason =
      error instanceof ActivityFailure && error.cause ? error.cause.message : String(error);
    log.warn('notification not delivered', { notificationId, channel: name, reason });
    // The attempts recorded their errors; this makes sure the row ends failed
    // even when the last attempt died without recording (a timeout).
    await store.markDeliveryFailed({ notificationId, channel: name, reason });
    return 'failed';
  }
}

/**
 * Stores one notification and delivers it on the channels the member chose.
 * A repeated call with the same dedupe key delivers nothing again.
 * A delivery failure is recorded for the member, never thrown at the caller.
 */
export async function deliverNotification(input: NotificationInput): Promise<NotificationResult> {
  const stored = await store.storeNotification(input);
  const result: NotificationResult = {
    notificationId: stored.notificationId,
    created: stored.created,
    email: 'skipped',
    webhook: 'skipped',
  };
  if (!stored.created) return result;
  const args = { notificationId: stored.notificationId, maxAttempts: deliveryMaxAttempts };
  [result.email, result.webhook] = await Promise.all([
    stored.email
      ? channel(stored.notificationId, 'email', () => deliver.deliverEmail(args))
      : ('skipped' as const),
    stored.webhook
      ? channel(stored.notificationId, 'webhook', () => deliver.deliverWebhook(args))
      : ('skipped' as const),
  ]);
  return result;
}

/** A notification on its own (workflow id `notify-<userId>-<dedupeKey>`), for callers outside workflows. */
export async function notify(input: NotificationInput): Promise<NotificationResult> {
  return deliverNotification(input);
}
