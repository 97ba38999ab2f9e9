import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import application code into a migration.
//
// An organisation's pooled emissions per calendar month, fixed the first time
// a closed month is published. Every later report of that month (the live
// report, quarters and years built from it, the monthly report file) reads
// these rows, so an activity logged, edited or deleted afterwards cannot be
// recovered by comparing the month before and after. `category` is '' for
// the month's total, which is present (zero members when nobody logged) for
// every frozen month.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pooled_month_cells')
    .addColumn('org_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('month', 'date', (c) => c.notNull().check(sql`extract(day from month) = 1`))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('kg', 'double precision', (c) => c.notNull())
    .addColumn('members', 'integer', (c) => c.notNull().check(sql`members >= 0`))
    .addColumn('frozen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('pooled_month_cells_pkey', ['org_id', 'month', 'category'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('pooled_month_cells').execute();
}
