import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { Database, GoalStatus } from '../schema/index.ts';

const goalColumns = [
  'id',
  'user_id',
  'org_id',
  'created_by',
  'title',
  'kind',
  'definition',
  'time_zone',
  'status',
  'created_at',
  'updated_at',
] as const;

export function createGoal(
  db: Kysely<Database>,
  g: {
    userId: string | null;
    orgId: string | null;
    createdBy: string;
    title: string;
    kind: string;
    definition: Record<string, unknown>;
    timeZone: string;
  },
) {
  return db
    .insertInto('goals')
    .values({
      user_id: g.userId,
      org_id: g.orgId,
      created_by: g.createdBy,
      title: g.title,
      kind: g.kind,
      definition: g.definition,
      time_zone: g.timeZone,
    })
    .returning(goalColumns)
    .executeTakeFirstOrThrow();
}

/** A goal the user may see: their own, or one of an organisation they belong to. */
export function findVisibleGoal(
  db: Kysely<Database>,
  goalId: string,
  userId: string,
  orgIds: string[],
) {
  return db
    .selectFrom('goals')
    .select(goalColumns)
    .where('id', '=', goalId)
    .where((eb) =>
      eb.or([eb('user_id', '=', userId), ...(orgIds.length ? [eb('org_id', 'in', orgIds)] : [])]),
    )
    .executeTakeFirst();
}

export function listVisibleGoals(
  db: Kysely<Database>,
  userId: string,
  orgIds: string[],
  status?: GoalStatus,
) {
  let q = db
    .selectFrom('goals')
    .select(goalColumns)
    .where((eb) =>
      eb.or([eb('user_id', '=', userId), ...(orgIds.length ? [eb('org_id', 'in', orgIds)] : [])]),
    )
    .orderBy('created_at', 'desc');
  if (status) q = q.where('status', '=', status);
  return q.execute();
}

export function setGoalStatus(db: Kysely<Database>, goalId: string, status: GoalStatus) {
  return db
    .updateTable('goals')
    .set({ status, updated_at: sql<Date>`now()` })
    .where('id', '=', goalId)
    .returning(goalColumns)
    .executeTakeFirstOrThrow();
}

/**
 * The activity a goal counts, from a day on: daily steps, sessions and
 * emissions of one member, or what counts for an organisation. Sessions and
 * emissions count for the organisation recorded on them when they were logged
 * (the member's primary organisation then); steps, which record none, count
 * for their member's primary organisation. Joining an organisation brings
 * none of a member's activity into it unless they make it their primary one.
 */
export async function goalActivity(
  db: Kysely<Database>,
  who: { userId: string } | { orgId: string },
  fromDay: string,
) {
  if ('orgId' in who) return orgGoalActivity(db, who.orgId, fromDay);
  const [steps, sessions, emissions] = await Promise.all([
    db
      .selectFrom('daily_steps')
      .select(['user_id', 'day', 'steps'])
      .where('user_id', '=', who.userId)
      .where('day', '>=', fromDay)
      .execute(),
    db
      .selectFrom('training_sessions')
      .select(['id', 'local_date', 'duration_min', 'rpe'])
      .where('user_id', '=', who.userId)
      .where('local_date', '>=', fromDay)
      .execute(),
    db
      .selectFrom('carbon_activities')
      .select(['id', 'occurred_on', 'total_kg_co2e'])
      .where('user_id', '=', who.userId)
      .where('occurred_on', '>=', fromDay)
      .execute(),
  ]);
  return { steps, sessions, emissions };
}

async function orgGoalActivity(db: Kysely<Database>, orgId: string, fromDay: string) {
  const [steps, sessions, emissions] = await Promise.all([
    db
      .selectFrom('daily_steps')
      .innerJoin('user_profiles', 'user_profiles.user_id', 'daily_steps.user_id')
      .select(['daily_steps.user_id', 'daily_steps.day', 'daily_steps.steps'])
      .where('user_profiles.primary_org_id', '=', orgId)
      .where('daily_steps.day', '>=', fromDay)
      .execute(),
    db
      .selectFrom('training_sessions')
      .select(['id', 'local_date', 'duration_min', 'rpe'])
      .where('org_id', '=', orgId)
      .where('local_date', '>=', fromDay)
      .execute(),
    db
      .selectFrom('carbon_activities')
      .select(['id', 'occurred_on', 'total_kg_co2e'])
      .where('org_id', '=', orgId)
      .where('occurred_on', '>=', fromDay)
      .execute(),
  ]);
  return { steps, sessions, emissions };
}

/** A goal's status, or undefined when no such goal is stored. */
export async function findGoalStatus(db: Kysely<Database>, goalId: string) {
  const row = await db
    .selectFrom('goals')
    .select('status')
    .where('id', '=', goalId)
    .executeTakeFirst();
  return row?.status;
}

/** An active goal that activity just stored may count towards. */
export interface ActiveGoalRef {
  id: string;
  kind: string;
}

/**
 * A subquery listing, as JSON, the active goals of a member (`userId`, an SQL
 * expression such as the stored row's column) and of their primary
 * organisation: the first of `orgIds` (a uuid[] value, the member's
 * organisations primary first, as listMembershipsOfUser orders them), the only
 * one new activity counts for. A write that makes goal events selects it beside
 * its RETURNING row, so the goals to signal come back in the same round trip.
 */
export function activeGoalsOf(userId: RawBuilder<string>, orgIds: unknown) {
  return sql<ActiveGoalRef[]>`(
    select coalesce(json_agg(json_build_object('id', g.id, 'kind', g.kind)), '[]'::json)
    from goals g
    where g.status = 'active' and (g.user_id = ${userId} or g.org_id = (${orgIds}::uuid[])[1])
  )`;
}
