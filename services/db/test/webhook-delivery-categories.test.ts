// Webhook delivery errors once held the endpoint's own words; the migration
// replaces them by their category and keeps any other text out.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, recordDeliveryAttempt } from '../src/index.ts';
import { createMigratedTestDb } from '../src/testing.ts';
import {
  insertNotification,
  lastDeliveryError,
  migrateBackBefore,
} from './webhook-deliveries-fixture.ts';

const migration = '20261204T1040-webhook-delivery-categories';

describe('webhook delivery categories', () => {
  let t: Awaited<ReturnType<typeof createMigratedTestDb>>;
  let db: Awaited<ReturnType<typeof createMigratedTestDb>>['db'];
  const notification = () => insertNotification(db);

  beforeAll(async () => {
    t = await createMigratedTestDb();
    db = t.db;
    await migrateBackBefore(db, migration);
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('replaces stored endpoint texts by their category and refuses new ones', async () => {
    const stored: [channel: string, error: string | null, expected: string | null][] = [
      ['webhook', 'endpoint answered 503: <html>db-7.internal:5432 is down</html>', 'HTTP 503'],
      ['webhook', 'endpoint answered 410: nope', 'HTTP 410'],
      ['webhook', 'endpoint answered 302', 'redirect refused'],
      ['webhook', 'endpoint unreachable: connect ECONNREFUSED 10.0.3.7:6379', 'connection failed'],
      ['webhook', 'This operation was aborted', 'delivery failed'],
      ['webhook', 'timed out', 'timed out'],
      ['webhook', 'HTTP 500', 'HTTP 500'],
      ['webhook', null, null],
      ['email', 'no email address on the profile', 'no email address on the profile'],
    ];
    const ids: string[] = [];
    for (const [channel, error] of stored) {
      const id = await notification();
      ids.push(id);
      await sql`insert into notification_deliveries (notification_id, channel, status, last_error)
        values (${id}, ${channel}, 'failed', ${error})`.execute(db);
    }

    await migrateToLatest(db);

    for (const [i, [channel, , expected]] of stored.entries()) {
      expect(await lastDeliveryError(db, ids[i]!, channel)).toBe(expected);
    }

    const id = await notification();
    await expect(
      recordDeliveryAttempt(db, {
        notificationId: id,
        channel: 'webhook',
        status: 'failed',
        error: 'endpoint answered 500: internal admin panel',
      }),
    ).rejects.toThrow(/notification_deliveries_webhook_error_category/);
    await expect(
      recordDeliveryAttempt(db, {
        notificationId: id,
        channel: 'webhook',
        status: 'failed',
        error: 'refused: non-public address',
      }),
    ).resolves.toMatchObject({ last_error: 'refused: non-public address' });
  });
});
