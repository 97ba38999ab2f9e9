// Shared set-up for the goal and notification tests: members inserted
// directly, a member's webhook endpoint as a real HTTP server on 127.0.0.1,
// and readers of what the member would see.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/**
 * A member's webhook endpoint: answers each POST with the status `respond`
 * gives for the n-th request (0-based) and keeps what it received.
 */
export async function startEndpoint(respond: (n: number) => number = () => 204) {
  const received: ReceivedHook[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = respond(received.length);
      received.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/canopy`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
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
