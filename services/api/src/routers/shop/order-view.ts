import type { Db, OrderRow } from '@canopy/db';
import { listOrderItems } from '@canopy/db';
import type { Order } from './schemas.ts';

/** Orders as the API shows them, each with its lines (one query for all). */
export async function toOrders(db: Db, rows: OrderRow[]): Promise<Order[]> {
  const items = await listOrderItems(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    status: r.status,
    currency: r.currency,
    totalMinor: r.total_minor,
    refundedMinor: r.refunded_minor,
    paymentIntentId: r.payment_intent_id,
    failureReason: r.failure_reason,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    paidAt: r.paid_at,
    items: items
      .filter((i) => i.order_id === r.id)
      .map((i) => ({
        productId: i.product_id,
        name: i.name,
        unitPriceMinor: i.unit_price_minor,
        quantity: i.quantity,
      })),
  }));
}
