import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database, OrderStatus } from '../../schema/index.ts';

export const orderColumns = [
  'id',
  'user_id',
  'status',
  'currency',
  'total_minor',
  'refunded_minor',
  'payment_intent_id',
  'failure_reason',
  'created_at',
  'updated_at',
  'paid_at',
] as const;

export interface NewOrderItem {
  productId: string;
  name: string;
  unitPriceMinor: number;
  quantity: number;
}

/** A pending order with its lines, priced as given; run it inside a transaction. */
export async function insertOrder(
  trx: Kysely<Database>,
  order: { userId: string; currency: string; items: NewOrderItem[] },
) {
  const total = order.items.reduce((sum, i) => sum + i.unitPriceMinor * i.quantity, 0);
  const row = await trx
    .insertInto('orders')
    .values({ user_id: order.userId, currency: order.currency, total_minor: total })
    .returning(orderColumns)
    .executeTakeFirstOrThrow();
  if (order.items.length > 0) {
    await trx
      .insertInto('order_items')
      .values(
        order.items.map((i) => ({
          order_id: row.id,
          product_id: i.productId,
          name: i.name,
          unit_price_minor: i.unitPriceMinor,
          quantity: i.quantity,
        })),
      )
      .execute();
  }
  return row;
}

/** An order; with `userId`, only when it is that member's (others look absent). */
export function findOrder(db: Kysely<Database>, id: string, options: { userId?: string } = {}) {
  let q = db.selectFrom('orders').select(orderColumns).where('id', '=', id);
  if (options.userId !== undefined) q = q.where('user_id', '=', options.userId);
  return q.executeTakeFirst();
}

/** The order row locked until the transaction ends (refunds serialise on it). */
export function lockOrder(trx: Kysely<Database>, id: string) {
  return trx
    .selectFrom('orders')
    .select(orderColumns)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export function listOrderItems(db: Kysely<Database>, orderIds: readonly string[]) {
  if (orderIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('order_items')
    .select(['order_id', 'product_id', 'name', 'unit_price_minor', 'quantity'])
    .where('order_id', 'in', orderIds)
    .orderBy('order_id')
    .orderBy('name')
    .execute();
}

/**
 * Newest first; `beforeId` is the last order of the previous page. Its
 * position is read in SQL because created_at has microseconds a JS Date lacks.
 */
export function listOrders(
  db: Kysely<Database>,
  options: { limit: number; userId?: string; status?: OrderStatus; beforeId?: string },
) {
  let q = db
    .selectFrom('orders')
    .select(orderColumns)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit);
  if (options.userId !== undefined) q = q.where('user_id', '=', options.userId);
  if (options.status !== undefined) q = q.where('status', '=', options.status);
  if (options.beforeId !== undefined) {
    q = q.where(
      sql<boolean>`(orders.created_at, orders.id) < (select c.created_at, c.id from orders c where c.id = ${options.beforeId})`,
    );
  }
  return q.execute();
}

export function cancelOrder(db: Kysely<Database>, id: string, reason: string) {
  return db
    .updateTable('orders')
    .set({ status: 'cancelled', failure_reason: reason, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returning(orderColumns)
    .executeTakeFirst();
}

/** Adds a settled refund to the order and moves it to refunded or partially_refunded. */
export function addRefundedAmount(db: Kysely<Database>, id: string, amountMinor: number) {
  return db
    .updateTable('orders')
    .set((eb) => ({
      refunded_minor: eb('refunded_minor', '+', amountMinor),
      status: sql<OrderStatus>`case when refunded_minor + ${amountMinor} >= total_minor then 'refunded' else 'partially_refunded' end`,
      updated_at: sql<Date>`now()`,
    }))
    .where('id', '=', id)
    .returning(orderColumns)
    .executeTakeFirst();
}
