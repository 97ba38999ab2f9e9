import { randomUUID } from 'node:crypto';
import { createPictureUpload, findUserProfile, recordAudit, updateUserProfile } from '@canopy/db';
import { z } from 'zod';
import {
  confirmPictureUpload,
  IMAGE_MAX_BYTES,
  pictureUploadForm,
  ZImageContentType,
  ZImageSize,
  ZPictureUploadForm,
} from '../../storage/image-check.ts';
import { removePicture, startImageProcessing } from '../../storage/image-processing.ts';
import { stagingKeyOf, UPLOAD_FORM_SECONDS } from '../../storage/staging.ts';
import type { AuthUser, Context } from '../../trpc/index.ts';
import { protectedProcedure } from '../../trpc/index.ts';
import { profileOf } from './get-profile.ts';
import { ZProfile } from './profile-schema.ts';

export const AVATAR_MAX_BYTES = IMAGE_MAX_BYTES;
const AVATARS_BUCKET = 'avatars';

/**
 * An upload form for a new avatar: the store accepts one file of the declared
 * type and at most the declared size, under a staging key of the member's.
 */
export const avatarUploadUrl = protectedProcedure
  .input(
    z.strictObject({
      contentType: ZImageContentType,
      size: ZImageSize,
    }),
  )
  .output(ZPictureUploadForm)
  .mutation(async ({ ctx, input }) => {
    const uploadId = randomUUID();
    const stagingKey = stagingKeyOf(`${ctx.user.id}/${uploadId}`);
    // Sign first: if the store is down, no upload row is left behind.
    const form = await pictureUploadForm(ctx.objectStore, AVATARS_BUCKET, stagingKey, input);
    await createPictureUpload(ctx.db, {
      id: uploadId,
      userId: ctx.user.id,
      purpose: 'avatar',
      bucket: AVATARS_BUCKET,
      stagingKey,
      declaredType: input.contentType,
      declaredSize: input.size,
    });
    return { uploadId, ...form, expiresInSeconds: UPLOAD_FORM_SECONDS, maxBytes: AVATAR_MAX_BYTES };
  });

/**
 * Takes the posted picture out of staging, once: it is decoded, re-encoded to
 * the member's avatar key and recorded in the audit log. A second confirm of
 * the same upload is refused.
 */
export const confirmAvatar = protectedProcedure
  .input(z.strictObject({ uploadId: z.uuid({ error: 'uploadId must be an upload id' }) }))
  .output(ZProfile)
  .mutation(async ({ ctx, input }) => {
    const accepted = await confirmPictureUpload(
      ctx,
      AVATARS_BUCKET,
      { id: input.uploadId, userId: ctx.user.id, purpose: 'avatar' },
      `${ctx.user.id}/${input.uploadId}`,
      { code: 'NOT_FOUND', message: 'uploadId: not one of your uploads' },
    );
    await setAvatar(ctx, accepted.key, {
      action: 'me.avatar.set',
      details: { key: accepted.key, type: accepted.type, bytes: accepted.bytes },
    });
    await startImageProcessing(ctx, AVATARS_BUCKET, accepted.key, {
      kind: 'avatar',
      userId: ctx.user.id,
    });
    return profileOf(ctx);
  });

/** Removes the member's avatar (and its thumbnails), recorded in the audit log. */
export const removeAvatar = protectedProcedure.output(ZProfile).mutation(async ({ ctx }) => {
  await setAvatar(ctx, null, { action: 'me.avatar.remove', details: {} });
  return profileOf(ctx);
});

async function setAvatar(
  ctx: Context & { user: AuthUser },
  key: string | null,
  audit: { action: string; details: Record<string, unknown> },
) {
  const before = await ctx.db.transaction().execute(async (trx) => {
    const previous = await findUserProfile(trx, ctx.user.id);
    await updateUserProfile(trx, ctx.user.id, { avatarKey: key });
    await recordAudit(trx, {
      actorId: ctx.user.id,
      action: audit.action,
      targetType: 'user',
      targetId: ctx.user.id,
      details: { ...audit.details, previousKey: previous?.avatar_key ?? null },
    });
    return previous;
  });
  if (before && before.avatar_key !== key) {
    await removePicture(ctx, AVATARS_BUCKET, {
      key: before.avatar_key,
      thumbnails: before.avatar_thumbnails,
    });
  }
}
