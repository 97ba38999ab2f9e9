import { randomUUID } from 'node:crypto';
import { fulfilPaidOrder } from '@canopy/db';
import { createMigratedTestDb } from '@canopy/db/testing';
import { stackEnv, temporalTestClient } from '@canopy/devstack/testing';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { WorkflowFailedError } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckoutStatus } from '../src/shared.ts';
import { createStripeClient } from '../src/stripe-client.ts';
import { createWorker, workflowsPath } from '../src/worker.ts';
import {
  activityCounts,
  insertOrder,
  mailsTo,
  orderRow,
  paymentEvent,
  reservationsOf,
  startCheckout,
  stockOf,
  waitForMail,
  waitForState,
} from './checkout-fixtures.ts';
import { recordHistories } from './replay.ts';

let testDb: Awaited<ReturnType<typeof createMigratedTestDb>>;
let client: Client;
let worker: Worker;
let workerConnection: NativeConnection;
let running: Promise<void>;
let mailer: Transporter;
// A queue of its own so no other worker picks these checkouts up.
const taskQueue = `test-checkout-${randomUUID()}`;
/** Every checkout run below, by case, for the replay test at the end. */
const recorded = new Map<string, WorkflowHandle>();

beforeAll(async () => {
  const env = stackEnv();
  testDb = await createMigratedTestDb();
  mailer = nodemailer.createTransport(env.SMTP_URL);
  const created = await createWorker({
    temporal: { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE },
    taskQueue,
    deps: {
      db: testDb.db,
      stripe: createStripeClient(env.STRIPE_SECRET_KEY, env.STRIPE_API_URL),
      mailer,
      mailFrom: 'Canopy Shop <shop@canopy.test>',
    },
  });
  worker = created.worker;
  workerConnection = created.connection;
  running = worker.run();
  client = await temporalTestClient();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await workerConnection?.close();
  await client?.connection.close();
  mailer?.close();
  await testDb?.destroy();
});

describe('checkout saga with real activities', () => {
  it('reserves, takes payment, fulfils once and emails a receipt', async () => {
    const { db } = testDb;
    const order = await insertOrder(db, { stock: 5, quantity: 2, priceMinor: 1250 });
    const handle = await startCheckout(client, taskQueue, order.orderId);
    recorded.set('paid', handle);

    const waiting = await waitForState(handle, 'awaiting_payment');
    expect(waiting.paymentIntentId).toMatch(/^pi_/);
    expect(waiting.clientSecret).toMatch(/_secret_/);
    const pending = await orderRow(db, order.orderId);
    expect(pending.status).toBe('awaiting_payment');
    expect(pending.payment_intent_id).toBe(waiting.paymentIntentId);
    // Held, not taken: stock moves only when the buyer has paid.
    expect(await stockOf(db, order.productId)).toBe(5);
    const [held] = await reservationsOf(db, order.orderId);
    expect(held?.quantity).toBe(2);
    // The hold outlives the default 30-minute payment deadline.
    expect(held!.expires_at.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);

    await paymentEvent(handle, waiting.paymentIntentId!, 'payment_intent.succeeded');
    const result = await handle.result();
    expect(result.state).toBe('paid');

    const paid = await orderRow(db, order.orderId);
    expect(paid.status).toBe('paid');
    expect(paid.paid_at).not.toBeNull();
    expect(await stockOf(db, order.productId)).toBe(3);
    const [committed] = await reservationsOf(db, order.orderId);
    expect(committed?.committed_at).not.toBeNull();
    expect(committed?.released_at).toBeNull();

    const mails = await waitForMail(order.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain(order.orderId.slice(0, 8));
    expect(mails[0]!.text).toContain('2 × ' + order.productName);
    expect(mails[0]!.text).toContain('£25.00');
  });

  it('fulfils once when the success webhook repeats and a failure arrives after it', async () => {
    const { db } = testDb;
    const order = await insertOrder(db, { stock: 5, quantity: 1 });
    const handle = await startCheckout(client, taskQueue, order.orderId);
    recorded.set('repeated-events', handle);
    const { paymentIntentId } = await waitForState(handle, 'awaiting_payment');

    await paymentEvent(handle, paymentIntentId!, 'payment_intent.succeeded', 'evt_same');
    await paymentEvent(handle, paymentIntentId!, 'payment_intent.succeeded', 'evt_same');
    await paymentEvent(handle, paymentIntentId!, 'payment_intent.succeeded', 'evt_other');
    await paymentEvent(handle, paymentIntentId!, 'payment_intent.payment_failed');
    const result = await handle.result();

    expect(result.state).toBe('paid');
    expect((await orderRow(db, order.orderId)).status).toBe('paid');
    expect(await stockOf(db, order.productId)).toBe(4);
    expect((await activityCounts(handle)).fulfilOrder).toBe(1);
    expect((await activityCounts(handle)).cancelPaymentIntent).toBeUndefined();
    // A retried fulfilment (the activity ran but its result was lost) changes nothing.
    expect(await fulfilPaidOrder(db, order.orderId)).toEqual({ status: 'already_paid' });
    expect(await stockOf(db, order.productId)).toBe(4);
    expect(await waitForMail(order.email)).toHaveLength(1);
  });

  it('ignores an event about another PaymentIntent', async () => {
    const { db } = testDb;
    const order = await insertOrder(db, { stock: 2, quantity: 1 });
    const handle = await startCheckout(client, taskQueue, order.orderId, 4);
    recorded.set('other-intent', handle);
    await waitForState(handle, 'awaiting_payment');

    await paymentEvent(handle, 'pi_someone_else', 'payment_intent.succeeded');
    const result = await handle.result();

    expect(result.state).toBe('cancelled');
    expect(await stockOf(db, order.productId)).toBe(2);
  });

  it('cancels and releases the stock when the webhook never comes', async () => {
    const { db } = testDb;
    const order = await insertOrder(db, { stock: 3, quantity: 3 });
    const handle = await startCheckout(client, taskQueue, order.orderId, 3);
    recorded.set('deadline', handle);
    await waitForState(handle, 'awaiting_payment');

    const result = await handle.result();

    expect(result.state).toBe('cancelled');
    expect(result.failureReason).toBe('payment deadline passed');
    const cancelled = await orderRow(db, order.orderId);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.failure_reason).toBe('payment deadline passed');
    expect(await stockOf(db, order.productId)).toBe(3);
    const [released] = await reservationsOf(db, order.orderId);
    expect(released?.released_at).not.toBeNull();
    expect(released?.committed_at).toBeNull();
    expect((await activityCounts(handle)).cancelPaymentIntent).toBe(1);
    expect(await mailsTo(order.email)).toHaveLength(0);

    // The released units are for sale again: another buyer can reserve all three.
    const next = await insertOrder(db, { stock: 0, quantity: 3, productId: order.productId });
    const nextHandle = await startCheckout(client, taskQueue, next.orderId, 2);
    await waitForState(nextHandle, 'awaiting_payment');
    await nextHandle.result();
  });

  it('cancels without creating a PaymentIntent when the stock is held by another order', async () => {
    const { db } = testDb;
    const first = await insertOrder(db, { stock: 1, quantity: 1 });
    const firstHandle = await startCheckout(client, taskQueue, first.orderId);
    recorded.set('payment-failed', firstHandle);
    const firstStatus = await waitForState(firstHandle, 'awaiting_payment');

    const second = await insertOrder(db, { stock: 0, quantity: 1, productId: first.productId });
    const secondHandle = await startCheckout(client, taskQueue, second.orderId);
    recorded.set('out-of-stock', secondHandle);
    const result: CheckoutStatus = await secondHandle.result();

    expect(result.state).toBe('cancelled');
    expect(result.failureReason).toBe(`out of stock: ${first.productName}`);
    const cancelled = await orderRow(db, second.orderId);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.failure_reason).toBe(`out of stock: ${first.productName}`);
    expect(cancelled.payment_intent_id).toBeNull();
    expect(await reservationsOf(db, second.orderId)).toHaveLength(0);
    expect((await activityCounts(secondHandle)).createPaymentIntent).toBeUndefined();

    // The first buyer's card is declined: that order is cancelled and its unit freed.
    await paymentEvent(firstHandle, firstStatus.paymentIntentId!, 'payment_intent.payment_failed');
    const firstResult = await firstHandle.result();
    expect(firstResult.state).toBe('cancelled');
    expect(firstResult.failureReason).toBe('payment failed');
    expect(await stockOf(db, first.productId)).toBe(1);
    const [released] = await reservationsOf(db, first.orderId);
    expect(released?.released_at).not.toBeNull();
  });

  it('compensates every step when the checkout is cancelled', async () => {
    const { db } = testDb;
    const order = await insertOrder(db, { stock: 2, quantity: 2 });
    const handle = await startCheckout(client, taskQueue, order.orderId);
    recorded.set('cancelled', handle);
    await waitForState(handle, 'awaiting_payment');

    await handle.cancel();

    await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    const cancelled = await orderRow(db, order.orderId);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.failure_reason).toBe('checkout cancelled');
    expect(await stockOf(db, order.productId)).toBe(2);
    const [released] = await reservationsOf(db, order.orderId);
    expect(released?.released_at).not.toBeNull();
    expect((await activityCounts(handle)).cancelPaymentIntent).toBe(1);
  });

  it('leaves a settled or unknown order alone when a checkout is started for it again', async () => {
    const { db } = testDb;
    const order = await insertOrder(db, { stock: 3, quantity: 1 });
    await db
      .updateTable('orders')
      .set({ status: 'paid' })
      .where('id', '=', order.orderId)
      .execute();

    const again = await startCheckout(client, taskQueue, order.orderId);
    const result = await again.result();

    expect(result.state).toBe('cancelled');
    expect(result.failureReason).toBe('order is paid, not pending');
    expect((await orderRow(db, order.orderId)).status).toBe('paid');
    expect(await stockOf(db, order.productId)).toBe(3);
    expect(await reservationsOf(db, order.orderId)).toHaveLength(0);

    const unknown = await startCheckout(client, taskQueue, randomUUID());
    expect((await unknown.result()).failureReason).toBe('order not found');
  });

  it('replays every history recorded above with the current code', async () => {
    expect([...recorded.keys()].sort()).toEqual([
      'cancelled',
      'deadline',
      'other-intent',
      'out-of-stock',
      'paid',
      'payment-failed',
      'repeated-events',
    ]);
    const histories = await Promise.all(
      [...recorded].map(async ([name, handle]) => ({
        name,
        workflowId: handle.workflowId,
        history: await handle.fetchHistory(),
      })),
    );
    const replayed = Worker.runReplayHistories({ workflowsPath }, histories);
    for await (const result of replayed) expect(result.error).toBeUndefined();

    // `RECORD_CHECKOUT_HISTORIES=1` refreshes the histories checkout-replay.test.ts
    // replays on every run, so a change that breaks old runs fails CI.
    if (process.env.RECORD_CHECKOUT_HISTORIES === '1') {
      recordHistories('checkout-', histories);
    }
  }, 60_000);
});
