import { updateUserProfile } from '@canopy/db';
import { protectedProcedure, router } from '../../trpc/index.ts';
import { avatarUploadUrl, confirmAvatar, removeAvatar } from './avatar.ts';
import { profileOf } from './get-profile.ts';
import { ZProfile, ZUpdateProfileInput } from './profile-schema.ts';

export const meRouter = router({
  get: protectedProcedure
    .meta({ openapi: { method: 'GET', path: '/v1/me', tags: ['me'], summary: 'Your profile' } })
    .output(ZProfile)
    .query(({ ctx }) => profileOf(ctx)),

  update: protectedProcedure
    .input(ZUpdateProfileInput)
    .output(ZProfile)
    .mutation(async ({ ctx, input }) => {
      await updateUserProfile(ctx.db, ctx.user.id, input);
      return profileOf(ctx);
    }),

  avatar: router({
    uploadUrl: avatarUploadUrl,
    confirm: confirmAvatar,
    remove: removeAvatar,
  }),
});
