import type { Kysely } from 'kysely';

// Frozen in time: never import application code into a migration.
//
// The image workflow verifies each uploaded picture and writes WebP
// thumbnails next to it; the row that shows the picture records them, so
// they are read with it and cleared whenever the picture changes.

export async function up(db: Kysely<any>): Promise<void> {
  // { "<size in px>": "<object key>" }, null until the thumbnails exist.
  await db.schema.alterTable('products').addColumn('image_thumbnails', 'jsonb').execute();
  await db.schema.alterTable('user_profiles').addColumn('avatar_thumbnails', 'jsonb').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('user_profiles').dropColumn('avatar_thumbnails').execute();
  await db.schema.alterTable('products').dropColumn('image_thumbnails').execute();
}
