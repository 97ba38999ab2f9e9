import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database, WebSessionKind } from '../schema/index.ts';

/** Stores a new session or pending login under the hash of its id. */
export async function insertWebSession(
  db: Kysely<Database>,
  s: { idHash: string; kind: WebSessionKind; data: Record<string, unknown>; expiresAt: Date },
) {
  await db
    .insertInto('web_sessions')
    .values({ id_hash: s.idHash, kind: s.kind, data: s.data, expires_at: s.expiresAt })
    .execute();
}

/** The data of a live entry of that kind; expired entries are as good as gone. */
export async function findWebSession(db: Kysely<Database>, idHash: string, kind: WebSessionKind) {
  const row = await db
    .selectFrom('web_sessions')
    .select(['data', 'expires_at'])
    .where('id_hash', '=', idHash)
    .where('kind', '=', kind)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row?.data;
}

/** Replaces an entry's data (a refreshed token); false when it is gone. */
export async function updateWebSession(
  db: Kysely<Database>,
  idHash: string,
  kind: WebSessionKind,
  data: Record<string, unknown>,
  expiresAt: Date,
) {
  const result = await db
    .updateTable('web_sessions')
    .set({ data, expires_at: expiresAt, updated_at: sql`now()` })
    .where('id_hash', '=', idHash)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteWebSession(db: Kysely<Database>, idHash: string) {
  await db.deleteFrom('web_sessions').where('id_hash', '=', idHash).execute();
}

/** Drops expired entries; returns how many. */
export async function deleteExpiredWebSessions(db: Kysely<Database>) {
  const result = await db
    .deleteFrom('web_sessions')
    .where('expires_at', '<=', sql<Date>`now()`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
