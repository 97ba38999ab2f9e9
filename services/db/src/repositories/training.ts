import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { preparedStatement } from '../prepared.ts';
import type { Database, NewTrainingSession } from '../schema/index.ts';
import type { ActiveGoalRef } from './goals.ts';
import { activeGoalsOf } from './goals.ts';

export const trainingSessionColumns = [
  'id',
  'user_id',
  'org_id',
  'started_at',
  'local_date',
  'sport',
  'duration_min',
  'rpe',
  'distance_km',
  'hr_avg',
  'hr_max',
  'fatigue',
  'readiness',
  'mood',
  'load_au',
  'trimp',
  'notes',
  'source',
  'import_id',
  'created_at',
  'updated_at',
] as const;

export type TrainingSessionChanges = Partial<
  Omit<NewTrainingSession, 'id' | 'user_id' | 'org_id' | 'created_at' | 'updated_at'>
>;

export function insertTrainingSession(db: Kysely<Database>, row: NewTrainingSession) {
  return db
    .insertInto('training_sessions')
    .values(row)
    .returning(trainingSessionColumns)
    .executeTakeFirstOrThrow();
}

/** A member's own session; someone else's id finds nothing, exactly like a missing one. */
export function findTrainingSession(db: Kysely<Database>, userId: string, id: string) {
  return db
    .selectFrom('training_sessions')
    .select(trainingSessionColumns)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function updateTrainingSession(
  db: Kysely<Database>,
  userId: string,
  id: string,
  changes: TrainingSessionChanges,
) {
  return db
    .updateTable('training_sessions')
    .set({ ...changes, updated_at: sql<Date>`now()` })
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .returning(trainingSessionColumns)
    .executeTakeFirst();
}

export function deleteTrainingSession(db: Kysely<Database>, userId: string, id: string) {
  return db
    .deleteFrom('training_sessions')
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .returning(['id', 'org_id', 'local_date', 'sport', 'load_au'])
    .executeTakeFirst();
}

/** Newest first by start time; ties broken by id so pages never overlap or skip. */
export function listTrainingSessions(
  db: Kysely<Database>,
  userId: string,
  f: {
    from?: string;
    to?: string;
    after?: { startedAt: Date; id: string };
    limit: number;
  },
) {
  let q = db
    .selectFrom('training_sessions')
    .select(trainingSessionColumns)
    .where('user_id', '=', userId);
  if (f.from) q = q.where('local_date', '>=', f.from);
  if (f.to) q = q.where('local_date', '<=', f.to);
  if (f.after) {
    const { startedAt, id } = f.after;
    q = q.where(sql<boolean>`(started_at, id) < (${startedAt}::timestamptz, ${id}::uuid)`);
  }
  return q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}

/** What the load series needs: sessions with an RPE (others carry no session-RPE load). */
export function listSessionLoads(db: Kysely<Database>, userId: string, from: string, to: string) {
  return db
    .selectFrom('training_sessions')
    .select(['local_date', 'duration_min', 'rpe'])
    .where('user_id', '=', userId)
    .where('local_date', '>=', from)
    .where('local_date', '<=', to)
    .where('rpe', 'is not', null)
    .orderBy('local_date')
    .execute();
}

/** The member's first session day, or undefined when they have none. */
export async function firstSessionDate(db: Kysely<Database>, userId: string) {
  const row = await db
    .selectFrom('training_sessions')
    .select((eb) => eb.fn.min('local_date').as('first'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return (row?.first as string | null | undefined) ?? undefined;
}

const wellnessColumns = [
  'day',
  'fatigue',
  'readiness',
  'mood',
  'soreness',
  'stress',
  'sleep_hours',
  'updated_at',
] as const;

export interface WellnessScores {
  fatigue?: number | null;
  readiness?: number | null;
  mood?: number | null;
  soreness?: number | null;
  stress?: number | null;
  sleep_hours?: number | null;
}

/**
 * One check-in per member and day: the first call creates it, later calls
 * change only the scores they give (null clears one), so repeating a call
 * leaves the same row.
 */
export function upsertWellnessDay(
  db: Kysely<Database>,
  userId: string,
  day: string,
  scores: WellnessScores,
) {
  const given = Object.fromEntries(
    Object.entries(scores).filter(([, v]) => v !== undefined),
  ) as WellnessScores;
  return db
    .insertInto('wellness_days')
    .values({ user_id: userId, day, ...given })
    .onConflict((oc) =>
      oc.columns(['user_id', 'day']).doUpdateSet({ ...given, updated_at: sql<Date>`now()` }),
    )
    .returning(wellnessColumns)
    .executeTakeFirstOrThrow();
}

export function listWellnessDays(db: Kysely<Database>, userId: string, from: string, to: string) {
  return db
    .selectFrom('wellness_days')
    .select(wellnessColumns)
    .where('user_id', '=', userId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
}

/**
 * Sets the step count of each day given (one statement, so a sync job's batch
 * lands whole or not at all); sending the same day again replaces its count.
 * Days must be distinct within one call.
 */
export function upsertDailySteps(
  db: Kysely<Database>,
  userId: string,
  days: readonly { day: string; steps: number }[],
  source: string,
) {
  return db
    .insertInto('daily_steps')
    .values(days.map((d) => ({ user_id: userId, day: d.day, steps: d.steps, source })))
    .onConflict((oc) =>
      oc.columns(['user_id', 'day']).doUpdateSet((eb) => ({
        steps: eb.ref('excluded.steps'),
        source: eb.ref('excluded.source'),
        updated_at: sql<Date>`now()`,
      })),
    )
    .returning(['day', 'steps', 'source', 'updated_at'])
    .execute();
}

const daySteps = preparedStatement<
  { user_id: string; day: string; steps: number; source: string; org_ids: string[] },
  { day: string; steps: number; source: string; updated_at: Date; active_goals: ActiveGoalRef[] }
>((db: Kysely<Database>, param) =>
  db
    .with('stored', (qb) =>
      qb
        .insertInto('daily_steps')
        .values({
          user_id: param('user_id'),
          day: param('day'),
          steps: param('steps'),
          source: param('source'),
        })
        .onConflict((oc) =>
          oc.columns(['user_id', 'day']).doUpdateSet((eb) => ({
            steps: eb.ref('excluded.steps'),
            source: eb.ref('excluded.source'),
            updated_at: sql<Date>`now()`,
          })),
        )
        .returning(['user_id', 'day', 'steps', 'source', 'updated_at']),
    )
    .selectFrom('stored')
    .select(['stored.day', 'stored.steps', 'stored.source', 'stored.updated_at'])
    .select(activeGoalsOf(sql.ref('stored.user_id'), param('org_ids')).as('active_goals')),
);

/**
 * Sets one day's steps and, in the same round trip (one prepared statement),
 * lists the active goals that may count them: the member's own and those of
 * the organisations given.
 */
export async function upsertDaySteps(
  db: Kysely<Database>,
  userId: string,
  day: { day: string; steps: number; source: string },
  goalsOf: { orgIds: string[] },
) {
  const {
    rows: [result],
  } = await daySteps(db, { user_id: userId, ...day, org_ids: goalsOf.orgIds });
  if (!result) throw new Error('upsert returned no row');
  const { active_goals: goals, ...row } = result;
  return { row, goals };
}

export function listDailySteps(db: Kysely<Database>, userId: string, from: string, to: string) {
  return db
    .selectFrom('daily_steps')
    .select(['day', 'steps', 'source', 'updated_at'])
    .where('user_id', '=', userId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
}
