import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../schema/index.ts';

/** One month's pooled emissions before the minimum group size is applied. */
export interface PooledMonth {
  /** `YYYY-MM` */
  month: string;
  total: { kg: number; members: number };
  categories: { category: string; kg: number; members: number }[];
}

const TOTAL = '';
const firstDay = (month: string) => `${month}-01`;

/**
 * What the organisation's members logged in each of `months`, per category
 * and in all, with how many distinct members are behind each figure. Read
 * from the live rows; only `pooledMonths` calls it, to freeze a month.
 */
async function liveMonths(db: Kysely<Database>, orgId: string, months: string[]) {
  const sorted = [...months].sort();
  const rows = await db
    .selectFrom('carbon_activities')
    .select([
      sql<string>`to_char(date_trunc('month', occurred_on::timestamp), 'YYYY-MM')`.as('month'),
      sql<string>`coalesce(category, ${TOTAL})`.as('category'),
      sql<number>`sum(total_kg_co2e)::float8`.as('kg'),
      sql<number>`count(distinct user_id)::int`.as('members'),
    ])
    .where('org_id', '=', orgId)
    .where('occurred_on', '>=', firstDay(sorted[0]!))
    .where(
      'occurred_on',
      '<',
      sql<string>`(${firstDay(sorted.at(-1)!)}::date + interval '1 month')::date`,
    )
    .where(
      sql<string>`to_char(date_trunc('month', occurred_on::timestamp), 'YYYY-MM')`,
      'in',
      months,
    )
    // Each month's categories and its total (category null) in one pass.
    .groupBy(sql`grouping sets ((1, category), (1))`)
    .execute();
  return rows;
}

/**
 * The organisation's pooled months among `months` (`YYYY-MM`) that ended
 * before `today` (`YYYY-MM-DD`). A closed month is fixed the first time it is
 * asked for and read from `pooled_month_cells` ever after, so later edits to
 * its activities never show as a change between two reports. Months not yet
 * ended are left out: a running month changes with every log.
 */
export async function pooledMonths(
  db: Kysely<Database>,
  orgId: string,
  months: string[],
  today: string,
): Promise<Map<string, PooledMonth>> {
  const current = today.slice(0, 7);
  const closed = months.filter((m) => m < current);
  if (closed.length === 0) return new Map();
  const read = (conn: Kysely<Database>) =>
    conn
      .selectFrom('pooled_month_cells')
      .select([sql<string>`to_char(month, 'YYYY-MM')`.as('month'), 'category', 'kg', 'members'])
      .where('org_id', '=', orgId)
      .where('month', 'in', closed.map(firstDay))
      .execute();
  let rows = await read(db);
  const frozen = (r: typeof rows) =>
    new Set(r.filter((c) => c.category === TOTAL).map((c) => c.month));
  if (closed.some((m) => !frozen(rows).has(m))) {
    rows = await db.transaction().execute(async (trx) => {
      // One freezer per organisation at a time, so a month is never frozen from two readings.
      await sql`select pg_advisory_xact_lock(hashtext(${`pooled-months:${orgId}`}))`.execute(trx);
      const again = await read(trx);
      const missing = closed.filter((m) => !frozen(again).has(m));
      if (missing.length === 0) return again;
      const live = await liveMonths(trx, orgId, missing);
      const cells = [
        ...live,
        // A month nobody logged in is frozen too, as zero: it must not fill up later.
        ...missing
          .filter((m) => !live.some((c) => c.month === m && c.category === TOTAL))
          .map((month) => ({ month, category: TOTAL, kg: 0, members: 0 })),
      ];
      await trx
        .insertInto('pooled_month_cells')
        .values(
          cells.map((c) => ({
            org_id: orgId,
            month: firstDay(c.month),
            category: c.category,
            kg: c.kg,
            members: c.members,
          })),
        )
        .execute();
      return read(trx);
    });
  }
  const out = new Map<string, PooledMonth>();
  for (const month of closed) {
    const own = rows.filter((r) => r.month === month);
    const total = own.find((r) => r.category === TOTAL);
    out.set(month, {
      month,
      total: { kg: total?.kg ?? 0, members: total?.members ?? 0 },
      categories: own
        .filter((r) => r.category !== TOTAL)
        .map((r) => ({ category: r.category, kg: r.kg, members: r.members })),
    });
  }
  return out;
}

/**
 * Who logged each of these sessions and carbon activities, by id: an
 * organisation goal counts how many members are behind each period's figure
 * from the very rows it added up.
 */
export async function activityMembers(
  db: Kysely<Database>,
  ids: { sessionIds: string[]; emissionIds: string[] },
): Promise<Map<string, string>> {
  const [sessions, emissions] = await Promise.all([
    ids.sessionIds.length === 0
      ? []
      : db
          .selectFrom('training_sessions')
          .select(['id', 'user_id'])
          .where('id', '=', sql<string>`any(${ids.sessionIds}::uuid[])`)
          .execute(),
    ids.emissionIds.length === 0
      ? []
      : db
          .selectFrom('carbon_activities')
          .select(['id', 'user_id'])
          .where('id', '=', sql<string>`any(${ids.emissionIds}::uuid[])`)
          .execute(),
  ]);
  return new Map([...sessions, ...emissions].map((r) => [r.id, r.user_id]));
}
