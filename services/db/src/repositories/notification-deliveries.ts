import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DeliveryChannel, DeliveryStatus } from '../schema/goals.ts';
import type { Database } from '../schema/index.ts';

/**
 * Counts one delivery attempt of a notification on a channel and records its
 * outcome; one row per notification and channel, however often it is retried,
 * so the member sees the attempts and the last error next to the notification.
 */
export function recordDeliveryAttempt(
  db: Kysely<Database>,
  a: {
    notificationId: string;
    channel: DeliveryChannel;
    status: DeliveryStatus;
    error?: string | null;
  },
) {
  return db
    .insertInto('notification_deliveries')
    .values({
      notification_id: a.notificationId,
      channel: a.channel,
      status: a.status,
      attempts: 1,
      last_error: a.error ?? null,
    })
    .onConflict((oc) =>
      oc.columns(['notification_id', 'channel']).doUpdateSet({
        // A delivery that went out stays sent, whatever a late duplicate attempt reports.
        status: sql<DeliveryStatus>`case when notification_deliveries.status = 'sent' then 'sent' else excluded.status end`,
        attempts: sql<number>`notification_deliveries.attempts + 1`,
        last_error: sql<
          string | null
        >`case when excluded.status = 'sent' then notification_deliveries.last_error else excluded.last_error end`,
        updated_at: sql<Date>`now()`,
      }),
    )
    .returning(['notification_id', 'channel', 'status', 'attempts', 'last_error'])
    .executeTakeFirstOrThrow();
}

/** The deliveries of one notification, by channel. */
export function listDeliveries(db: Kysely<Database>, notificationId: string) {
  return db
    .selectFrom('notification_deliveries')
    .select(['channel', 'status', 'attempts', 'last_error', 'updated_at'])
    .where('notification_id', '=', notificationId)
    .orderBy('channel')
    .execute();
}

/** Who hears about an organisation's goals: its org admins. */
export async function listOrgAdminIds(db: Kysely<Database>, orgId: string) {
  const rows = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('org_id', '=', orgId)
    .where('role', '=', 'org-admin')
    .orderBy('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}

/**
 * Marks a delivery failed for good (its retries are spent) unless it was sent;
 * the reason is kept when the attempts did not record one.
 */
export async function markDeliveryFailed(
  db: Kysely<Database>,
  notificationId: string,
  channel: DeliveryChannel,
  reason: string,
) {
  await db
    .insertInto('notification_deliveries')
    .values({ notification_id: notificationId, channel, status: 'failed', last_error: reason })
    .onConflict((oc) =>
      oc
        .columns(['notification_id', 'channel'])
        .doUpdateSet({
          status: 'failed',
          last_error: sql<string>`coalesce(notification_deliveries.last_error, excluded.last_error)`,
          updated_at: sql<Date>`now()`,
        })
        .where('notification_deliveries.status', '!=', 'sent'),
    )
    .execute();
}

/** What a channel needs to deliver a stored notification. */
export function findNotificationForDelivery(db: Kysely<Database>, notificationId: string) {
  return db
    .selectFrom('notifications')
    .select(['id', 'user_id', 'kind', 'title', 'body', 'data', 'created_at'])
    .where('id', '=', notificationId)
    .executeTakeFirst();
}
