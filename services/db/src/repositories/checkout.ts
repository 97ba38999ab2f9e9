// Repository functions for the checkout saga (workflows/src/workflows/checkout.ts).
// Each one is safe to run twice: Temporal retries activities, so a step that
// already happened must change nothing the second time.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../schema/index.ts';

/** Runs `work` in a transaction, or inside the caller's when `db` already is one. */
function inTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>) {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** Orders a checkout may still move forward; anything else is settled. */
const openStatuses = ['pending', 'awaiting_payment'] as const;

export function findCheckoutOrder(db: Kysely<Database>, orderId: string) {
  return db
    .selectFrom('orders')
    .select(['id', 'user_id', 'status', 'currency', 'total_minor', 'payment_intent_id'])
    .where('id', '=', orderId)
    .executeTakeFirst();
}

export type ReserveStockResult =
  | { status: 'reserved' }
  | { status: 'order_not_found' }
  | { status: 'order_not_open'; orderStatus: string }
  | { status: 'empty_order' }
  | { status: 'out_of_stock'; productName: string };

/**
 * Holds the order's items without touching products.stock: a reservation is
 * a row that counts against availability until it expires, is released or is
 * committed (then stock is decremented once, at payment). Product rows are
 * locked in id order so two checkouts for the same product queue up instead
 * of both seeing the last unit free.
 */
export function reserveStockForOrder(
  db: Kysely<Database>,
  orderId: string,
  holdSeconds: number,
): Promise<ReserveStockResult> {
  return inTransaction(db, async (trx) => {
    const order = await trx
      .selectFrom('orders')
      .select(['status'])
      .where('id', '=', orderId)
      .forUpdate()
      .executeTakeFirst();
    if (!order) return { status: 'order_not_found' };
    if (order.status !== 'pending') return { status: 'order_not_open', orderStatus: order.status };

    const items = await trx
      .selectFrom('order_items')
      .select(['product_id', 'quantity'])
      .where('order_id', '=', orderId)
      .orderBy('product_id')
      .execute();
    if (items.length === 0) return { status: 'empty_order' };

    const products = await trx
      .selectFrom('products')
      .select(['id', 'name', 'stock', 'status'])
      .where(
        'id',
        'in',
        items.map((i) => i.product_id),
      )
      .orderBy('id')
      .forUpdate()
      .execute();

    for (const item of items) {
      const product = products.find((p) => p.id === item.product_id);
      if (!product) return { status: 'out_of_stock', productName: item.product_id };
      // This order's own rows are left out, so a retried reservation does not
      // count against itself.
      const held = await trx
        .selectFrom('stock_reservations')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('quantity'), sql<number>`0`).as('qty'))
        .where('product_id', '=', item.product_id)
        .where('order_id', '!=', orderId)
        .where('released_at', 'is', null)
        .where('committed_at', 'is', null)
        .where('expires_at', '>', sql<Date>`now()`)
        .executeTakeFirstOrThrow();
      const available = product.stock - Number(held.qty);
      if (product.status !== 'active' || available < item.quantity) {
        return { status: 'out_of_stock', productName: product.name };
      }
    }

    await trx
      .insertInto('stock_reservations')
      .values(
        items.map((i) => ({
          order_id: orderId,
          product_id: i.product_id,
          quantity: i.quantity,
          expires_at: sql<Date>`now() + make_interval(secs => ${holdSeconds})`,
        })),
      )
      .onConflict((oc) => oc.columns(['order_id', 'product_id']).doNothing())
      .execute();
    return { status: 'reserved' };
  });
}

/** Records the order's PaymentIntent; false when the order was settled meanwhile. */
export async function setOrderPaymentIntent(
  db: Kysely<Database>,
  orderId: string,
  paymentIntentId: string,
): Promise<boolean> {
  const updated = await db
    .updateTable('orders')
    .set({
      payment_intent_id: paymentIntentId,
      status: 'awaiting_payment',
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', orderId)
    .where('status', 'in', openStatuses)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

export type FulfilOrderResult =
  /** `oversold` names products whose stock could not cover the order (its hold had lapsed). */
  | { status: 'fulfilled'; oversold: string[] }
  | { status: 'already_paid' }
  | { status: 'order_not_found' }
  | { status: 'order_not_open'; orderStatus: string };

/**
 * Marks the order paid, takes its items out of stock and commits its
 * reservations, all or nothing. The order row is locked first and only an
 * open order is fulfilled, so however often this runs, stock moves once.
 */
export function fulfilPaidOrder(db: Kysely<Database>, orderId: string): Promise<FulfilOrderResult> {
  return inTransaction(db, async (trx) => {
    const order = await trx
      .selectFrom('orders')
      .select(['status'])
      .where('id', '=', orderId)
      .forUpdate()
      .executeTakeFirst();
    if (!order) return { status: 'order_not_found' };
    if (order.status === 'paid' || order.status.includes('refunded')) {
      return { status: 'already_paid' };
    }
    if (order.status !== 'pending' && order.status !== 'awaiting_payment') {
      return { status: 'order_not_open', orderStatus: order.status };
    }

    await trx
      .updateTable('orders')
      .set({
        status: 'paid',
        paid_at: sql<Date>`now()`,
        failure_reason: null,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', orderId)
      .execute();

    const items = await trx
      .selectFrom('order_items')
      .select(['product_id', 'quantity'])
      .where('order_id', '=', orderId)
      .orderBy('product_id')
      .execute();
    // The buyer has paid, so the order stands even if its hold lapsed and the
    // units went elsewhere: stock stops at zero and the shortfall is reported
    // for a person to restock or refund, rather than failing forever.
    const oversold: string[] = [];
    for (const item of items) {
      const before = await trx
        .selectFrom('products')
        .select(['name', 'stock'])
        .where('id', '=', item.product_id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (before.stock < item.quantity) oversold.push(before.name);
      await trx
        .updateTable('products')
        .set({
          stock: Math.max(before.stock - item.quantity, 0),
          updated_at: sql<Date>`now()`,
        })
        .where('id', '=', item.product_id)
        .execute();
    }

    await trx
      .updateTable('stock_reservations')
      .set({ committed_at: sql<Date>`now()` })
      .where('order_id', '=', orderId)
      .where('committed_at', 'is', null)
      .where('released_at', 'is', null)
      .execute();
    return { status: 'fulfilled', oversold };
  });
}

/** Gives the order's held items back; returns how many reservations were released. */
export async function releaseOrderReservations(
  db: Kysely<Database>,
  orderId: string,
): Promise<number> {
  const released = await db
    .updateTable('stock_reservations')
    .set({ released_at: sql<Date>`now()` })
    .where('order_id', '=', orderId)
    .where('released_at', 'is', null)
    .where('committed_at', 'is', null)
    .executeTakeFirst();
  return Number(released.numUpdatedRows);
}

/** Cancels an open order with a reason; a paid or already cancelled order is left alone. */
export async function cancelOpenOrder(
  db: Kysely<Database>,
  orderId: string,
  reason: string,
): Promise<boolean> {
  const updated = await db
    .updateTable('orders')
    .set({ status: 'cancelled', failure_reason: reason, updated_at: sql<Date>`now()` })
    .where('id', '=', orderId)
    .where('status', 'in', openStatuses)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

/** What a receipt shows: the order, its lines and whom to send it to. */
export async function findOrderReceipt(db: Kysely<Database>, orderId: string) {
  const order = await db
    .selectFrom('orders')
    .leftJoin('user_profiles', 'user_profiles.user_id', 'orders.user_id')
    .select([
      'orders.id',
      'orders.currency',
      'orders.total_minor',
      'orders.paid_at',
      'orders.status',
      'user_profiles.email',
      'user_profiles.display_name',
    ])
    .where('orders.id', '=', orderId)
    .executeTakeFirst();
  if (!order) return undefined;
  const items = await db
    .selectFrom('order_items')
    .select(['name', 'unit_price_minor', 'quantity'])
    .where('order_id', '=', orderId)
    .orderBy('name')
    .execute();
  return { ...order, items };
}
