import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { portIsFree, readPid } from '../src/proc.ts';

// A second, small stack beside the main one: its own folder and ports, and
// only the services that start in seconds.
const stackDir = mkdtempSync(join(tmpdir(), 'canopy-stack-test-'));
const env = {
  ...process.env,
  CANOPY_STACK_DIR: stackDir,
  CANOPY_PG_PORT: '25433',
  CANOPY_STRIPE_MOCK_PORT: '22111',
  CANOPY_STRIPE_MOCK_HTTPS_PORT: '22112',
  CANOPY_SMTP_PORT: '21025',
  CANOPY_MAIL_WEB_PORT: '21080',
};
const only = ['--only', 'postgres,stripe-mock,mail'];
const cli = resolve(import.meta.dirname, '../src/cli.ts');
const cfg = loadConfig(env);

function stack(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

const pidsOf = () => ['postgres', 'stripe-mock', 'mail'].map((n) => readPid(cfg, n)?.pid);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterAll(() => {
  stack('down');
  rmSync(stackDir, { recursive: true, force: true });
});

describe('scripts/stack', () => {
  it('up twice is harmless, and down leaves none of its processes running', async () => {
    const first = stack('up', ...only);
    expect(first.out).toContain('started postgres');
    expect(first.code).toBe(0);
    const pids = pidsOf();
    expect(pids.every((p) => typeof p === 'number' && alive(p))).toBe(true);

    const second = stack('up', ...only);
    expect(second.code).toBe(0);
    expect(second.out).toContain('already running: postgres, stripe-mock, mail');
    expect(second.out).not.toContain('started');
    expect(pidsOf()).toEqual(pids);

    const status = stack('status');
    expect(status.out).toMatch(/postgres\s+healthy/);

    const down = stack('down');
    expect(down.code).toBe(0);
    expect(down.out).toContain('stopped: mail, stripe-mock, postgres');
    for (const pid of pids as number[]) {
      expect(alive(pid)).toBe(false);
      expect(() => process.kill(-pid, 0)).toThrow();
    }
    for (const port of [25433, 22111, 22112, 21025, 21080])
      expect(await portIsFree('127.0.0.1', port)).toBe(true);
    expect(stack('down').out).toContain('nothing of ours was running');
  }, 120_000);

  it('names the variable that moves a port that is already taken', async () => {
    const squatter = createServer();
    await new Promise<void>((r) => squatter.listen(22111, '127.0.0.1', r));
    try {
      const r = stack('up', '--only', 'stripe-mock');
      expect(r.code).toBe(1);
      expect(r.out).toContain('port 22111 on 127.0.0.1 (stripe-mock) is already taken');
      expect(r.out).toContain('CANOPY_STRIPE_MOCK_PORT');
    } finally {
      squatter.close();
    }
  });

  it('rejects an unknown service and a bad port setting with a clear message', () => {
    expect(stack('up', '--only', 'redis').out).toContain('unknown service redis');
    const r = spawnSync(process.execPath, [cli, 'status'], {
      env: { ...env, CANOPY_PG_PORT: 'eighty' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('CANOPY_PG_PORT');
  });
});
