import type { PictureType } from '@canopy/workflows/images';
import {
  NotAPictureError,
  PICTURE_MAX_BYTES,
  pictureExtension,
  pictureTypes,
  pictureTypeOfKey,
  reencodePicture,
} from '@canopy/workflows/images';
import { claimPictureUpload, releasePictureUpload } from '@canopy/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Context } from '../trpc/index.ts';
import type { ObjectStore } from './object-store.ts';
import { ZPresignedPost } from './object-store.ts';
import { UPLOAD_FORM_SECONDS } from './staging.ts';

/** Uploaded pictures (avatars, product photos) are capped at 5 MB. */
export const IMAGE_MAX_BYTES = PICTURE_MAX_BYTES;

export type ImageType = PictureType;

/** Only raster types Canopy re-encodes: never SVG (script) nor anything a browser renders as a page. */
export const ZImageContentType = z.enum(pictureTypes, {
  error: 'contentType must be image/png, image/jpeg or image/webp',
});

export const ZImageSize = z
  .number({ error: 'size must be a number of bytes' })
  .int('size must be a whole number of bytes')
  .min(1, 'size must be at least 1 byte')
  .max(IMAGE_MAX_BYTES, `size must be at most ${IMAGE_MAX_BYTES} bytes (5 MB)`);

/** What a picture upload's procedure returns: POST `fields` and then the file to `url`. */
export const ZPictureUploadForm = z.object({
  uploadId: z.string(),
  ...ZPresignedPost.shape,
  expiresInSeconds: z.number(),
  maxBytes: z.number(),
});

/** The form that lets its holder post one picture of the declared type and at most its size. */
export function pictureUploadForm(
  store: ObjectStore,
  bucket: string,
  stagingKey: string,
  declared: { contentType: ImageType; size: number },
) {
  return store.presignPost(bucket, stagingKey, {
    contentType: declared.contentType,
    maxBytes: Math.min(declared.size, IMAGE_MAX_BYTES),
    expiresInSeconds: UPLOAD_FORM_SECONDS,
  });
}

export type AcceptedPicture =
  | { ok: true; key: string; type: ImageType; bytes: number; width: number; height: number }
  | { ok: false; reason: 'missing' }
  | { ok: false; reason: 'too_large' | 'not_an_image'; message: string };

/**
 * Takes a posted picture out of staging: reads it, deletes the staging
 * object whatever it holds, decodes it in full and writes it re-encoded, in
 * the type it decoded as, to `<finalBase>.<ext>`. Nothing of a refused file
 * is left in the bucket, and only re-encoded pixels are ever served.
 */
export async function acceptStagedPicture(
  store: ObjectStore,
  bucket: string,
  stagingKey: string,
  finalBase: string,
): Promise<AcceptedPicture> {
  const stat = await store.stat(bucket, stagingKey);
  if (!stat) return { ok: false, reason: 'missing' };
  if (stat.size > IMAGE_MAX_BYTES) {
    await store.purge(bucket, stagingKey);
    return {
      ok: false,
      reason: 'too_large',
      message: `file: ${stat.size} bytes is over the 5 MB limit`,
    };
  }
  let original: Buffer;
  try {
    original = await store.getObject(bucket, stagingKey);
  } finally {
    await store.purge(bucket, stagingKey);
  }
  if (original.length > IMAGE_MAX_BYTES) {
    return { ok: false, reason: 'too_large', message: 'file: over the 5 MB limit' };
  }
  let picture;
  try {
    picture = await reencodePicture(original);
  } catch (error) {
    if (!(error instanceof NotAPictureError)) throw error;
    return { ok: false, reason: 'not_an_image', message: 'file: not a PNG, JPEG or WebP image' };
  }
  const key = `${finalBase}.${pictureExtension(picture.type)}`;
  await store.putObject(bucket, key, picture.data, picture.type, {
    'Content-Disposition': pictureDisposition(key),
  });
  return {
    ok: true,
    key,
    type: picture.type,
    bytes: picture.data.length,
    width: picture.width,
    height: picture.height,
  };
}

/**
 * Confirms the caller's picture upload: claims it (once; a second confirm is
 * refused) and takes its picture out of staging to `<finalBase>.<ext>`.
 * Refusals name the field. An upload confirmed before its file arrived, or
 * whose store failed mid-way, is given back, so a retry is not told it was
 * already confirmed.
 */
export async function confirmPictureUpload(
  ctx: Pick<Context, 'db' | 'objectStore'>,
  bucket: string,
  upload: Parameters<typeof claimPictureUpload>[1],
  finalBase: string,
  notYours: { code: 'NOT_FOUND' | 'BAD_REQUEST'; message: string },
): Promise<Extract<AcceptedPicture, { ok: true }>> {
  const claim = await claimPictureUpload(ctx.db, upload);
  if (claim.status === 'not_found') throw new TRPCError(notYours);
  if (claim.status === 'already_confirmed') {
    throw new TRPCError({ code: 'CONFLICT', message: 'uploadId: already confirmed' });
  }
  let accepted: AcceptedPicture;
  try {
    accepted = await acceptStagedPicture(
      ctx.objectStore,
      bucket,
      claim.upload.stagingKey,
      finalBase,
    );
  } catch (error) {
    await releasePictureUpload(ctx.db, claim.upload.id);
    throw error;
  }
  if (accepted.ok) return accepted;
  if (accepted.reason === 'missing') {
    // Confirmed too early: the upload stays usable until something arrives.
    await releasePictureUpload(ctx.db, claim.upload.id);
    throw new TRPCError({ code: 'NOT_FOUND', message: 'file: nothing was uploaded yet' });
  }
  throw new TRPCError({ code: 'BAD_REQUEST', message: accepted.message });
}

function pictureDisposition(key: string): string {
  const name = key.slice(key.lastIndexOf('/') + 1).replace(/[^A-Za-z0-9._-]/g, '_');
  return `inline; filename="${name}"`;
}

/**
 * How a stored picture is served: always as the image type its key names
 * (what it was re-encoded as), inline, whatever metadata the object carries.
 */
export function pictureServing(key: string) {
  return {
    contentType: pictureTypeOfKey(key) ?? 'application/octet-stream',
    disposition: pictureDisposition(key),
  };
}

/** A presigned GET of a stored picture that the store answers with `pictureServing`. */
export function pictureUrl(store: ObjectStore, bucket: string, key: string, seconds: number) {
  return store.presignGet(bucket, key, seconds, pictureServing(key));
}
