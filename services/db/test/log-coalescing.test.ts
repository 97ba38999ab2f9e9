// Logs that arrive while others are being stored go together in one
// statement; each caller still gets its own row, goals and errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDb,
  createGoal,
  createOrganisation,
  insertCarbonActivity,
  logCoalescer,
} from '../src/index.ts';
import type { Db } from '../src/index.ts';
import { createCoalescer } from '../src/coalesce.ts';
import { createMigratedTestDb, holdRollupCell } from '../src/testing.ts';
import { carActivity } from './fixtures.ts';

const car = (userId: string, day: string, orgId: string | null = null) =>
  carActivity(userId, {
    occurred_on: day,
    org_id: orgId,
    additional: [
      {
        label: 'well-to-tank',
        kgCO2e: 0.5,
        scope: 3,
        factor: { id: 'wtt', source: 'DESNZ', edition: '2025', unit: 'km', kgCO2ePerUnit: 0.03 },
      },
    ],
  });

const count = async (db: Db, userId: string) =>
  Number(
    (
      await db
        .selectFrom('carbon_activities')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('carbon logs arriving together', () => {
  let t: Awaited<ReturnType<typeof createMigratedTestDb>>;
  // A handle of its own, so its coalescer's counts are this file's alone.
  let db: Db;
  beforeAll(async () => {
    t = await createMigratedTestDb();
    db = createDb(t.url, { max: 8 });
  });
  afterAll(async () => {
    await db?.destroy();
    await t?.destroy();
  });

  it('go in shared statements, each caller getting its own row and its own goals', async () => {
    const org = await createOrganisation(db, { slug: 'co-org', name: 'Co Org' });
    const orgGoal = await createGoal(db, {
      userId: null,
      orgId: org.id,
      createdBy: 'admin',
      title: 'org budget',
      kind: 'co2e_budget_per_month',
      definition: {},
      timeZone: 'UTC',
    });
    const before = { ...logCoalescer(db).stats };
    const days = Array.from({ length: 24 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
    // Half the calls are a member of the organisation, half are not.
    const results = await Promise.all(
      days.map((day, i) =>
        i % 2 === 0
          ? insertCarbonActivity(db, car('co-in', day, org.id), { orgIds: [org.id] })
          : insertCarbonActivity(db, car('co-out', day), { orgIds: [] }),
      ),
    );
    const { batches, batched } = logCoalescer(db).stats;
    expect(batches - before.batches).toBeGreaterThan(0);
    expect(batched - before.batched).toBeGreaterThan(days.length / 2);

    results.forEach(({ row, goals }, i) => {
      expect(row.occurred_on).toBe(days[i]);
      expect(row.user_id).toBe(i % 2 === 0 ? 'co-in' : 'co-out');
      expect(row.additional).toEqual([expect.objectContaining({ label: 'well-to-tank' })]);
      expect(goals).toEqual(i % 2 === 0 ? [{ id: orgGoal.id, kind: 'co2e_budget_per_month' }] : []);
    });
    expect(new Set(results.map((r) => r.row.id)).size).toBe(days.length);
    expect(await count(db, 'co-in')).toBe(12);
    expect(await count(db, 'co-out')).toBe(12);
    // The rollups count every batched row once, extra line included.
    const month = await db
      .selectFrom('carbon_monthly')
      .select(['kg', 'activities'])
      .where('user_id', '=', 'co-in')
      .execute();
    expect(month).toEqual([{ kg: expect.closeTo(12 * 3.56, 9), activities: 12 }]);
  });

  it('fails only the call that was refused, and stores every other one once', async () => {
    const calls = Array.from({ length: 12 }, (_, i) => {
      const row = car('co-mixed', `2026-10-${String(i + 1).padStart(2, '0')}`);
      // A value the database refuses (the source check).
      return i === 7 ? { ...row, source: 'bogus' as never } : row;
    });
    const settled = await Promise.allSettled(calls.map((row) => insertCarbonActivity(db, row)));
    expect(settled.map((s) => s.status)).toEqual(
      calls.map((_, i) => (i === 7 ? 'rejected' : 'fulfilled')),
    );
    expect(String((settled[7] as PromiseRejectedResult).reason)).toMatch(/source/);
    expect(await count(db, 'co-mixed')).toBe(11);
  });

  it("does not hold up one member's log behind another's that waits on a lock", async () => {
    // Another transaction holds member A's rollup cell for a day: A's logs
    // for that day wait for it, and take every running slot.
    const cell = await holdRollupCell(db, {
      user_id: 'co-a',
      day: '2026-08-01',
      category: 'car',
      scope: 3,
    });
    const stuck = [1, 2, 3].map(() => insertCarbonActivity(db, car('co-a', '2026-08-01')));
    const other = await insertCarbonActivity(db, car('co-b', '2026-08-01'));
    expect(other.row.user_id).toBe('co-b');
    expect(await count(db, 'co-a')).toBe(0);
    await cell.release();
    await Promise.all(stuck);
    expect(await count(db, 'co-a')).toBe(3);
  });

  it('runs inside a transaction in order, and leaves nothing when it rolls back', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await Promise.all([
          insertCarbonActivity(trx, car('co-trx', '2026-09-01')),
          insertCarbonActivity(trx, car('co-trx', '2026-09-02')),
        ]);
        expect(await count(trx, 'co-trx')).toBe(2);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await count(db, 'co-trx')).toBe(0);
  });
});

describe('the coalescer', () => {
  it('runs calls on their own while few are running, and gathers the rest', async () => {
    const statements: number[][] = [];
    const release: (() => void)[] = [];
    const c = createCoalescer<number, number>({
      one: async (n) => {
        statements.push([n]);
        await new Promise<void>((r) => release.push(r));
        return n * 10;
      },
      many: async (ns) => {
        statements.push(ns);
        return ns.map((n) => n * 10);
      },
      maxInFlight: 2,
      maxBatch: 3,
      maxWaitMs: 60_000,
    });
    const answers = Promise.all([1, 2, 3, 4, 5, 6].map((n) => c.submit(n)));
    // Two run at once; the others wait.
    expect(statements).toEqual([[1], [2]]);
    release.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    // One finished: up to three waiting calls go together, and when that
    // batch is done the rest follow.
    expect(statements.slice(2)).toEqual([[3, 4, 5], [6]]);
    for (const r of release.splice(0)) r();
    await new Promise((r) => setTimeout(r, 0));
    for (const r of release.splice(0)) r();
    expect(await answers).toEqual([10, 20, 30, 40, 50, 60]);
    // What the API's /metrics reports.
    expect(c.stats).toEqual({ single: 3, batches: 1, batched: 3, overdue: 0, refusedBatches: 0 });
  });

  it("tries a refused batch's calls one by one, and fails only the bad one", async () => {
    const release: (() => void)[] = [];
    const c = createCoalescer<number, number>({
      one: async (n) => {
        if (n === 1) await new Promise<void>((r) => release.push(r));
        if (n === 3) throw new Error('3 is refused');
        return n;
      },
      many: async (ns) => {
        if (ns.includes(3)) throw new Error('batch refused');
        return ns;
      },
      maxInFlight: 1,
      maxBatch: 10,
      maxWaitMs: 60_000,
    });
    const settled = Promise.allSettled([1, 2, 3, 4].map((n) => c.submit(n)));
    release.shift()!();
    expect((await settled).map((s) => (s.status === 'fulfilled' ? s.value : 'refused'))).toEqual([
      1,
      2,
      'refused',
      4,
    ]);
    expect(c.stats).toEqual({ single: 4, batches: 1, batched: 3, overdue: 0, refusedBatches: 1 });
  });

  it('sends a waiting call anyway when the running statements take too long', async () => {
    const started: number[] = [];
    const c = createCoalescer<number, number>({
      one: async (n) => {
        started.push(n);
        // The first two never finish on their own: stuck on a lock.
        if (n <= 2) await new Promise(() => {});
        return n;
      },
      many: async (ns) => ns,
      maxInFlight: 2,
      maxBatch: 10,
      maxWaitMs: 20,
    });
    void c.submit(1);
    void c.submit(2);
    const third = c.submit(3);
    expect(started).toEqual([1, 2]);
    expect(await third).toBe(3);
    expect(started).toEqual([1, 2, 3]);
    expect(c.stats).toMatchObject({ single: 3, overdue: 1 });
  });
});
