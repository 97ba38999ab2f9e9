// What the image workflow records about an uploaded picture. Every write is
// guarded by the picture still being the current one, so a slow workflow for
// a replaced upload never attaches old thumbnails or removes a newer picture.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database, ImageThumbnails } from '../schema/index.ts';

/** Whose picture an upload is. */
export type ImageOwner =
  { kind: 'avatar'; userId: string } | { kind: 'product'; productId: string };

/** Attaches thumbnails to the picture `key`; false when it is no longer the owner's picture. */
export async function recordImageThumbnails(
  db: Kysely<Database>,
  owner: ImageOwner,
  key: string,
  thumbnails: ImageThumbnails,
): Promise<boolean> {
  const result =
    owner.kind === 'avatar'
      ? await db
          .updateTable('user_profiles')
          .set({ avatar_thumbnails: thumbnails })
          .where('user_id', '=', owner.userId)
          .where('avatar_key', '=', key)
          .executeTakeFirst()
      : await db
          .updateTable('products')
          .set({ image_thumbnails: thumbnails, updated_at: sql<Date>`now()` })
          .where('id', '=', owner.productId)
          .where('image_key', '=', key)
          .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Takes a picture that turned out not to be one off its owner; false when it was already replaced. */
export async function detachRejectedImage(
  db: Kysely<Database>,
  owner: ImageOwner,
  key: string,
): Promise<boolean> {
  const result =
    owner.kind === 'avatar'
      ? await db
          .updateTable('user_profiles')
          .set({ avatar_key: null, avatar_thumbnails: null, updated_at: sql<Date>`now()` })
          .where('user_id', '=', owner.userId)
          .where('avatar_key', '=', key)
          .executeTakeFirst()
      : await db
          .updateTable('products')
          .set({ image_key: null, image_thumbnails: null, updated_at: sql<Date>`now()` })
          .where('id', '=', owner.productId)
          .where('image_key', '=', key)
          .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
