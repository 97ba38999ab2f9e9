import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import application code into a migration.
//
// Dashboards ask "kg CO2e per week/month by category and scope" on every
// page view. Summing every activity (and unpacking each one's extra lines)
// per request grows with a member's history; a per-day rollup kept by a
// trigger makes the question cost at most one row per day and category.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('carbon_daily')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('scope', 'smallint', (c) => c.notNull())
    .addColumn('kg', 'double precision', (c) => c.notNull())
    // Activities whose main line is in this cell (extra lines count 0).
    .addColumn('activities', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('carbon_daily_pkey', ['user_id', 'day', 'category', 'scope'])
    .execute();

  await sql`
    create function carbon_daily_apply(r carbon_activities, sign int) returns void
    language plpgsql as $$
    declare
      line jsonb;
    begin
      insert into carbon_daily as d (user_id, day, category, scope, kg, activities)
      values (r.user_id, r.occurred_on, r.category, r.scope, sign * r.kg_co2e, sign)
      on conflict (user_id, day, category, scope)
      do update set kg = d.kg + excluded.kg, activities = d.activities + excluded.activities;
      for line in select * from jsonb_array_elements(r.additional) loop
        insert into carbon_daily as d (user_id, day, category, scope, kg, activities)
        values (r.user_id, r.occurred_on, r.category, (line ->> 'scope')::smallint,
                sign * (line ->> 'kgCO2e')::float8, 0)
        on conflict (user_id, day, category, scope)
        do update set kg = d.kg + excluded.kg;
      end loop;
    end $$;
  `.execute(db);

  await sql`
    create function carbon_daily_track() returns trigger
    language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then perform carbon_daily_apply(old, -1); end if;
      if tg_op in ('INSERT', 'UPDATE') then perform carbon_daily_apply(new, 1); end if;
      return null;
    end $$;
  `.execute(db);

  await sql`
    create trigger carbon_daily_track after insert or update or delete on carbon_activities
    for each row execute function carbon_daily_track()
  `.execute(db);

  // Existing activities.
  await sql`select carbon_daily_apply(a, 1) from carbon_activities a`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger carbon_daily_track on carbon_activities`.execute(db);
  await sql`drop function carbon_daily_track()`.execute(db);
  await sql`drop function carbon_daily_apply(carbon_activities, int)`.execute(db);
  await db.schema.dropTable('carbon_daily').execute();
}
