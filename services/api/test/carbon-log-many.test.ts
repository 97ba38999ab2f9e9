import { demoUsers } from '@canopy/db';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ACTIVITIES_PER_CALL } from '../src/routers/carbon/log-many.ts';
import type { Harness } from './harness.ts';
import { createHarness } from './harness.ts';

const car = (km: number) =>
  ({ type: 'car', distance: { value: km, unit: 'km' }, fuel: 'petrol' }) as const;

describe('carbon.logMany: many activities in one call, for sync jobs', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const count = async (userId?: string) => {
    let q = h.db.selectFrom('carbon_activities').select((eb) => eb.fn.countAll().as('n'));
    if (userId) q = q.where('user_id', '=', userId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };

  it('stores every item, estimated like a single log, marked as sent through the API', async () => {
    const caller = await h.as('member');
    const days = ['2025-04-01', '2025-04-02', '2025-04-03'];
    const result = await caller.carbon.logMany({
      activities: days.map((occurredOn, i) => ({ occurredOn, activity: car(100 * (i + 1)) })),
    });
    expect(result.ids).toHaveLength(3);
    // 600 km at DESNZ 2026's 0.16152 kg/km for an average petrol car.
    expect(result.totalKgCO2e).toBeCloseTo(96.912, 3);

    const single = await caller.carbon.log({ occurredOn: '2025-04-04', activity: car(100) });
    const listed = await caller.carbon.list({ from: '2025-04-01', to: '2025-04-04' });
    const batch = listed.items.filter((i) => result.ids.includes(i.id));
    expect(batch.map((i) => i.source)).toEqual(['api', 'api', 'api']);
    expect(batch.find((i) => i.occurredOn === '2025-04-01')?.factor).toEqual(single.factor);

    const summary = await caller.carbon.summary({
      from: '2025-04-01',
      to: '2025-04-30',
      bucket: 'month',
    });
    expect(summary.totalKgCO2e).toBeCloseTo(96.912 + 16.152, 3);
  });

  it('rejects the whole call when one item is bad, naming the item and field', async () => {
    const caller = await h.as('member');
    const before = await count();
    const error = await caller.carbon
      .logMany({
        activities: [
          { occurredOn: '2025-05-01', activity: car(10) },
          { occurredOn: '2025-05-02', activity: car(20) },
          {
            occurredOn: '2025-05-03',
            activity: { ...car(30), distance: { value: -5, unit: 'km' } },
          },
        ],
      })
      .then(
        () => expect.fail('the call should have been rejected'),
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    const issues = ((error as TRPCError).cause as unknown as { issues: { path: PropertyKey[] }[] })
      .issues;
    expect(issues.map((i) => i.path.join('.'))).toEqual(['activities.2.activity.distance.value']);
    expect(await count()).toBe(before);
  });

  it(`refuses more than ${MAX_ACTIVITIES_PER_CALL} items and stores none`, async () => {
    const caller = await h.as('member');
    const before = await count();
    const activities = Array.from({ length: MAX_ACTIVITIES_PER_CALL + 1 }, () => ({
      occurredOn: '2025-06-01',
      activity: car(1),
    }));
    await expect(caller.carbon.logMany({ activities })).rejects.toThrow(
      /activities: at most 500 per call/,
    );
    await expect(caller.carbon.logMany({ activities: [] })).rejects.toThrow(
      /activities must not be empty/,
    );
    expect(await count()).toBe(before);
  });

  it("stores rows only for the caller, never for the member named in someone else's data", async () => {
    const other = await h.as('member2');
    const mine = await count(demoUsers.member2.id);
    await other.carbon.logMany({ activities: [{ occurredOn: '2025-07-01', activity: car(5) }] });
    expect(await count(demoUsers.member2.id)).toBe(mine + 1);
    const member = await h.as('member');
    const seen = await member.carbon.list({ from: '2025-07-01', to: '2025-07-01' });
    expect(seen.items).toEqual([]);
  });
});
