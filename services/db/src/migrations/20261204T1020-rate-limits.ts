import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import application code into a migration.
//
// The API's request budget, shared by every replica: a token bucket per
// caller, refilled continuously by the database's clock. Unlogged, because a
// crash that forgets the buckets only hands every caller a full one, which
// is not worth a write-ahead log entry per request.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create unlogged table api_rate_limits (
      key text primary key,
      tokens double precision not null,
      refused boolean not null default false,
      updated_at timestamptz not null
    )
  `.execute(db);
  // The sweep drops buckets that have long been full again.
  await db.schema
    .createIndex('api_rate_limits_updated_idx')
    .on('api_rate_limits')
    .column('updated_at')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('api_rate_limits').execute();
}
