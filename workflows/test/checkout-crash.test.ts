// The worker process dies in the middle of a checkout; a new one takes over
// from Temporal's history. Nothing is reserved, charged or fulfilled twice.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { advisoryLockWaiters, holdAdvisoryLock } from '@canopy/db';
import { createMigratedTestDb } from '@canopy/db/testing';
import { stackEnv, temporalTestClient } from '@canopy/devstack/testing';
import type { Client } from '@temporalio/client';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeClient } from '../src/stripe-client.ts';
import { createWorker } from '../src/worker.ts';
import {
  activityCounts,
  insertOrder,
  orderRow,
  paymentEvent,
  reservationsOf,
  startCheckout,
  stockOf,
  waitForMail,
  waitForState,
} from './checkout-fixtures.ts';

const workerMain = fileURLToPath(new URL('../src/worker-main.ts', import.meta.url));

let testDb: Awaited<ReturnType<typeof createMigratedTestDb>>;
let client: Client;
const children: ChildProcess[] = [];

beforeAll(async () => {
  testDb = await createMigratedTestDb();
  client = await temporalTestClient();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await client?.connection.close();
  await testDb?.destroy();
});

/** Starts `src/worker-main.ts` as its own process, as production does, on one queue. */
async function spawnWorkerProcess(taskQueue: string, extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, [workerMain], {
    env: {
      ...process.env,
      ...stackEnv(),
      DATABASE_URL: testDb.url,
      WORKER_TASK_QUEUES: taskQueue,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes(`polling ${taskQueue}`)) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`worker process exited early:\n${output}`));
      }
    }, 100);
  });
  return { child, exited, output: () => output };
}

describe('checkout across a worker crash', () => {
  it('completes once when the worker is killed while waiting for payment', async () => {
    const { db } = testDb;
    const env = stackEnv();
    const taskQueue = `test-checkout-crash-${randomUUID()}`;
    const order = await insertOrder(db, { stock: 4, quantity: 1 });

    const first = await spawnWorkerProcess(taskQueue);
    const handle = await startCheckout(client, taskQueue, order.orderId);
    const waiting = await waitForState(handle, 'awaiting_payment');
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();

    // The webhook arrives while no worker is up.
    await paymentEvent(handle, waiting.paymentIntentId!, 'payment_intent.succeeded', 'evt_crash');

    const mailer = nodemailer.createTransport(env.SMTP_URL);
    const replacement = await createWorker({
      temporal: { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE },
      taskQueue,
      deps: {
        db,
        stripe: createStripeClient(env.STRIPE_SECRET_KEY, env.STRIPE_API_URL),
        mailer,
        mailFrom: 'Canopy Shop <shop@canopy.test>',
      },
    });
    try {
      const result = await replacement.worker.runUntil(async () => {
        // A redelivery after the restart must not count twice either.
        await paymentEvent(
          handle,
          waiting.paymentIntentId!,
          'payment_intent.succeeded',
          'evt_crash',
        );
        return handle.result();
      });
      expect(result.state).toBe('paid');
      expect(result.paymentIntentId).toBe(waiting.paymentIntentId);
    } finally {
      await replacement.connection.close();
      mailer.close();
    }

    const paid = await orderRow(db, order.orderId);
    expect(paid.status).toBe('paid');
    expect(paid.payment_intent_id).toBe(waiting.paymentIntentId);
    expect(await stockOf(db, order.productId)).toBe(3);
    const reservations = await reservationsOf(db, order.orderId);
    expect(reservations).toHaveLength(1);
    expect(reservations[0]?.committed_at).not.toBeNull();
    const counts = await activityCounts(handle);
    expect(counts).toMatchObject({ reserveStock: 1, createPaymentIntent: 1, fulfilOrder: 1 });
    expect(await waitForMail(order.email)).toHaveLength(1);
  }, 120_000);

  it('fulfils once when the worker dies inside the fulfilment step, after its commit', async () => {
    const { db } = testDb;
    const env = stackEnv();
    const taskQueue = `test-checkout-crash-${randomUUID()}`;
    const order = await insertOrder(db, { stock: 4, quantity: 1 });
    const lockKey = randomInt(1, 2 ** 31 - 1);
    const release = await holdAdvisoryLock(db, lockKey);

    // This worker pauses in fulfilOrder right after its transaction committed.
    const first = await spawnWorkerProcess(taskQueue, {
      TEST_HOLD_POINT: 'fulfilOrder:committed',
      TEST_HOLD_LOCK_KEY: String(lockKey),
    });
    const handle = await startCheckout(client, taskQueue, order.orderId);
    const waiting = await waitForState(handle, 'awaiting_payment');
    await paymentEvent(handle, waiting.paymentIntentId!, 'payment_intent.succeeded');
    for (let i = 0; i < 150 && (await advisoryLockWaiters(db, lockKey)) === 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await advisoryLockWaiters(db, lockKey)).toBe(1);
    const pending = await handle.describe();
    expect(pending.raw.pendingActivities?.map((a) => a.activityType?.name)).toEqual([
      'fulfilOrder',
    ]);
    // The order is already paid and the stock taken; Temporal has not heard so.
    expect((await orderRow(db, order.orderId)).status).toBe('paid');
    expect(await stockOf(db, order.productId)).toBe(3);

    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    await release();

    const mailer = nodemailer.createTransport(env.SMTP_URL);
    const replacement = await createWorker({
      temporal: { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE },
      taskQueue,
      deps: {
        db,
        stripe: createStripeClient(env.STRIPE_SECRET_KEY, env.STRIPE_API_URL),
        mailer,
        mailFrom: 'Canopy Shop <shop@canopy.test>',
      },
    });
    try {
      // The step's 30 s timeout passes, then the new worker runs it again.
      const result = await replacement.worker.runUntil(handle.result());
      expect(result.state).toBe('paid');
    } finally {
      await replacement.connection.close();
      mailer.close();
    }

    expect(await stockOf(db, order.productId)).toBe(3);
    const reservations = await reservationsOf(db, order.orderId);
    expect(reservations).toHaveLength(1);
    expect(reservations[0]?.committed_at).not.toBeNull();
    expect(await activityCounts(handle)).toMatchObject({ fulfilOrder: 1, sendReceipt: 1 });
    const history = await handle.fetchHistory();
    const attempts = (history.events ?? [])
      .map((e) => e.activityTaskStartedEventAttributes?.attempt)
      .filter((a): a is number => typeof a === 'number');
    // The fulfilment ran twice (the second found the order paid); everything else once.
    expect(Math.max(...attempts)).toBe(2);
    expect(await waitForMail(order.email)).toHaveLength(1);
  }, 150_000);

  it('stops gracefully on SIGTERM', async () => {
    const worker = await spawnWorkerProcess(`test-worker-term-${randomUUID()}`);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain('stopped');
  }, 60_000);
});
