import type { NewCarbonActivity } from '@canopy/db';
import { demoUsers, findOrganisationBySlug } from '@canopy/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.ts';
import { createHarness } from './harness.ts';
import { pooledEmission as activity } from './pooled-fixtures.ts';

/** A fresh API whose Alder and Birch have logged `rows`; the caller closes it. */
async function harnessWith(rows: (orgs: { alder: string; birch: string }) => NewCarbonActivity[]) {
  const h = await createHarness();
  const alder = (await findOrganisationBySlug(h.db, 'alder'))!.id;
  const birch = (await findOrganisationBySlug(h.db, 'birch'))!.id;
  await h.db.insertInto('carbon_activities').values(rows({ alder, birch })).execute();
  return { h, alder, birch };
}

/** The field issues of a refused call (the caller's message is the issue list as JSON). */
async function refused(call: Promise<unknown>): Promise<{ path: unknown[]; message: string }[]> {
  const error = await call.then(
    () => {
      throw new Error('the call was not refused');
    },
    (e: unknown) => e as { code: string; message: string },
  );
  expect(error.code).toBe('BAD_REQUEST');
  return JSON.parse(error.message) as { path: unknown[]; message: string }[];
}

describe('reports router', () => {
  let h: Harness;
  let alder: string;
  let birch: string;
  beforeAll(async () => {
    const { member, orgadmin, shopadmin, member2 } = demoUsers;
    ({ h, alder, birch } = await harnessWith(({ alder, birch }) => [
      // October: three people travel by car; one of them also takes a flight.
      activity(member.id, alder, '2026-10-03', 'car', 10),
      activity(orgadmin.id, alder, '2026-10-10', 'car', 20),
      activity(shopadmin.id, alder, '2026-10-17', 'car', 30),
      activity(shopadmin.id, alder, '2026-10-18', 'flight', 500),
      // November: only two people.
      activity(member.id, alder, '2026-11-02', 'car', 5),
      activity(orgadmin.id, alder, '2026-11-03', 'car', 6),
      // Birch never shows up in Alder's report.
      activity(member2.id, birch, '2026-10-05', 'car', 999),
    ]));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('pools whole months and never shows a figure, or a difference, about fewer than three people', async () => {
    const admin = await h.as('orgadmin');
    const report = await admin.reports.orgEmissions({
      orgId: alder,
      granularity: 'month',
      from: '2026-10',
      to: '2026-12',
    });
    expect(report.minGroupSize).toBe(3);
    expect(report.periods.map((p) => p.period)).toEqual(['2026-10', '2026-11', '2026-12']);
    const [october, november, december] = report.periods;
    // Three people in October, so the total is shown; the flight is one person's, and with
    // it alone withheld the total minus the car figure would give it away, so car goes too.
    expect(october).toMatchObject({
      start: '2026-10-01',
      end: '2026-10-31',
      members: 3,
      total: { kg: 560, withheld: null, withheldMonths: 0 },
      categories: [
        {
          category: 'car',
          kg: null,
          withheld: 'withheld with a smaller category, which the total would otherwise reveal',
        },
        { category: 'flight', kg: null, withheld: 'fewer than 3 members' },
      ],
    });
    // November: two people, nothing shown, not even how many.
    expect(november).toMatchObject({
      members: null,
      total: { kg: null, withheld: 'fewer than 3 members', withheldMonths: 1 },
    });
    // December is still running: every log would show as a change, so it waits.
    expect(december!.total).toEqual({
      kg: null,
      withheld: 'the period has not ended yet',
      withheldMonths: 1,
    });
    // The range's total adds up published cells only and says how many were left out.
    expect(report.total).toMatchObject({ kg: 560, withheldCells: 2 });
  });

  it('builds quarters and years from published months only', async () => {
    const admin = await h.as('orgadmin');
    const quarter = await admin.reports.orgEmissions({
      orgId: alder,
      granularity: 'quarter',
      from: '2026-Q4',
      to: '2026-Q4',
    });
    // November alone has two people; a quarter computed afresh would rest on three and,
    // minus October, give November away. So the quarter is October's published figure.
    expect(quarter.periods).toEqual([
      {
        period: '2026-Q4',
        start: '2026-10-01',
        end: '2026-12-31',
        members: null,
        total: { kg: 560, withheld: null, withheldMonths: 2 },
        categories: [
          { category: 'car', kg: null, withheld: expect.any(String), withheldMonths: 3 },
          { category: 'flight', kg: null, withheld: 'fewer than 3 members', withheldMonths: 3 },
        ],
      },
    ]);
    const year = await admin.reports.orgEmissions({
      orgId: alder,
      granularity: 'year',
      from: '2026',
      to: '2026',
    });
    // January to September published as zero, November withheld, December still running.
    expect(year.periods[0]!.total).toEqual({ kg: 560, withheld: null, withheldMonths: 2 });
  });

  it('refuses day ranges and weeks, naming the field and the periods allowed', async () => {
    const admin = await h.as('orgadmin');
    const call = (input: Record<string, unknown>) =>
      admin.reports.orgEmissions({ orgId: alder, ...input } as never);
    expect(
      await refused(call({ granularity: 'month', from: '2026-10-01', to: '2026-10-16' })),
    ).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: ['from'],
          message: expect.stringMatching(
            /^from must be a month written YYYY-MM.*whole calendar months \(YYYY-MM\), quarters \(YYYY-Qn\) or years \(YYYY\), never a range of days$/,
          ),
        }),
      ]),
    );
    expect(await refused(call({ granularity: 'week', from: '2026-W40', to: '2026-W41' }))).toEqual([
      expect.objectContaining({
        path: ['granularity'],
        message: expect.stringMatching(/^granularity must be month, quarter or year/),
      }),
    ]);
    expect(await refused(call({ granularity: 'quarter', from: '2026-10', to: '2026-Q4' }))).toEqual(
      [
        expect.objectContaining({
          path: ['from'],
          message: expect.stringMatching(/^from must be a quarter written YYYY-Qn/),
        }),
      ],
    );
    expect(await refused(call({ granularity: 'month', from: '2026-11', to: '2026-10' }))).toEqual([
      expect.objectContaining({ path: ['to'], message: 'to must not be before from' }),
    ]);
    expect(await refused(call({ granularity: 'month', from: '2000-01', to: '2026-10' }))).toEqual([
      expect.objectContaining({
        path: ['to'],
        message: expect.stringMatching(/^to may be at most ten years/),
      }),
    ]);
  });

  it('is for the organisation’s own admins only', async () => {
    const admin = await h.as('orgadmin');
    const input = { granularity: 'month' as const, from: '2026-10', to: '2026-10' };
    await expect(admin.reports.orgEmissions({ orgId: birch, ...input })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      (await h.as('member')).reports.orgEmissions({ orgId: alder, ...input }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('the differencing attack on pooled reports', () => {
  let h: Harness;
  let alder: string;
  beforeAll(async () => {
    const { member, orgadmin, shopadmin } = demoUsers;
    // Three members log on 22 May 1986; on the 23rd only `member` does.
    ({ h, alder } = await harnessWith(({ alder }) => [
      activity(member.id, alder, '1986-05-22', 'car', 10),
      activity(orgadmin.id, alder, '1986-05-22', 'car', 20),
      activity(shopadmin.id, alder, '1986-05-22', 'car', 30),
      activity(member.id, alder, '1986-05-23', 'car', 7),
    ]));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('cannot take the 22nd–23rd minus the 22nd any more', async () => {
    const admin = await h.as('orgadmin');
    // The quoted queries are refused outright, whatever the granularity.
    for (const granularity of ['month', 'quarter', 'year', 'week'])
      for (const [from, to] of [
        ['1986-05-22', '1986-05-23'],
        ['1986-05-22', '1986-05-22'],
      ])
        await expect(
          admin.reports.orgEmissions({ orgId: alder, granularity, from, to } as never),
        ).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    // Every figure that holds either day is built from the one May figure.
    const month = await admin.reports.orgEmissions({
      orgId: alder,
      granularity: 'month',
      from: '1986-04',
      to: '1986-06',
    });
    const may = month.periods.find((p) => p.period === '1986-05')!;
    expect(may.total).toEqual({ kg: 67, withheld: null, withheldMonths: 0 });
    expect(may.categories).toEqual([
      { category: 'car', kg: 67, withheld: null, withheldMonths: 0 },
    ]);
    const others = month.periods.filter((p) => p !== may).map((p) => p.total.kg ?? 0);
    const sumOthers = others.reduce((a, b) => a + b, 0);
    for (const granularity of ['quarter', 'year'] as const) {
      const wider = await admin.reports.orgEmissions({
        orgId: alder,
        granularity,
        from: granularity === 'quarter' ? '1986-Q2' : '1986',
        to: granularity === 'quarter' ? '1986-Q2' : '1986',
      });
      // A wider period differs from May by other whole months, never by a day of May.
      const extra = wider.periods[0]!.total.kg! - may.total.kg!;
      if (granularity === 'quarter') expect(extra).toBe(sumOthers);
      else expect(extra).toBeGreaterThanOrEqual(0);
    }

    // Logging, changing or removing May's activity later cannot be read off a second report:
    // the month was fixed when first shown.
    await h.db
      .insertInto('carbon_activities')
      .values(activity(demoUsers.member.id, alder, '1986-05-23', 'car', 1000))
      .execute();
    const again = await admin.reports.orgEmissions({
      orgId: alder,
      granularity: 'month',
      from: '1986-05',
      to: '1986-05',
    });
    expect(again.periods[0]!.total).toEqual(may.total);
  });
});
