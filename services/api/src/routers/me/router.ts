import { listMembershipsOfUser, setPrimaryOrganisation, updateUserProfile } from '@canopy/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { forgetUser } from '../../trpc/create-context.ts';
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

  /**
   * Chooses which of the caller's organisations their activity counts for
   * from now on; what they logged before keeps the organisation it counted for.
   */
  setPrimaryOrg: protectedProcedure
    .input(z.strictObject({ orgId: z.uuid('orgId must be an organisation id') }))
    .output(ZProfile)
    .mutation(async ({ ctx, input }) => {
      if (!(await setPrimaryOrganisation(ctx.db, ctx.user.id, input.orgId))) {
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: 'orgId: you are not a member of that organisation',
        });
      }
      forgetUser(ctx.user.id);
      const memberships = await listMembershipsOfUser(ctx.db, ctx.user.id);
      return profileOf({ ...ctx, user: { ...ctx.user, memberships } });
    }),

  avatar: router({
    uploadUrl: avatarUploadUrl,
    confirm: confirmAvatar,
    remove: removeAvatar,
  }),
});
