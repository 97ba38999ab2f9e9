import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { StackConfig } from './config.ts';

export interface PidRecord {
  pid: number;
  command: string;
  startedAt: string;
  /**
   * The process's start time in clock ticks since boot (/proc/<pid>/stat):
   * survives exec (kc.sh becomes java) and tells a recycled pid apart.
   */
  startTicks?: string;
}

function startTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; starttime is field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

export interface StartOptions {
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
}

export const logFile = (cfg: StackConfig, name: string) => join(cfg.logDir, `${name}.log`);
const pidFile = (cfg: StackConfig, name: string) => join(cfg.runDir, `${name}.pid`);

/**
 * Starts a service in its own process group, detached from the CLI, with
 * stdout and stderr appended to .stack/logs/<name>.log, and records its pid.
 */
export function startDetached(cfg: StackConfig, name: string, opts: StartOptions): PidRecord {
  mkdirSync(cfg.logDir, { recursive: true });
  mkdirSync(cfg.runDir, { recursive: true });
  const out = openSync(logFile(cfg, name), 'a');
  try {
    const child = spawn(opts.command, opts.args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      detached: true,
      stdio: ['ignore', out, out],
      uid: opts.uid,
      gid: opts.gid,
    });
    if (child.pid === undefined) throw new Error(`${name}: could not start ${opts.command}`);
    child.unref();
    const record: PidRecord = {
      pid: child.pid,
      command: opts.command,
      startedAt: new Date().toISOString(),
      startTicks: startTicks(child.pid),
    };
    writeFileSync(pidFile(cfg, name), JSON.stringify(record));
    return record;
  } finally {
    closeSync(out);
  }
}

export function readPid(cfg: StackConfig, name: string): PidRecord | undefined {
  const file = pidFile(cfg, name);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PidRecord;
  } catch {
    return undefined;
  }
}

/** True when the pid is alive and is still the process we started. */
export function isOurs(record: PidRecord | undefined): record is PidRecord {
  if (!record) return false;
  try {
    process.kill(record.pid, 0);
  } catch {
    return false;
  }
  if (record.startTicks === undefined) return true;
  return startTicks(record.pid) === record.startTicks;
}

export function runningPid(cfg: StackConfig, name: string): number | undefined {
  const record = readPid(cfg, name);
  return isOurs(record) ? record.pid : undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops the process group we started for a service: SIGTERM first (services
 * shut down cleanly), SIGKILL after the grace period. Never touches a pid
 * that is no longer ours.
 */
export async function stopService(cfg: StackConfig, name: string, graceMs = 20_000) {
  const record = readPid(cfg, name);
  if (!isOurs(record)) {
    rmSync(pidFile(cfg, name), { force: true });
    return false;
  }
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-record.pid, signal);
    } catch {
      try {
        process.kill(record.pid, signal);
      } catch {
        /* already gone */
      }
    }
  };
  signalGroup('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(record.pid) && Date.now() < deadline) await sleep(200);
  if (groupAlive(record.pid)) {
    signalGroup('SIGKILL');
    while (groupAlive(record.pid)) await sleep(100);
  }
  rmSync(pidFile(cfg, name), { force: true });
  return true;
}

/** Resolves to true when nothing listens on host:port. */
export function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export function lastLines(file: string, count = 25): string {
  if (!existsSync(file)) return '(no log yet)';
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  return lines.slice(-count).join('\n');
}
