import { z } from 'zod';
import { ZThumbnails } from '../../storage/image-processing.ts';

export const ZTimeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'timeZone must be an IANA time zone such as Europe/London' },
);

export const ZProfile = z.object({
  id: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  units: z.enum(['metric', 'imperial']),
  timeZone: z.string(),
  avatarUrl: z.string().nullable(),
  /** WebP thumbnails of the avatar (64 and 256 px), once made. */
  avatarThumbnails: ZThumbnails,
  roles: z.array(z.string()),
  organisations: z.array(
    z.object({
      orgId: z.string(),
      slug: z.string(),
      name: z.string(),
      role: z.enum(['member', 'org-admin']),
      /** The organisation the member's new activity counts for (me.setPrimaryOrg). */
      primary: z.boolean(),
    }),
  ),
});
export type Profile = z.infer<typeof ZProfile>;

export const ZUpdateProfileInput = z
  .object({
    displayName: z
      .string()
      .trim()
      .min(1, 'displayName cannot be empty')
      .max(100, 'displayName is at most 100 characters'),
    units: z.enum(['metric', 'imperial'], { error: 'units must be metric or imperial' }),
    timeZone: ZTimeZone,
  })
  .partial()
  .strict();
