import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import application code into a migration.
//
// A webhook delivery's last error used to be the endpoint's own words (its
// socket error, the first 200 characters of its reply), shown to the member:
// a way to read what the worker can reach. From now on only a category is
// stored; the old texts are replaced by theirs, and a check keeps any other
// text out. A new category needs a migration that widens the check.

const categories = [
  'refused: URL not allowed',
  'refused: non-public address',
  'DNS lookup failed',
  'timed out',
  'connection failed',
  'redirect refused',
  'delivery failed',
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update notification_deliveries
    set last_error = case
      when last_error ~ '^endpoint answered 3[0-9]{2}' then 'redirect refused'
      when last_error ~ '^endpoint answered [1-5][0-9]{2}'
        then 'HTTP ' || substring(last_error from '^endpoint answered ([1-5][0-9]{2})')
      when last_error like 'endpoint unreachable:%' then 'connection failed'
      else 'delivery failed'
    end
    where channel = 'webhook'
      and last_error is not null
      and last_error not in (${sql.join(categories)})
      and last_error !~ '^HTTP [1-5][0-9]{2}$'
  `.execute(db);
  await sql`
    alter table notification_deliveries
    add constraint notification_deliveries_webhook_error_category check (
      channel <> 'webhook'
      or last_error is null
      or last_error in (${sql.join(categories.map((c) => sql.lit(c)))})
      or last_error ~ '^HTTP [1-5][0-9]{2}$'
    )
  `.execute(db);
}

// The endpoints' texts are gone for good; down only lifts the check.
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table notification_deliveries
    drop constraint notification_deliveries_webhook_error_category
  `.execute(db);
}
