#!/usr/bin/env node
// canopy-db: migrations and demo data for the database in DATABASE_URL.
import { z } from 'zod';
import { createDb } from './connect.ts';
import { seedDemo } from './demo.ts';
import { migrateDown, migrateReset, migrateToLatest, migrationStatus } from './migrate.ts';

const usage = `Usage: canopy-db <command>
  migrate latest   apply every pending migration (default)
  migrate down     revert the most recent migration
  migrate reset    revert every migration
  migrate status   list migrations and when each ran
  seed-demo        load the demo organisations and profiles
Reads DATABASE_URL.`;

const ZEnv = z.object({
  DATABASE_URL: z
    .string({
      error:
        'DATABASE_URL is not set: point it at PostgreSQL, e.g. postgres://user:pass@host:5432/canopy',
    })
    .url('DATABASE_URL must be a postgres:// URL'),
});

async function main([command, sub = 'latest']: string[]) {
  if (!command || command === 'help' || command === '--help') {
    console.log(usage);
    return;
  }
  const env = ZEnv.safeParse(process.env);
  if (!env.success) throw new Error(env.error.issues.map((i) => i.message).join('\n'));
  const db = createDb(env.data.DATABASE_URL, { max: 1 });
  try {
    if (command === 'migrate') {
      const run = { latest: migrateToLatest, down: migrateDown, reset: migrateReset }[sub];
      if (sub === 'status') {
        for (const m of await migrationStatus(db)) {
          console.log(
            `${m.executedAt ? m.executedAt.toISOString() : 'pending'.padEnd(24)}  ${m.name}`,
          );
        }
      } else if (run) {
        const names = await run(db);
        console.log(names.length ? `${sub}: ${names.join(', ')}` : `${sub}: nothing to do`);
      } else {
        throw new Error(`unknown migrate command "${sub}"\n${usage}`);
      }
    } else if (command === 'seed-demo') {
      await seedDemo(db);
      console.log('demo data loaded');
    } else {
      throw new Error(`unknown command "${command}"\n${usage}`);
    }
  } finally {
    await db.destroy();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`canopy-db: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
