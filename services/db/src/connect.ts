import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema/index.ts';

// Return bigint ids (audit log) as strings rather than losing precision.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);
// Calendar dates stay ISO strings (YYYY-MM-DD): a Date would shift them by time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export interface DbOptions {
  /** Pool size; the API and the worker size it to their concurrency. */
  max?: number;
}

export function createDb(connectionString: string, options: DbOptions = {}): Kysely<Database> {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export type Db = Kysely<Database>;
