import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Coalescer } from '../coalesce.ts';
import { createCoalescer } from '../coalesce.ts';
import { preparedStatement } from '../prepared.ts';
import type { ActiveGoalRef } from './goals.ts';
import { activeGoalsOf } from './goals.ts';
import type {
  CarbonActivityRow,
  Database,
  NewCarbonActivity,
  StoredEmissionLine,
} from '../schema/index.ts';

export const carbonActivityColumns = [
  'id',
  'user_id',
  'org_id',
  'occurred_on',
  'category',
  'activity',
  'kg_co2e',
  'total_kg_co2e',
  'scope',
  'factor_id',
  'factor_source',
  'factor_edition',
  'factor_unit',
  'factor_kg_per_unit',
  'quantity_value',
  'quantity_unit',
  'additional',
  'note',
  'source',
  'import_id',
  'created_at',
  'updated_at',
] as const;

/** The estimate part of a row: what changes when an activity is recomputed. */
export interface CarbonEstimateColumns {
  category: string;
  activity: Record<string, unknown>;
  kg_co2e: number;
  total_kg_co2e: number;
  scope: 1 | 2 | 3;
  factor_id: string;
  factor_source: string;
  factor_edition: string;
  factor_unit: string;
  factor_kg_per_unit: number;
  quantity_value: number;
  quantity_unit: string;
  additional: StoredEmissionLine[];
}

type LogParams = Omit<
  Required<NewCarbonActivity>,
  'id' | 'activity' | 'additional' | 'created_at' | 'updated_at'
> & { activity: string; additional: string; org_ids: string[] };

type StoredActivity = Pick<CarbonActivityRow, (typeof carbonActivityColumns)[number]>;

const logStatement = preparedStatement<
  LogParams,
  StoredActivity & { active_goals: ActiveGoalRef[] }
>((db: Kysely<Database>, param) =>
  db
    .with('stored', (qb) =>
      qb
        .insertInto('carbon_activities')
        .values({
          user_id: param('user_id'),
          org_id: param('org_id'),
          occurred_on: param('occurred_on'),
          category: param('category'),
          activity: sql`${param('activity')}::jsonb`,
          kg_co2e: param('kg_co2e'),
          total_kg_co2e: param('total_kg_co2e'),
          scope: param('scope'),
          factor_id: param('factor_id'),
          factor_source: param('factor_source'),
          factor_edition: param('factor_edition'),
          factor_unit: param('factor_unit'),
          factor_kg_per_unit: param('factor_kg_per_unit'),
          quantity_value: param('quantity_value'),
          quantity_unit: param('quantity_unit'),
          additional: sql`${param('additional')}::jsonb`,
          note: param('note'),
          source: param('source'),
          import_id: param('import_id'),
          dedupe_key: param('dedupe_key'),
        })
        .returning(carbonActivityColumns),
    )
    .selectFrom('stored')
    .selectAll('stored')
    .select(activeGoalsOf(sql.ref('stored.user_id'), param('org_ids')).as('active_goals')),
);

/** The columns a new activity sets, with their Postgres types (for JSON record sets). */
export const carbonRecordColumns = [
  ['user_id', 'text'],
  ['org_id', 'uuid'],
  ['occurred_on', 'date'],
  ['category', 'text'],
  ['activity', 'jsonb'],
  ['kg_co2e', 'float8'],
  ['total_kg_co2e', 'float8'],
  ['scope', 'smallint'],
  ['factor_id', 'text'],
  ['factor_source', 'text'],
  ['factor_edition', 'text'],
  ['factor_unit', 'text'],
  ['factor_kg_per_unit', 'float8'],
  ['quantity_value', 'float8'],
  ['quantity_unit', 'text'],
  ['additional', 'jsonb'],
  ['note', 'text'],
  ['source', 'text'],
  ['import_id', 'uuid'],
  ['dedupe_key', 'text'],
] as const;
/** Those columns, comma-separated. */
export const carbonRecordColumnList = sql.raw(carbonRecordColumns.map(([c]) => c).join(', '));
/** Those columns with their types: the record type of `jsonb_to_recordset`. */
export const carbonRecordType = sql.raw(
  carbonRecordColumns.map(([c, t]) => `${c} ${t}`).join(', '),
);

type LoggedActivity = StoredActivity & { active_goals: ActiveGoalRef[] };

/**
 * Several logs in one statement, each with its id chosen here so its row and
 * its goals (by its own organisations) find their way back to its caller.
 */
const logBatchStatement = preparedStatement<{ rows: string }, LoggedActivity>((db, param) => {
  const query = sql<LoggedActivity>`
    with input as (
      select * from jsonb_to_recordset(${param('rows')}::jsonb)
        as r(id uuid, ${carbonRecordType}, org_ids uuid[])
    ), stored as (
      insert into carbon_activities (id, ${carbonRecordColumnList})
      select id, ${carbonRecordColumnList} from input
      returning ${sql.join(carbonActivityColumns.map((c) => sql.ref(c)))}
    )
    select stored.*,
      ${activeGoalsOf(sql.ref('stored.user_id'), sql.ref('input.org_ids'))} as active_goals
    from stored join input on input.id = stored.id`;
  return { compile: () => query.compile(db) };
});

interface LogCall {
  row: NewCarbonActivity;
  orgIds: string[];
}

const logOne = async (db: Kysely<Database>, { row, orgIds }: LogCall) => {
  const {
    rows: [result],
  } = await logStatement(db, {
    user_id: row.user_id,
    org_id: row.org_id ?? null,
    occurred_on: row.occurred_on,
    category: row.category,
    activity: JSON.stringify(row.activity),
    kg_co2e: row.kg_co2e,
    total_kg_co2e: row.total_kg_co2e,
    scope: row.scope,
    factor_id: row.factor_id,
    factor_source: row.factor_source,
    factor_edition: row.factor_edition,
    factor_unit: row.factor_unit,
    factor_kg_per_unit: row.factor_kg_per_unit,
    quantity_value: row.quantity_value,
    quantity_unit: row.quantity_unit,
    additional: JSON.stringify(row.additional ?? []),
    note: row.note ?? null,
    source: row.source ?? 'manual',
    import_id: row.import_id ?? null,
    dedupe_key: row.dedupe_key ?? null,
    org_ids: orgIds,
  });
  if (!result) throw new Error('insert returned no row');
  return result;
};

const logMany = async (db: Kysely<Database>, calls: LogCall[]) => {
  const records = calls.map(({ row, orgIds }) => ({
    id: randomUUID(),
    ...Object.fromEntries(carbonRecordColumns.map(([c]) => [c, row[c] ?? null])),
    additional: row.additional ?? [],
    source: row.source ?? 'manual',
    org_ids: orgIds,
  }));
  const { rows } = await logBatchStatement(db, { rows: JSON.stringify(records) });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return records.map((r) => {
    const stored = byId.get(r.id);
    if (!stored) throw new Error(`batched insert lost row ${r.id}`);
    return stored;
  });
};

/**
 * How many log statements may run at once per database handle before later
 * calls wait and go together. Two keep a two-core database busy; on the
 * development machine, at 10 concurrent requests, about two logs share each
 * statement (bench/api prints it as logs/statement).
 */
const LOG_STATEMENTS_IN_FLIGHT = 2;
const coalescers = new WeakMap<Kysely<Database>, Coalescer<LogCall, LoggedActivity>>();

/** The log coalescer of a database handle (not of a transaction: its calls run in order). */
export function logCoalescer(db: Kysely<Database>) {
  let coalescer = coalescers.get(db);
  if (!coalescer) {
    coalescer = createCoalescer<LogCall, LoggedActivity>({
      one: (call) => logOne(db, call),
      many: (calls) => logMany(db, calls),
      maxInFlight: LOG_STATEMENTS_IN_FLIGHT,
      maxBatch: 100,
      maxWaitMs: 20,
    });
    coalescers.set(db, coalescer);
  }
  return coalescer;
}

/**
 * Stores one activity and, in the same round trip, lists the active goals
 * that may count it: the member's own and those of the organisations given.
 * Logging is the API's hottest write: it is a prepared statement, and logs
 * that arrive while others are being stored go together in one statement
 * (coalesce.ts). Each call still gets its own row, or its own error.
 */
export async function insertCarbonActivity(
  db: Kysely<Database>,
  row: NewCarbonActivity,
  goalsOf: { orgIds: string[] } = { orgIds: [] },
) {
  const call = { row, orgIds: goalsOf.orgIds };
  const result = db.isTransaction ? await logOne(db, call) : await logCoalescer(db).submit(call);
  const { active_goals: goals, ...stored } = result;
  return { row: stored, goals };
}

/** Many activities in one statement: all are stored or, on any error, none. */
export function insertCarbonActivities(db: Kysely<Database>, rows: NewCarbonActivity[]) {
  if (rows.length === 0) return Promise.resolve([]);
  return db
    .insertInto('carbon_activities')
    .values(
      rows.map((row) => ({
        ...row,
        activity: jsonb(row.activity),
        additional: jsonb(row.additional ?? []),
      })),
    )
    .returning(carbonActivityColumns)
    .execute();
}

/** A member's own activity; someone else's id finds nothing, exactly like a missing one. */
export function findCarbonActivity(db: Kysely<Database>, userId: string, id: string) {
  return db
    .selectFrom('carbon_activities')
    .select(carbonActivityColumns)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function updateCarbonActivity(
  db: Kysely<Database>,
  userId: string,
  id: string,
  changes: Partial<CarbonEstimateColumns> & { occurred_on?: string; note?: string | null },
) {
  const { activity, additional, ...rest } = changes;
  return db
    .updateTable('carbon_activities')
    .set({
      ...rest,
      ...(activity !== undefined && { activity: jsonb(activity) }),
      ...(additional !== undefined && { additional: jsonb(additional) }),
      updated_at: sql<Date>`now()`,
    })
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .returning(carbonActivityColumns)
    .executeTakeFirst();
}

export function deleteCarbonActivity(db: Kysely<Database>, userId: string, id: string) {
  return db
    .deleteFrom('carbon_activities')
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .returning(['id', 'org_id', 'occurred_on', 'category', 'total_kg_co2e'])
    .executeTakeFirst();
}

export interface CarbonListFilter {
  from?: string;
  to?: string;
  categories?: string[];
  /** Continue after this row (newest first): its day and id. */
  after?: { occurredOn: string; id: string };
  limit: number;
}

/** Newest day first; ties broken by id so pages never overlap or skip. */
export function listCarbonActivities(db: Kysely<Database>, userId: string, f: CarbonListFilter) {
  let q = db
    .selectFrom('carbon_activities')
    .select(carbonActivityColumns)
    .where('user_id', '=', userId);
  if (f.from) q = q.where('occurred_on', '>=', f.from);
  if (f.to) q = q.where('occurred_on', '<=', f.to);
  if (f.categories?.length) q = q.where('category', 'in', f.categories);
  if (f.after) {
    const { occurredOn, id } = f.after;
    q = q.where(sql<boolean>`(occurred_on, id) < (${occurredOn}::date, ${id}::uuid)`);
  }
  return q.orderBy('occurred_on', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}

/**
 * Every row of a member in a date range, oldest first (exports, recomputation).
 * `forUpdate` locks the rows until the transaction ends, so an edit made
 * meanwhile cannot be overwritten by a recomputation that read it before.
 */
export function listCarbonActivitiesInRange(
  db: Kysely<Database>,
  userId: string,
  from: string,
  to: string,
  options: { forUpdate?: boolean } = {},
) {
  const q = db
    .selectFrom('carbon_activities')
    .select(carbonActivityColumns)
    .where('user_id', '=', userId)
    .where('occurred_on', '>=', from)
    .where('occurred_on', '<=', to)
    .orderBy('occurred_on')
    .orderBy('created_at')
    .orderBy('id');
  return (options.forUpdate ? q.forUpdate() : q).execute();
}

export type CarbonBucket = 'day' | 'week' | 'month';

export interface CarbonSummaryLine {
  /** First day of the bucket. */
  bucket: string;
  category: string;
  scope: number;
  kg: number;
  activities: number;
}

const summaryStatement = preparedStatement<
  { user_id: string; from: string; to: string; unit: CarbonBucket },
  { bucket: string; category: string; scope: number; kg: number; activities: number }
>((db: Kysely<Database>, param) =>
  db
    .selectFrom((eb) =>
      eb
        .selectFrom('carbon_daily as d')
        .select([
          // Plain timestamps: a date cast to timestamptz would be truncated in
          // the session's time zone, and a day is a day wherever the server runs.
          sql<Date>`date_trunc(${param('unit')}, d.day::timestamp)`.as('start'),
          'd.category',
          sql<number>`d.scope::int`.as('scope'),
          sql<number>`sum(d.kg)`.as('kg'),
          sql<number>`sum(d.activities)::int`.as('activities'),
        ])
        .where('d.user_id', '=', param('user_id'))
        .where('d.day', '>=', param('from'))
        .where('d.day', '<=', param('to'))
        .groupBy([sql`1`, sql`2`, sql`3`])
        // A cell whose activities were all deleted keeps a zero row; skip it.
        .having(sql<boolean>`sum(d.activities) > 0 or abs(sum(d.kg)) > 1e-9`)
        .as('cells'),
    )
    // Formatted once per cell, not once per day.
    .select([
      sql<string>`to_char(cells.start, 'YYYY-MM-DD')`.as('bucket'),
      'cells.category',
      'cells.scope',
      'cells.kg',
      'cells.activities',
    ])
    .orderBy(sql`cells.start, cells.category, cells.scope`),
);

/**
 * By month, whole months come from the monthly rollup (one row per month,
 * category and scope) and only the range's partial first and last months
 * from the daily one: for three years, about 36 rows instead of 1,100.
 */
const monthSummaryStatement = preparedStatement<
  { user_id: string; from: string; to: string; full_from: string; full_to: string },
  CarbonSummaryLine
>((db: Kysely<Database>, param) =>
  db
    .selectFrom((eb) =>
      eb
        .selectFrom('carbon_monthly as m')
        .select([
          'm.month as start',
          'm.category',
          sql<number>`m.scope::int`.as('scope'),
          'm.kg',
          'm.activities',
        ])
        .where('m.user_id', '=', param('user_id'))
        .where('m.month', '>=', param('full_from'))
        .where('m.month', '<', param('full_to'))
        .unionAll(
          eb
            .selectFrom('carbon_daily as d')
            .select([
              sql<string>`date_trunc('month', d.day::timestamp)::date`.as('start'),
              'd.category',
              sql<number>`d.scope::int`.as('scope'),
              'd.kg',
              'd.activities',
            ])
            .where('d.user_id', '=', param('user_id'))
            .where('d.day', '>=', param('from'))
            .where('d.day', '<=', param('to'))
            .where((w) =>
              w.or([w('d.day', '<', param('full_from')), w('d.day', '>=', param('full_to'))]),
            ),
        )
        .as('cells'),
    )
    .select([
      sql<string>`to_char(cells.start::timestamp, 'YYYY-MM-DD')`.as('bucket'),
      'cells.category',
      'cells.scope',
      sql<number>`sum(cells.kg)`.as('kg'),
      sql<number>`sum(cells.activities)::int`.as('activities'),
    ])
    .groupBy(['cells.start', 'cells.category', 'cells.scope'])
    // A cell whose activities were all deleted keeps a zero row; skip it.
    .having(sql<boolean>`sum(cells.activities) > 0 or abs(sum(cells.kg)) > 1e-9`)
    .orderBy(sql`cells.start, cells.category, cells.scope`),
);

/** First day of the month after the one `day` falls in. */
function nextMonth(day: string) {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

/**
 * The whole months of a range, as [fullFrom, fullTo): fullFrom is the first
 * day of the first month the range covers entirely, fullTo the first day
 * after the last such month. With none, fullFrom is not before fullTo.
 */
export function wholeMonths(from: string, to: string) {
  const fullFrom = from.endsWith('-01') ? from : nextMonth(from);
  const afterTo = nextMonth(to);
  const lastDayOfTo = new Date(Date.parse(afterTo) - 86_400_000).toISOString().slice(0, 10);
  const fullTo = to === lastDayOfTo ? afterTo : `${to.slice(0, 7)}-01`;
  return { fullFrom, fullTo };
}

/**
 * kg CO₂e per time bucket, category and scope, from the trigger-kept daily
 * and monthly rollups (at most one row per day or month, category and scope),
 * oldest bucket first. Additional lines (T&D losses) count under their own
 * scope, as the GHG Protocol reports them, so the scope split of a bucket adds
 * up to its total. Buckets without activity have no lines.
 */
export async function summarizeCarbon(
  db: Kysely<Database>,
  userId: string,
  range: { from: string; to: string; bucket: CarbonBucket },
): Promise<CarbonSummaryLine[]> {
  if (range.bucket === 'month') {
    const { fullFrom, fullTo } = wholeMonths(range.from, range.to);
    const { rows } = await monthSummaryStatement(db, {
      user_id: userId,
      from: range.from,
      to: range.to,
      full_from: fullFrom,
      full_to: fullTo,
    });
    return rows;
  }
  const { rows } = await summaryStatement(db, {
    user_id: userId,
    from: range.from,
    to: range.to,
    unit: range.bucket,
  });
  return rows;
}

function jsonb<T>(value: T): T {
  // pg sends JS arrays as Postgres arrays; JSON text keeps jsonb columns jsonb.
  return sql`${JSON.stringify(value)}::jsonb` as unknown as T;
}
