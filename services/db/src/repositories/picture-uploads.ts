// Picture uploads between their upload form and their confirmation. Claiming
// one is a single conditional update, so of two confirms racing only one wins.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../schema/index.ts';

export interface NewPictureUpload {
  id: string;
  userId: string;
  purpose: 'avatar' | 'product';
  productId?: string;
  bucket: string;
  stagingKey: string;
  declaredType: string;
  declaredSize: number;
}

export async function createPictureUpload(db: Kysely<Database>, upload: NewPictureUpload) {
  await db
    .insertInto('picture_uploads')
    .values({
      id: upload.id,
      user_id: upload.userId,
      purpose: upload.purpose,
      product_id: upload.productId ?? null,
      bucket: upload.bucket,
      staging_key: upload.stagingKey,
      declared_type: upload.declaredType,
      declared_size: upload.declaredSize,
    })
    .execute();
}

export type PictureUploadClaim =
  | {
      status: 'claimed';
      upload: { id: string; bucket: string; stagingKey: string; declaredType: string };
    }
  | { status: 'already_confirmed' }
  | { status: 'not_found' };

/**
 * Marks the upload confirmed when it is the caller's, for that purpose (and
 * product), and not confirmed before. Only the first claim gets the upload.
 */
export async function claimPictureUpload(
  db: Kysely<Database>,
  where: { id: string; userId: string; purpose: 'avatar' | 'product'; productId?: string },
): Promise<PictureUploadClaim> {
  const mine = () => {
    const owned = db
      .selectFrom('picture_uploads')
      .where('id', '=', where.id)
      .where('user_id', '=', where.userId)
      .where('purpose', '=', where.purpose);
    return where.productId === undefined ? owned : owned.where('product_id', '=', where.productId);
  };
  // The conditions sit on the update itself, so PostgreSQL re-checks them on
  // a row a concurrent confirm has just claimed.
  let claim = db
    .updateTable('picture_uploads')
    .set({ confirmed_at: sql<Date>`now()` })
    .where('id', '=', where.id)
    .where('user_id', '=', where.userId)
    .where('purpose', '=', where.purpose)
    .where('confirmed_at', 'is', null);
  if (where.productId !== undefined) claim = claim.where('product_id', '=', where.productId);
  const claimed = await claim
    .returning(['id', 'bucket', 'staging_key', 'declared_type'])
    .executeTakeFirst();
  if (claimed) {
    return {
      status: 'claimed',
      upload: {
        id: claimed.id,
        bucket: claimed.bucket,
        stagingKey: claimed.staging_key,
        declaredType: claimed.declared_type,
      },
    };
  }
  const seen = await mine().select('id').executeTakeFirst();
  return seen ? { status: 'already_confirmed' } : { status: 'not_found' };
}

/** Gives a claimed upload back when nothing had been posted yet, so it can be confirmed once the file is there. */
export async function releasePictureUpload(db: Kysely<Database>, id: string) {
  await db
    .updateTable('picture_uploads')
    .set({ confirmed_at: null })
    .where('id', '=', id)
    .execute();
}
