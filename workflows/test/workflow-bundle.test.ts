import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stackEnv, temporalTestClient } from '@canopy/devstack/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorker } from '../src/worker.ts';

const script = fileURLToPath(new URL('../src/build-workflow-bundle.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'canopy-bundle-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('prebuilt workflow bundle', () => {
  it('is built by the script and runs workflows without bundling at start', async () => {
    const bundle = join(dir, 'workflow-bundle.js');
    const output = execFileSync(process.execPath, [script, bundle], { encoding: 'utf8' });
    expect(output).toContain(bundle);
    expect(statSync(bundle).size).toBeGreaterThan(10_000);

    const env = stackEnv();
    const taskQueue = `test-bundle-${randomUUID()}`;
    const { worker, connection } = await createWorker({
      temporal: { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE },
      taskQueue,
      workflowBundlePath: bundle,
    });
    const client = await temporalTestClient();
    try {
      const result = await worker.runUntil(
        client.workflow.execute('ping', {
          taskQueue,
          workflowId: `ping-${randomUUID()}`,
          args: [{ from: 'bundle' }],
        }),
      );
      expect(result.reply).toBe('pong to bundle');
    } finally {
      await client.connection.close();
      await connection.close();
    }
  }, 120_000);

  it('explains its usage when no output file is given', () => {
    expect(() => execFileSync(process.execPath, [script], { stdio: 'pipe' })).toThrow(/usage/);
  });
});
