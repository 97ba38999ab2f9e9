import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import application code into a migration.
//
// A member's readiness model is refitted after their training or wellness
// data changes, so reading a prediction need not fit it again. The
// fingerprint of the data it was fitted on tells a reader whether it is
// still the model that data would give.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('readiness_models')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    // The day predicted: the fit saw only check-ins before it.
    .addColumn('fitted_for', 'date', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('model', 'jsonb', (c) => c.notNull())
    .addColumn('fitted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('readiness_models').execute();
}
