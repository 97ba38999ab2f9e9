import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import application code into a migration.
//
// The dashboard's sign-in sessions and pending logins, so more than one web
// replica can serve a member and a restart signs nobody out. Rows are keyed
// by a SHA-256 of the cookie's random id: reading the table does not hand out
// working cookies.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('web_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('session', 'login')`))
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // The sweep deletes by expiry.
  await db.schema
    .createIndex('web_sessions_expires_idx')
    .on('web_sessions')
    .column('expires_at')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('web_sessions').execute();
}
