import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import application code into a migration.
//
// Refunds are carried out by a workflow, no longer inside the admin's request:
// the row records why one failed, whether its goods went back on the shelf,
// and the key a client sends so that asking twice refunds once.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('refunds')
    .addColumn('request_key', 'text')
    .addColumn('failure_reason', 'text')
    .addColumn('restocked', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('settled_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('refunds_order_request_key')
    .on('refunds')
    .columns(['order_id', 'request_key'])
    .unique()
    .where(sql.ref('request_key'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('refunds_order_request_key').execute();
  await db.schema
    .alterTable('refunds')
    .dropColumn('request_key')
    .dropColumn('failure_reason')
    .dropColumn('restocked')
    .dropColumn('settled_at')
    .execute();
}
