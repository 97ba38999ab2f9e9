import {
  createOrganisation,
  listMembersOfOrganisation,
  recordAudit,
  removeMembership,
  revokeInvitation,
  upsertInvitation,
  upsertMembership,
} from '@canopy/db';
import { ensureOrgReportSchedule } from '@canopy/workflows/schedules';
import { taskQueues } from '@canopy/workflows/shared';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  orgAdminProcedure,
  platformAdminProcedure,
  protectedProcedure,
  router,
} from '../../trpc/index.ts';
import { forgetUser } from '../../trpc/create-context.ts';
import { startInvitationEmail } from './invitation-email.ts';
import { invitationsRouter, invitationView } from './invitations.ts';
import { ZInvitation, ZMember, ZMembershipRole, ZOrganisation } from './org-schemas.ts';

const ZSlug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'slug must be 2–63 lower-case letters, digits or hyphens');

export const orgsRouter = router({
  /** The caller's organisations. */
  mine: protectedProcedure
    .output(
      z.array(
        z.object({
          orgId: z.string(),
          slug: z.string(),
          name: z.string(),
          role: ZMembershipRole,
          /** The one the caller's new activity counts for (me.setPrimaryOrg). */
          primary: z.boolean(),
        }),
      ),
    )
    .query(({ ctx }) => ctx.user.memberships),

  create: platformAdminProcedure
    .input(
      z.strictObject({
        slug: ZSlug,
        name: z
          .string()
          .trim()
          .min(1, 'name cannot be empty')
          .max(200, 'name is at most 200 characters'),
      }),
    )
    .output(ZOrganisation)
    .mutation(async ({ ctx, input }) => {
      const created = await ctx.db.transaction().execute(async (trx) => {
        const org = await createOrganisation(trx, input).catch((error: unknown) => {
          if ((error as { code?: string }).code === '23505') {
            throw new TRPCError({ code: 'CONFLICT', message: `slug: "${input.slug}" is taken` });
          }
          throw error;
        });
        await recordAudit(trx, {
          actorId: ctx.user.id,
          action: 'org.create',
          orgId: org.id,
          targetType: 'organisation',
          targetId: org.id,
        });
        return { id: org.id, slug: org.slug, name: org.name, createdAt: org.created_at };
      });
      try {
        const client = await ctx.services.temporal();
        await client.withDeadline(Date.now() + 10_000, () =>
          ensureOrgReportSchedule(
            client,
            created.id,
            ctx.services.taskQueues.notify ?? taskQueues.notify,
          ),
        );
      } catch (error) {
        // The organisation stands; the worker creates missing schedules when it starts.
        ctx.log.warn({ err: error, orgId: created.id }, 'monthly report schedule not created');
      }
      return created;
    }),

  members: orgAdminProcedure
    .output(z.array(ZMember))
    .query(({ ctx }) => listMembersOfOrganisation(ctx.db, ctx.orgId)),

  invitations: invitationsRouter,

  /**
   * Invites an address: an offer its owner accepts or declines in
   * orgs.invitations. The answer is the same whether or not anyone here has
   * that address, and nobody joins until they accept.
   */
  invite: orgAdminProcedure
    .input(
      z.object({
        email: z.email('email must be an email address'),
        role: ZMembershipRole.default('member'),
      }),
    )
    .output(ZInvitation)
    .mutation(async ({ ctx, input }) => {
      const invitation = await ctx.db.transaction().execute(async (trx) => {
        const i = await upsertInvitation(trx, {
          orgId: ctx.orgId,
          email: input.email,
          role: input.role,
          invitedBy: ctx.user.id,
        });
        await recordAudit(trx, {
          actorId: ctx.user.id,
          action: 'org.invite',
          orgId: ctx.orgId,
          targetType: 'invitation',
          targetId: i.id,
          details: { email: i.email, role: i.role },
        });
        return invitationView({ ...i, status: 'pending' });
      });
      // After the commit, so the worker finds the row; to any address, known here or not.
      await startInvitationEmail(ctx, invitation);
      return invitation;
    }),

  revokeInvitation: orgAdminProcedure
    .input(z.object({ invitationId: z.uuid('invitationId must be an invitation id') }))
    .output(z.object({ revoked: z.literal(true) }))
    .mutation(({ ctx, input }) =>
      ctx.db.transaction().execute(async (trx) => {
        if (!(await revokeInvitation(trx, ctx.orgId, input.invitationId))) {
          throw new TRPCError({
            code: 'NOT_FOUND',
            message: 'invitationId: no open invitation with that id',
          });
        }
        await recordAudit(trx, {
          actorId: ctx.user.id,
          action: 'org.invitation.revoke',
          orgId: ctx.orgId,
          targetType: 'invitation',
          targetId: input.invitationId,
        });
        return { revoked: true as const };
      }),
    ),

  setRole: orgAdminProcedure
    .input(
      z.object({ userId: z.string().min(1, 'userId is required').max(100), role: ZMembershipRole }),
    )
    .output(ZMember.pick({ userId: true, role: true }))
    .mutation(({ ctx, input }) =>
      ctx.db.transaction().execute(async (trx) => {
        const members = await listMembersOfOrganisation(trx, ctx.orgId);
        if (!members.some((m) => m.userId === input.userId)) {
          throw new TRPCError({
            code: 'NOT_FOUND',
            message: 'userId: not a member of this organisation',
          });
        }
        if (input.role === 'member' && isLastAdmin(members, input.userId)) {
          throw new TRPCError({
            code: 'PRECONDITION_FAILED',
            message: 'role: an organisation needs at least one org admin',
          });
        }
        await upsertMembership(trx, { orgId: ctx.orgId, userId: input.userId, role: input.role });
        forgetUser(input.userId);
        await recordAudit(trx, {
          actorId: ctx.user.id,
          action: 'org.member.role',
          orgId: ctx.orgId,
          targetType: 'user',
          targetId: input.userId,
          details: { role: input.role },
        });
        return { userId: input.userId, role: input.role };
      }),
    ),

  removeMember: orgAdminProcedure
    .input(z.object({ userId: z.string().min(1, 'userId is required').max(100) }))
    .output(z.object({ removed: z.literal(true) }))
    .mutation(({ ctx, input }) =>
      ctx.db.transaction().execute(async (trx) => {
        const members = await listMembersOfOrganisation(trx, ctx.orgId);
        if (isLastAdmin(members, input.userId)) {
          throw new TRPCError({
            code: 'PRECONDITION_FAILED',
            message: 'userId: the last org admin cannot be removed',
          });
        }
        forgetUser(input.userId);
        if (!(await removeMembership(trx, ctx.orgId, input.userId))) {
          throw new TRPCError({
            code: 'NOT_FOUND',
            message: 'userId: not a member of this organisation',
          });
        }
        await recordAudit(trx, {
          actorId: ctx.user.id,
          action: 'org.member.remove',
          orgId: ctx.orgId,
          targetType: 'user',
          targetId: input.userId,
        });
        return { removed: true as const };
      }),
    ),
});

function isLastAdmin(members: { userId: string; role: string }[], userId: string) {
  const admins = members.filter((m) => m.role === 'org-admin');
  return admins.length === 1 && admins[0]!.userId === userId;
}
