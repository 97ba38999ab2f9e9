import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDown, migrateToLatest, summarizeCarbon, wholeMonths } from '../src/index.ts';
import { createMigratedTestDb } from '../src/testing.ts';

function row(
  day: string,
  category: string,
  scope: 1 | 2 | 3,
  kg: number,
  additional: unknown[] = [],
) {
  return {
    user_id: 'u1',
    org_id: null,
    occurred_on: day,
    category,
    activity: { type: category },
    kg_co2e: kg,
    total_kg_co2e: kg,
    scope,
    factor_id: 'f',
    factor_source: 'DESNZ',
    factor_edition: '2026',
    factor_unit: 'kWh',
    factor_kg_per_unit: 1,
    quantity_value: kg,
    quantity_unit: 'kWh',
    additional: sql`${JSON.stringify(additional)}::jsonb` as unknown as never,
  };
}

describe('the daily carbon rollup', () => {
  let t: Awaited<ReturnType<typeof createMigratedTestDb>>;
  beforeAll(async () => {
    t = await createMigratedTestDb();
  });
  afterAll(async () => {
    await t?.destroy();
  });

  /** The same figures computed straight from the activities, extra lines included. */
  async function direct() {
    const r = await sql<{ day: string; category: string; scope: number; kg: number }>`
      select occurred_on::text as day, category, scope::int as scope, sum(kg)::float8 as kg from (
        select occurred_on, category, scope, kg_co2e as kg from carbon_activities
        union all
        select occurred_on, category, (l ->> 'scope')::int, (l ->> 'kgCO2e')::float8
        from carbon_activities cross join lateral jsonb_array_elements(additional) l
      ) x group by 1, 2, 3 order by 1, 2, 3`.execute(t.db);
    return r.rows;
  }
  async function rollup() {
    const r = await sql<{ day: string; category: string; scope: number; kg: number }>`
      select day::text as day, category, scope::int as scope, kg from carbon_daily
      where activities > 0 or abs(kg) > 1e-9 order by 1, 2, 3`.execute(t.db);
    return r.rows;
  }

  /** The monthly rollup, and the same straight from the activities. */
  async function monthly() {
    const r = await sql<{ month: string; category: string; scope: number; kg: number }>`
      select month::text as month, category, scope::int as scope, kg from carbon_monthly
      where activities > 0 or abs(kg) > 1e-9 order by 1, 2, 3`.execute(t.db);
    return r.rows;
  }
  async function directMonthly() {
    const byMonth = new Map<
      string,
      { month: string; category: string; scope: number; kg: number }
    >();
    for (const line of await direct()) {
      const key = `${line.day.slice(0, 7)}|${line.category}|${line.scope}`;
      const cell = byMonth.get(key) ?? {
        month: `${line.day.slice(0, 7)}-01`,
        category: line.category,
        scope: line.scope,
        kg: 0,
      };
      cell.kg += line.kg;
      byMonth.set(key, cell);
    }
    return [...byMonth.values()]
      .filter((c) => Math.abs(c.kg) > 1e-9)
      .sort((a, b) => (a.month + a.category + a.scope < b.month + b.category + b.scope ? -1 : 1));
  }
  async function bothMatch() {
    expect(await rollup()).toEqual(await direct());
    const months = await monthly();
    const expected = await directMonthly();
    const cellOf = (c: { month: string; category: string; scope: number }) =>
      `${c.month} ${c.category} ${c.scope}`;
    expect(months.map(cellOf)).toEqual(expected.map(cellOf));
    months.forEach((m, i) => expect(m.kg).toBeCloseTo(expected[i]!.kg, 9));
  }

  it('follows inserts, updates and deletes, extra lines included', async () => {
    const td = { label: 'T&D', kgCO2e: 0.5, scope: 3, factor: {} };
    const [a, b] = await t.db
      .insertInto('carbon_activities')
      .values([
        row('2026-11-02', 'electricity', 2, 10, [td]),
        row('2026-11-02', 'electricity', 2, 4, [td]),
        row('2026-11-03', 'car', 3, 7),
      ])
      .returning('id')
      .execute();
    await bothMatch();

    await t.db
      .updateTable('carbon_activities')
      .set({ occurred_on: '2026-11-09', kg_co2e: 12 })
      .where('id', '=', a!.id)
      .execute();
    await bothMatch();
    // Into another month and back: both months' cells follow.
    await t.db
      .updateTable('carbon_activities')
      .set({ occurred_on: '2026-10-31' })
      .where('id', '=', a!.id)
      .execute();
    await bothMatch();
    await t.db
      .updateTable('carbon_activities')
      .set({ occurred_on: '2026-11-09' })
      .where('id', '=', a!.id)
      .execute();
    await bothMatch();

    await t.db.deleteFrom('carbon_activities').where('id', '=', b!.id).execute();
    await bothMatch();

    const weeks = await summarizeCarbon(t.db, 'u1', {
      from: '2026-11-02',
      to: '2026-11-15',
      bucket: 'week',
    });
    expect(weeks).toEqual([
      { bucket: '2026-11-02', category: 'car', scope: 3, kg: 7, activities: 1 },
      { bucket: '2026-11-09', category: 'electricity', scope: 2, kg: 12, activities: 1 },
      { bucket: '2026-11-09', category: 'electricity', scope: 3, kg: 0.5, activities: 0 },
    ]);
  });

  it('counts a many-row insert once per row, and rows skipped as duplicates not at all', async () => {
    const insertKeyed = (keys: string[]) =>
      t.db
        .insertInto('carbon_activities')
        .values(keys.map((k, i) => ({ ...row('2026-12-01', 'rail', 3, 1 + i), dedupe_key: k })))
        .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
        .execute();
    await insertKeyed(['k1', 'k2', 'k3']);
    await insertKeyed(['k2', 'k3', 'k4']);
    await bothMatch();
    const december = await summarizeCarbon(t.db, 'u1', {
      from: '2026-12-01',
      to: '2026-12-01',
      bucket: 'week',
    });
    expect(december).toEqual([
      { bucket: '2026-11-30', category: 'rail', scope: 3, kg: 1 + 2 + 3 + 3, activities: 4 },
    ]);
  });

  it('sums by month, oldest first, and leaves out months without activity', async () => {
    const months = await summarizeCarbon(t.db, 'u1', {
      from: '2026-10-15',
      to: '2027-01-10',
      bucket: 'month',
    });
    expect(months.map((l) => [l.bucket, l.category, l.scope, l.kg])).toEqual([
      ['2026-11-01', 'car', 3, 7],
      ['2026-11-01', 'electricity', 2, 12],
      ['2026-11-01', 'electricity', 3, 0.5],
      ['2026-12-01', 'rail', 3, 9],
    ]);
  });

  it('reads whole months from the monthly rollup and cuts partial ones from the daily one', async () => {
    await t.db
      .insertInto('carbon_activities')
      .values([
        row('2027-02-03', 'bus', 3, 1),
        row('2027-02-20', 'bus', 3, 2),
        row('2027-02-28', 'bus', 3, 4),
        row('2027-03-01', 'bus', 3, 8),
        row('2027-03-31', 'bus', 3, 16),
        row('2027-04-15', 'bus', 3, 32),
      ])
      .execute();
    // The same range by day, summed per month, is what the month buckets must say.
    const byDays = async (from: string, to: string) => {
      const sums = new Map<string, number>();
      for (const l of await summarizeCarbon(t.db, 'u1', { from, to, bucket: 'day' })) {
        const month = `${l.bucket.slice(0, 7)}-01`;
        sums.set(
          `${month} ${l.category} ${l.scope}`,
          (sums.get(`${month} ${l.category} ${l.scope}`) ?? 0) + l.kg,
        );
      }
      return [...sums].map(([k, kg]) => [k, kg]);
    };
    const byMonths = async (from: string, to: string) =>
      (await summarizeCarbon(t.db, 'u1', { from, to, bucket: 'month' })).map((l) => [
        `${l.bucket} ${l.category} ${l.scope}`,
        l.kg,
      ]);
    for (const [from, to] of [
      ['2027-02-01', '2027-04-30'], // whole months only
      ['2027-02-04', '2027-03-31'], // a partial first month
      ['2027-02-01', '2027-03-30'], // a partial last month
      ['2027-02-21', '2027-03-01'], // two partial months, no whole one
      ['2027-02-10', '2027-02-27'], // inside one month
      ['2026-10-01', '2027-12-31'], // everything logged in this file
    ] as const) {
      expect(await byMonths(from, to), `${from} to ${to}`).toEqual(await byDays(from, to));
    }
    expect(await byMonths('2027-02-21', '2027-03-01')).toEqual([
      ['2027-02-01 bus 3', 4],
      ['2027-03-01 bus 3', 8],
    ]);
  });

  it('knows the whole months of a range', () => {
    expect(wholeMonths('2026-01-01', '2026-01-31')).toEqual({
      fullFrom: '2026-01-01',
      fullTo: '2026-02-01',
    });
    expect(wholeMonths('2026-01-02', '2026-03-30')).toEqual({
      fullFrom: '2026-02-01',
      fullTo: '2026-03-01',
    });
    expect(wholeMonths('2024-02-01', '2024-02-29')).toEqual({
      fullFrom: '2024-02-01',
      fullTo: '2024-03-01',
    });
    expect(wholeMonths('2026-12-15', '2027-01-31')).toEqual({
      fullFrom: '2027-01-01',
      fullTo: '2027-02-01',
    });
    // None: the range starts and ends inside one month.
    const none = wholeMonths('2026-05-02', '2026-05-30');
    expect(none.fullFrom >= none.fullTo).toBe(true);
  });

  it('fills the monthly rollup from what is stored when the migration runs', async () => {
    await migrateDown(t.db);
    await t.db
      .insertInto('carbon_activities')
      .values(row('2027-06-10', 'ferry', 3, 3))
      .execute();
    await migrateToLatest(t.db);
    await bothMatch();
  });
});
