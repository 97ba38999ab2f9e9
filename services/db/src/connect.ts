import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { NamedStatementClient } from './prepared.ts';
import type { Database } from './schema/index.ts';

// Return bigint ids (audit log) as strings rather than losing precision.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);
// Calendar dates stay ISO strings (YYYY-MM-DD): a Date would shift them by time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export interface DbOptions {
  /** Pool size; the API and the worker size it to their concurrency. */
  max?: number;
  /**
   * Send the queries repositories mark as hot as named prepared statements
   * (default). Turn off behind a connection pooler that cannot keep them,
   * such as PgBouncer in transaction mode before 1.21.
   */
  preparedStatements?: boolean;
  /**
   * Told when an idle connection dies (the server restarted, an admin ended
   * it, the database was dropped): the pool has already let it go and opens
   * a new one when next needed. Without a listener that would be an
   * unhandled 'error' and end the process.
   */
  onIdleError?: (error: Error) => void;
}

const pools = new WeakMap<Kysely<Database>, pg.Pool>();

export function createDb(connectionString: string, options: DbOptions = {}): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    ...(options.preparedStatements !== false && { Client: NamedStatementClient }),
  });
  pool.on('error', (error) => options.onIdleError?.(error));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
}

/**
 * Resolves once no connection of the pool has been in use for `quietMs`
 * (true), or after `timeoutMs` (false). A server shutting down waits for this
 * before closing the pool: a request whose client has hung up is still
 * running, and its remaining queries must find the pool open.
 */
export async function poolSettled(
  db: Kysely<Database>,
  { quietMs = 250, timeoutMs = 10_000 } = {},
): Promise<boolean> {
  const pool = pools.get(db);
  if (!pool) return true;
  const deadline = Date.now() + timeoutMs;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    const busy = pool.totalCount - pool.idleCount + pool.waitingCount;
    if (busy > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietMs) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

export type Db = Kysely<Database>;
