import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../schema/index.ts';

const refundColumns = [
  'id',
  'order_id',
  'amount_minor',
  'reason',
  'status',
  'stripe_refund_id',
  'created_by',
  'created_at',
  'request_key',
  'failure_reason',
  'restocked',
  'settled_at',
] as const;

export function insertRefund(
  db: Kysely<Database>,
  r: {
    orderId: string;
    amountMinor: number;
    reason: string | null;
    createdBy: string;
    requestKey?: string | null;
  },
) {
  return db
    .insertInto('refunds')
    .values({
      order_id: r.orderId,
      amount_minor: r.amountMinor,
      reason: r.reason,
      created_by: r.createdBy,
      request_key: r.requestKey ?? null,
    })
    .returning(refundColumns)
    .executeTakeFirstOrThrow();
}

/** Money already promised back but not settled: it cannot be refunded twice. */
export async function pendingRefundTotal(db: Kysely<Database>, orderId: string) {
  const row = await db
    .selectFrom('refunds')
    .select(sql<string>`coalesce(sum(amount_minor), 0)`.as('total'))
    .where('order_id', '=', orderId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

export function finishRefund(
  db: Kysely<Database>,
  id: string,
  result: { status: 'pending' | 'succeeded' | 'failed'; stripeRefundId: string | null },
) {
  return db
    .updateTable('refunds')
    .set({ status: result.status, stripe_refund_id: result.stripeRefundId })
    .where('id', '=', id)
    .returning(refundColumns)
    .executeTakeFirstOrThrow();
}

/** The refund an earlier request with the same key made, if any. */
export function findRefundByRequestKey(db: Kysely<Database>, orderId: string, requestKey: string) {
  return db
    .selectFrom('refunds')
    .select(refundColumns)
    .where('order_id', '=', orderId)
    .where('request_key', '=', requestKey)
    .executeTakeFirst();
}

export function findRefund(db: Kysely<Database>, id: string) {
  return db.selectFrom('refunds').select(refundColumns).where('id', '=', id).executeTakeFirst();
}

export function listRefundsOfOrder(db: Kysely<Database>, orderId: string) {
  return db
    .selectFrom('refunds')
    .select(refundColumns)
    .where('order_id', '=', orderId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
