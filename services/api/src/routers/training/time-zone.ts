import { findUserProfile } from '@canopy/db';
import type { AuthUser, Context } from '../../trpc/index.ts';

/** The member's time zone from their profile; a profile is made at first login, UTC until set. */
export async function timeZoneOf(ctx: Context & { user: AuthUser }): Promise<string> {
  return (await findUserProfile(ctx.db, ctx.user.id))?.time_zone ?? 'UTC';
}
