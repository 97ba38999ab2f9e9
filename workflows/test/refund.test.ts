// The refund workflow against the real Temporal dev server, Postgres,
// stripe-mock and the SMTP catcher.
import { randomUUID } from 'node:crypto';
import type { Db } from '@canopy/db';
import { insertRefund } from '@canopy/db';
import { createMigratedTestDb } from '@canopy/db/testing';
import { stackEnv, temporalTestClient } from '@canopy/devstack/testing';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type Stripe from 'stripe';
import { Worker } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RefundResult } from '../src/shared.ts';
import { refundWorkflowId, refundWorkflowType } from '../src/shared.ts';
import { createStripeClient } from '../src/stripe-client.ts';
import { createWorker, workflowsPath } from '../src/worker.ts';
import { activityCounts, insertOrder, mailsTo, stockOf, waitForMail } from './checkout-fixtures.ts';
import { recordHistories } from './replay.ts';

let testDb: Awaited<ReturnType<typeof createMigratedTestDb>>;
let client: Client;
let mailer: Transporter;
const workers: { worker: Worker; running: Promise<void>; close: () => Promise<void> }[] = [];
const taskQueue = `test-refund-${randomUUID()}`;
const recorded = new Map<string, WorkflowHandle>();

async function startWorker(queue: string, stripe: Stripe) {
  const env = stackEnv();
  const created = await createWorker({
    temporal: { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE },
    taskQueue: queue,
    deps: { db: testDb.db, stripe, mailer, mailFrom: 'Canopy Shop <shop@canopy.test>' },
  });
  workers.push({
    worker: created.worker,
    running: created.worker.run(),
    close: () => created.connection.close(),
  });
}

beforeAll(async () => {
  const env = stackEnv();
  testDb = await createMigratedTestDb();
  mailer = nodemailer.createTransport(env.SMTP_URL);
  await startWorker(taskQueue, createStripeClient(env.STRIPE_SECRET_KEY, env.STRIPE_API_URL));
  client = await temporalTestClient();
});

afterAll(async () => {
  for (const w of workers) w.worker.shutdown();
  for (const w of workers) {
    await w.running;
    await w.close();
  }
  await client?.connection.close();
  mailer?.close();
  await testDb?.destroy();
});

/** A paid order of `quantity` units (the stock already taken) and a pending refund of it. */
async function paidOrderWithRefund(
  db: Db,
  options: { quantity: number; refundMinor?: number; paid?: boolean },
) {
  const order = await insertOrder(db, { stock: 10, quantity: options.quantity, priceMinor: 1000 });
  await db
    .updateTable('products')
    .set((eb) => ({ stock: eb('stock', '-', options.quantity) }))
    .where('id', '=', order.productId)
    .execute();
  if (options.paid !== false) {
    await db
      .updateTable('orders')
      .set({
        status: 'paid',
        payment_intent_id: `pi_${order.orderId.replaceAll('-', '').slice(0, 20)}`,
        paid_at: new Date(),
      })
      .where('id', '=', order.orderId)
      .execute();
  }
  const refund = await insertRefund(db, {
    orderId: order.orderId,
    amountMinor: options.refundMinor ?? order.totalMinor,
    reason: 'arrived broken',
    createdBy: 'shopadmin',
  });
  return { ...order, refundId: refund.id };
}

function startRefund(refundId: string, queue = taskQueue) {
  return client.workflow.start(refundWorkflowType, {
    taskQueue: queue,
    workflowId: refundWorkflowId(refundId),
    args: [{ refundId }],
  });
}

const orderOf = (db: Db, id: string) =>
  db
    .selectFrom('orders')
    .select(['status', 'refunded_minor'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
const refundOf = (db: Db, id: string) =>
  db
    .selectFrom('refunds')
    .select(['status', 'stripe_refund_id', 'restocked', 'failure_reason', 'settled_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe('refund workflow', () => {
  it('refunds a whole order through Stripe once, restocks it and emails the buyer once', async () => {
    const { db } = testDb;
    const order = await paidOrderWithRefund(db, { quantity: 2 });
    expect(await stockOf(db, order.productId)).toBe(8);

    const handle = await startRefund(order.refundId);
    recorded.set('full', handle);
    const result: RefundResult = await handle.result();
    expect(result).toMatchObject({
      refundId: order.refundId,
      status: 'succeeded',
      orderStatus: 'refunded',
      restocked: true,
      failureReason: null,
    });
    expect(result.stripeRefundId).toMatch(/^re_/);
    expect(await orderOf(db, order.orderId)).toEqual({ status: 'refunded', refunded_minor: 2000 });
    expect(await refundOf(db, order.refundId)).toMatchObject({
      status: 'succeeded',
      stripe_refund_id: result.stripeRefundId,
      restocked: true,
    });
    expect(await stockOf(db, order.productId)).toBe(10);
    const mails = await waitForMail(order.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/refund of £20\.00/);
    expect(mails[0]!.text).toContain('arrived broken');

    // Asked again (a repeated start once the first has finished): nothing more happens.
    const again = await startRefund(order.refundId);
    recorded.set('repeated', again);
    expect(await again.result()).toMatchObject({ status: 'succeeded', restocked: true });
    expect(await activityCounts(again)).toEqual({ loadRefund: 1 });
    expect(await orderOf(db, order.orderId)).toEqual({ status: 'refunded', refunded_minor: 2000 });
    expect(await stockOf(db, order.productId)).toBe(10);
    expect(await mailsTo(order.email)).toHaveLength(1);
  });

  it('a second start while the first runs is refused by Temporal: one workflow per refund', async () => {
    const order = await paidOrderWithRefund(testDb.db, { quantity: 1 });
    const first = await startRefund(order.refundId);
    await expect(startRefund(order.refundId)).rejects.toThrow(/already started/i);
    expect((await first.result()).status).toBe('succeeded');
    expect(await activityCounts(first)).toMatchObject({ createStripeRefund: 1, settleRefund: 1 });
  });

  it('a partial refund moves the money but leaves the goods out of stock', async () => {
    const { db } = testDb;
    const order = await paidOrderWithRefund(db, { quantity: 3, refundMinor: 500 });
    const handle = await startRefund(order.refundId);
    recorded.set('partial', handle);
    expect(await handle.result()).toMatchObject({
      status: 'succeeded',
      orderStatus: 'partially_refunded',
      restocked: false,
    });
    expect(await orderOf(db, order.orderId)).toEqual({
      status: 'partially_refunded',
      refunded_minor: 500,
    });
    expect(await stockOf(db, order.productId)).toBe(7);
    expect((await waitForMail(order.email))[0]!.subject).toMatch(/refund of £5\.00/);
  });

  it('marks the refund failed, with the reason, when the order was never paid', async () => {
    const { db } = testDb;
    const order = await paidOrderWithRefund(db, { quantity: 1, paid: false });
    const handle = await startRefund(order.refundId);
    recorded.set('unpaid', handle);
    expect(await handle.result()).toMatchObject({
      status: 'failed',
      failureReason: 'the order has no payment to refund',
    });
    expect(await refundOf(db, order.refundId)).toMatchObject({
      status: 'failed',
      failure_reason: 'the order has no payment to refund',
      stripe_refund_id: null,
    });
    expect(await orderOf(db, order.orderId)).toEqual({ status: 'pending', refunded_minor: 0 });
    expect(await mailsTo(order.email)).toEqual([]);
  });

  it('gives up after a few tries when Stripe is unreachable, leaving the order as it was', async () => {
    const { db } = testDb;
    const offlineQueue = `test-refund-offline-${randomUUID()}`;
    // A real client aimed at a port where nothing listens: an outage, not a fake.
    await startWorker(offlineQueue, createStripeClient('sk_test_canopy', 'http://127.0.0.1:1'));
    const order = await paidOrderWithRefund(db, { quantity: 1 });
    const handle = await startRefund(order.refundId, offlineQueue);
    const result = await handle.result();
    expect(result.status).toBe('failed');
    expect(result.failureReason).toMatch(/^Stripe unreachable/);
    expect(await activityCounts(handle)).toMatchObject({ createStripeRefund: 1 });
    expect(await refundOf(db, order.refundId)).toMatchObject({ status: 'failed' });
    expect(await orderOf(db, order.orderId)).toEqual({ status: 'paid', refunded_minor: 0 });
    expect(await stockOf(db, order.productId)).toBe(9);
  }, 90_000);

  it('replays every history recorded above with the current code', async () => {
    expect([...recorded.keys()].sort()).toEqual(['full', 'partial', 'repeated', 'unpaid']);
    const histories = await Promise.all(
      [...recorded].map(async ([name, handle]) => ({
        name,
        workflowId: handle.workflowId,
        history: await handle.fetchHistory(),
      })),
    );
    for await (const result of Worker.runReplayHistories({ workflowsPath }, histories)) {
      expect(result.error).toBeUndefined();
    }
    // `RECORD_REFUND_HISTORIES=1` refreshes what refund-replay.test.ts replays on every run.
    if (process.env.RECORD_REFUND_HISTORIES === '1') {
      recordHistories('refund-', histories);
    }
  }, 60_000);
});
