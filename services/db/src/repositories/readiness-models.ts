import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../schema/index.ts';

/**
 * A cheap summary of the rows a readiness fit for `to` reads: how many
 * wellness days and rated sessions there are in its windows and when any of
 * them last changed. An edit, an insert or a delete changes it.
 */
export async function readinessFingerprint(
  db: Kysely<Database>,
  userId: string,
  window: { wellnessFrom: string; sessionsFrom: string; to: string },
): Promise<string> {
  const { rows } = await sql<{
    w: string;
    wu: Date | null;
    s: string;
    su: Date | null;
    f: string | null;
  }>`
    select
      (select count(*) from wellness_days
        where user_id = ${userId} and day >= ${window.wellnessFrom} and day <= ${window.to}) as w,
      (select max(updated_at) from wellness_days
        where user_id = ${userId} and day >= ${window.wellnessFrom} and day <= ${window.to}) as wu,
      (select count(*) from training_sessions
        where user_id = ${userId} and local_date >= ${window.sessionsFrom} and local_date <= ${window.to}) as s,
      (select max(updated_at) from training_sessions
        where user_id = ${userId} and local_date >= ${window.sessionsFrom} and local_date <= ${window.to}) as su,
      (select min(local_date)::text from training_sessions where user_id = ${userId}) as f
  `.execute(db);
  const r = rows[0]!;
  return [r.w, r.wu?.toISOString() ?? '-', r.s, r.su?.toISOString() ?? '-', r.f ?? '-'].join('|');
}

export function upsertReadinessModel(
  db: Kysely<Database>,
  m: { userId: string; fittedFor: string; fingerprint: string; model: Record<string, unknown> },
) {
  const values = { fitted_for: m.fittedFor, fingerprint: m.fingerprint, model: m.model };
  return db
    .insertInto('readiness_models')
    .values({ user_id: m.userId, ...values })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({ ...values, fitted_at: sql<Date>`now()` }),
    )
    .execute();
}

export function findReadinessModel(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('readiness_models')
    .select(['fitted_for', 'fingerprint', 'model', 'fitted_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export function deleteReadinessModel(db: Kysely<Database>, userId: string) {
  return db.deleteFrom('readiness_models').where('user_id', '=', userId).execute();
}
