import { demoUsers } from '@canopy/db';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.ts';
import { createHarness } from './harness.ts';

/** The fields a rejected call's input errors name (dotted path → messages, as the web shows them). */
async function rejectedFields(call: Promise<unknown>) {
  const error = await call.then(
    () => expect.fail('the call should have been rejected'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe('BAD_REQUEST');
  const issues = ((error as TRPCError).cause as { issues?: unknown } | undefined)?.issues;
  expect(Array.isArray(issues)).toBe(true);
  const fields: Record<string, string[]> = {};
  for (const issue of issues as { path: PropertyKey[]; message: string }[]) {
    (fields[issue.path.join('.')] ??= []).push(issue.message);
  }
  return fields;
}

const car100km = {
  type: 'car',
  distance: { value: 100, unit: 'km' },
  fuel: 'petrol',
} as const;

describe('carbon router: logging, editing and listing activities', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const count = async () =>
    Number(
      (
        await h.db
          .selectFrom('carbon_activities')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('stores 100 km in an average petrol car as 16.152 kg with the 2026 DESNZ factor', async () => {
    const caller = await h.as('member');
    const logged = await caller.carbon.log({ occurredOn: '2026-03-02', activity: car100km });
    // DESNZ 2026 "Cars (by size)", average car, petrol: 0.16152 kg CO2e per km.
    expect(logged).toMatchObject({
      occurredOn: '2026-03-02',
      category: 'car',
      kgCO2e: 16.152,
      totalKgCO2e: 16.152,
      scope: 3,
      factor: {
        id: '25_301_3070_4_1',
        source: 'DESNZ',
        edition: '2026',
        unit: 'km',
        kgCO2ePerUnit: 0.16152,
      },
      quantity: { value: 100, unit: 'km' },
      additional: [],
      source: 'manual',
    });
    const stored = await h.db
      .selectFrom('carbon_activities')
      .select(['user_id', 'org_id', 'kg_co2e', 'factor_edition', 'activity'])
      .where('id', '=', logged.id)
      .executeTakeFirstOrThrow();
    const alder = await h.db
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', 'alder')
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      user_id: demoUsers.member.id,
      org_id: alder.id,
      kg_co2e: 16.152,
      factor_edition: '2026',
      activity: car100km,
    });
  });

  it('keeps UK electricity T&D losses as a separate Scope 3 line, and honours the edition asked for', async () => {
    const caller = await h.as('member');
    const logged = await caller.carbon.log({
      occurredOn: '2026-03-03',
      activity: { type: 'electricity', kwh: 100, country: 'GB' },
      factorSet: 'desnz-2024',
      note: 'office',
    });
    // DESNZ 2024: 0.20705 kg/kWh generated (Scope 2) + 0.0183 kg/kWh T&D (Scope 3).
    expect(logged.kgCO2e).toBeCloseTo(20.705, 10);
    expect(logged.totalKgCO2e).toBeCloseTo(22.535, 10);
    expect(logged.scope).toBe(2);
    expect(logged.factor.edition).toBe('2024');
    expect(logged.note).toBe('office');
    expect(logged.additional).toEqual([
      expect.objectContaining({
        label: 'transmission_distribution_losses',
        scope: 3,
        factor: expect.objectContaining({ id: '13_402_4000_5_1', kgCO2ePerUnit: 0.0183 }),
      }),
    ]);
    expect(logged.additional[0]!.kgCO2e).toBeCloseTo(1.83, 10);
  });

  it('rejects bad input naming the field, and stores nothing', async () => {
    const caller = await h.as('member');
    const before = await count();
    expect(
      await rejectedFields(
        caller.carbon.log({
          occurredOn: '2026-03-02',
          activity: { ...car100km, distance: { value: -5, unit: 'km' } },
        }),
      ),
    ).toEqual({ 'activity.distance.value': ['distance.value must not be negative'] });
    expect(
      Object.keys(
        await rejectedFields(caller.carbon.log({ occurredOn: '2026-02-30', activity: car100km })),
      ),
    ).toEqual(['occurredOn']);
    expect(
      Object.keys(
        await rejectedFields(
          caller.carbon.log({ occurredOn: '2026-03-02', activity: { type: 'teleport' } as never }),
        ),
      ),
    ).toEqual(['activity.type']);
    await expect(
      caller.carbon.log({ occurredOn: '2026-03-02', activity: car100km, factorSet: 'desnz-1999' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/factorSet/) });
    expect(
      await rejectedFields(
        caller.carbon.log({
          occurredOn: '2026-03-02',
          activity: { type: 'flight', from: 'LHR', to: 'XQZ' },
        }),
      ),
    ).toEqual({ 'activity.to': ["to: unknown airport code 'XQZ'"] });
    // Values the database itself would refuse are refused first, as input errors.
    expect(
      Object.keys(
        await rejectedFields(caller.carbon.log({ occurredOn: '0000-01-01', activity: car100km })),
      ),
    ).toEqual(['occurredOn']);
    expect(
      await rejectedFields(
        caller.carbon.log({ occurredOn: '2026-03-02', activity: car100km, note: 'a\u0000b' }),
      ),
    ).toEqual({ note: ['note must not contain NUL characters'] });
    expect(
      Object.keys(
        await rejectedFields(
          caller.carbon.summary({ from: '2026-01-01', to: 'soon', bucket: 'week' }),
        ),
      ),
    ).toEqual(['to']);
    expect(await count()).toBe(before);
  });

  it('needs a signed-in caller', async () => {
    const anonymous = await h.as(null);
    await expect(
      anonymous.carbon.log({ occurredOn: '2026-03-02', activity: car100km }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(anonymous.carbon.list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('updates an activity: a new distance is re-estimated with the edition the row already had', async () => {
    const caller = await h.as('member');
    const logged = await caller.carbon.log({
      occurredOn: '2026-04-01',
      activity: car100km,
      factorSet: '2025',
    });
    expect(logged.totalKgCO2e).toBeCloseTo(16.272, 10);
    const updated = await caller.carbon.update({
      id: logged.id,
      activity: { ...car100km, distance: { value: 50, unit: 'km' } },
      note: 'half way',
    });
    // DESNZ 2025 average petrol car: 0.16272 kg/km × 50 km.
    expect(updated.totalKgCO2e).toBeCloseTo(8.136, 10);
    expect(updated.factor.edition).toBe('2025');
    expect(updated.note).toBe('half way');
    const moved = await caller.carbon.update({ id: logged.id, occurredOn: '2026-04-02' });
    expect(moved).toMatchObject({ occurredOn: '2026-04-02', note: 'half way' });
    expect(moved.totalKgCO2e).toBeCloseTo(8.136, 10);
    await expect(caller.carbon.update({ id: logged.id, factorSet: 'nope' })).rejects.toThrow(
      /factorSet/,
    );
  });

  it("keeps members apart: member2 can neither see, change nor delete member's activity", async () => {
    const owner = await h.as('member');
    const other = await h.as('member2');
    const logged = await owner.carbon.log({ occurredOn: '2026-05-01', activity: car100km });
    await expect(other.carbon.update({ id: logged.id, note: 'mine now' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(other.carbon.delete({ id: logged.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const theirs = await other.carbon.list({});
    expect(theirs.items.map((i) => i.id)).not.toContain(logged.id);
    const summary = await other.carbon.summary({
      from: '2026-05-01',
      to: '2026-05-01',
      bucket: 'day',
    });
    expect(summary.totalKgCO2e).toBe(0);
    const still = await h.db
      .selectFrom('carbon_activities')
      .select(['note', 'user_id'])
      .where('id', '=', logged.id)
      .executeTakeFirstOrThrow();
    expect(still).toEqual({ note: null, user_id: demoUsers.member.id });
  });

  it('deletes an own activity and records the deletion in the audit log', async () => {
    const caller = await h.as('member');
    const logged = await caller.carbon.log({ occurredOn: '2026-05-02', activity: car100km });
    expect(await caller.carbon.delete({ id: logged.id })).toEqual({ id: logged.id, deleted: true });
    const left = await h.db
      .selectFrom('carbon_activities')
      .select('id')
      .where('id', '=', logged.id)
      .execute();
    expect(left).toEqual([]);
    const audit = await h.db
      .selectFrom('audit_log')
      .select(['actor_id', 'action', 'target_type', 'details'])
      .where('target_id', '=', logged.id)
      .execute();
    expect(audit).toEqual([
      {
        actor_id: demoUsers.member.id,
        action: 'carbon.activity.delete',
        target_type: 'carbon_activity',
        details: { occurredOn: '2026-05-02', category: 'car', totalKgCO2e: 16.152 },
      },
    ]);
    await expect(caller.carbon.delete({ id: logged.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(caller.carbon.delete({ id: 'not-an-id' })).rejects.toThrow(/id/);
  });

  it('lists newest first in pages, filtered by dates and categories', async () => {
    const caller = await h.as('member2');
    const days = ['2025-01-05', '2025-01-01', '2025-01-03', '2025-01-02', '2025-01-04'];
    for (const day of days) {
      await caller.carbon.log({ occurredOn: day, activity: car100km });
    }
    await caller.carbon.log({
      occurredOn: '2025-01-03',
      activity: { type: 'hotel', nights: 1, country: 'GB' },
    });

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof caller.carbon.list>> = await caller.carbon.list({
        from: '2025-01-01',
        to: '2025-01-31',
        limit: 2,
        cursor,
      });
      seen.push(...page.items.map((i) => `${i.occurredOn} ${i.category}`));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(6);
    expect(seen.map((s) => s.slice(0, 10))).toEqual([
      '2025-01-05',
      '2025-01-04',
      '2025-01-03',
      '2025-01-03',
      '2025-01-02',
      '2025-01-01',
    ]);

    const hotels = await caller.carbon.list({ categories: ['hotel'] });
    expect(hotels.items.map((i) => i.category)).toEqual(['hotel']);
    const window = await caller.carbon.list({ from: '2025-01-02', to: '2025-01-03' });
    expect(window.items).toHaveLength(3);

    await expect(caller.carbon.list({ cursor: 'garbage' })).rejects.toThrow(/cursor/);
    await expect(caller.carbon.list({ from: '2025-02-01', to: '2025-01-01' })).rejects.toThrow(
      /to must not be before from/,
    );
    await expect(caller.carbon.list({ categories: ['spaceship' as never] })).rejects.toThrow(
      /categories/,
    );
  });

  it('lists the factor editions to anyone, newest (the default) first', async () => {
    const sets = await (await h.as(null)).carbon.factorSets();
    expect(sets.map((s) => s.id)).toEqual(['desnz-2026', 'desnz-2025', 'desnz-2024']);
    expect(sets.filter((s) => s.isDefault).map((s) => s.id)).toEqual(['desnz-2026']);
  });
});
