import { sql } from 'kysely';
import type { Db } from '../connect.ts';

export interface RateLimitHit {
  /** Whether the bucket held enough for this request (and gave it). */
  allowed: boolean;
  /** Calls left in the bucket afterwards. */
  remaining: number;
  /** Seconds until the bucket holds enough for a request of this weight again (0 when allowed). */
  retryAfterSeconds: number;
}

/**
 * Takes `weight` calls from `key`'s token bucket, which holds at most
 * `limitPerMinute` and refills at that rate by the database's clock, so
 * every replica draws on the same budget. A request that finds too few
 * tokens takes none: a caller who keeps knocking is not locked out longer.
 * One statement, atomic under concurrency (the row lock of the upsert);
 * `now()` is its start, the one instant every part of it reads.
 */
export async function hitRateLimit(
  db: Db,
  key: string,
  weight: number,
  limitPerMinute: number,
): Promise<RateLimitHit> {
  const limit = sql.lit(limitPerMinute);
  const w = sql.val(weight);
  const refilled = sql<number>`least(${limit}::float8, api_rate_limits.tokens + greatest(0, extract(epoch from now() - api_rate_limits.updated_at)) * ${limit}::float8 / 60)`;
  const row = await db
    .insertInto('api_rate_limits')
    .values({
      key,
      tokens: sql<number>`greatest(${limit}::float8 - ${w}, 0)`,
      refused: sql<boolean>`${w} > ${limit}`,
      updated_at: sql<Date>`now()`,
    })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        tokens: sql<number>`case when ${refilled} >= ${w} then ${refilled} - ${w} else ${refilled} end`,
        refused: sql<boolean>`${refilled} < ${w}`,
        updated_at: sql<Date>`now()`,
      }),
    )
    .returning(['tokens', 'refused'])
    .executeTakeFirstOrThrow();
  const rate = limitPerMinute / 60;
  return {
    allowed: !row.refused,
    remaining: Math.floor(row.tokens),
    retryAfterSeconds: row.refused ? Math.max(1, Math.ceil((weight - row.tokens) / rate)) : 0,
  };
}

/** Drops buckets untouched since `before`: by then they are full, as a missing one is. */
export async function sweepRateLimits(db: Db, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('api_rate_limits')
    .where('updated_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
