// Named prepared statements for the hottest queries. PostgreSQL parses and
// plans a statement sent by name once per connection and then only binds and
// runs it; for a 20-column insert with a CTE that is most of the database's
// work per request. A repository function declares such a query once with
// `preparedStatement` (Kysely builds it once, later calls only bind values),
// and the pool's clients send every text so declared by name.
import { createHash } from 'node:crypto';
import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import pg from 'pg';
import type { Database } from './schema/index.ts';

/** Statement text → its name: a handful of fixed shapes. */
const names = new Map<string, string>();
/**
 * Each name costs memory in every server connection: should a bug ever make
 * a declared text vary, past this many texts the rest run unnamed.
 */
const MAX_STATEMENTS = 200;

function nameOf(text: string) {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_STATEMENTS) {
    name = `canopy_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/** Stands where a value goes while a prepared statement is built. */
class Slot {
  readonly key: string;
  constructor(key: string) {
    this.key = key;
  }
}

/**
 * A query whose text never changes with its values, built by Kysely on first
 * use; every later call only fills in the parameters. Building a 20-column
 * insert costs the API about a tenth of a millisecond, as much as the rest of
 * the repository call. `build` uses `param(key)` wherever a value goes: every
 * value must be a parameter, so the statement cannot depend on one.
 */
export function preparedStatement<P extends Record<string, unknown>, R>(
  build: (
    db: Kysely<Database>,
    param: <K extends keyof P & string>(key: K) => P[K],
  ) => Compilable<R>,
) {
  let built: { compiled: CompiledQuery<R>; keys: string[] } | undefined;
  return (db: Kysely<Database>, params: P): Promise<QueryResult<R>> => {
    if (!built) {
      const compiled = build(db, (key) => new Slot(key) as never).compile();
      const keys = compiled.parameters.map((value) => {
        if (!(value instanceof Slot)) {
          throw new Error(`a prepared statement takes every value as a parameter: ${compiled.sql}`);
        }
        return value.key;
      });
      nameOf(compiled.sql);
      built = { compiled, keys };
    }
    const { compiled, keys } = built;
    return db.executeQuery({ ...compiled, parameters: keys.map((key) => params[key]) });
  };
}

/**
 * A pg client that sends declared statement texts by name. Kysely calls
 * `query(text, values)`; everything else passes through untouched.
 */
export class NamedStatementClient extends pg.Client {
  override query(...args: unknown[]): never {
    const [config, values] = args;
    if (args.length === 2 && typeof config === 'string' && Array.isArray(values)) {
      const name = names.get(config);
      if (name !== undefined) {
        return (super.query as (...a: unknown[]) => never)({ name, text: config, values });
      }
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}
