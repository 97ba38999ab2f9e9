import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { orgAdminProcedure as roleChecked } from './init.ts';

/**
 * For org admins acting on one organisation: the input names it, and the
 * caller must administer that organisation.
 *
 * A platform admin runs the platform (creates organisations, see
 * `orgs.create`) but does not see into one: its members' figures and
 * invitations are for the organisation's own admins. The authorization
 * matrix holds both sides of this.
 */
export const orgAdminProcedure = roleChecked
  .input(z.object({ orgId: z.uuid('orgId must be an organisation id') }))
  .use(({ ctx, input, next }) => {
    const membership = ctx.user.memberships.find((m) => m.orgId === input.orgId);
    if (membership?.role !== 'org-admin') {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: 'you do not administer this organisation',
      });
    }
    return next({ ctx: { ...ctx, orgId: input.orgId } });
  });
