// The rate budget as several API replicas share it: two pools of their own
// (two processes' worth of connections) hitting one bucket at once.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, hitRateLimit, sweepRateLimits } from '../src/index.ts';
import { createMigratedTestDb } from '../src/testing.ts';

describe('rate-limit buckets', () => {
  let t: Awaited<ReturnType<typeof createMigratedTestDb>>;
  let replicas: ReturnType<typeof createDb>[];
  beforeAll(async () => {
    t = await createMigratedTestDb();
    replicas = [createDb(t.url, { max: 5 }), createDb(t.url, { max: 5 })];
  });
  afterAll(async () => {
    await Promise.all((replicas ?? []).map((db) => db.destroy()));
    await t?.destroy();
  });

  it('gives out exactly the limit to concurrent requests from every replica', async () => {
    const hits = await Promise.all(
      Array.from({ length: 60 }, (_, i) => hitRateLimit(replicas[i % 2]!, 'user:race', 1, 25)),
    );
    expect(hits.filter((h) => h.allowed)).toHaveLength(25);
    for (const refused of hits.filter((h) => !h.allowed)) {
      // 25 a minute refill one call in 2.4 s.
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(3);
    }
  });

  it('takes a batch whole or not at all, and a refused request takes nothing', async () => {
    expect(await hitRateLimit(t.db, 'user:batch', 8, 10)).toMatchObject({
      allowed: true,
      remaining: 2,
    });
    const refused = await hitRateLimit(t.db, 'user:batch', 3, 10);
    expect(refused.allowed).toBe(false);
    // Still two left: the refused batch of three took none of them.
    expect(await hitRateLimit(t.db, 'user:batch', 2, 10)).toMatchObject({ allowed: true });
  });

  it('refills by the clock up to the limit, and sweeps idle buckets', async () => {
    for (let i = 0; i < 5; i++) await hitRateLimit(t.db, 'user:refill', 1, 5);
    expect((await hitRateLimit(t.db, 'user:refill', 1, 5)).allowed).toBe(false);
    // A minute passes for this bucket.
    await sql`update api_rate_limits set updated_at = updated_at - interval '61 seconds' where key = 'user:refill'`.execute(
      t.db,
    );
    const after = await hitRateLimit(t.db, 'user:refill', 1, 5);
    expect(after).toMatchObject({ allowed: true, remaining: 4 });

    await sql`update api_rate_limits set updated_at = now() - interval '10 minutes' where key = 'user:refill'`.execute(
      t.db,
    );
    expect(await sweepRateLimits(t.db, new Date(Date.now() - 120_000))).toBeGreaterThanOrEqual(1);
    const left = await t.db
      .selectFrom('api_rate_limits')
      .select('key')
      .where('key', '=', 'user:refill')
      .execute();
    expect(left).toEqual([]);
  });
});
