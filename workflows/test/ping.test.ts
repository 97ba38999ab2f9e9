import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { stackEnv } from '@canopy/devstack/testing';
import { describe, expect, it } from 'vitest';
import { createWorker } from '../src/worker.ts';

describe('Temporal dev server with a real worker', () => {
  it('runs the ping workflow and its activity to completion', async () => {
    const env = stackEnv();
    const temporal = { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE };
    // A queue of its own so no other worker picks the task up.
    const taskQueue = `test-ping-${randomUUID()}`;
    const { worker, connection: workerConnection } = await createWorker({ temporal, taskQueue });
    const connection = await Connection.connect({ address: temporal.address });
    try {
      const client = new Client({ connection, namespace: temporal.namespace });
      const workflowId = `ping-${randomUUID()}`;
      const result = await worker.runUntil(
        client.workflow.execute('ping', { taskQueue, workflowId, args: [{ from: 'vitest' }] }),
      );
      expect(result.reply).toBe('pong to vitest');
      expect(result.workerIdentity).toBe(`${taskQueue}@${process.pid}`);

      const described = await client.workflow.getHandle(workflowId).describe();
      expect(described.status.name).toBe('COMPLETED');
    } finally {
      await connection.close();
      await workerConnection.close();
    }
  }, 60_000);
});
