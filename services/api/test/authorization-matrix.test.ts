// Every procedure × every kind of caller, generated from the router itself:
// a new procedure is in the matrix the moment it is added.
import { findOrganisationBySlug } from '@canopy/db';
import type { DemoUser } from '@canopy/devstack/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/routers/index.ts';
import type { Meta } from '../src/trpc/index.ts';
import { createCallerFactory } from '../src/trpc/index.ts';
import type { Caller, Harness } from './harness.ts';
import { createHarness, procedureOf } from './harness.ts';

type Who = 'anonymous' | DemoUser;
const callers: Who[] = ['anonymous', 'member', 'member2', 'orgadmin', 'shopadmin', 'platformadmin'];
const realmRoles: Record<Who, string[]> = {
  anonymous: [],
  member: ['member'],
  member2: ['member'],
  orgadmin: ['member', 'org-admin'],
  shopadmin: ['member', 'shop-admin'],
  platformadmin: ['member', 'platform-admin'],
};

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { meta?: Meta } }>,
).map(([path, procedure]) => ({ path, meta: procedure._def.meta }));

/** Who the procedure's declaration says may call it; org-scoped calls name Alder, which only orgadmin runs. */
function allowed(meta: Meta, who: Who): boolean {
  if (meta.access === 'public') return true;
  if (who === 'anonymous') return false;
  if (meta.access === 'member') return true;
  if (meta.orgScoped) return who === 'orgadmin';
  return realmRoles[who].includes(meta.access);
}

describe('authorization matrix', () => {
  let h: Harness;
  let alder: string;
  const as = new Map<Who, Caller>();
  beforeAll(async () => {
    h = await createHarness();
    alder = (await findOrganisationBySlug(h.db, 'alder'))!.id;
    for (const who of callers) as.set(who, await h.as(who === 'anonymous' ? null : who));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('covers every procedure, each declaring who may call it', () => {
    expect(procedures.length).toBeGreaterThan(10);
    for (const { path, meta } of procedures) {
      expect(meta?.access, `${path} declares no access`).toBeDefined();
    }
  });

  it.each(callers)(
    'lets %s call exactly what its roles allow, and never fails with a 500',
    async (who) => {
      const outcomes: string[] = [];
      for (const { path, meta } of procedures) {
        // Minimal input: enough to reach the authorization check, usually not enough to succeed.
        const input = meta!.orgScoped ? { orgId: alder } : {};
        let code = 'OK';
        try {
          await procedureOf(as.get(who)!, path)(input);
        } catch (error) {
          code = error instanceof TRPCError ? error.code : `THREW ${String(error)}`;
        }
        const denied = code === 'UNAUTHORIZED' || code === 'FORBIDDEN';
        const expected = allowed(meta!, who);
        if (denied === expected || code === 'INTERNAL_SERVER_ERROR' || code.startsWith('THREW')) {
          outcomes.push(`${path}: expected ${expected ? 'allowed' : 'denied'}, got ${code}`);
        }
        if (who === 'anonymous' && !expected) expect(code, path).toBe('UNAUTHORIZED');
      }
      expect(outcomes).toEqual([]);
    },
  );

  it('lets only the invitee answer an invitation: no member, org admin or platform admin', async () => {
    // Every procedure that answers an invitation, found in the router.
    const answering = procedures
      .filter(({ path }) => path.startsWith('orgs.invitations.'))
      .filter(({ meta }) => meta?.access === 'member' && !meta.orgScoped)
      .map(({ path }) => path)
      .filter((path) => path !== 'orgs.invitations.mine');
    expect(answering.sort()).toEqual(['orgs.invitations.accept', 'orgs.invitations.decline']);
    const invitation = await as.get('orgadmin')!.orgs.invite({
      orgId: alder,
      email: 'member2@canopy.test',
    });
    // The strongest caller who is not the invitee: every realm role and Alder's admin.
    const ctx = await h.contextFor('platformadmin');
    const strongest = createCallerFactory(appRouter)({
      ...ctx,
      user: {
        ...ctx.user!,
        roles: ['member', 'org-admin', 'shop-admin', 'platform-admin'],
        memberships: ctx.user!.memberships.map((m) =>
          m.orgId === alder ? { ...m, role: 'org-admin' as const } : m,
        ),
      },
    });
    const others: [string, Caller][] = [
      ...callers
        .filter((who) => who !== 'member2')
        .map((who) => [who, as.get(who)!] as [string, Caller]),
      ['platform and org admin of Alder', strongest],
    ];
    for (const [who, caller] of others) {
      for (const path of answering) {
        await expect(
          procedureOf(caller, path)({ invitationId: invitation.id }),
          `${who} ${path}`,
        ).rejects.toMatchObject({ code: who === 'anonymous' ? 'UNAUTHORIZED' : 'NOT_FOUND' });
      }
    }
    const stored = await h.db
      .selectFrom('invitations')
      .select(['accepted_at', 'declined_at'])
      .where('id', '=', invitation.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ accepted_at: null, declined_at: null });
    // The invitee can: the refusals above were not about a bad id.
    expect(
      await as.get('member2')!.orgs.invitations.decline({ invitationId: invitation.id }),
    ).toEqual({ declined: true });
  });

  it('gives a platform admin no way into an organisation they do not administer', async () => {
    // The strongest such caller: the platform-admin and org-admin realm
    // roles, and a membership of Alder that is not an admin's.
    const ctx = await h.contextFor('platformadmin');
    const user = { ...ctx.user!, roles: [...ctx.user!.roles, 'org-admin' as const] };
    expect(user.memberships.find((m) => m.orgId === alder)?.role).not.toBe('org-admin');
    const caller = createCallerFactory(appRouter)({ ...ctx, user });
    const orgScoped = procedures.filter(({ meta }) => meta?.orgScoped);
    expect(orgScoped.length).toBeGreaterThan(3);
    for (const { path } of orgScoped) {
      await expect(procedureOf(caller, path)({ orgId: alder }), path).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    }
  });
});
