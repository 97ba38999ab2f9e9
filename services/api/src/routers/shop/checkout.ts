import type { OrderRow } from '@canopy/db';
import {
  cancelOrder,
  clearCart,
  findOrder,
  insertOrder,
  lockCartForCheckout,
  setCartQuantity,
} from '@canopy/db';
import type { CheckoutInput, CheckoutState } from '@canopy/workflows/shared';
import {
  checkoutQueries,
  checkoutWorkflowId,
  checkoutWorkflowType,
} from '@canopy/workflows/shared';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { protectedProcedure } from '../../trpc/index.ts';
import { ZId } from './schemas.ts';

/** Stripe's largest charge for most currencies (8 digits of minor units). */
export const MAX_ORDER_TOTAL_MINOR = 99_999_999;
const TEMPORAL_DEADLINE_MS = 10_000;
const STATUS_QUERY_DEADLINE_MS = 2_000;

const ZCheckoutState = z.enum([
  'reserving',
  'creating_payment',
  'awaiting_payment',
  'fulfilling',
  'paid',
  'cancelled',
]);

const ZWorkflowStatus = z.object({
  state: ZCheckoutState,
  orderId: z.string(),
  paymentIntentId: z.string().nullable(),
  clientSecret: z.string().nullable(),
  failureReason: z.string().nullable(),
});

const ZCheckoutStatus = ZWorkflowStatus.extend({
  workflowId: z.string(),
  orderStatus: z.string(),
  /** Where the answer came from: the running saga, or the order row when it did not answer. */
  source: z.enum(['workflow', 'order']),
});

/**
 * Turns the cart into a pending order at today's prices and hands it to the
 * checkout saga, which reserves stock and creates the PaymentIntent.
 */
export const startCheckout = protectedProcedure
  .output(z.object({ orderId: z.string(), workflowId: z.string() }))
  .mutation(async ({ ctx }) => {
    const userId = ctx.user.id;
    const { order, lines } = await ctx.db.transaction().execute(async (trx) => {
      const lines = await lockCartForCheckout(trx, userId);
      if (lines.length === 0) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'cart: is empty' });
      }
      const unavailable = lines.filter((l) => l.status !== 'active' || l.quantity > l.stock);
      if (unavailable.length > 0) {
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: `cart: not available in that quantity any more: ${unavailable.map((l) => l.name).join(', ')}`,
        });
      }
      const currencies = [...new Set(lines.map((l) => l.currency))];
      if (currencies.length > 1) {
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: `cart: items are priced in ${currencies.join(' and ')}; one payment takes one currency, so check them out separately`,
        });
      }
      const total = lines.reduce((sum, l) => sum + l.priceMinor * l.quantity, 0);
      if (total > MAX_ORDER_TOTAL_MINOR) {
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: `cart: total ${total} is over the ${MAX_ORDER_TOTAL_MINOR} minor units one payment may take`,
        });
      }
      const order = await insertOrder(trx, {
        userId,
        currency: currencies[0]!,
        items: lines.map((l) => ({
          productId: l.productId,
          name: l.name,
          unitPriceMinor: l.priceMinor,
          quantity: l.quantity,
        })),
      });
      await clearCart(trx, userId);
      return { order, lines };
    });

    const workflowId = checkoutWorkflowId(order.id);
    try {
      const client = await ctx.services.temporal();
      const input: CheckoutInput = { orderId: order.id };
      await client.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
        client.workflow.start(checkoutWorkflowType, {
          workflowId,
          taskQueue: ctx.services.taskQueues.payments,
          args: [input],
        }),
      );
    } catch (error) {
      // Without a saga nobody would ever charge or cancel this order: undo it
      // and give the member their cart back.
      ctx.log.error({ err: error, orderId: order.id }, 'could not start the checkout workflow');
      await ctx.db.transaction().execute(async (trx) => {
        await cancelOrder(trx, order.id, 'checkout could not start');
        for (const l of lines) await setCartQuantity(trx, userId, l.productId, l.quantity);
      });
      throw new TRPCError({
        code: 'SERVICE_UNAVAILABLE',
        message: 'checkout is unavailable right now; your cart was kept, please try again shortly',
      });
    }
    return { orderId: order.id, workflowId };
  });

function stateOfOrder(status: OrderRow['status']): CheckoutState {
  switch (status) {
    case 'pending':
      return 'reserving';
    case 'awaiting_payment':
      return 'awaiting_payment';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'paid';
  }
}

export const checkoutStatus = protectedProcedure
  .input(z.strictObject({ orderId: ZId('orderId') }))
  .output(ZCheckoutStatus)
  .query(async ({ ctx, input }) => {
    const order = await findOrder(ctx.db, input.orderId, { userId: ctx.user.id });
    if (!order) throw new TRPCError({ code: 'NOT_FOUND', message: 'orderId: no such order' });
    const workflowId = checkoutWorkflowId(order.id);
    const fromRow = {
      state: stateOfOrder(order.status),
      orderId: order.id,
      paymentIntentId: order.payment_intent_id,
      clientSecret: null,
      failureReason: order.failure_reason,
      workflowId,
      orderStatus: order.status,
      source: 'order' as const,
    };
    // Once settled the row is the truth; only a live saga knows the client secret.
    if (order.status !== 'pending' && order.status !== 'awaiting_payment') return fromRow;
    try {
      const client = await ctx.services.temporal();
      const answer: unknown = await client.withDeadline(Date.now() + STATUS_QUERY_DEADLINE_MS, () =>
        client.workflow.getHandle(workflowId).query(checkoutQueries.status),
      );
      const status = ZWorkflowStatus.parse(answer);
      return { ...status, workflowId, orderStatus: order.status, source: 'workflow' as const };
    } catch (error) {
      ctx.log.warn({ err: error, workflowId }, 'checkout workflow did not answer its status query');
      return fromRow;
    }
  });
