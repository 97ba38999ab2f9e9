import type { Kysely } from 'kysely';
import type { MigrationResult, MigrationResultSet } from 'kysely/migration';
import { Migrator, NO_MIGRATIONS } from 'kysely/migration';
import { migrations } from './migrations/index.ts';

function migrator(db: Kysely<any>) {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'canopy_migrations',
    migrationLockTableName: 'canopy_migrations_lock',
  });
}

export class MigrationError extends Error {
  readonly results: readonly MigrationResult[];
  constructor(message: string, results: readonly MigrationResult[] = []) {
    super(message);
    this.results = results;
  }
}

function check(set: MigrationResultSet): string[] {
  if (set.error) {
    const failed = set.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const reason = set.error instanceof Error ? set.error.message : String(set.error);
    throw new MigrationError(`migration ${failed} failed: ${reason}`, set.results);
  }
  return (set.results ?? []).map((r) => r.migrationName);
}

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return check(await migrator(db).migrateToLatest());
}

/** Reverts the most recent migration; returns its name (empty when none). */
export async function migrateDown(db: Kysely<any>): Promise<string[]> {
  return check(await migrator(db).migrateDown());
}

/** Reverts every migration. */
export async function migrateReset(db: Kysely<any>): Promise<string[]> {
  return check(await migrator(db).migrateTo(NO_MIGRATIONS));
}

export async function migrationStatus(db: Kysely<any>) {
  return (await migrator(db).getMigrations()).map((m) => ({
    name: m.name,
    executedAt: m.executedAt ?? null,
  }));
}
