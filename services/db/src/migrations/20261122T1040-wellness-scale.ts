import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: never import application code into a migration.
// Feeling scores follow the domain's 1-10 scale (the first schema said 1-5),
// and a wellness day gains the two scores the readiness model reads:
// soreness and stress.

const scored = [
  ['wellness_days', 'fatigue'],
  ['wellness_days', 'readiness'],
  ['wellness_days', 'mood'],
  ['training_sessions', 'fatigue'],
  ['training_sessions', 'readiness'],
  ['training_sessions', 'mood'],
] as const;

async function widen(db: Kysely<any>) {
  for (const [table, column] of scored) {
    const name = `${table}_${column}_check`;
    await sql`alter table ${sql.table(table)} drop constraint ${sql.id(name)}`.execute(db);
    await sql`alter table ${sql.table(table)} add constraint ${sql.id(name)}
      check (${sql.ref(column)} between 1 and 10)`.execute(db);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await widen(db);
  await db.schema
    .alterTable('wellness_days')
    .addColumn('soreness', 'smallint', (c) => c.check(sql`soreness between 1 and 10`))
    .addColumn('stress', 'smallint', (c) => c.check(sql`stress between 1 and 10`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('wellness_days').dropColumn('soreness').dropColumn('stress').execute();
  // Halve scores back onto 1-5 (rounding up) so the old checks hold without losing rows.
  for (const [table, column] of scored) {
    const name = `${table}_${column}_check`;
    await sql`alter table ${sql.table(table)} drop constraint ${sql.id(name)}`.execute(db);
    await sql`update ${sql.table(table)} set ${sql.ref(column)} = ceil(${sql.ref(column)} / 2.0)
      where ${sql.ref(column)} is not null`.execute(db);
    await sql`alter table ${sql.table(table)} add constraint ${sql.id(name)}
      check (${sql.ref(column)} between 1 and 5)`.execute(db);
  }
}
