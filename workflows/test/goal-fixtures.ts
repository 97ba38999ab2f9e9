// Shared set-up for the goal and notification tests: members inserted
// directly and readers of what the member would see (the member's webhook
// endpoint is in webhook-fixtures.ts).
import { randomBytes } from 'node:crypto';
import type { Db } from '@canopy/db';
import { createGoal, upsertNotificationPreferences } from '@canopy/db';
import type { GoalDefinition } from '@canopy/domain';
import type { GoalOwner } from '../src/shared.ts';

export interface TestMember {
  userId: string;
  email: string;
}

export async function insertMember(
  db: Db,
  prefs: { inApp?: boolean; email?: boolean; webhookUrl?: string; webhookSecret?: string } = {},
): Promise<TestMember> {
  const tag = randomBytes(4).toString('hex');
  const userId = `member-${tag}`;
  const email = `member-${tag}@example.test`;
  await db
    .insertInto('user_profiles')
    .values({ user_id: userId, display_name: `Member ${tag}`, email, time_zone: 'UTC' })
    .execute();
  if (Object.keys(prefs).length > 0) await upsertNotificationPreferences(db, userId, prefs);
  return { userId, email };
}

export function notificationsOf(db: Db, userId: string) {
  return db
    .selectFrom('notifications')
    .select(['id', 'kind', 'title', 'body', 'data', 'dedupe_key', 'read_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}

export function deliveriesOf(db: Db, notificationId: string) {
  return db
    .selectFrom('notification_deliveries')
    .select(['channel', 'status', 'attempts', 'last_error'])
    .where('notification_id', '=', notificationId)
    .orderBy('channel')
    .execute();
}

export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    value = await read();
  }
  return value;
}

/** The goal row the API would store; a tracker without one ends itself. */
export async function insertGoal(
  db: Db,
  owner: GoalOwner,
  definition: GoalDefinition,
  title: string,
): Promise<string> {
  const row = await createGoal(db, {
    userId: 'userId' in owner ? owner.userId : null,
    orgId: 'orgId' in owner ? owner.orgId : null,
    createdBy: 'userId' in owner ? owner.userId : 'test',
    title,
    kind: definition.kind,
    definition,
    timeZone: definition.timeZone,
  });
  return row.id;
}
