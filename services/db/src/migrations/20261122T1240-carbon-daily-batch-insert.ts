import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import application code into a migration.
//
// A file import inserts thousands of activities per statement; a row trigger
// upserted the daily rollup once per row (and per extra line). A statement
// trigger over the inserted rows sums them per member, day, category and
// scope first and upserts each cell once. Updates and deletes keep the row
// trigger: they come one at a time.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop trigger carbon_daily_track on carbon_activities`.execute(db);
  await sql`
    create trigger carbon_daily_track after update or delete on carbon_activities
    for each row execute function carbon_daily_track()
  `.execute(db);
  await sql`
    create function carbon_daily_track_inserts() returns trigger
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
      -- One order for every writer, so concurrent imports never deadlock on the rollup.
      order by user_id, day, category, scope
      on conflict (user_id, day, category, scope)
      do update set kg = d.kg + excluded.kg, activities = d.activities + excluded.activities;
      return null;
    end $$;
  `.execute(db);
  await sql`
    create trigger carbon_daily_track_inserts after insert on carbon_activities
    referencing new table as inserted
    for each statement execute function carbon_daily_track_inserts()
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger carbon_daily_track_inserts on carbon_activities`.execute(db);
  await sql`drop function carbon_daily_track_inserts()`.execute(db);
  await sql`drop trigger carbon_daily_track on carbon_activities`.execute(db);
  await sql`
    create trigger carbon_daily_track after insert or update or delete on carbon_activities
    for each row execute function carbon_daily_track()
  `.execute(db);
}
