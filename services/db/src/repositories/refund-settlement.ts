// What the refund workflow reads and writes. Every write is guarded by the
// refund still being pending, so a retried or repeated workflow changes
// nothing the first one already did.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../schema/index.ts';
import { addRefundedAmount } from './shop/orders.ts';

/** A refund with what Stripe needs to carry it out. */
export function findRefundToCarryOut(db: Kysely<Database>, refundId: string) {
  return db
    .selectFrom('refunds')
    .innerJoin('orders', 'orders.id', 'refunds.order_id')
    .select([
      'refunds.id',
      'refunds.order_id',
      'refunds.amount_minor',
      'refunds.status',
      'refunds.stripe_refund_id',
      'refunds.failure_reason',
      'refunds.restocked',
      'orders.payment_intent_id',
      'orders.currency',
      'orders.status as order_status',
    ])
    .where('refunds.id', '=', refundId)
    .executeTakeFirst();
}

export type SettleRefundResult =
  | { status: 'settled'; orderStatus: string; restocked: boolean }
  | { status: 'not_pending'; refundStatus: string }
  | { status: 'not_found' };

/**
 * Records a refund Stripe has made: the refund succeeded, the order's
 * refunded amount and status move on, and when this refund makes the order
 * fully refunded its goods go back in stock (the shop's rule: a partial
 * refund is money back for a fault, a full refund means the goods come back).
 * All in one transaction, and only once per refund.
 */
export function settleRefund(
  db: Kysely<Database>,
  refundId: string,
  stripeRefundId: string,
): Promise<SettleRefundResult> {
  return db.transaction().execute(async (trx) => {
    const refund = await trx
      .selectFrom('refunds')
      .select(['order_id', 'amount_minor', 'status'])
      .where('id', '=', refundId)
      .forUpdate()
      .executeTakeFirst();
    if (!refund) return { status: 'not_found' as const };
    if (refund.status !== 'pending') {
      return { status: 'not_pending' as const, refundStatus: refund.status };
    }
    const order = await addRefundedAmount(trx, refund.order_id, refund.amount_minor);
    if (!order) return { status: 'not_found' as const };
    const restocked = order.status === 'refunded';
    if (restocked) {
      await trx
        .updateTable('products')
        .from('order_items')
        .set((eb) => ({
          stock: eb('products.stock', '+', eb.ref('order_items.quantity')),
          updated_at: sql<Date>`now()`,
        }))
        .whereRef('order_items.product_id', '=', 'products.id')
        .where('order_items.order_id', '=', refund.order_id)
        .execute();
    }
    await trx
      .updateTable('refunds')
      .set({
        status: 'succeeded',
        stripe_refund_id: stripeRefundId,
        restocked,
        settled_at: sql<Date>`now()`,
      })
      .where('id', '=', refundId)
      .execute();
    return { status: 'settled' as const, orderStatus: order.status, restocked };
  });
}

/** Marks a pending refund failed with its reason; true when this call did. */
export async function failRefund(
  db: Kysely<Database>,
  refundId: string,
  failure: { reason: string; stripeRefundId: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('refunds')
    .set({
      status: 'failed',
      failure_reason: failure.reason,
      stripe_refund_id: failure.stripeRefundId,
      settled_at: sql<Date>`now()`,
    })
    .where('id', '=', refundId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** What the buyer's refund receipt says. */
export async function findRefundReceipt(db: Kysely<Database>, refundId: string) {
  return db
    .selectFrom('refunds')
    .innerJoin('orders', 'orders.id', 'refunds.order_id')
    .leftJoin('user_profiles', 'user_profiles.user_id', 'orders.user_id')
    .select([
      'refunds.id',
      'refunds.order_id',
      'refunds.amount_minor',
      'refunds.reason',
      'refunds.status',
      'refunds.settled_at',
      'orders.currency',
      'orders.total_minor',
      'orders.refunded_minor',
      'user_profiles.email',
      'user_profiles.display_name',
    ])
    .where('refunds.id', '=', refundId)
    .executeTakeFirst();
}
