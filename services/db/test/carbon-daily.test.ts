import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeCarbon } from '../src/index.ts';
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
    expect(await rollup()).toEqual(await direct());

    await t.db
      .updateTable('carbon_activities')
      .set({ occurred_on: '2026-11-09', kg_co2e: 12 })
      .where('id', '=', a!.id)
      .execute();
    expect(await rollup()).toEqual(await direct());

    await t.db.deleteFrom('carbon_activities').where('id', '=', b!.id).execute();
    expect(await rollup()).toEqual(await direct());

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
    expect(await rollup()).toEqual(await direct());
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
});
