import { createTestDatabase } from '@canopy/devstack/testing';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDb,
  migrateDown,
  migrateReset,
  migrateToLatest,
  migrationStatus,
} from '../src/index.ts';
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

  const allTables = [
    'audit_log',
    'carbon_activities',
    'cart_items',
    'daily_steps',
    'goals',
    'imports',
    'invitations',
    'memberships',
    'notification_deliveries',
    'notification_preferences',
    'notifications',
    'order_items',
    'orders',
    'organisations',
    'products',
    'refunds',
    'stock_reservations',
    'stripe_events',
    'training_sessions',
    'user_profiles',
    'wellness_days',
  ];

  it('go up, down and up again', async () => {
    expect(await tables(db)).toEqual([]);

    expect(await migrateToLatest(db)).toEqual(Object.keys(migrations));
    expect(await tables(db)).toEqual(allTables);
    expect(await migrateToLatest(db)).toEqual([]);

    // The newest migration puts wellness on the 1-10 scale: down halves the
    // scores back onto 1-5 and drops the columns it added, keeping every table.
    const [newest, previous] = Object.keys(migrations).reverse();
    await sql`insert into wellness_days (user_id, day, fatigue, soreness) values ('u', '2026-01-01', 9, 4)`.execute(
      db,
    );
    expect(await migrateDown(db)).toEqual([newest]);
    expect((await migrationStatus(db)).find((m) => m.name === newest)?.executedAt).toBeNull();
    expect(await tables(db)).toEqual(allTables);
    const wellness = await sql<Record<string, unknown>>`select * from wellness_days`.execute(db);
    expect(wellness.rows).toEqual([expect.objectContaining({ fatigue: 5 })]);
    expect(Object.keys(wellness.rows[0]!)).not.toContain('soreness');

    // The one before adds invitations: down removes exactly that table.
    expect(await migrateDown(db)).toEqual([previous]);
    expect(await tables(db)).toEqual(allTables.filter((t) => t !== 'invitations'));

    await migrateReset(db);
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
