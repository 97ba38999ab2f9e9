import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import application code into a migration.
//
// A summary by month over three years read about 1,100 daily rollup rows and
// grouped them per request: about 1.5 ms of database CPU, most of the
// summary's cost. A monthly rollup, kept by the same triggers in the same
// statements, answers whole months from 36 rows; the summary reads daily rows
// only for a range's partial first and last months. Each log pays one more
// upsert (about 0.05 ms of database CPU).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('carbon_monthly')
    .addColumn('user_id', 'text', (c) => c.notNull())
    // The first day of the month.
    .addColumn('month', 'date', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('scope', 'smallint', (c) => c.notNull())
    .addColumn('kg', 'double precision', (c) => c.notNull())
    .addColumn('activities', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('carbon_monthly_pkey', ['user_id', 'month', 'category', 'scope'])
    .execute();

  // Updates and deletes, one row at a time: the daily cell and the monthly one.
  await sql`
    create or replace function carbon_daily_apply(r carbon_activities, sign int) returns void
    language plpgsql as $$
    declare
      line jsonb;
      month_start date := date_trunc('month', r.occurred_on::timestamp)::date;
    begin
      insert into carbon_daily as d (user_id, day, category, scope, kg, activities)
      values (r.user_id, r.occurred_on, r.category, r.scope, sign * r.kg_co2e, sign)
      on conflict (user_id, day, category, scope)
      do update set kg = d.kg + excluded.kg, activities = d.activities + excluded.activities;
      insert into carbon_monthly as m (user_id, month, category, scope, kg, activities)
      values (r.user_id, month_start, r.category, r.scope, sign * r.kg_co2e, sign)
      on conflict (user_id, month, category, scope)
      do update set kg = m.kg + excluded.kg, activities = m.activities + excluded.activities;
      for line in select * from jsonb_array_elements(r.additional) loop
        insert into carbon_daily as d (user_id, day, category, scope, kg, activities)
        values (r.user_id, r.occurred_on, r.category, (line ->> 'scope')::smallint,
                sign * (line ->> 'kgCO2e')::float8, 0)
        on conflict (user_id, day, category, scope)
        do update set kg = d.kg + excluded.kg;
        insert into carbon_monthly as m (user_id, month, category, scope, kg, activities)
        values (r.user_id, month_start, r.category, (line ->> 'scope')::smallint,
                sign * (line ->> 'kgCO2e')::float8, 0)
        on conflict (user_id, month, category, scope)
        do update set kg = m.kg + excluded.kg;
      end loop;
    end $$;
  `.execute(db);

  // Inserts, per statement: the cells are summed once and feed both rollups.
  await sql`
    create or replace function carbon_daily_track_inserts() returns trigger
    language plpgsql as $$
    begin
      with cells as (
        select user_id, day, category, scope, sum(kg) as kg, sum(n)::int as activities
        from (
          select user_id, occurred_on as day, category, scope, kg_co2e as kg, 1 as n
          from inserted
          union all
          select r.user_id, r.occurred_on, r.category, (line ->> 'scope')::smallint,
                 (line ->> 'kgCO2e')::float8, 0
          from inserted r, jsonb_array_elements(r.additional) as line
        ) lines
        group by user_id, day, category, scope
      ), daily as (
        insert into carbon_daily as d (user_id, day, category, scope, kg, activities)
        select user_id, day, category, scope, kg, activities from cells
        -- One order for every writer, so concurrent imports never deadlock on the rollup.
        order by user_id, day, category, scope
        on conflict (user_id, day, category, scope)
        do update set kg = d.kg + excluded.kg, activities = d.activities + excluded.activities
      )
      insert into carbon_monthly as m (user_id, month, category, scope, kg, activities)
      select user_id, date_trunc('month', day::timestamp)::date, category, scope,
             sum(kg), sum(activities)::int
      from cells
      group by 1, 2, 3, 4
      order by 1, 2, 3, 4
      on conflict (user_id, month, category, scope)
      do update set kg = m.kg + excluded.kg, activities = m.activities + excluded.activities;
      return null;
    end $$;
  `.execute(db);

  // What is already stored.
  await sql`
    insert into carbon_monthly (user_id, month, category, scope, kg, activities)
    select user_id, date_trunc('month', day::timestamp)::date, category, scope,
           sum(kg), sum(activities)::int
    from carbon_daily
    group by 1, 2, 3, 4
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // The functions as 20261122T1100 and 20261122T1240 left them.
  await sql`
    create or replace function carbon_daily_apply(r carbon_activities, sign int) returns void
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
    create or replace function carbon_daily_track_inserts() returns trigger
    language plpgsql as $$
    begin
      insert into carbon_daily as d (user_id, day, category, scope, kg, activities)
      select user_id, day, category, scope, sum(kg), sum(n)::int
      from (
        select user_id, occurred_on as day, category, scope, kg_co2e as kg, 1 as n
        from inserted
        union all
        select r.user_id, r.occurred_on, r.category, (line ->> 'scope')::smallint,
               (line ->> 'kgCO2e')::float8, 0
        from inserted r, jsonb_array_elements(r.additional) as line
      ) cells
      group by user_id, day, category, scope
      order by user_id, day, category, scope
      on conflict (user_id, day, category, scope)
      do update set kg = d.kg + excluded.kg, activities = d.activities + excluded.activities;
      return null;
    end $$;
  `.execute(db);
  await db.schema.dropTable('carbon_monthly').execute();
}
