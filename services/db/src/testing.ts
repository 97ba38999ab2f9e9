import { createTestDatabase } from '@canopy/devstack/testing';
import { createDb } from './connect.ts';
import { migrateToLatest } from './migrate.ts';

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
