import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDb,
  createGoal,
  createOrganisation,
  insertCarbonActivity,
  setGoalStatus,
  upsertDaySteps,
} from '../src/index.ts';
import type { Db } from '../src/index.ts';
import { createMigratedTestDb } from '../src/testing.ts';
import { carActivity } from './fixtures.ts';

const car = (userId: string, orgId: string | null = null) =>
  carActivity(userId, { org_id: orgId, note: 'to the depot' });

const goal = (db: Db, owner: { userId?: string; orgId?: string }, kind = 'co2e_budget_per_month') =>
  createGoal(db, {
    userId: owner.userId ?? null,
    orgId: owner.orgId ?? null,
    createdBy: owner.userId ?? 'admin',
    title: kind,
    kind,
    definition: {},
    timeZone: 'UTC',
  });

/** Named statements this connection has prepared on the server. */
async function preparedOnServer(db: Db) {
  const r = await sql<{
    n: string;
  }>`select count(*) as n from pg_prepared_statements where name like 'canopy_%'`.execute(db);
  return Number(r.rows[0]!.n);
}

describe('writes that return the goals they may count for', () => {
  let t: Awaited<ReturnType<typeof createMigratedTestDb>>;
  beforeAll(async () => {
    t = await createMigratedTestDb();
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('stores the row with its estimate and returns the active goals that may count it', async () => {
    const org = await createOrganisation(t.db, { slug: 'log-org', name: 'Log Org' });
    const other = await createOrganisation(t.db, { slug: 'log-other', name: 'Other Org' });
    const mine = await goal(t.db, { userId: 'log-u1' });
    const ours = await goal(t.db, { orgId: org.id }, 'steps_per_day');
    await goal(t.db, { userId: 'log-u2' });
    await goal(t.db, { orgId: other.id });
    const cancelled = await goal(t.db, { userId: 'log-u1' });
    await setGoalStatus(t.db, cancelled.id, 'cancelled');

    const { row, goals } = await insertCarbonActivity(t.db, car('log-u1', org.id), {
      orgIds: [org.id],
    });

    expect(row).toMatchObject({
      user_id: 'log-u1',
      org_id: org.id,
      occurred_on: '2026-11-20',
      kg_co2e: 3.06,
      note: 'to the depot',
      source: 'manual',
      activity: { type: 'car', fuel: 'diesel' },
      additional: [],
    });
    expect(row.created_at).toBeInstanceOf(Date);
    expect(goals.map((g) => g.id).sort()).toEqual([mine.id, ours.id].sort());
    expect(goals.find((g) => g.id === ours.id)?.kind).toBe('steps_per_day');

    const stored = await t.db
      .selectFrom('carbon_activities')
      .select(['id', 'total_kg_co2e'])
      .where('user_id', '=', 'log-u1')
      .execute();
    expect(stored).toEqual([{ id: row.id, total_kg_co2e: 3.06 }]);
    // The rollup trigger ran for the single-row statement too.
    const daily = await t.db
      .selectFrom('carbon_daily')
      .select(['kg', 'activities'])
      .where('user_id', '=', 'log-u1')
      .executeTakeFirst();
    expect(daily).toEqual({ kg: 3.06, activities: 1 });
  });

  it('finds no goals for a member without any, and none of an organisation not named', async () => {
    const org = await createOrganisation(t.db, { slug: 'log-quiet', name: 'Quiet Org' });
    await goal(t.db, { orgId: org.id });
    const { goals } = await insertCarbonActivity(t.db, car('log-u3', org.id), { orgIds: [] });
    expect(goals).toEqual([]);
  });

  it('stores nothing when a value is refused, and the next call still works', async () => {
    const bad = { ...car('log-u4'), kg_co2e: -1 };
    await expect(insertCarbonActivity(t.db, bad)).rejects.toThrow(/kg_co2e/);
    const { row } = await insertCarbonActivity(t.db, car('log-u4'));
    const n = await t.db
      .selectFrom('carbon_activities')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('user_id', '=', 'log-u4')
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
    expect(row.kg_co2e).toBe(3.06);
  });

  it('is prepared on the server once per connection, unless turned off', async () => {
    const named = createDb(t.url, { max: 1 });
    const unnamed = createDb(t.url, { max: 1, preparedStatements: false });
    try {
      for (let i = 0; i < 3; i++) {
        await insertCarbonActivity(named, car('log-u5'));
        await insertCarbonActivity(unnamed, car('log-u5'));
      }
      expect(await preparedOnServer(named)).toBe(1);
      expect(await preparedOnServer(unnamed)).toBe(0);
    } finally {
      await named.destroy();
      await unnamed.destroy();
    }
  });

  it("sets one day's steps, again replacing them, with the goals that may count them", async () => {
    const org = await createOrganisation(t.db, { slug: 'steps-org', name: 'Steps Org' });
    const mine = await goal(t.db, { userId: 'steps-u1' }, 'steps_per_day');
    const ours = await goal(t.db, { orgId: org.id }, 'steps_per_week');
    const day = { day: '2026-11-21', steps: 8000, source: 'garmin' };
    const first = await upsertDaySteps(t.db, 'steps-u1', day, { orgIds: [org.id] });
    const again = await upsertDaySteps(
      t.db,
      'steps-u1',
      { ...day, steps: 9500, source: 'manual' },
      { orgIds: [] },
    );
    expect(first.row).toMatchObject({ day: '2026-11-21', steps: 8000, source: 'garmin' });
    expect(first.goals.map((g) => g.id).sort()).toEqual([mine.id, ours.id].sort());
    expect(again.row).toMatchObject({ day: '2026-11-21', steps: 9500, source: 'manual' });
    expect(again.goals.map((g) => g.id)).toEqual([mine.id]);
    const stored = await t.db
      .selectFrom('daily_steps')
      .select(['day', 'steps'])
      .where('user_id', '=', 'steps-u1')
      .execute();
    expect(stored).toEqual([{ day: '2026-11-21', steps: 9500 }]);
  });
});
