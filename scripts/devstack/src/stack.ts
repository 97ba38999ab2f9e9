import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackConfig } from './config.ts';
import { lastLines, logFile, portIsFree, runningPid, startDetached, stopService } from './proc.ts';
import type { ServiceDef } from './services.ts';
import { allServices } from './services.ts';
import { ensureBuckets, ensureDatabase } from './setup.ts';
import { stackEnv, toDotenv } from './stack-env.ts';
import { seedDemo } from './demo.ts';

export class StackError extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (message: string) => process.stderr.write(`\x1b[1;32m[stack]\x1b[0m ${message}\n`);

export function selectServices(only?: string[]): ServiceDef[] {
  if (!only || only.length === 0) return allServices;
  const unknown = only.filter((n) => !allServices.some((s) => s.name === n));
  if (unknown.length > 0) {
    throw new StackError(
      `unknown service ${unknown.join(', ')}; known: ${allServices.map((s) => s.name).join(', ')}`,
    );
  }
  return allServices.filter((s) => only.includes(s.name));
}

async function waitHealthy(cfg: StackConfig, service: ServiceDef) {
  const deadline = Date.now() + service.startTimeoutS * 1000;
  while (Date.now() < deadline) {
    if (await service.healthy(cfg)) return;
    if (runningPid(cfg, service.name) === undefined) {
      throw new StackError(
        `${service.name} exited during start-up. Last lines of ${logFile(cfg, service.name)}:\n${lastLines(logFile(cfg, service.name))}`,
      );
    }
    await sleep(500);
  }
  throw new StackError(
    `${service.name} did not become healthy within ${service.startTimeoutS}s. Last lines of ${logFile(cfg, service.name)}:\n${lastLines(logFile(cfg, service.name))}`,
  );
}

export interface UpResult {
  started: string[];
  alreadyRunning: string[];
  seconds: number;
}

/**
 * Starts every selected service that is not already running and healthy,
 * waits for all of them, then creates the database and buckets. Running it
 * again changes nothing.
 */
export interface UpOptions {
  /** Migrate the application database and load the demo organisations. */
  demo?: boolean;
}

async function startAll(cfg: StackConfig, services: ServiceDef[], result: UpResult) {
  const pending: ServiceDef[] = [];
  for (const service of services) {
    if (runningPid(cfg, service.name) !== undefined) {
      result.alreadyRunning.push(service.name);
      pending.push(service);
      continue;
    }
    for (const key of service.ports) {
      const { port, env } = cfg.ports[key];
      if (!(await portIsFree(cfg.host, port))) {
        throw new StackError(
          `port ${port} on ${cfg.host} (${service.name}) is already taken by another program; stop it or set ${env} to another port`,
        );
      }
    }
    const start = await service.prepare(cfg);
    startDetached(cfg, service.name, start);
    result.started.push(service.name);
    pending.push(service);
    say(`started ${service.name}`);
  }
  await Promise.all(pending.map((s) => waitHealthy(cfg, s)));
}

/**
 * Starts every selected service that is not already running and healthy,
 * waits for all of them, creates the database and buckets (and with `demo`,
 * migrates and loads demo data), then starts Canopy's own processes.
 * Running it again changes nothing.
 */
export async function up(
  cfg: StackConfig,
  services: ServiceDef[] = allServices,
  options: UpOptions = {},
): Promise<UpResult> {
  const t0 = Date.now();
  mkdirSync(cfg.stackDir, { recursive: true });
  const result: UpResult = { started: [], alreadyRunning: [], seconds: 0 };

  await startAll(
    cfg,
    services.filter((s) => s.tier !== 'app'),
    result,
  );

  const names = new Set(services.map((s) => s.name));
  if (names.has('postgres')) await ensureDatabase(cfg);
  if (names.has('minio')) await ensureBuckets(cfg);
  writeFileSync(join(cfg.stackDir, 'env'), toDotenv(stackEnv(cfg)));
  if (options.demo && names.has('postgres')) await seedDemo(cfg);

  await startAll(
    cfg,
    services.filter((s) => s.tier === 'app'),
    result,
  );
  result.seconds = (Date.now() - t0) / 1000;
  return result;
}

/** Stops, in reverse start order, only the processes this stack started. */
export async function down(cfg: StackConfig, services: ServiceDef[] = allServices) {
  const stopped: string[] = [];
  for (const service of [...services].reverse()) {
    if (await stopService(cfg, service.name)) stopped.push(service.name);
  }
  return stopped;
}

export async function status(cfg: StackConfig, services: ServiceDef[] = allServices) {
  return Promise.all(
    services.map(async (s) => {
      const pid = runningPid(cfg, s.name);
      return {
        name: s.name,
        pid,
        healthy: pid !== undefined && (await s.healthy(cfg)),
        ports: s.ports.map((k) => cfg.ports[k].port),
      };
    }),
  );
}
