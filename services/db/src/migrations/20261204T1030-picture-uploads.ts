import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import application code into a migration.
//
// A picture upload (avatar or product image) from the moment its upload form
// is issued until it is confirmed. The browser writes into a staging key;
// confirming re-encodes the picture to its final key once and only once, so
// a second confirm of the same upload, or bytes posted again through its form
// afterwards, change nothing anyone sees.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table picture_uploads (
      id uuid primary key,
      user_id text not null,
      purpose text not null check (purpose in ('avatar', 'product')),
      product_id uuid references products (id) on delete cascade,
      bucket text not null,
      staging_key text not null,
      declared_type text not null,
      declared_size integer not null check (declared_size > 0),
      created_at timestamptz not null default now(),
      confirmed_at timestamptz,
      check ((purpose = 'product') = (product_id is not null))
    )
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('picture_uploads').execute();
}
