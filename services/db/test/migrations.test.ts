import { createTestDatabase } from '@canopy/devstack/testing';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, migrateDown, migrateToLatest, migrationStatus } from '../src/index.ts';
import { migrations } from '../src/migrations/index.ts';

async function tables(db: Kysely<any>) {
  const rows = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_name not like 'canopy_migrations%'
    order by table_name`.execute(db);
  return rows.rows.map((r) => r.table_name);
}

describe('migrations on a fresh database', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Kysely<any>;

  beforeAll(async () => {
    database = await createTestDatabase('migrations');
    db = createDb(database.url, { max: 2 });
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  /** What each migration creates; its down must remove exactly that. */
  const tablesAddedBy: Record<string, string[]> = {
    '20261122T0900-foundation': ['audit_log', 'memberships', 'organisations', 'user_profiles'],
    '20261122T1000-activity': [
      'carbon_activities',
      'daily_steps',
      'imports',
      'training_sessions',
      'wellness_days',
    ],
    '20261122T1010-goals-notifications': [
      'goals',
      'notification_deliveries',
      'notification_preferences',
      'notifications',
    ],
    '20261122T1020-shop': [
      'cart_items',
      'order_items',
      'orders',
      'products',
      'refunds',
      'stock_reservations',
      'stripe_events',
    ],
    '20261122T1030-invitations': ['invitations'],
    '20261122T1040-wellness-scale': [],
    '20261122T1100-carbon-daily': ['carbon_daily'],
    '20261122T1200-refund-workflow': [],
    '20261122T1210-org-reports': ['org_reports'],
    '20261122T1220-image-thumbnails': [],
    '20261122T1230-readiness-models': ['readiness_models'],
    '20261122T1240-carbon-daily-batch-insert': [],
    '20261122T1250-web-sessions': ['web_sessions'],
    '20261122T1300-carbon-monthly': ['carbon_monthly'],
    '20261204T1000-invitation-consent': [],
    '20261204T1010-pooled-month-cells': ['pooled_month_cells'],
    '20261204T1020-rate-limits': ['api_rate_limits'],
    '20261204T1030-picture-uploads': ['picture_uploads'],
    '20261204T1040-webhook-delivery-categories': [],
    '20261204T1050-webhook-proxy-category': [],
  };

  it('lists what every migration creates', () => {
    expect(Object.keys(tablesAddedBy).sort()).toEqual(Object.keys(migrations));
  });

  it('go up, down one by one, and up again', async () => {
    const allTables = Object.values(tablesAddedBy).flat().sort();
    expect(await tables(db)).toEqual([]);

    expect(await migrateToLatest(db)).toEqual(Object.keys(migrations));
    expect(await tables(db)).toEqual(allTables);
    expect(await migrateToLatest(db)).toEqual([]);

    let remaining = allTables;
    for (const name of Object.keys(migrations).reverse()) {
      if (name === '20261122T1040-wellness-scale') {
        await sql`insert into wellness_days (user_id, day, fatigue, soreness) values ('u', '2026-01-01', 9, 4)`.execute(
          db,
        );
      }
      expect(await migrateDown(db)).toEqual([name]);
      expect((await migrationStatus(db)).find((m) => m.name === name)?.executedAt).toBeNull();
      remaining = remaining.filter((t) => !tablesAddedBy[name]!.includes(t));
      expect(await tables(db), `after reverting ${name}`).toEqual(remaining);
      if (name === '20261122T1040-wellness-scale') {
        // Back on the 1-5 scale, without the columns it added.
        const wellness = await sql<Record<string, unknown>>`select * from wellness_days`.execute(
          db,
        );
        expect(wellness.rows).toEqual([expect.objectContaining({ fatigue: 5 })]);
        expect(Object.keys(wellness.rows[0]!)).not.toContain('soreness');
      }
    }
    expect(await tables(db)).toEqual([]);

    await migrateToLatest(db);
    expect(await tables(db)).toEqual(allTables);
    const status = await migrationStatus(db);
    expect(status.every((m) => m.executedAt instanceof Date)).toBe(true);
  });

  it('names sort in the order they were written', () => {
    const names = Object.keys(migrations);
    expect([...names].sort()).toEqual(names);
    for (const name of names) expect(name).toMatch(/^\d{8}T\d{4}-[a-z0-9-]+$/);
  });
});
