// A webhook refused by the operator's egress proxy is stored as its own
// category; going back down, such rows fall back to the generic one and the
// narrower check holds again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, recordDeliveryAttempt } from '../src/index.ts';
import { createMigratedTestDb } from '../src/testing.ts';
import {
  insertNotification,
  lastDeliveryError,
  migrateBackBefore,
} from './webhook-deliveries-fixture.ts';

const migration = '20261204T1050-webhook-proxy-category';

describe('webhook proxy category', () => {
  let t: Awaited<ReturnType<typeof createMigratedTestDb>>;
  let db: Awaited<ReturnType<typeof createMigratedTestDb>>['db'];
  const notification = () => insertNotification(db);
  const lastError = (id: string) => lastDeliveryError(db, id);

  beforeAll(async () => {
    t = await createMigratedTestDb();
    db = t.db;
  });
  afterAll(async () => {
    await t?.destroy();
  });

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

    await migrateBackBefore(db, migration);
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
