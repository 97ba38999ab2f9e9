import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { StackConfig } from './config.ts';
import { repoRoot } from './config.ts';
import { stackEnv } from './stack-env.ts';

/**
 * Migrates the application database and loads the demo organisations. Runs
 * the db package's own CLI, the same one operators use, rather than importing it.
 */
export async function seedDemo(cfg: StackConfig) {
  const cli = join(repoRoot, 'services/db/src/cli.ts');
  const env = { ...process.env, DATABASE_URL: stackEnv(cfg).DATABASE_URL };
  for (const args of [['migrate', 'latest'], ['seed-demo']]) {
    execFileSync(process.execPath, [cli, ...args], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  }
}
