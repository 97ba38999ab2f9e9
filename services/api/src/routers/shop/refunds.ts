import {
  failRefund,
  findRefundByRequestKey,
  insertRefund,
  listRefundsOfOrder,
  lockOrder,
  pendingRefundTotal,
  recordAudit,
} from '@canopy/db';
import type { RefundInput } from '@canopy/workflows/shared';
import { refundWorkflowId, refundWorkflowType } from '@canopy/workflows/shared';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Context } from '../../trpc/context.ts';
import { shopAdminProcedure } from '../../trpc/index.ts';
import { ZId, ZMinorUnits } from './schemas.ts';

const TEMPORAL_DEADLINE_MS = 10_000;

const ZRefund = z.object({
  id: z.string(),
  orderId: z.string(),
  amountMinor: z.number(),
  reason: z.string().nullable(),
  /** Pending until the refund workflow has heard back from Stripe. */
  status: z.enum(['pending', 'succeeded', 'failed']),
  stripeRefundId: z.string().nullable(),
  failureReason: z.string().nullable(),
  /** True when this refund put the order's goods back in stock (a full refund does). */
  restocked: z.boolean(),
  createdBy: z.string(),
  createdAt: z.date(),
  settledAt: z.date().nullable(),
});

type RefundRow = Awaited<ReturnType<typeof insertRefund>>;
const toRefund = (r: RefundRow) => ({
  id: r.id,
  orderId: r.order_id,
  amountMinor: r.amount_minor,
  reason: r.reason,
  status: r.status,
  stripeRefundId: r.stripe_refund_id,
  failureReason: r.failure_reason,
  restocked: r.restocked,
  createdBy: r.created_by,
  createdAt: r.created_at,
  settledAt: r.settled_at,
});

const refundable = new Set(['paid', 'partially_refunded']);

/** Hands a refund row to its workflow; starting one that already runs is no error. */
async function startRefundWorkflow(ctx: Pick<Context, 'services'>, refundId: string) {
  const client = await ctx.services.temporal();
  const input: RefundInput = { refundId };
  try {
    await client.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
      client.workflow.start(refundWorkflowType, {
        workflowId: refundWorkflowId(refundId),
        taskQueue: ctx.services.taskQueues.payments,
        args: [input],
      }),
    );
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return;
    throw error;
  }
}

/**
 * Asks for a refund: the row is stored pending and the refund workflow
 * (`refund-<refundId>`) carries it out through Stripe, marks the order and
 * emails the buyer; `refunds.list` shows how it ended. A client that sends
 * the same `requestKey` again gets the same refund back, never a second one.
 */
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
      requestKey: z
        .string({ error: 'requestKey must be a string' })
        .regex(/^[A-Za-z0-9_-]{8,100}$/, 'requestKey must be 8-100 letters, digits, - or _')
        .optional(),
    }),
  )
  .output(
    ZRefund.extend({
      workflowId: z.string(),
      /** False when an earlier request with the same requestKey made this refund. */
      created: z.boolean(),
      orderStatus: z.string(),
      orderRefundedMinor: z.number(),
    }),
  )
  .mutation(async ({ ctx, input }) => {
    // The order row lock makes concurrent refunds of one order take turns, so
    // two admins cannot each refund the last pound, nor one key make two refunds.
    const { refund, created, order } = await ctx.db.transaction().execute(async (trx) => {
      const order = await lockOrder(trx, input.orderId);
      if (!order) throw new TRPCError({ code: 'NOT_FOUND', message: 'orderId: no such order' });
      if (input.requestKey) {
        const earlier = await findRefundByRequestKey(trx, order.id, input.requestKey);
        if (earlier) return { refund: earlier, created: false, order };
      }
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
        requestKey: input.requestKey ?? null,
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
      return { refund, created: true, order };
    });

    const workflowId = refundWorkflowId(refund.id);
    // A repeated request for a refund still pending restarts its workflow in
    // case the first request died between storing the row and starting it.
    if (refund.status === 'pending') {
      try {
        await startRefundWorkflow(ctx, refund.id);
      } catch (error) {
        ctx.log.error({ err: error, refundId: refund.id }, 'could not start the refund workflow');
        // Nobody would ever carry the refund out: release the amount it holds.
        await failRefund(ctx.db, refund.id, {
          reason: 'the refund could not be started',
          stripeRefundId: null,
        });
        throw new TRPCError({
          code: 'SERVICE_UNAVAILABLE',
          message:
            'refunds are unavailable right now; nothing was refunded, please try again shortly',
        });
      }
    }
    return {
      ...toRefund(refund),
      workflowId,
      created,
      orderStatus: order.status,
      orderRefundedMinor: order.refunded_minor,
    };
  });

export const listRefunds = shopAdminProcedure
  .input(z.strictObject({ orderId: ZId('orderId') }))
  .output(z.array(ZRefund))
  .query(async ({ ctx, input }) => (await listRefundsOfOrder(ctx.db, input.orderId)).map(toRefund));
