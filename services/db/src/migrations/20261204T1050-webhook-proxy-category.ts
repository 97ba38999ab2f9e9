import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import application code into a migration.
//
// Webhooks may now leave through the operator's egress proxy, and a proxy
// that refuses the tunnel is a failure of its own: the check on stored
// webhook errors admits its category too.

const before = [
  'refused: URL not allowed',
  'refused: non-public address',
  'DNS lookup failed',
  'timed out',
  'connection failed',
  'redirect refused',
  'delivery failed',
];
const after = [...before, 'proxy refused'];

async function check(db: Kysely<any>, categories: string[]): Promise<void> {
  await sql`
    alter table notification_deliveries
    drop constraint notification_deliveries_webhook_error_category
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

export async function up(db: Kysely<any>): Promise<void> {
  await check(db, after);
}

// The narrower check cannot hold the new category: such rows fall back to the generic one.
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    update notification_deliveries set last_error = 'delivery failed'
    where channel = 'webhook' and last_error = 'proxy refused'
  `.execute(db);
  await check(db, before);
}
