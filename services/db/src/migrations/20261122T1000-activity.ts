import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import application code into a migration.
// Carbon activities, training sessions, wellness, steps and the imports that feed them.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('imports')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('carbon_csv', 'training_file')`),
    )
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('object_key', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('awaiting_upload')
        .check(sql`status in ('awaiting_upload', 'uploaded', 'processing', 'completed', 'failed')`),
    )
    .addColumn('total_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ok_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errors', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('imports_user_idx')
    .on('imports')
    .columns(['user_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('carbon_activities')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'text', (c) => c.notNull())
    // The organisation the member belonged to when logging: pooled reports group by it.
    .addColumn('org_id', 'uuid', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('occurred_on', 'date', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('activity', 'jsonb', (c) => c.notNull())
    .addColumn('kg_co2e', 'double precision', (c) => c.notNull().check(sql`kg_co2e >= 0`))
    .addColumn('total_kg_co2e', 'double precision', (c) =>
      c.notNull().check(sql`total_kg_co2e >= 0`),
    )
    .addColumn('scope', 'smallint', (c) => c.notNull().check(sql`scope in (1, 2, 3)`))
    .addColumn('factor_id', 'text', (c) => c.notNull())
    .addColumn('factor_source', 'text', (c) => c.notNull())
    .addColumn('factor_edition', 'text', (c) => c.notNull())
    .addColumn('factor_unit', 'text', (c) => c.notNull())
    .addColumn('factor_kg_per_unit', 'double precision', (c) => c.notNull())
    .addColumn('quantity_value', 'double precision', (c) => c.notNull())
    .addColumn('quantity_unit', 'text', (c) => c.notNull())
    .addColumn('additional', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('note', 'text')
    .addColumn('source', 'text', (c) =>
      c
        .notNull()
        .defaultTo('manual')
        .check(sql`source in ('manual', 'import', 'api')`),
    )
    .addColumn('import_id', 'uuid', (c) => c.references('imports.id').onDelete('set null'))
    // Natural key of an imported row, so importing the same file twice stores it once.
    .addColumn('dedupe_key', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('carbon_activities_dedupe', ['user_id', 'dedupe_key'])
    .execute();
  await db.schema
    .createIndex('carbon_activities_user_day_idx')
    .on('carbon_activities')
    .columns(['user_id', 'occurred_on'])
    .execute();
  await db.schema
    .createIndex('carbon_activities_org_day_idx')
    .on('carbon_activities')
    .columns(['org_id', 'occurred_on'])
    .execute();

  await db.schema
    .createTable('training_sessions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('org_id', 'uuid', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    // The member's calendar day of the session, in their time zone.
    .addColumn('local_date', 'date', (c) => c.notNull())
    .addColumn('sport', 'text', (c) => c.notNull())
    .addColumn('duration_min', 'double precision', (c) =>
      c.notNull().check(sql`duration_min > 0 and duration_min <= 1440`),
    )
    .addColumn('rpe', 'real', (c) => c.check(sql`rpe between 0 and 10`))
    .addColumn('distance_km', 'double precision', (c) => c.check(sql`distance_km >= 0`))
    .addColumn('hr_avg', 'smallint', (c) => c.check(sql`hr_avg between 25 and 250`))
    .addColumn('hr_max', 'smallint', (c) => c.check(sql`hr_max between 25 and 250`))
    .addColumn('fatigue', 'smallint', (c) => c.check(sql`fatigue between 1 and 5`))
    .addColumn('readiness', 'smallint', (c) => c.check(sql`readiness between 1 and 5`))
    .addColumn('mood', 'smallint', (c) => c.check(sql`mood between 1 and 5`))
    .addColumn('load_au', 'double precision')
    .addColumn('trimp', 'double precision')
    .addColumn('notes', 'text')
    .addColumn('source', 'text', (c) =>
      c
        .notNull()
        .defaultTo('manual')
        .check(sql`source in ('manual', 'import', 'api')`),
    )
    .addColumn('import_id', 'uuid', (c) => c.references('imports.id').onDelete('set null'))
    .addColumn('dedupe_key', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('training_sessions_dedupe', ['user_id', 'dedupe_key'])
    .execute();
  await db.schema
    .createIndex('training_sessions_user_day_idx')
    .on('training_sessions')
    .columns(['user_id', 'local_date'])
    .execute();

  await db.schema
    .createTable('wellness_days')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('fatigue', 'smallint', (c) => c.check(sql`fatigue between 1 and 5`))
    .addColumn('readiness', 'smallint', (c) => c.check(sql`readiness between 1 and 5`))
    .addColumn('mood', 'smallint', (c) => c.check(sql`mood between 1 and 5`))
    .addColumn('sleep_hours', 'real', (c) => c.check(sql`sleep_hours between 0 and 24`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('wellness_days_pkey', ['user_id', 'day'])
    .execute();

  await db.schema
    .createTable('daily_steps')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('steps', 'integer', (c) => c.notNull().check(sql`steps between 0 and 200000`))
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('manual'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('daily_steps_pkey', ['user_id', 'day'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('daily_steps').execute();
  await db.schema.dropTable('wellness_days').execute();
  await db.schema.dropTable('training_sessions').execute();
  await db.schema.dropTable('carbon_activities').execute();
  await db.schema.dropTable('imports').execute();
}
