import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../schema/index.ts';

/**
 * Waits until nobody holds the advisory lock `key`, taking and releasing it
 * on one connection. Crash tests hold the lock to pause a worker mid-step.
 */
export async function waitForAdvisoryLock(db: Kysely<Database>, key: number): Promise<void> {
  await db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${key})`.execute(conn);
    await sql`select pg_advisory_unlock(${key})`.execute(conn);
  });
}

/** How many sessions are waiting for the advisory lock `key`. */
export async function advisoryLockWaiters(db: Kysely<Database>, key: number): Promise<number> {
  // A bigint key sits in objid as its low 32 bits, with classid the high ones (0 here).
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_locks
    where locktype = 'advisory' and classid = 0 and objid = ${key} and not granted`.execute(db);
  return rows[0]?.n ?? 0;
}

/** Takes the advisory lock `key` on a connection of its own; the result releases it. */
export async function holdAdvisoryLock(
  db: Kysely<Database>,
  key: number,
): Promise<() => Promise<void>> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const session = db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${key})`.execute(conn);
    locked();
    await released;
    await sql`select pg_advisory_unlock(${key})`.execute(conn);
  });
  await Promise.race([isLocked, session]);
  return async () => {
    release();
    await session;
  };
}
