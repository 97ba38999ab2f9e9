import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import application code into a migration.
// An org admin invites by email; the person joins on their first sign-in
// with that (verified) address.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('invitations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('email', 'text', (c) =>
      c.notNull().check(sql`email = lower(email) and position('@' in email) > 1`),
    )
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('member', 'org-admin')`))
    .addColumn('invited_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('accepted_at', 'timestamptz')
    .addColumn('accepted_by', 'text')
    .execute();
  // One open invitation per address and organisation.
  await db.schema
    .createIndex('invitations_open_idx')
    .on('invitations')
    .columns(['org_id', 'email'])
    .unique()
    .where(sql.ref('accepted_at'), 'is', null)
    .execute();
  await db.schema.createIndex('invitations_email_idx').on('invitations').column('email').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('invitations').execute();
}
