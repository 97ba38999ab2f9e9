// Black-box, over HTTP: another person's ids get a caller nothing. Member
// (Alder) owns a carbon log, a training session, a goal, an import and an
// order; member2 (Birch), Alder's org admin and the platform admin try every procedure that
// takes such an id. Each answer is a 404 that looks like a missing record —
// not a 403 that confirms the id exists — and the owner's records are as
// they were.
import { demoUsers } from '@canopy/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveApi } from './live-api.ts';
import { startLiveApi, tokenFor, trpc } from './live-api.ts';

interface Owned {
  activityId: string;
  sessionId: string;
  goalId: string;
  importId: string;
  orderId: string;
}

describe('another person’s records, black-box', () => {
  let api: LiveApi;
  let owner: string;
  const owned = {} as Owned;
  const call = (kind: 'query' | 'mutation', path: string, input: unknown, token: string) =>
    trpc<Record<string, unknown>>(api.url, kind, path, input, token);
  const orgIdOf = async (slug: string) =>
    (
      await api.db
        .selectFrom('organisations')
        .select('id')
        .where('slug', '=', slug)
        .executeTakeFirstOrThrow()
    ).id;

  beforeAll(async () => {
    api = await startLiveApi();
    owner = await tokenFor('member');
    const logged = await call(
      'mutation',
      'carbon.log',
      {
        occurredOn: '2026-11-02',
        activity: { type: 'car', distance: { value: 40, unit: 'km' }, fuel: 'petrol' },
        note: 'mine',
      },
      owner,
    );
    owned.activityId = logged.data!.id as string;
    const session = await call(
      'mutation',
      'training.sessions.create',
      { startedAt: '2026-11-02T07:00:00Z', type: 'run', durationMin: 45, rpe: 6, distanceKm: 9 },
      owner,
    );
    owned.sessionId = session.data!.id as string;
    const goal = await call(
      'mutation',
      'goals.create',
      {
        title: 'Walk more',
        definition: { kind: 'steps_per_day', target: 8000, startDate: '2026-11-01' },
      },
      owner,
    );
    owned.goalId = goal.data!.id as string;
    const upload = await call(
      'mutation',
      'carbon.importUploadUrl',
      { fileName: 'mine.csv', size: 100 },
      owner,
    );
    owned.importId = upload.data!.importId as string;
    // An order as checkout leaves it, written directly: this API's checkout
    // would hand it to the stack's payment worker, which reads another database.
    owned.orderId = (
      await api.db
        .insertInto('orders')
        .values({ user_id: demoUsers.member.id, currency: 'GBP', total_minor: 1200 })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    for (const [name, id] of Object.entries(owned)) expect(id, name).toMatch(/^[0-9a-f-]{36}$/);
  });
  afterAll(async () => {
    await api?.stop();
  });

  const attempts = (o: Owned): [kind: 'query' | 'mutation', path: string, input: unknown][] => [
    ['mutation', 'carbon.update', { id: o.activityId, note: 'not yours' }],
    ['mutation', 'carbon.delete', { id: o.activityId }],
    ['mutation', 'training.sessions.update', { id: o.sessionId, durationMin: 1 }],
    ['mutation', 'training.sessions.delete', { id: o.sessionId }],
    ['query', 'goals.get', { goalId: o.goalId }],
    ['query', 'goals.progress', { goalId: o.goalId }],
    ['mutation', 'goals.cancel', { goalId: o.goalId }],
    ['query', 'carbon.importStatus', { importId: o.importId }],
    ['mutation', 'carbon.importStart', { importId: o.importId }],
    ['query', 'training.importStatus', { importId: o.importId }],
    ['query', 'shop.orders.get', { id: o.orderId }],
    ['query', 'shop.checkout.status', { orderId: o.orderId }],
  ];

  // The shop admin is left out on purpose: they see every order (shop.orders.all).
  it.each(['member2', 'orgadmin', 'platformadmin'] as const)(
    'answers %s as if the records did not exist',
    async (who) => {
      const token = await tokenFor(who);
      const outcomes: string[] = [];
      for (const [kind, path, input] of attempts(owned)) {
        const res = await call(kind, path, input, token);
        if (res.status !== 404) outcomes.push(`${path}: ${res.status} ${res.error?.message}`);
      }
      expect(outcomes).toEqual([]);
    },
  );

  it('answers an id that never existed the same way, so ids cannot be probed', async () => {
    const token = await tokenFor('member2');
    const missing = '00000000-0000-4000-8000-000000000000';
    const real = await call('query', 'goals.get', { goalId: owned.goalId }, token);
    const none = await call('query', 'goals.get', { goalId: missing }, token);
    expect(real.status).toBe(none.status);
    expect(real.error?.message).toBe(none.error?.message);
  });

  it("leaves the owner's records as they were", async () => {
    const list = await call(
      'query',
      'carbon.list',
      { from: '2026-11-01', to: '2026-11-30' },
      owner,
    );
    const items = (list.data as { items: { id: string; note: string | null }[] }).items;
    expect(items.find((i) => i.id === owned.activityId)?.note).toBe('mine');
    const sessions = await call(
      'query',
      'training.sessions.list',
      { from: '2026-11-01', to: '2026-11-30' },
      owner,
    );
    const sessionItems = (sessions.data as { items: { id: string; durationMin: number }[] }).items;
    expect(sessionItems.find((s) => s.id === owned.sessionId)?.durationMin).toBe(45);
    const goal = await call('query', 'goals.get', { goalId: owned.goalId }, owner);
    expect(goal.data).toMatchObject({ status: 'active' });
    const order = await call('query', 'shop.orders.get', { id: owned.orderId }, owner);
    expect(order.status).toBe(200);
  });

  it('does not let an org admin act on a member of another organisation', async () => {
    const admin = await tokenFor('orgadmin');
    const [alder, birch] = [await orgIdOf('alder'), await orgIdOf('birch')];
    for (const [path, input] of [
      ['orgs.setRole', { role: 'org-admin' }],
      ['orgs.removeMember', {}],
    ] as const) {
      // Naming their own organisation: member2 is not in it.
      const res = await call(
        'mutation',
        path,
        { orgId: alder, userId: demoUsers.member2.id, ...input },
        admin,
      );
      expect(res.status, `${path}: ${res.error?.message}`).toBe(404);
    }
    const members = await call('query', 'orgs.members', { orgId: birch }, admin);
    expect(members.status).toBe(403);
    const stillThere = await api.db
      .selectFrom('memberships')
      .select('role')
      .where('user_id', '=', demoUsers.member2.id)
      .where('org_id', '=', birch)
      .executeTakeFirst();
    expect(stillThere?.role).toBe('member');
  });

  it("does not let an org admin reach another organisation's goals, invitations or reports by id", async () => {
    const admin = await tokenFor('orgadmin');
    const [alder, birch] = [await orgIdOf('alder'), await orgIdOf('birch')];
    // Birch's own records, as its admins and worker would leave them.
    const goal = await api.db
      .insertInto('goals')
      .values({
        org_id: birch,
        user_id: null,
        created_by: demoUsers.member2.id,
        title: 'Birch walks',
        kind: 'steps_per_day',
        definition: { kind: 'steps_per_day', target: 5000 },
        time_zone: 'UTC',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const invitation = await api.db
      .insertInto('invitations')
      .values({
        org_id: birch,
        email: 'someone@birch.example',
        role: 'member',
        invited_by: demoUsers.member2.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const report = await api.db
      .insertInto('org_reports')
      .values({
        org_id: birch,
        month: '2026-10-01',
        bucket: 'reports',
        csv_key: `birch/2026-10.csv`,
        html_key: `birch/2026-10.html`,
        members: 5,
        total_kg: 120,
        withheld: false,
        min_group_size: 3,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const tries: [kind: 'query' | 'mutation', path: string, input: Record<string, unknown>][] = [
      ['mutation', 'goals.cancelForOrg', { goalId: goal.id }],
      ['mutation', 'orgs.revokeInvitation', { invitationId: invitation.id }],
      ['query', 'reports.monthly.download', { reportId: report.id, format: 'csv' }],
    ];
    for (const [kind, path, input] of tries) {
      // Naming their own organisation: the record is not in it.
      const own = await call(kind, path, { orgId: alder, ...input }, admin);
      expect(own.status, path).toBe(404);
      // Naming Birch: they do not administer it.
      const other = await call(kind, path, { orgId: birch, ...input }, admin);
      expect(other.status, path).toBe(403);
    }
    const still = await api.db
      .selectFrom('goals')
      .select('status')
      .where('id', '=', goal.id)
      .executeTakeFirstOrThrow();
    expect(still.status).toBe('active');
    const pending = await api.db
      .selectFrom('invitations')
      .select('id')
      .where('id', '=', invitation.id)
      .executeTakeFirst();
    expect(pending?.id).toBe(invitation.id);
  });
});
