// Shared set-up for the checkout tests: a migrated database of their own,
// orders inserted directly, and helpers that talk to the real Temporal server
// and the real mail catcher.
import { randomBytes } from 'node:crypto';
import type { Db } from '@canopy/db';
import { stackEnv } from '@canopy/devstack/testing';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { expect } from 'vitest';
import type { CheckoutState, CheckoutStatus, StripePaymentEvent } from '../src/shared.ts';
import { checkoutQueries, checkoutSignals, checkoutWorkflowId } from '../src/shared.ts';

export interface TestOrder {
  orderId: string;
  productId: string;
  productName: string;
  email: string;
  totalMinor: number;
}

/** A product with `stock` units and a buyer's pending order for `quantity` of it. */
export async function insertOrder(
  db: Db,
  options: { stock: number; quantity: number; priceMinor?: number; productId?: string },
): Promise<TestOrder> {
  const tag = randomBytes(4).toString('hex');
  const priceMinor = options.priceMinor ?? 1250;
  let productId = options.productId;
  let productName: string;
  if (productId) {
    const p = await db
      .selectFrom('products')
      .select(['name'])
      .where('id', '=', productId)
      .executeTakeFirstOrThrow();
    productName = p.name;
  } else {
    productName = `Bamboo bottle ${tag}`;
    const p = await db
      .insertInto('products')
      .values({
        slug: `bottle-${tag}`,
        name: productName,
        price_minor: priceMinor,
        currency: 'gbp',
        stock: options.stock,
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    productId = p.id;
  }
  const userId = `buyer-${tag}`;
  const email = `buyer-${tag}@example.test`;
  await db
    .insertInto('user_profiles')
    .values({ user_id: userId, display_name: `Buyer ${tag}`, email })
    .execute();
  const totalMinor = priceMinor * options.quantity;
  const order = await db
    .insertInto('orders')
    .values({ user_id: userId, currency: 'gbp', total_minor: totalMinor })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('order_items')
    .values({
      order_id: order.id,
      product_id: productId,
      name: productName,
      unit_price_minor: priceMinor,
      quantity: options.quantity,
    })
    .execute();
  return { orderId: order.id, productId, productName, email, totalMinor };
}

export function startCheckout(
  client: Client,
  taskQueue: string,
  orderId: string,
  paymentDeadlineSeconds?: number,
) {
  return client.workflow.start('checkout', {
    taskQueue,
    workflowId: checkoutWorkflowId(orderId),
    args: [{ orderId, paymentDeadlineSeconds }],
  });
}

export async function waitForState(
  handle: WorkflowHandle,
  state: CheckoutState,
  timeoutMs = 30_000,
): Promise<CheckoutStatus> {
  const until = Date.now() + timeoutMs;
  let last: CheckoutStatus | undefined;
  while (Date.now() < until) {
    last = await handle.query<CheckoutStatus>(checkoutQueries.status);
    if (last.state === state) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`checkout never reached ${state}; last status ${JSON.stringify(last)}`);
}

export function paymentEvent(
  handle: WorkflowHandle,
  paymentIntentId: string,
  type: StripePaymentEvent['type'],
  eventId = `evt_${randomBytes(8).toString('hex')}`,
) {
  const event: StripePaymentEvent = { eventId, type, paymentIntentId };
  return handle.signal(checkoutSignals.paymentEvent, event);
}

/** How many times the saga scheduled each activity, read from the real history. */
export async function activityCounts(handle: WorkflowHandle): Promise<Record<string, number>> {
  const history = await handle.fetchHistory();
  const counts: Record<string, number> = {};
  for (const event of history.events ?? []) {
    const name = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (name) counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

export async function orderRow(db: Db, orderId: string) {
  return db
    .selectFrom('orders')
    .select(['status', 'payment_intent_id', 'failure_reason', 'paid_at'])
    .where('id', '=', orderId)
    .executeTakeFirstOrThrow();
}

export async function stockOf(db: Db, productId: string) {
  const p = await db
    .selectFrom('products')
    .select(['stock'])
    .where('id', '=', productId)
    .executeTakeFirstOrThrow();
  return p.stock;
}

export function reservationsOf(db: Db, orderId: string) {
  return db
    .selectFrom('stock_reservations')
    .select(['product_id', 'quantity', 'expires_at', 'released_at', 'committed_at'])
    .where('order_id', '=', orderId)
    .execute();
}

interface CaughtMail {
  subject: string;
  text: string;
  to: { address: string }[];
  from: { address: string }[];
}

/** Mails the SMTP catcher received for `address`. */
export async function mailsTo(address: string): Promise<CaughtMail[]> {
  const res = await fetch(`${stackEnv().MAIL_WEB_URL}/email`);
  expect(res.ok).toBe(true);
  const all = (await res.json()) as CaughtMail[];
  return all.filter((m) => m.to.some((t) => t.address === address));
}

/** Waits for a mail to arrive for `address` (delivery is asynchronous to the workflow). */
export async function waitForMail(address: string, timeoutMs = 15_000): Promise<CaughtMail[]> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const mails = await mailsTo(address);
    if (mails.length > 0) return mails;
    await new Promise((r) => setTimeout(r, 250));
  }
  return [];
}
