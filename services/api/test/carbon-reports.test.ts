import { demoUsers } from '@canopy/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.ts';
import { createHarness } from './harness.ts';
import { postUpload } from './upload-forms.ts';

const car = (km: number) =>
  ({ type: 'car', distance: { value: km, unit: 'km' }, fuel: 'petrol' }) as const;
const gbPower = (kwh: number) => ({ type: 'electricity', kwh, country: 'GB' }) as const;

describe('carbon router: summary, recomputation, export and imports', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('sums ISO weeks on either side of a Sunday/Monday boundary, by category and by scope', async () => {
    const caller = await h.as('member');
    // 2026-11-15 is a Sunday, 2026-11-16 the Monday after.
    await caller.carbon.log({ occurredOn: '2026-11-15', activity: car(100) });
    await caller.carbon.log({ occurredOn: '2026-11-16', activity: gbPower(100) });
    await caller.carbon.log({ occurredOn: '2026-11-17', activity: car(50) });
    // Outside the range: must not count.
    await caller.carbon.log({ occurredOn: '2026-11-23', activity: car(1000) });
    const week = await caller.carbon.summary({
      from: '2026-11-09',
      to: '2026-11-22',
      bucket: 'week',
    });
    expect(week.buckets.map((b) => b.start)).toEqual(['2026-11-09', '2026-11-16']);
    const [first, second] = week.buckets;
    // DESNZ 2026: petrol car 0.16152 kg/km; GB electricity 0.13096 (Scope 2) + 0.01299 T&D (Scope 3).
    expect(first!.totalKgCO2e).toBeCloseTo(16.152, 9);
    expect(first!.byScope).toEqual({ 1: 0, 2: 0, 3: expect.closeTo(16.152, 9) });
    expect(second!.activities).toBe(2);
    expect(second!.totalKgCO2e).toBeCloseTo(13.096 + 1.299 + 8.076, 9);
    expect(second!.byCategory).toEqual({
      car: expect.closeTo(8.076, 9),
      electricity: expect.closeTo(14.395, 9),
    });
    expect(second!.byScope).toEqual({
      1: 0,
      2: expect.closeTo(13.096, 9),
      3: expect.closeTo(1.299 + 8.076, 9),
    });
    expect(week.totalKgCO2e).toBeCloseTo(16.152 + 14.395 + 8.076, 9);

    const days = await caller.carbon.summary({
      from: '2026-11-14',
      to: '2026-11-17',
      bucket: 'day',
    });
    // Empty days are there too, so a chart has no gaps.
    expect(days.buckets.map((b) => [b.start, Math.round(b.totalKgCO2e * 1000) / 1000])).toEqual([
      ['2026-11-14', 0],
      ['2026-11-15', 16.152],
      ['2026-11-16', 14.395],
      ['2026-11-17', 8.076],
    ]);
    const month = await caller.carbon.summary({
      from: '2026-11-01',
      to: '2026-11-30',
      bucket: 'month',
    });
    expect(month.buckets).toHaveLength(1);
    expect(month.buckets[0]!.totalKgCO2e).toBeCloseTo(16.152 + 14.395 + 8.076 + 161.52, 9);
    expect(month.buckets[0]!.activities).toBe(4);

    await expect(
      caller.carbon.summary({ from: '2026-11-09', to: '2026-11-22', bucket: 'year' as never }),
    ).rejects.toThrow(/bucket/);
    await expect(
      caller.carbon.summary({ from: '2020-01-01', to: '2026-01-01', bucket: 'day' }),
    ).rejects.toThrow(/to may be at most/);
  });

  it('recomputes a range with another edition in one go, and reports before and after', async () => {
    const caller = await h.as('member');
    const a = await caller.carbon.log({ occurredOn: '2024-06-03', activity: gbPower(100) });
    const b = await caller.carbon.log({ occurredOn: '2024-06-04', activity: car(100) });
    const outside = await caller.carbon.log({ occurredOn: '2024-07-01', activity: car(100) });
    const result = await caller.carbon.recompute({
      from: '2024-06-01',
      to: '2024-06-30',
      factorSet: '2024',
    });
    // 2026 → 2024: electricity 13.096 + 1.299 → 20.705 + 1.83; car 16.152 → 16.45.
    expect(result).toMatchObject({ factorSet: 'desnz-2024', activities: 2, changed: 2 });
    expect(result.before.totalKgCO2e).toBeCloseTo(14.395 + 16.152, 9);
    expect(result.after.totalKgCO2e).toBeCloseTo(22.535 + 16.45, 9);

    const rows = await h.db
      .selectFrom('carbon_activities')
      .select(['id', 'factor_edition', 'total_kg_co2e'])
      .where('id', 'in', [a.id, b.id, outside.id])
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(a.id)).toMatchObject({ factor_edition: '2024' });
    expect(byId.get(a.id)!.total_kg_co2e).toBeCloseTo(22.535, 9);
    expect(byId.get(b.id)!.total_kg_co2e).toBeCloseTo(16.45, 9);
    expect(byId.get(outside.id)).toMatchObject({ factor_edition: '2026', total_kg_co2e: 16.152 });

    const summary = await caller.carbon.summary({
      from: '2024-06-01',
      to: '2024-06-30',
      bucket: 'month',
    });
    expect(summary.totalKgCO2e).toBeCloseTo(22.535 + 16.45, 9);

    const again = await caller.carbon.recompute({
      from: '2024-06-01',
      to: '2024-06-30',
      factorSet: 'desnz-2024',
    });
    expect(again.changed).toBe(0);
    await expect(
      caller.carbon.recompute({ from: '2024-06-01', to: '2024-06-30', factorSet: 'desnz-2031' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/factorSet/) });
  });

  it('changes nothing when one row of the range cannot be estimated with the edition', async () => {
    const caller = await h.as('member');
    const good = await caller.carbon.log({ occurredOn: '2022-03-01', activity: car(100) });
    // A row stored before DESNZ stopped publishing a factor it needs (here: a
    // hotel country without one), as an import of an old file could leave.
    await h.db
      .insertInto('carbon_activities')
      .values({
        user_id: demoUsers.member.id,
        occurred_on: '2022-03-02',
        category: 'hotel',
        activity: sql<
          Record<string, unknown>
        >`${JSON.stringify({ type: 'hotel', nights: 1, country: 'ZZ' })}::jsonb`,
        kg_co2e: 10,
        total_kg_co2e: 10,
        scope: 3,
        factor_id: 'legacy',
        factor_source: 'DESNZ',
        factor_edition: '2023',
        factor_unit: 'room per night',
        factor_kg_per_unit: 10,
        quantity_value: 1,
        quantity_unit: 'room per night',
      })
      .execute();
    await expect(
      caller.carbon.recompute({ from: '2022-03-01', to: '2022-03-31', factorSet: 'desnz-2024' }),
    ).rejects.toMatchObject({
      code: 'UNPROCESSABLE_CONTENT',
      message: expect.stringMatching(/of 2022-03-02: DESNZ has no hotel stay factor/),
    });
    const rows = await h.db
      .selectFrom('carbon_activities')
      .select(['occurred_on', 'factor_edition', 'total_kg_co2e'])
      .where('user_id', '=', demoUsers.member.id)
      .where('occurred_on', '>=', '2022-03-01')
      .where('occurred_on', '<=', '2022-03-31')
      .orderBy('occurred_on')
      .execute();
    expect(rows).toEqual([
      { occurred_on: '2022-03-01', factor_edition: '2026', total_kg_co2e: good.totalKgCO2e },
      { occurred_on: '2022-03-02', factor_edition: '2023', total_kg_co2e: 10 },
    ]);
  });

  it("recomputes only the caller's own rows", async () => {
    const owner = await h.as('member');
    const logged = await owner.carbon.log({ occurredOn: '2023-02-01', activity: car(10) });
    const other = await h.as('member2');
    const result = await other.carbon.recompute({
      from: '2023-01-01',
      to: '2023-12-31',
      factorSet: 'desnz-2024',
    });
    expect(result.activities).toBe(0);
    const row = await h.db
      .selectFrom('carbon_activities')
      .select('factor_edition')
      .where('id', '=', logged.id)
      .executeTakeFirstOrThrow();
    expect(row.factor_edition).toBe('2026');
  });

  it('exports the range as CSV with the factor of every row, safe to open in a spreadsheet', async () => {
    const caller = await h.as('member2');
    await caller.carbon.log({
      occurredOn: '2026-02-02',
      activity: car(100),
      note: '=HYPERLINK("x"), to the client',
    });
    await caller.carbon.log({ occurredOn: '2026-02-01', activity: gbPower(10) });
    const { csv, rows, fileName } = await caller.carbon.exportCsv({
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(rows).toBe(2);
    expect(fileName).toBe('canopy-carbon-2026-02-01-2026-02-28.csv');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'date,category,kg_co2e,scope,total_kg_co2e,quantity,quantity_unit,factor_id,factor_source,factor_edition,factor_unit,factor_kg_co2e_per_unit,note',
    );
    expect(lines[1]).toBe(
      '2026-02-01,electricity,1.3096,2,1.4395,10,kWh,7_400_4000_5_1,DESNZ,2026,kWh,0.13096,',
    );
    expect(lines[2]).toBe(
      `2026-02-02,car,16.152,3,16.152,100,km,25_301_3070_4_1,DESNZ,2026,km,0.16152,"'=HYPERLINK(""x""), to the client"`,
    );
    const mine = await (
      await h.as('member')
    ).carbon.exportCsv({
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(mine.rows).toBe(0);
  });

  it('hands out a presigned upload for a CSV import and reports its status to its owner only', async () => {
    const caller = await h.as('member');
    const before = await h.db.selectFrom('imports').select('id').execute();
    const upload = await caller.carbon.importUploadUrl({ fileName: 'Trips 2026.CSV', size: 30 });
    expect(upload.key).toBe(`${demoUsers.member.id}/${upload.importId}.csv`);
    expect(upload.maxBytes).toBe(10 * 1024 * 1024);
    const put = await postUpload(upload, 'date,type,km\n2026-01-01,car,5\n');
    expect(put.status).toBe(204);
    const stored = await h.db
      .selectFrom('imports')
      .select(['kind', 'status', 'object_key', 'user_id'])
      .where('id', '=', upload.importId)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      kind: 'carbon_csv',
      status: 'awaiting_upload',
      object_key: upload.key,
      user_id: demoUsers.member.id,
    });
    expect(await caller.carbon.importStatus({ importId: upload.importId })).toMatchObject({
      id: upload.importId,
      kind: 'carbon_csv',
      fileName: 'Trips 2026.CSV',
      status: 'awaiting_upload',
      errors: [],
    });
    const other = await h.as('member2');
    await expect(other.carbon.importStatus({ importId: upload.importId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // A training import is not a carbon one.
    await expect(
      caller.carbon.importUploadUrl({ fileName: 'trips.xlsx', size: 30 }),
    ).rejects.toThrow(/fileName must end in csv/);
    await expect(
      caller.carbon.importUploadUrl({ fileName: 'trips.csv', size: 11 * 1024 * 1024 }),
    ).rejects.toThrow(/size must be at most 10485760 bytes/);
    const after = await h.db.selectFrom('imports').select('id').execute();
    expect(after.length).toBe(before.length + 1);
  });
});
