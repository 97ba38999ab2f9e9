import type { Invitee } from '@canopy/db';
import {
  answerInvitation,
  listOpenInvitations,
  listPendingInvitationsFor,
  recordAudit,
} from '@canopy/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { AuthUser } from '../../trpc/index.ts';
import { orgAdminProcedure, protectedProcedure, router } from '../../trpc/index.ts';
import { forgetUser } from '../../trpc/create-context.ts';
import { ZInvitation, ZMembershipRole } from './org-schemas.ts';

/** The caller as an invitee: only an address the identity provider verified answers. */
const inviteeOf = (user: AuthUser): Invitee => ({
  userId: user.id,
  verifiedEmail: user.emailVerified ? user.email : null,
});

const ZAnswerInput = z.strictObject({
  invitationId: z.uuid('invitationId must be an invitation id'),
});

/** An invitation as its organisation's admins see it. */
export function invitationView(i: {
  id: string;
  email: string;
  role: z.infer<typeof ZMembershipRole>;
  invited_by: string;
  created_at: Date;
  expires_at: Date;
  status: 'pending' | 'expired';
}): z.infer<typeof ZInvitation> {
  return {
    id: i.id,
    email: i.email,
    role: i.role,
    invitedBy: i.invited_by,
    createdAt: i.created_at,
    expiresAt: i.expires_at,
    status: i.status,
  };
}

// Someone else's invitation, an unknown id and one already answered or lapsed
// get the same answer: an invitation's existence is nobody else's business.
const notPending = () =>
  new TRPCError({
    code: 'NOT_FOUND',
    message: 'invitationId: you have no pending invitation with that id',
  });

export const invitationsRouter = router({
  /** The organisation's invitations not accepted yet: pending, or expired. */
  list: orgAdminProcedure
    .output(z.array(ZInvitation))
    .query(async ({ ctx }) => (await listOpenInvitations(ctx.db, ctx.orgId)).map(invitationView)),

  /** Invitations waiting for the caller's answer, sent to their verified address. */
  mine: protectedProcedure
    .output(
      z.array(
        z.object({
          id: z.string(),
          orgId: z.string(),
          orgName: z.string(),
          orgSlug: z.string(),
          role: ZMembershipRole,
          invitedByName: z.string().nullable(),
          createdAt: z.date(),
          expiresAt: z.date(),
        }),
      ),
    )
    .query(({ ctx }) => listPendingInvitationsFor(ctx.db, inviteeOf(ctx.user))),

  /** Joins the organisation. The primary organisation stays as it was. */
  accept: protectedProcedure
    .input(ZAnswerInput)
    .output(z.object({ orgId: z.string(), role: ZMembershipRole }))
    .mutation(async ({ ctx, input }) => {
      const accepted = await ctx.db.transaction().execute(async (trx) => {
        const answered = await answerInvitation(
          trx,
          inviteeOf(ctx.user),
          input.invitationId,
          'accept',
        );
        if (!answered) throw notPending();
        await recordAudit(trx, {
          actorId: ctx.user.id,
          action: 'org.invitation.accept',
          orgId: answered.orgId,
          targetType: 'invitation',
          targetId: answered.id,
          details: { role: answered.role },
        });
        return answered;
      });
      forgetUser(ctx.user.id);
      return { orgId: accepted.orgId, role: accepted.role };
    }),

  /** Says no. The organisation keeps seeing the invitation as unanswered until it lapses. */
  decline: protectedProcedure
    .input(ZAnswerInput)
    .output(z.object({ declined: z.literal(true) }))
    .mutation(({ ctx, input }) =>
      ctx.db.transaction().execute(async (trx) => {
        const answered = await answerInvitation(
          trx,
          inviteeOf(ctx.user),
          input.invitationId,
          'decline',
        );
        if (!answered) throw notPending();
        // Not filed under the organisation: its admins must not learn of it.
        await recordAudit(trx, {
          actorId: ctx.user.id,
          action: 'org.invitation.decline',
          targetType: 'invitation',
          targetId: answered.id,
        });
        return { declined: true as const };
      }),
    ),
});
