import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { ActivityDeps } from './activities/index.ts';
import { createActivities } from './activities/index.ts';
import type { TemporalSettings } from './client.ts';

export const workflowsPath = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));

export interface CreateWorkerOptions {
  temporal: TemporalSettings;
  taskQueue: string;
  deps?: ActivityDeps;
  /** Shared by several workers of one process; one is opened when not given. */
  connection?: NativeConnection;
  /**
   * A bundle made by `build-workflow-bundle.ts`: production starts from it
   * instead of bundling the workflow code at every start.
   */
  workflowBundlePath?: string;
}

/** A worker for one task queue, with the activities wired to their dependencies. */
export async function createWorker(options: CreateWorkerOptions) {
  const connection =
    options.connection ?? (await NativeConnection.connect({ address: options.temporal.address }));
  const worker = await Worker.create({
    connection,
    namespace: options.temporal.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundlePath
      ? { workflowBundle: { codePath: options.workflowBundlePath } }
      : { workflowsPath }),
    activities: createActivities(options.deps),
  });
  return { worker, connection };
}
