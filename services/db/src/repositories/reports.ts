import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../schema/index.ts';

export type Bucket = 'week' | 'month' | 'quarter' | 'year';

/**
 * Emissions of an organisation per time bucket and category, with how many
 * distinct members contributed to each cell, so callers can withhold cells
 * that would single a person out.
 */
export async function orgEmissionCells(
  db: Kysely<Database>,
  q: { orgId: string; from: string; to: string; bucket: Bucket },
) {
  const bucketExpr = sql<string>`to_char(date_trunc(${q.bucket}, occurred_on::timestamp), 'YYYY-MM-DD')`;
  const [cells, totals] = await Promise.all([
    db
      .selectFrom('carbon_activities')
      .select([
        bucketExpr.as('bucket'),
        'category',
        sql<number>`sum(total_kg_co2e)::float8`.as('kg'),
        sql<number>`count(distinct user_id)::int`.as('members'),
      ])
      .where('org_id', '=', q.orgId)
      .where('occurred_on', '>=', q.from)
      .where('occurred_on', '<=', q.to)
      .groupBy([sql`1`, 'category'])
      .orderBy(sql`1`)
      .orderBy('category')
      .execute(),
    db
      .selectFrom('carbon_activities')
      .select([
        bucketExpr.as('bucket'),
        sql<number>`sum(total_kg_co2e)::float8`.as('kg'),
        sql<number>`count(distinct user_id)::int`.as('members'),
      ])
      .where('org_id', '=', q.orgId)
      .where('occurred_on', '>=', q.from)
      .where('occurred_on', '<=', q.to)
      .groupBy(sql`1`)
      .orderBy(sql`1`)
      .execute(),
  ]);
  return { cells, totals };
}
