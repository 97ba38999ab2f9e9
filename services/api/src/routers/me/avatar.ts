import { randomUUID } from 'node:crypto';
import { updateUserProfile } from '@canopy/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  checkUploadedImage,
  IMAGE_MAX_BYTES,
  imageExtension,
  ZImageContentType,
  ZImageSize,
} from '../../storage/image-check.ts';
import { startImageProcessing } from '../../storage/image-processing.ts';
import { protectedProcedure } from '../../trpc/index.ts';
import { profileOf } from './get-profile.ts';
import { ZProfile } from './profile-schema.ts';

export const AVATAR_MAX_BYTES = IMAGE_MAX_BYTES;

export const avatarUploadUrl = protectedProcedure
  .input(
    z.strictObject({
      contentType: ZImageContentType,
      size: ZImageSize,
    }),
  )
  .output(
    z.object({
      key: z.string(),
      url: z.string(),
      expiresInSeconds: z.number(),
      maxBytes: z.number(),
    }),
  )
  .mutation(async ({ ctx, input }) => {
    // Keys live under the member's own prefix: confirm() refuses anyone else's.
    const key = `${ctx.user.id}/${randomUUID()}.${imageExtension(input.contentType)}`;
    const expiresInSeconds = 300;
    const url = await ctx.objectStore.presignPut('avatars', key, expiresInSeconds);
    return { key, url, expiresInSeconds, maxBytes: AVATAR_MAX_BYTES };
  });

export const confirmAvatar = protectedProcedure
  .input(z.strictObject({ key: z.string().min(1).max(300) }))
  .output(ZProfile)
  .mutation(async ({ ctx, input }) => {
    if (!input.key.startsWith(`${ctx.user.id}/`) || input.key.includes('..')) {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'key: not one of your uploads' });
    }
    const check = await checkUploadedImage(ctx.objectStore, 'avatars', input.key);
    if (!check.ok) {
      if (check.reason === 'missing')
        throw new TRPCError({ code: 'NOT_FOUND', message: 'key: nothing was uploaded there yet' });
      throw new TRPCError({ code: 'BAD_REQUEST', message: check.message });
    }
    await updateUserProfile(ctx.db, ctx.user.id, { avatarKey: input.key });
    await startImageProcessing(ctx, 'avatars', input.key, { kind: 'avatar', userId: ctx.user.id });
    return profileOf(ctx);
  });
