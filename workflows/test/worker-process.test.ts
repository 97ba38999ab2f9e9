// The worker process as an orchestrator sees it: a health endpoint that says
// whether every queue is being served, and the SDK's Prometheus metrics.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createMigratedTestDb } from '@canopy/db/testing';
import { stackEnv } from '@canopy/devstack/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const workerMain = fileURLToPath(new URL('../src/worker-main.ts', import.meta.url));

const freePort = () =>
  new Promise<number>((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });

let testDb: Awaited<ReturnType<typeof createMigratedTestDb>>;
beforeAll(async () => {
  testDb = await createMigratedTestDb();
});
afterAll(async () => {
  await testDb?.destroy();
});

describe('the worker process', () => {
  it(
    'reports its queues healthy on /healthz, serves metrics, and exits cleanly on SIGTERM',
    {
      timeout: 180_000,
    },
    async () => {
      const [healthPort, metricsPort] = [await freePort(), await freePort()];
      const taskQueues = [`test-health-a-${randomUUID()}`, `test-health-b-${randomUUID()}`];
      const proc = spawn(process.execPath, [workerMain], {
        env: {
          ...process.env,
          ...stackEnv(),
          DATABASE_URL: testDb.url,
          WORKER_TASK_QUEUES: taskQueues.join(','),
          WORKER_HEALTH_PORT: String(healthPort),
          WORKER_HEALTH_HOST: '127.0.0.1',
          WORKER_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
      proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<number | null>((done) => proc.once('exit', (code) => done(code)));
      try {
        let health: { status: number; body: unknown } | undefined;
        for (let i = 0; i < 600 && health?.status !== 200; i++) {
          if (proc.exitCode !== null) throw new Error(`worker exited:\n${output}`);
          health = await fetch(`http://127.0.0.1:${healthPort}/healthz`).then(
            async (r) => ({ status: r.status, body: await r.json() }),
            () => undefined,
          );
          if (health?.status !== 200) await new Promise((r) => setTimeout(r, 200));
        }
        expect(health).toEqual({
          status: 200,
          body: {
            status: 'ok',
            workers: taskQueues.map((taskQueue) => ({ taskQueue, state: 'RUNNING' })),
          },
        });

        const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
        expect(metrics).toMatch(/^temporal_\w+/m);
        expect(metrics).toContain(taskQueues[0]);

        proc.kill('SIGTERM');
        expect(await exited).toBe(0);
        expect(output).toContain('stopped');
        await expect(fetch(`http://127.0.0.1:${healthPort}/healthz`)).rejects.toThrow();
      } finally {
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
    },
  );
});
