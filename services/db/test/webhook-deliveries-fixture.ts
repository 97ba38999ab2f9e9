import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../src/index.ts';
import { migrateDown, migrationStatus } from '../src/index.ts';

/** Reverts migrations until `name` is no longer applied, whatever came after it. */
export async function migrateBackBefore(db: Kysely<Database>, name: string): Promise<void> {
  while ((await migrationStatus(db)).find((m) => m.name === name)?.executedAt) {
    await migrateDown(db);
  }
}

/** A stored notification for a delivery row to point at; its id. */
export async function insertNotification(db: Kysely<Database>): Promise<string> {
  const row = await sql<{ id: string }>`
    insert into notifications (user_id, kind, title, body)
    values ('member-1', 'goal.achieved', 't', 'b') returning id`.execute(db);
  return row.rows[0]!.id;
}

/** The last error stored for one notification's delivery on a channel. */
export async function lastDeliveryError(
  db: Kysely<Database>,
  notificationId: string,
  channel = 'webhook',
): Promise<string | null> {
  const row = await sql<{ last_error: string | null }>`
    select last_error from notification_deliveries
    where notification_id = ${notificationId} and channel = ${channel}`.execute(db);
  return row.rows[0]!.last_error;
}
