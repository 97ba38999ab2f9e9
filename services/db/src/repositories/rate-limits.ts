import { sql } from 'kysely';
import type { Db } from '../connect.ts';
import { preparedStatement } from '../prepared.ts';

export interface RateLimitHit {
  /** Whether the bucket held enough for this request (and gave it). */
  allowed: boolean;
  /** Calls left in the bucket afterwards. */
  remaining: number;
  /** Seconds until the bucket holds enough for a request of this weight again (0 when allowed). */
  retryAfterSeconds: number;
}

const takeStatement = preparedStatement<
  { key: string; weight: number; limit: number },
  { tokens: number; refused: boolean }
>((db, param) => {
  const limit = sql`${param('limit')}::float8`;
  const w = sql`${param('weight')}::float8`;
  const refilled = sql<number>`least(${limit}, api_rate_limits.tokens + greatest(0, extract(epoch from now() - api_rate_limits.updated_at)) * ${limit} / 60)`;
  return db
    .insertInto('api_rate_limits')
    .values({
      key: param('key'),
      tokens: sql<number>`greatest(${limit} - ${w}, 0)`,
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
    .returning(['tokens', 'refused']);
});

/**
 * Takes `weight` calls from `key`'s token bucket, which holds at most
 * `limitPerMinute` and refills at that rate by the database's clock, so
 * every replica draws on the same budget. A request that finds too few
 * tokens takes none: a caller who keeps knocking is not locked out longer.
 * One statement, atomic under concurrency (the row lock of the upsert);
 * `now()` is its start, the one instant every part of it reads. Every API
 * request runs it, so it goes as a named prepared statement.
 */
export async function hitRateLimit(
  db: Db,
  key: string,
  weight: number,
  limitPerMinute: number,
): Promise<RateLimitHit> {
  const { rows } = await takeStatement(db, { key, weight, limit: limitPerMinute });
  const row = rows[0]!;
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
