import { randomUUID } from 'node:crypto';
import { stackEnv, temporalTestClient } from '@canopy/devstack/testing';
import { describe, expect, it } from 'vitest';
import { createWorker } from '../src/worker.ts';

describe('Temporal dev server with a real worker', () => {
  it('runs the ping workflow and its activity to completion', async () => {
    const env = stackEnv();
    const temporal = { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE };
    // A queue of its own so no other worker picks the task up.
    const taskQueue = `test-ping-${randomUUID()}`;
    const { worker, connection: workerConnection } = await createWorker({ temporal, taskQueue });
    const client = await temporalTestClient();
    try {
      const workflowId = `ping-${randomUUID()}`;
      const result = await worker.runUntil(
        client.workflow.execute('ping', { taskQueue, workflowId, args: [{ from: 'vitest' }] }),
      );
      expect(result.reply).toBe('pong to vitest');
      expect(result.workerIdentity).toBe(`${taskQueue}@${process.pid}`);

      const described = await client.workflow.getHandle(workflowId).describe();
      expect(described.status.name).toBe('COMPLETED');
    } finally {
      await client.connection.close();
      await workerConnection.close();
    }
  }, 180_000);
});
