import { z } from 'zod';

export const ZMembershipRole = z.enum(['member', 'org-admin'], {
  error: 'role must be member or org-admin',
});

export const ZOrganisation = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  createdAt: z.date(),
});

export const ZMember = z.object({
  userId: z.string(),
  role: ZMembershipRole,
  displayName: z.string().nullable(),
  email: z.string().nullable(),
  joinedAt: z.date(),
});

export const ZInvitation = z.object({
  id: z.string(),
  email: z.string(),
  role: ZMembershipRole,
  invitedBy: z.string(),
  createdAt: z.date(),
  /** Unanswered invitations lapse then; inviting the address again renews it. */
  expiresAt: z.date(),
  /**
   * What the organisation may know: pending until it lapses. Whether the
   * address belongs to anyone, or they declined, is not said.
   */
  status: z.enum(['pending', 'expired']),
});
