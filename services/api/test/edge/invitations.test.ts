// Black-box, over HTTP, against the real API process: an org admin's
// invitation makes nobody a member, shows nothing of the invitee, and only the
// invitee can answer it; a member's new activity counts for the organisation
// they chose, never for one they merely joined.
import { demoUsers } from '@canopy/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveApi, TrpcAnswer } from './live-api.ts';
import { startLiveApi, tokenFor, trpc } from './live-api.ts';

type Who = 'member' | 'member2' | 'orgadmin' | 'shopadmin' | 'platformadmin';

interface Invitation {
  id: string;
  email: string;
  role: string;
  invitedBy: string;
  createdAt: Date;
  expiresAt: Date;
  status: string;
}
interface Profile {
  organisations: { orgId: string; slug: string; primary: boolean }[];
}
interface PooledReport {
  periods: { period: string; members: number | null; total: { kg: number | null } }[];
}

/** `YYYY-MM` of the month `back` months before the current one (UTC). */
function monthBefore(back: number) {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  return d.toISOString().slice(0, 7);
}

describe('invitations and attribution, black-box', () => {
  let api: LiveApi;
  const tokens = new Map<Who, string>();
  let alder: string;
  let birch: string;

  const call = async <T>(
    who: Who,
    kind: 'query' | 'mutation',
    path: string,
    input?: unknown,
  ): Promise<TrpcAnswer<T>> => trpc<T>(api.url, kind, path, input, tokens.get(who));
  const ok = async <T>(who: Who, kind: 'query' | 'mutation', path: string, input?: unknown) => {
    const answer = await call<T>(who, kind, path, input);
    expect(answer.error, `${who} ${path}`).toBeUndefined();
    return answer.data as T;
  };
  const logCar = async (who: Who, occurredOn: string, km: number) =>
    ok<{ id: string; totalKgCO2e: number }>(who, 'mutation', 'carbon.log', {
      occurredOn,
      activity: { type: 'car', distance: { value: km, unit: 'km' }, fuel: 'petrol' },
    });
  const orgOfActivity = async (id: string) =>
    (
      await api.db
        .selectFrom('carbon_activities')
        .select('org_id')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).org_id;
  const alderMonth = async (month: string) =>
    (
      await ok<PooledReport>('orgadmin', 'query', 'reports.orgEmissions', {
        orgId: alder,
        granularity: 'month',
        from: month,
        to: month,
      })
    ).periods[0]!;

  beforeAll(async () => {
    api = await startLiveApi();
    for (const who of ['member', 'member2', 'orgadmin', 'shopadmin', 'platformadmin'] as const) {
      tokens.set(who, await tokenFor(who));
    }
    const orgs = await api.db.selectFrom('organisations').select(['id', 'slug']).execute();
    alder = orgs.find((o) => o.slug === 'alder')!.id;
    birch = orgs.find((o) => o.slug === 'birch')!.id;
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('invites without joining anyone, answers alike for any address, and only the invitee answers', async () => {
    const invite = (email: string) =>
      ok<Invitation>('orgadmin', 'mutation', 'orgs.invite', { orgId: alder, email });
    const known = await invite('member2@canopy.test');
    const unknown = await invite(`nobody-${Date.now()}@example.test`);
    const sameness = (i: Invitation) => ({
      keys: Object.keys(i).sort(),
      role: i.role,
      status: i.status,
      invitedBy: i.invitedBy,
    });
    expect(sameness(known)).toEqual(sameness(unknown));
    expect(known.status).toBe('pending');

    // Not a member, not listed, and their own view of themselves unchanged.
    const me2 = await ok<Profile>('member2', 'query', 'me.get');
    expect(me2.organisations.map((o) => o.slug)).toEqual(['birch']);
    const members = await ok<{ userId: string; email: string | null }[]>(
      'orgadmin',
      'query',
      'orgs.members',
      { orgId: alder },
    );
    expect(members.map((m) => m.userId)).not.toContain(demoUsers.member2.id);
    expect(members.map((m) => m.email)).not.toContain('member2@canopy.test');
    expect(
      await api.db
        .selectFrom('memberships')
        .select('org_id')
        .where('user_id', '=', demoUsers.member2.id)
        .execute(),
    ).toEqual([{ org_id: birch }]);

    // Only the invitee sees it; nobody else can answer it, admins included.
    const mine = await ok<{ id: string; orgName: string }[]>(
      'member2',
      'query',
      'orgs.invitations.mine',
    );
    expect(mine.map((i) => [i.id, i.orgName])).toEqual([[known.id, 'Alder & Co']]);
    for (const who of ['member', 'orgadmin', 'platformadmin'] as const) {
      expect(await ok<unknown[]>(who, 'query', 'orgs.invitations.mine')).toEqual([]);
      for (const answer of ['accept', 'decline']) {
        const refused = await call(who, 'mutation', `orgs.invitations.${answer}`, {
          invitationId: known.id,
        });
        expect(refused.status, `${who} ${answer}`).toBe(404);
        expect(refused.error?.message).toBe(
          'invitationId: you have no pending invitation with that id',
        );
      }
    }

    // member2 says no: the organisation still sees it as unanswered, and it cannot be taken back.
    expect(
      await ok('member2', 'mutation', 'orgs.invitations.decline', { invitationId: known.id }),
    ).toEqual({ declined: true });
    const listed = await ok<Invitation[]>('orgadmin', 'query', 'orgs.invitations.list', {
      orgId: alder,
    });
    expect(listed.find((i) => i.id === known.id)?.status).toBe('pending');
    expect(
      (await call('member2', 'mutation', 'orgs.invitations.accept', { invitationId: known.id }))
        .status,
    ).toBe(404);
    expect((await ok<Profile>('member2', 'query', 'me.get')).organisations).toHaveLength(1);
  });

  it('counts a new member for the organisation they choose, from then on only', async () => {
    // The admin withdraws the old invitation and asks again; this time member2 accepts.
    for (const i of await ok<Invitation[]>('orgadmin', 'query', 'orgs.invitations.list', {
      orgId: alder,
    })) {
      await ok('orgadmin', 'mutation', 'orgs.revokeInvitation', {
        orgId: alder,
        invitationId: i.id,
      });
    }
    const invitation = await ok<Invitation>('orgadmin', 'mutation', 'orgs.invite', {
      orgId: alder,
      email: 'member2@canopy.test',
    });
    expect(
      await ok('member2', 'mutation', 'orgs.invitations.accept', { invitationId: invitation.id }),
    ).toEqual({ orgId: alder, role: 'member' });
    const joined = await ok<Profile>('member2', 'query', 'me.get');
    expect(joined.organisations.map((o) => [o.slug, o.primary])).toEqual([
      ['birch', true],
      ['alder', false],
    ]);
    expect(
      (await ok<{ userId: string }[]>('orgadmin', 'query', 'orgs.members', { orgId: alder })).map(
        (m) => m.userId,
      ),
    ).toContain(demoUsers.member2.id);

    // Joined but Birch is still primary: their new activity stays out of Alder's figures.
    const earlier = monthBefore(2);
    const alderEarlier = [
      await logCar('member', `${earlier}-10`, 10),
      await logCar('orgadmin', `${earlier}-11`, 20),
      await logCar('shopadmin', `${earlier}-12`, 30),
    ];
    const whileBirch = await logCar('member2', `${earlier}-13`, 400);
    expect(await orgOfActivity(whileBirch.id)).toBe(birch);
    const report = await alderMonth(earlier);
    expect(report.members).toBe(3);
    expect(report.total.kg).toBeCloseTo(
      alderEarlier.reduce((sum, a) => sum + a.totalKgCO2e, 0),
      6,
    );

    // Only a member's own organisations can be chosen.
    const refused = await call('member', 'mutation', 'me.setPrimaryOrg', { orgId: birch });
    expect(refused.status).toBe(404);
    expect(refused.error?.message).toBe('orgId: you are not a member of that organisation');
    const malformed = await call('member2', 'mutation', 'me.setPrimaryOrg', { orgId: 'alder' });
    expect(malformed.status).toBe(400);
    expect(malformed.error?.data?.fieldErrors?.orgId).toBeDefined();

    // member2 makes Alder primary: what they log now counts for Alder, what they logged before does not move.
    const chosen = await ok<Profile>('member2', 'mutation', 'me.setPrimaryOrg', { orgId: alder });
    expect(chosen.organisations.map((o) => [o.slug, o.primary])).toEqual([
      ['alder', true],
      ['birch', false],
    ]);
    const later = monthBefore(1);
    const alderLater = [
      await logCar('member', `${later}-10`, 15),
      await logCar('orgadmin', `${later}-11`, 25),
      await logCar('member2', `${later}-12`, 35),
    ];
    expect(await orgOfActivity(alderLater[2]!.id)).toBe(alder);
    expect(await orgOfActivity(whileBirch.id)).toBe(birch);
    const laterReport = await alderMonth(later);
    expect(laterReport.members).toBe(3);
    expect(laterReport.total.kg).toBeCloseTo(
      alderLater.reduce((sum, a) => sum + a.totalKgCO2e, 0),
      6,
    );
  });
});
