import { demoUsers, findOrganisationBySlug } from '@canopy/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.ts';
import { createHarness } from './harness.ts';

function activity(userId: string, orgId: string, day: string, category: string, kg: number) {
  return {
    user_id: userId,
    org_id: orgId,
    occurred_on: day,
    category,
    activity: { type: category },
    kg_co2e: kg,
    total_kg_co2e: kg,
    scope: 3 as const,
    factor_id: 'test',
    factor_source: 'DESNZ',
    factor_edition: '2026',
    factor_unit: 'km',
    factor_kg_per_unit: 1,
    quantity_value: kg,
    quantity_unit: 'km',
  };
}

describe('reports router', () => {
  let h: Harness;
  let alder: string;
  let birch: string;
  beforeAll(async () => {
    h = await createHarness();
    alder = (await findOrganisationBySlug(h.db, 'alder'))!.id;
    birch = (await findOrganisationBySlug(h.db, 'birch'))!.id;
    const { member, orgadmin, shopadmin, member2 } = demoUsers;
    await h.db
      .insertInto('carbon_activities')
      .values([
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
      ])
      .execute();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('pools an organisation’s emissions and never shows a figure about fewer than three people', async () => {
    const admin = await h.as('orgadmin');
    const report = await admin.reports.orgEmissions({
      orgId: alder,
      from: '2026-10-01',
      to: '2026-11-30',
      bucket: 'month',
    });
    expect(report.minGroupSize).toBe(3);
    expect(report.buckets).toEqual([
      // The flight is one person's: showing categories would expose it, so only the total is given.
      { bucket: '2026-10-01', members: 3, totalKg: 560, byCategory: null, withheld: true },
      { bucket: '2026-11-01', members: 2, totalKg: null, byCategory: null, withheld: true },
    ]);
  });

  it('shows the category breakdown when every category rests on enough people', async () => {
    const admin = await h.as('orgadmin');
    const report = await admin.reports.orgEmissions({
      orgId: alder,
      from: '2026-10-01',
      to: '2026-10-16',
      bucket: 'year',
    });
    // Two people so far this year: nothing to show.
    expect(report.buckets).toEqual([
      { bucket: '2026-01-01', members: 2, totalKg: null, byCategory: null, withheld: true },
    ]);
    const october = await admin.reports.orgEmissions({
      orgId: alder,
      from: '2026-10-01',
      to: '2026-10-17',
      bucket: 'quarter',
    });
    expect(october.buckets).toEqual([
      {
        bucket: '2026-10-01',
        members: 3,
        totalKg: 60,
        byCategory: [{ category: 'car', kg: 60 }],
        withheld: false,
      },
    ]);
  });

  it('is for the organisation’s own admins only, with dates checked', async () => {
    const admin = await h.as('orgadmin');
    await expect(
      admin.reports.orgEmissions({
        orgId: birch,
        from: '2026-10-01',
        to: '2026-10-31',
        bucket: 'month',
      }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      (await h.as('member')).reports.orgEmissions({
        orgId: alder,
        from: '2026-10-01',
        to: '2026-10-31',
        bucket: 'month',
      }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      admin.reports.orgEmissions({
        orgId: alder,
        from: '2026-10-31',
        to: '2026-10-01',
        bucket: 'month',
      }),
    ).rejects.toThrow(/to must not be before from/);
    await expect(
      admin.reports.orgEmissions({
        orgId: alder,
        from: '2026-13-01',
        to: '2026-10-01',
        bucket: 'month',
      }),
    ).rejects.toThrow(/from/);
  });
});
