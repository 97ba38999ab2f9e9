import {
  addRefundedAmount,
  finishRefund,
  insertRefund,
  listRefundsOfOrder,
  lockOrder,
  pendingRefundTotal,
  recordAudit,
} from '@canopy/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { shopAdminProcedure } from '../../trpc/index.ts';
import { ZId, ZMinorUnits } from './schemas.ts';

const ZRefund = z.object({
  id: z.string(),
  orderId: z.string(),
  amountMinor: z.number(),
  reason: z.string().nullable(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  stripeRefundId: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.date(),
});

type RefundRow = Awaited<ReturnType<typeof insertRefund>>;
const toRefund = (r: RefundRow) => ({
  id: r.id,
  orderId: r.order_id,
  amountMinor: r.amount_minor,
  reason: r.reason,
  status: r.status,
  stripeRefundId: r.stripe_refund_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

const refundable = new Set(['paid', 'partially_refunded']);

export const createRefund = shopAdminProcedure
  .input(
    z.strictObject({
      orderId: ZId('orderId'),
      amountMinor: ZMinorUnits('amountMinor').min(1, 'amountMinor must be at least 1'),
      reason: z
        .string({ error: 'reason must be a string' })
        .trim()
        .max(500, 'reason is at most 500 characters')
        .optional(),
    }),
  )
  .output(ZRefund.extend({ orderStatus: z.string(), orderRefundedMinor: z.number() }))
  .mutation(async ({ ctx, input }) => {
    // The order row lock makes concurrent refunds of one order take turns, so
    // two admins cannot each refund the last pound.
    const { refund, paymentIntentId } = await ctx.db.transaction().execute(async (trx) => {
      const order = await lockOrder(trx, input.orderId);
      if (!order) throw new TRPCError({ code: 'NOT_FOUND', message: 'orderId: no such order' });
      if (!refundable.has(order.status) || !order.payment_intent_id) {
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: `orderId: only a paid order can be refunded; this one is ${order.status}`,
        });
      }
      const open = await pendingRefundTotal(trx, order.id);
      const left = order.total_minor - order.refunded_minor - open;
      if (input.amountMinor > left) {
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: `amountMinor: at most ${left} ${order.currency} minor units can still be refunded`,
        });
      }
      const refund = await insertRefund(trx, {
        orderId: order.id,
        amountMinor: input.amountMinor,
        reason: input.reason || null,
        createdBy: ctx.user.id,
      });
      await recordAudit(trx, {
        actorId: ctx.user.id,
        action: 'shop.refund.create',
        targetType: 'order',
        targetId: order.id,
        details: {
          refundId: refund.id,
          amountMinor: input.amountMinor,
          currency: order.currency,
        },
      });
      return { refund, paymentIntentId: order.payment_intent_id };
    });

    let stripeRefund;
    try {
      // Keyed by our refund row: a retried call can never refund twice.
      stripeRefund = await ctx.services.stripe().refunds.create(
        {
          payment_intent: paymentIntentId,
          amount: input.amountMinor,
          metadata: { orderId: input.orderId, refundId: refund.id },
        },
        { idempotencyKey: `refund-${refund.id}` },
      );
    } catch (error) {
      ctx.log.error({ err: error, refundId: refund.id }, 'Stripe refused a refund');
      await finishRefund(ctx.db, refund.id, { status: 'failed', stripeRefundId: null });
      throw new TRPCError({
        code: 'BAD_GATEWAY',
        message: `Stripe did not accept the refund: ${error instanceof Error ? error.message : 'unknown error'}`,
      });
    }
    const status =
      stripeRefund.status === 'succeeded'
        ? 'succeeded'
        : stripeRefund.status === 'failed' || stripeRefund.status === 'canceled'
          ? 'failed'
          : 'pending';
    const { row, order } = await ctx.db.transaction().execute(async (trx) => {
      const row = await finishRefund(trx, refund.id, { status, stripeRefundId: stripeRefund.id });
      const order =
        status === 'succeeded'
          ? await addRefundedAmount(trx, input.orderId, input.amountMinor)
          : await lockOrder(trx, input.orderId);
      return { row, order };
    });
    return {
      ...toRefund(row),
      orderStatus: order?.status ?? 'unknown',
      orderRefundedMinor: order?.refunded_minor ?? 0,
    };
  });

export const listRefunds = shopAdminProcedure
  .input(z.strictObject({ orderId: ZId('orderId') }))
  .output(z.array(ZRefund))
  .query(async ({ ctx, input }) => (await listRefundsOfOrder(ctx.db, input.orderId)).map(toRefund));
