import { createTestDatabase } from '@canopy/devstack/testing';
import type { Kysely } from 'kysely';
import { createDb } from './connect.ts';
import { migrateToLatest } from './migrate.ts';
import type { Database } from './schema/index.ts';

/** A freshly created and migrated database for one test file; destroy() drops it. */
export async function createMigratedTestDb() {
  const database = await createTestDatabase('db');
  const db = createDb(database.url, { max: 4 });
  await migrateToLatest(db);
  return {
    db,
    url: database.url,
    async destroy() {
      await db.destroy();
      await database.drop();
    },
  };
}

/**
 * Holds one member's daily rollup cell in an open transaction, the way a
 * concurrent writer would: a log for that member, day, category and scope
 * waits on it until `release()`.
 */
export async function holdRollupCell(
  db: Kysely<Database>,
  cell: { user_id: string; day: string; category: string; scope: number },
) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let held!: () => void;
  const holding = new Promise<void>((r) => (held = r));
  const holder = db.transaction().execute(async (trx) => {
    await trx
      .insertInto('carbon_daily')
      .values({ ...cell, kg: 0, activities: 0 })
      .execute();
    held();
    await released;
  });
  await Promise.race([holding, holder]);
  return {
    async release() {
      release();
      await holder;
    },
  };
}
