import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import application code into a migration.
//
// One row per organisation and month for the monthly report the report
// workflow renders into the object store; a re-run replaces the row.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('org_reports')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    // The first day of the month reported on.
    .addColumn('month', 'date', (c) => c.notNull().check(sql`extract(day from month) = 1`))
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('csv_key', 'text', (c) => c.notNull())
    .addColumn('html_key', 'text', (c) => c.notNull())
    .addColumn('members', 'integer', (c) => c.notNull())
    // Null when too few members contributed to say anything.
    .addColumn('total_kg', 'double precision')
    .addColumn('withheld', 'boolean', (c) => c.notNull())
    .addColumn('min_group_size', 'integer', (c) => c.notNull())
    .addColumn('generated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('org_reports_org_month', ['org_id', 'month'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('org_reports').execute();
}
