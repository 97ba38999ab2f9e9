import { findUserProfile } from '@canopy/db';
import { TRPCError } from '@trpc/server';
import { pictureUrl } from '../../storage/image-check.ts';
import { thumbnailUrls } from '../../storage/image-processing.ts';
import type { AuthUser, Context } from '../../trpc/index.ts';
import type { Profile } from './profile-schema.ts';

export async function profileOf(ctx: Context & { user: AuthUser }): Promise<Profile> {
  const row = await findUserProfile(ctx.db, ctx.user.id);
  if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'profile not found' });
  return {
    id: row.user_id,
    displayName: row.display_name,
    email: row.email,
    units: row.units,
    timeZone: row.time_zone,
    avatarUrl: row.avatar_key
      ? await pictureUrl(ctx.objectStore, 'avatars', row.avatar_key, 3600)
      : null,
    avatarThumbnails: await thumbnailUrls(ctx, 'avatars', row.avatar_thumbnails),
    roles: ctx.user.roles,
    organisations: ctx.user.memberships,
  };
}
