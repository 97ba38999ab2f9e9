// Shared set-up for the goal and notification tests: members inserted
// directly and readers of what the member would see (the member's webhook
// endpoint is in webhook-fixtures.ts).
import { randomBytes } from 'node:crypto';
import type { Db } from '@canopy/db';
import { createGoal, insertCarbonActivities, upsertNotificationPreferences } from '@canopy/db';
import type { GoalDefinition } from '@canopy/domain';
import type { WorkflowHandle } from '@temporalio/client';
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

/**
 * An organisation whose admins and members all count it as their primary one,
 * so what they log is read as the organisation's, as the API stores it.
 */
export async function insertOrgWith(
  db: Db,
  people: { admins: TestMember[]; members: TestMember[] },
): Promise<string> {
  const tag = randomBytes(4).toString('hex');
  const org = await db
    .insertInto('organisations')
    .values({ slug: `org-${tag}`, name: `Org ${tag}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const everyone = [
    ...people.admins.map((m) => ({ ...m, role: 'org-admin' as const })),
    ...people.members.map((m) => ({ ...m, role: 'member' as const })),
  ];
  await db
    .insertInto('memberships')
    .values(everyone.map((m) => ({ org_id: org.id, user_id: m.userId, role: m.role })))
    .execute();
  await db
    .updateTable('user_profiles')
    .set({ primary_org_id: org.id })
    .where(
      'user_id',
      'in',
      everyone.map((m) => m.userId),
    )
    .execute();
  return org.id;
}

/** One stored car journey of `kg` kg CO2e, logged by a member for their organisation; its id. */
export async function insertOrgEmission(
  db: Db,
  row: { userId: string; orgId: string; day: string; kg: number },
): Promise<string> {
  const [stored] = await insertCarbonActivities(db, [
    {
      user_id: row.userId,
      org_id: row.orgId,
      occurred_on: row.day,
      category: 'travel',
      activity: { type: 'car', distanceKm: row.kg * 5 },
      kg_co2e: row.kg,
      total_kg_co2e: row.kg,
      scope: 3,
      factor_id: 'test-car-km',
      factor_source: 'test',
      factor_edition: 'test',
      factor_unit: 'km',
      factor_kg_per_unit: 0.2,
      quantity_value: row.kg * 5,
      quantity_unit: 'km',
      note: null,
      import_id: null,
      dedupe_key: null,
    },
  ]);
  return stored!.id;
}

/**
 * How many times a goal's tracker has finished an activity of this name:
 * tests that expect nothing to be sent wait for the tracker to have looked.
 */
export async function completedActivities(handle: WorkflowHandle, name: string): Promise<number> {
  const events = (await handle.fetchHistory()).events ?? [];
  const scheduled = new Set(
    events
      .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === name)
      .map((e) => String(e.eventId)),
  );
  return events.filter((e) =>
    scheduled.has(String(e.activityTaskCompletedEventAttributes?.scheduledEventId)),
  ).length;
}

/** How many markers (such as patch markers) a goal's run recorded. */
export async function markersRecorded(handle: WorkflowHandle): Promise<number> {
  const events = (await handle.fetchHistory()).events ?? [];
  return events.filter((e) => e.markerRecordedEventAttributes).length;
}
