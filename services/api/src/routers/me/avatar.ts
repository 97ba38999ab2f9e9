import { randomUUID } from 'node:crypto';
import { updateUserProfile } from '@canopy/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { protectedProcedure } from '../../trpc/index.ts';
import { profileOf } from './get-profile.ts';
import { ZProfile } from './profile-schema.ts';

export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;

const imageTypes = {
  'image/png': {
    ext: 'png',
    magic: (b: Buffer) =>
      b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  'image/jpeg': {
    ext: 'jpg',
    magic: (b: Buffer) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  },
  'image/webp': {
    ext: 'webp',
    magic: (b: Buffer) =>
      b.subarray(0, 4).toString('latin1') === 'RIFF' &&
      b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
} as const;
type ImageType = keyof typeof imageTypes;

export const avatarUploadUrl = protectedProcedure
  .input(
    z.strictObject({
      contentType: z.enum(Object.keys(imageTypes) as [ImageType, ...ImageType[]], {
        error: 'contentType must be image/png, image/jpeg or image/webp',
      }),
      size: z
        .number()
        .int()
        .min(1, 'size must be at least 1 byte')
        .max(AVATAR_MAX_BYTES, `size must be at most ${AVATAR_MAX_BYTES} bytes (5 MB)`),
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
    const key = `${ctx.user.id}/${randomUUID()}.${imageTypes[input.contentType].ext}`;
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
    const stat = await ctx.objectStore.stat('avatars', input.key);
    if (!stat)
      throw new TRPCError({ code: 'NOT_FOUND', message: 'key: nothing was uploaded there yet' });
    const reject = async (message: string) => {
      await ctx.objectStore.remove('avatars', input.key);
      throw new TRPCError({ code: 'BAD_REQUEST', message });
    };
    if (stat.size > AVATAR_MAX_BYTES)
      await reject(`file: ${stat.size} bytes is over the 5 MB limit`);
    const head = await ctx.objectStore.readHead('avatars', input.key, 16);
    const kind = (Object.keys(imageTypes) as ImageType[]).find((t) => imageTypes[t].magic(head));
    if (!kind) await reject('file: not a PNG, JPEG or WebP image');
    await updateUserProfile(ctx.db, ctx.user.id, { avatarKey: input.key });
    return profileOf(ctx);
  });
