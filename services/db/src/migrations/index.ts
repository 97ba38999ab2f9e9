import type { Migration } from 'kysely/migration';
import * as foundation from './20261122T0900-foundation.ts';

/**
 * Every migration, by name; names sort in the order they run. Listed by hand
 * rather than read from the folder so bundled and deployed builds carry them.
 */
export const migrations: Record<string, Migration> = {
  '20261122T0900-foundation': foundation,
};
