// The worker process: `pnpm --filter @canopy/workflows worker`. Reads its
// settings from the environment and polls every configured task queue until
// SIGINT/SIGTERM, which the Temporal runtime turns into a graceful shutdown
// (stop polling, let running tasks finish), after which connections close.
import { createDb } from '@canopy/db';
import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { NativeConnection, Runtime } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { startHealthServer } from './health-server.ts';
import { createObjectStoreClient } from './object-store-client.ts';
import { ensureOrgReportSchedules } from './org-report-schedules.ts';
import { taskQueues } from './shared.ts';
import { advisoryLockHoldPoint } from './test-hold-point.ts';
import { createStripeClient } from './stripe-client.ts';
import { parseWorkerEnv } from './worker-env.ts';
import { createWorker } from './worker.ts';

const env = parseWorkerEnv();
// Must come before the first connection: the runtime is created once per process.
if (env.WORKER_METRICS_ADDRESS) {
  Runtime.install({
    telemetryOptions: {
      metrics: { prometheus: { bindAddress: env.WORKER_METRICS_ADDRESS } },
    },
  });
}
const temporal = { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE };
const db = createDb(env.DATABASE_URL, {
  max: env.DB_POOL_MAX,
  onIdleError: (error) => console.warn(`an idle database connection closed: ${error.message}`),
});
const mailer = nodemailer.createTransport(env.SMTP_URL);
const deps = {
  db,
  stripe: createStripeClient(env.STRIPE_SECRET_KEY, env.STRIPE_API_URL),
  mailer,
  mailFrom: env.MAIL_FROM,
  ...(env.WEBHOOK_PROXY_URL && { webhooks: { proxyUrl: env.WEBHOOK_PROXY_URL } }),
  ...(env.WEB_PUBLIC_URL && { webPublicUrl: env.WEB_PUBLIC_URL }),
  ...(env.S3_ENDPOINT &&
    env.S3_ACCESS_KEY &&
    env.S3_SECRET_KEY && {
      objectStore: createObjectStoreClient({
        endpoint: env.S3_ENDPOINT,
        accessKey: env.S3_ACCESS_KEY,
        secretKey: env.S3_SECRET_KEY,
        region: env.S3_REGION,
      }),
    }),
  importsBucket: env.IMPORTS_BUCKET,
  reportsBucket: env.REPORTS_BUCKET,
  ...(env.TEST_HOLD_POINT &&
    env.TEST_HOLD_LOCK_KEY !== undefined && {
      holdPoint: advisoryLockHoldPoint(db, env.TEST_HOLD_POINT, env.TEST_HOLD_LOCK_KEY),
    }),
};

// The worker that runs reports makes sure every organisation has its monthly
// schedule (one created while Temporal was unreachable, or before schedules existed).
if (env.WORKER_TASK_QUEUES.includes(taskQueues.notify)) {
  const clientConnection = await Connection.connect({ address: temporal.address });
  try {
    const client = new Client({ connection: clientConnection, namespace: temporal.namespace });
    const counts = await ensureOrgReportSchedules(client, db, taskQueues.notify);
    console.log(`report schedules: ${counts.created} created, ${counts.updated} up to date`);
  } finally {
    await clientConnection.close();
  }
}

const connection = await NativeConnection.connect({ address: temporal.address });
let running: { taskQueue: string; worker: Worker }[] = [];
// Up before the workers are (bundling takes a while): 503 until they run.
const health =
  env.WORKER_HEALTH_PORT === undefined
    ? undefined
    : await startHealthServer(env.WORKER_HEALTH_PORT, env.WORKER_HEALTH_HOST, () => running);
try {
  const workers = await Promise.all(
    env.WORKER_TASK_QUEUES.map(async (taskQueue) => {
      const { worker } = await createWorker({
        temporal,
        taskQueue,
        deps,
        connection,
        workflowBundlePath: env.WORKFLOW_BUNDLE_PATH,
      });
      return worker;
    }),
  );
  running = workers.map((worker, i) => ({ taskQueue: env.WORKER_TASK_QUEUES[i]!, worker }));
  console.log(`worker ${process.pid} polling ${env.WORKER_TASK_QUEUES.join(', ')}`);
  const runs = workers.map((w) => w.run());
  try {
    await Promise.all(runs);
  } catch (error) {
    // One queue's worker failing takes the process down, so the orchestrator
    // restarts it whole rather than leaving a queue silently unserved.
    for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
    await Promise.allSettled(runs);
    throw error;
  }
  console.log(`worker ${process.pid} stopped`);
} finally {
  await health?.close();
  await connection.close();
  mailer.close();
  await db.destroy();
}
