import { demoUsers, findOrganisationBySlug, upsertInvitation } from '@canopy/db';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/routers/index.ts';
import { createCallerFactory } from '../src/trpc/index.ts';
import type { Harness } from './harness.ts';
import { createHarness } from './harness.ts';

const car = (km: number) =>
  ({ type: 'car', distance: { value: km, unit: 'km' }, fuel: 'petrol' }) as const;

describe('invitations and the primary organisation', () => {
  let h: Harness;
  let alder: string;
  let birch: string;
  beforeAll(async () => {
    h = await createHarness();
    alder = (await findOrganisationBySlug(h.db, 'alder'))!.id;
    birch = (await findOrganisationBySlug(h.db, 'birch'))!.id;
  });
  afterAll(async () => {
    await h?.close();
  });
  // Each test starts with member2 in Birch only and no invitations.
  afterEach(async () => {
    await h.db.deleteFrom('invitations').execute();
    await h.db
      .deleteFrom('memberships')
      .where('user_id', '=', demoUsers.member2.id)
      .where('org_id', '!=', birch)
      .execute();
  });

  const inviteMember2 = async () =>
    (await h.as('orgadmin')).orgs.invite({ orgId: alder, email: 'MEMBER2@canopy.test' });
  const slugsOf = async (who: 'member2') =>
    (await (await h.as(who)).me.get()).organisations.map((o) => [o.slug, o.primary]);

  it('answers an invitation to a known address exactly as one to an unknown address', async () => {
    const admin = await h.as('orgadmin');
    const known = await admin.orgs.invite({ orgId: alder, email: 'member2@canopy.test' });
    const unknown = await admin.orgs.invite({ orgId: alder, email: 'nobody@elsewhere.test' });
    const shape = ({
      id: _id,
      email: _email,
      createdAt: _c,
      expiresAt: _e,
      ...rest
    }: typeof known) => rest;
    expect(shape(known)).toEqual(shape(unknown));
    expect(Object.keys(known).sort()).toEqual(Object.keys(unknown).sort());
    const listed = await admin.orgs.invitations.list({ orgId: alder });
    expect(listed.map((i) => [i.email, i.status])).toEqual([
      ['member2@canopy.test', 'pending'],
      ['nobody@elsewhere.test', 'pending'],
    ]);
  });

  it('gives a second admin inviting an address while the first invitation commits that invitation, never an error', async () => {
    const admin = await h.as('orgadmin');
    const email = 'same.moment@elsewhere.test';
    const second = await h.db.transaction().execute(async (trx) => {
      const first = await upsertInvitation(trx, {
        orgId: alder,
        email,
        role: 'member',
        invitedBy: demoUsers.orgadmin.id,
      });
      const pending = admin.orgs.invite({ orgId: alder, email, role: 'org-admin' });
      // The second invite now waits on the first's uncommitted row.
      for (;;) {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'
        `.execute(h.db);
        if (rows[0]!.n > 0) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      return { first, pending };
    });
    const renewed = await second.pending;
    expect(renewed).toMatchObject({ id: second.first.id, role: 'org-admin', status: 'pending' });
    expect(
      (await admin.orgs.invitations.list({ orgId: alder })).map((i) => [i.id, i.role]),
    ).toEqual([[second.first.id, 'org-admin']]);
  });

  it('lets only the invitee see and accept it, and accepting keeps their primary organisation', async () => {
    const invitation = await inviteMember2();
    const member2 = await h.as('member2');
    expect(await slugsOf('member2')).toEqual([['birch', true]]);
    expect(await member2.orgs.invitations.mine()).toEqual([
      expect.objectContaining({
        id: invitation.id,
        orgId: alder,
        orgName: 'Alder & Co',
        role: 'member',
        invitedByName: demoUsers.orgadmin.name,
      }),
    ]);

    for (const who of ['member', 'orgadmin', 'platformadmin'] as const) {
      const other = await h.as(who);
      expect(await other.orgs.invitations.mine(), who).toEqual([]);
      for (const answer of ['accept', 'decline'] as const) {
        await expect(
          other.orgs.invitations[answer]({ invitationId: invitation.id }),
          `${who} ${answer}`,
        ).rejects.toMatchObject({
          code: 'NOT_FOUND',
          message: 'invitationId: you have no pending invitation with that id',
        });
      }
    }
    // Nothing moved: still pending, member2 still only in Birch.
    expect(await slugsOf('member2')).toEqual([['birch', true]]);
    expect(
      (await (await h.as('orgadmin')).orgs.invitations.list({ orgId: alder })).map((i) => i.id),
    ).toEqual([invitation.id]);

    expect(await member2.orgs.invitations.accept({ invitationId: invitation.id })).toEqual({
      orgId: alder,
      role: 'member',
    });
    expect(await slugsOf('member2')).toEqual([
      ['birch', true],
      ['alder', false],
    ]);
    expect(
      (await (await h.as('orgadmin')).orgs.members({ orgId: alder })).map((m) => m.userId),
    ).toContain(demoUsers.member2.id);
    await expect(
      member2.orgs.invitations.accept({ invitationId: invitation.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      member2.orgs.invitations.decline({ invitationId: invitation.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await (await h.as('orgadmin')).orgs.invitations.list({ orgId: alder })).toEqual([]);
  });

  it('shows and answers nothing to someone whose address the identity provider did not verify', async () => {
    const invitation = await inviteMember2();
    const ctx = await h.contextFor('member2');
    const unverified = createCallerFactory(appRouter)({
      ...ctx,
      user: { ...ctx.user!, emailVerified: false },
    });
    expect(await unverified.orgs.invitations.mine()).toEqual([]);
    for (const answer of ['accept', 'decline'] as const) {
      await expect(
        unverified.orgs.invitations[answer]({ invitationId: invitation.id }),
        answer,
      ).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: 'invitationId: you have no pending invitation with that id',
      });
    }
    expect(await slugsOf('member2')).toEqual([['birch', true]]);
    expect(await (await h.as('member2')).orgs.invitations.mine()).toHaveLength(1);
  });

  it('keeps a decline from the organisation, and a declined invitation cannot be accepted', async () => {
    const invitation = await inviteMember2();
    const member2 = await h.as('member2');
    expect(await member2.orgs.invitations.decline({ invitationId: invitation.id })).toEqual({
      declined: true,
    });
    expect(await member2.orgs.invitations.mine()).toEqual([]);
    await expect(
      member2.orgs.invitations.accept({ invitationId: invitation.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await slugsOf('member2')).toEqual([['birch', true]]);

    const admin = await h.as('orgadmin');
    // To the organisation it looks as unanswered as ever.
    expect(
      (await admin.orgs.invitations.list({ orgId: alder })).map((i) => [i.id, i.status]),
    ).toEqual([[invitation.id, 'pending']]);
    // Inviting again does not put the question back to someone who said no.
    const again = await inviteMember2();
    expect(again).toMatchObject({ id: invitation.id, status: 'pending' });
    expect(await member2.orgs.invitations.mine()).toEqual([]);
    expect(
      await admin.orgs.revokeInvitation({ orgId: alder, invitationId: invitation.id }),
    ).toEqual({
      revoked: true,
    });
  });

  it('lets an invitation lapse, and inviting again renews it', async () => {
    const invitation = await inviteMember2();
    await h.db
      .updateTable('invitations')
      .set({ expires_at: sql<Date>`now() - interval '1 minute'` })
      .where('id', '=', invitation.id)
      .execute();
    const member2 = await h.as('member2');
    expect(await member2.orgs.invitations.mine()).toEqual([]);
    await expect(
      member2.orgs.invitations.accept({ invitationId: invitation.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const admin = await h.as('orgadmin');
    expect((await admin.orgs.invitations.list({ orgId: alder }))[0]).toMatchObject({
      id: invitation.id,
      status: 'expired',
    });
    const renewed = await inviteMember2();
    expect(renewed).toMatchObject({ id: invitation.id, status: 'pending' });
    expect(renewed.expiresAt.getTime()).toBeGreaterThan(Date.now() + 13 * 24 * 3600_000);
    expect((await member2.orgs.invitations.mine()).map((i) => i.id)).toEqual([invitation.id]);
  });

  it('refuses a revoked invitation and a malformed id, naming the field', async () => {
    const invitation = await inviteMember2();
    const admin = await h.as('orgadmin');
    await admin.orgs.revokeInvitation({ orgId: alder, invitationId: invitation.id });
    const member2 = await h.as('member2');
    await expect(
      member2.orgs.invitations.accept({ invitationId: invitation.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(member2.orgs.invitations.accept({ invitationId: 'nope' })).rejects.toThrow(
      /invitationId/,
    );
    await expect((await h.as(null)).orgs.invitations.mine()).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('counts new activity for the primary organisation the member chooses, and only new activity', async () => {
    const invitation = await inviteMember2();
    let member2 = await h.as('member2');
    const before = await member2.carbon.log({ occurredOn: '2026-11-02', activity: car(10) });
    await member2.orgs.invitations.accept({ invitationId: invitation.id });
    member2 = await h.as('member2');
    const afterJoining = await member2.carbon.log({ occurredOn: '2026-11-03', activity: car(20) });

    await expect(
      member2.me.setPrimaryOrg({ orgId: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'orgId: you are not a member of that organisation',
    });
    await expect(member2.me.setPrimaryOrg({ orgId: 'alder' })).rejects.toThrow(/orgId/);
    await expect((await h.as('member')).me.setPrimaryOrg({ orgId: birch })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });

    const profile = await member2.me.setPrimaryOrg({ orgId: alder });
    expect(profile.organisations.map((o) => [o.slug, o.primary])).toEqual([
      ['alder', true],
      ['birch', false],
    ]);
    member2 = await h.as('member2');
    const afterChoosing = await member2.carbon.log({ occurredOn: '2026-11-04', activity: car(30) });

    const orgOf = async (id: string) =>
      (
        await h.db
          .selectFrom('carbon_activities')
          .select('org_id')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).org_id;
    expect(await orgOf(before.id)).toBe(birch);
    expect(await orgOf(afterJoining.id)).toBe(birch);
    expect(await orgOf(afterChoosing.id)).toBe(alder);

    // Leaving the primary organisation hands it back to the one left.
    await (
      await h.as('orgadmin')
    ).orgs.removeMember({ orgId: alder, userId: demoUsers.member2.id });
    expect(await slugsOf('member2')).toEqual([['birch', true]]);
    await h.db
      .deleteFrom('carbon_activities')
      .where('user_id', '=', demoUsers.member2.id)
      .execute();
  });
});
