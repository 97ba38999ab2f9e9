import { demoUsers, findOrganisationBySlug } from '@canopy/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.ts';
import { createHarness } from './harness.ts';

// Friday 20 November 2026, midday UTC.
const now = () => new Date('2026-11-20T12:00:00Z');

describe('goals router', () => {
  let h: Harness;
  let alder: string;
  beforeAll(async () => {
    h = await createHarness();
    alder = (await findOrganisationBySlug(h.db, 'alder'))!.id;
    await h.db
      .insertInto('daily_steps')
      .values([
        { user_id: demoUsers.member.id, day: '2026-11-20', steps: 12_000 },
        { user_id: demoUsers.member.id, day: '2026-11-19', steps: 4_000 },
        { user_id: demoUsers.orgadmin.id, day: '2026-11-18', steps: 30_000 },
        { user_id: demoUsers.member2.id, day: '2026-11-18', steps: 99_000 },
      ])
      .execute();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates a personal steps goal with the member’s defaults and reports progress from stored steps', async () => {
    const member = await h.as('member', now);
    const goal = await member.goals.create({
      title: '10k a day',
      definition: { kind: 'steps_per_day', target: 10_000, startDate: '2026-11-19' },
    });
    expect(goal).toMatchObject({ scope: 'personal', kind: 'steps_per_day', status: 'active' });
    expect(goal.definition).toMatchObject({ timeZone: 'UTC', startDate: '2026-11-19' });

    const progress = await member.goals.progress({ goalId: goal.id });
    expect(progress.value).toBe(12_000);
    expect(progress.achieved).toBe(true);
    expect(progress.progress).toBeCloseTo(1.2, 9);
    // 19 Nov fell short, so today's success is a streak of one.
    expect(progress.streak).toBe(1);
    expect(progress.periods.map((p) => [p.start, p.achieved])).toEqual([
      ['2026-11-19', false],
      ['2026-11-20', true],
    ]);
  });

  it('previews a definition without saving it', async () => {
    const member = await h.as('member', now);
    const before = (await member.goals.list()).length;
    const preview = await member.goals.preview({
      definition: { kind: 'steps_per_week', target: 20_000, startDate: '2026-11-16' },
    });
    // ISO week of 16–22 Nov: 4,000 + 12,000.
    expect(preview.value).toBe(16_000);
    expect(preview.achieved).toBe(false);
    expect((await member.goals.list()).length).toBe(before);
  });

  it('names the field of a bad definition and stores nothing', async () => {
    const member = await h.as('member', now);
    const count = async () =>
      Number(
        (
          await h.db
            .selectFrom('goals')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    await expect(
      member.goals.create({ title: 'x', definition: { kind: 'steps_per_day', target: -5 } }),
    ).rejects.toThrow(/definition\.target/);
    await expect(
      member.goals.create({ title: 'x', definition: { kind: 'fly_to_moon' } }),
    ).rejects.toThrow(/definition\.kind/);
    await expect(
      member.goals.create({
        title: 'x',
        definition: { kind: 'steps_per_day', target: 5, timeZone: 'Nowhere/Land' },
      }),
    ).rejects.toThrow(/definition\.timeZone/);
    await expect(
      member.goals.create({ title: '', definition: { kind: 'steps_per_day', target: 5 } }),
    ).rejects.toThrow(/title/);
    expect(await count()).toBe(before);
  });

  it('keeps goals private to their owner', async () => {
    const member = await h.as('member', now);
    const goal = await member.goals.create({
      title: 'mine',
      definition: { kind: 'sessions_per_week', target: 3 },
    });
    const other = await h.as('member2', now);
    await expect(other.goals.get({ goalId: goal.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(other.goals.progress({ goalId: goal.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(other.goals.cancel({ goalId: goal.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await other.goals.list()).map((g) => g.id)).not.toContain(goal.id);
    expect((await member.goals.cancel({ goalId: goal.id })).status).toBe('cancelled');
  });

  it('runs an org-wide goal over every member’s activity, cancelled only by its org admins', async () => {
    const admin = await h.as('orgadmin', now);
    const goal = await admin.goals.createForOrg({
      orgId: alder,
      title: 'Alder walks 40k this week',
      definition: { kind: 'steps_per_week', target: 40_000, startDate: '2026-11-16' },
    });
    expect(goal).toMatchObject({ scope: 'organisation', orgId: alder });

    const member = await h.as('member', now);
    expect((await member.goals.list()).map((g) => g.id)).toContain(goal.id);
    // Only member and orgadmin walked: a figure about two people is withheld, with the reason.
    const small = await member.goals.progress({ goalId: goal.id });
    expect(small).toMatchObject({
      value: null,
      progress: null,
      achieved: null,
      status: 'withheld',
      streak: null,
      withheld: 'fewer than 3 members',
    });
    expect(small.periods.at(-1)).toMatchObject({ value: null, withheld: 'fewer than 3 members' });

    // A third walker: member 16,000 + orgadmin 30,000 + shopadmin 1,000; member2 (Birch) does not count.
    await h.db
      .insertInto('daily_steps')
      .values({ user_id: demoUsers.shopadmin.id, day: '2026-11-17', steps: 1_000 })
      .execute();
    const progress = await member.goals.progress({ goalId: goal.id });
    expect(progress).toMatchObject({ value: 47_000, achieved: true, withheld: null });

    await expect(member.goals.cancel({ goalId: goal.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      member.goals.createForOrg({
        orgId: alder,
        title: 'x',
        definition: { kind: 'steps_per_week', target: 1 },
      }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect((await h.as('member2', now)).goals.get({ goalId: goal.id })).rejects.toMatchObject(
      { code: 'NOT_FOUND' },
    );
    expect((await admin.goals.cancelForOrg({ orgId: alder, goalId: goal.id })).status).toBe(
      'cancelled',
    );
  });
});
