// A webhook refused by the operator's egress proxy is stored as its own
// category; going back down, such rows fall back to the generic one and the
// narrower check holds again.
import { createTestDatabase } from '@canopy/devstack/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDb,
  migrateDown,
  migrateToLatest,
  migrationStatus,
  recordDeliveryAttempt,
} from '../src/index.ts';

const migration = '20261204T1050-webhook-proxy-category';

describe('webhook proxy category', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: ReturnType<typeof createDb>;

  beforeAll(async () => {
    database = await createTestDatabase('webhook-proxy-category');
    db = createDb(database.url, { max: 2 });
    await migrateToLatest(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  async function notification() {
    const row = await sql<{ id: string }>`
      insert into notifications (user_id, kind, title, body)
      values ('member-1', 'goal.achieved', 't', 'b') returning id`.execute(db);
    return row.rows[0]!.id;
  }

  const lastError = async (id: string) =>
    (
      await sql<{ last_error: string | null }>`
        select last_error from notification_deliveries
        where notification_id = ${id} and channel = 'webhook'`.execute(db)
    ).rows[0]!.last_error;

  it('stores a proxy refusal, and down turns it into the generic category', async () => {
    const refused = await notification();
    await recordDeliveryAttempt(db, {
      notificationId: refused,
      channel: 'webhook',
      status: 'failed',
      error: 'proxy refused',
    });
    expect(await lastError(refused)).toBe('proxy refused');
    await expect(
      recordDeliveryAttempt(db, {
        notificationId: await notification(),
        channel: 'webhook',
        status: 'failed',
        error: 'proxy answered 403: squid ACL denied 10.0.0.7',
      }),
    ).rejects.toThrow(/notification_deliveries_webhook_error_category/);

    // Back to just before this migration, whatever came after it.
    while ((await migrationStatus(db)).find((m) => m.name === migration)?.executedAt) {
      await migrateDown(db);
    }
    expect(await lastError(refused)).toBe('delivery failed');
    await expect(
      recordDeliveryAttempt(db, {
        notificationId: await notification(),
        channel: 'webhook',
        status: 'failed',
        error: 'proxy refused',
      }),
    ).rejects.toThrow(/notification_deliveries_webhook_error_category/);

    await migrateToLatest(db);
    await expect(
      recordDeliveryAttempt(db, {
        notificationId: await notification(),
        channel: 'webhook',
        status: 'failed',
        error: 'proxy refused',
      }),
    ).resolves.toMatchObject({ last_error: 'proxy refused' });
  });
});
