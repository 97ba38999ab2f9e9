import { demoUsers, findOrganisationBySlug, listAuditForOrganisation } from '@canopy/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.ts';
import { createHarness } from './harness.ts';

describe('orgs router', () => {
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

  it('lets a platform admin create an organisation, once per slug', async () => {
    const admin = await h.as('platformadmin');
    const org = await admin.orgs.create({ slug: 'cedar', name: 'Cedar Group' });
    expect(org).toMatchObject({ slug: 'cedar', name: 'Cedar Group' });
    await expect(admin.orgs.create({ slug: 'cedar', name: 'Again' })).rejects.toThrow(
      /slug: "cedar" is taken/,
    );
    await expect(admin.orgs.create({ slug: 'Bad Slug', name: 'x' })).rejects.toThrow(/slug/);
    expect((await listAuditForOrganisation(h.db, org.id)).map((a) => a.action)).toEqual([
      'org.create',
    ]);
  });

  it('refuses organisation creation to everyone else', async () => {
    await expect(
      (await h.as('orgadmin')).orgs.create({ slug: 'x-org', name: 'X' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      (await h.as(null)).orgs.create({ slug: 'x-org', name: 'X' }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it("shows an org admin their organisation's members, and nobody else's", async () => {
    const admin = await h.as('orgadmin');
    const members = await admin.orgs.members({ orgId: alder });
    expect(members.map((m) => m.userId).sort()).toEqual(
      [
        demoUsers.member.id,
        demoUsers.orgadmin.id,
        demoUsers.shopadmin.id,
        demoUsers.platformadmin.id,
      ].sort(),
    );
    await expect(admin.orgs.members({ orgId: birch })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await h.as('member')).orgs.members({ orgId: alder })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(admin.orgs.members({ orgId: 'not-a-uuid' })).rejects.toThrow(/orgId/);
  });

  it('records an invitation without making anyone a member', async () => {
    const admin = await h.as('orgadmin');
    const invitation = await admin.orgs.invite({ orgId: alder, email: 'Member2@Canopy.test' });
    expect(invitation).toMatchObject({ email: 'member2@canopy.test', status: 'pending' });
    expect(await admin.orgs.invitations.list({ orgId: alder })).toHaveLength(1);
    await expect(admin.orgs.invite({ orgId: alder, email: 'not-an-address' })).rejects.toThrow(
      /email/,
    );
    // Signing in takes up nothing: the invitee answers in orgs.invitations (invitations.test.ts).
    const me = await (await h.as('member2')).me.get();
    expect(me.organisations.map((o) => o.slug)).toEqual(['birch']);
    expect((await admin.orgs.members({ orgId: alder })).map((m) => m.userId)).not.toContain(
      demoUsers.member2.id,
    );
    await admin.orgs.revokeInvitation({ orgId: alder, invitationId: invitation.id });
  });

  it('changes roles and keeps at least one org admin', async () => {
    const admin = await h.as('orgadmin');
    await admin.orgs.setRole({ orgId: alder, userId: demoUsers.member.id, role: 'org-admin' });
    await admin.orgs.setRole({ orgId: alder, userId: demoUsers.member.id, role: 'member' });
    await expect(
      admin.orgs.setRole({ orgId: alder, userId: demoUsers.orgadmin.id, role: 'member' }),
    ).rejects.toThrow(/at least one org admin/);
    await expect(
      admin.orgs.removeMember({ orgId: alder, userId: demoUsers.orgadmin.id }),
    ).rejects.toThrow(/last org admin/);
    await expect(
      admin.orgs.setRole({ orgId: alder, userId: 'nobody', role: 'member' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const actions = (await listAuditForOrganisation(h.db, alder)).map((a) => a.action);
    expect(actions.filter((a) => a === 'org.member.role')).toHaveLength(2);
    expect(actions).toContain('org.invite');
    expect(actions).toContain('org.invitation.revoke');
  });

  it('revokes an open invitation, once', async () => {
    const admin = await h.as('orgadmin');
    const invitation = await admin.orgs.invite({
      orgId: alder,
      email: 'someone@example.test',
      role: 'org-admin',
    });
    expect(
      await admin.orgs.revokeInvitation({ orgId: alder, invitationId: invitation.id }),
    ).toEqual({ revoked: true });
    await expect(
      admin.orgs.revokeInvitation({ orgId: alder, invitationId: invitation.id }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
