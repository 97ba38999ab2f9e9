import {
  cancelOpenOrder,
  findCheckoutOrder,
  findOrderReceipt,
  fulfilPaidOrder,
  releaseOrderReservations,
  reserveStockForOrder,
  setOrderPaymentIntent,
} from '@canopy/db';
import type { Db } from '@canopy/db';
import { ApplicationFailure, log } from '@temporalio/activity';
import type { Transporter } from 'nodemailer';
import Stripe from 'stripe';
import { checkoutFailureTypes } from '../shared.ts';
import type { HoldPoint } from '../test-hold-point.ts';
import { renderReceipt } from './render-receipt.ts';

export interface CheckoutDeps {
  db: Db;
  stripe: Stripe;
  mailer: Transporter;
  /** The receipt's sender, e.g. `Canopy Shop <shop@canopy.example>`. */
  mailFrom: string;
  /** Crash tests only: where a step may be held so the worker can be killed there. */
  holdPoint: HoldPoint;
}

function need<K extends keyof CheckoutDeps>(deps: Partial<CheckoutDeps>, key: K): CheckoutDeps[K] {
  const value = deps[key];
  if (value === undefined) {
    // Configuration, not business: non-retryable so the saga compensates at once.
    throw ApplicationFailure.nonRetryable(
      `the worker was started without ${key}`,
      checkoutFailureTypes.workerMisconfigured,
    );
  }
  return value;
}

/** The checkout saga's steps and compensations, each safe to retry. */
export function createCheckoutActivities(deps: Partial<CheckoutDeps>) {
  return {
    async reserveStock(input: { orderId: string; holdSeconds: number }): Promise<void> {
      const result = await reserveStockForOrder(need(deps, 'db'), input.orderId, input.holdSeconds);
      switch (result.status) {
        case 'reserved':
          return;
        case 'out_of_stock':
          throw ApplicationFailure.nonRetryable(
            `out of stock: ${result.productName}`,
            checkoutFailureTypes.outOfStock,
          );
        case 'order_not_found':
          throw ApplicationFailure.nonRetryable(
            'order not found',
            checkoutFailureTypes.orderNotPayable,
          );
        case 'order_not_open':
          throw ApplicationFailure.nonRetryable(
            `order is ${result.orderStatus}, not pending`,
            checkoutFailureTypes.orderNotPayable,
          );
        case 'empty_order':
          throw ApplicationFailure.nonRetryable(
            'order has no items',
            checkoutFailureTypes.orderNotPayable,
          );
      }
    },

    async createPaymentIntent(input: {
      orderId: string;
    }): Promise<{ paymentIntentId: string; clientSecret: string | null }> {
      const db = need(deps, 'db');
      const order = await findCheckoutOrder(db, input.orderId);
      if (!order) {
        throw ApplicationFailure.nonRetryable(
          'order not found',
          checkoutFailureTypes.orderNotPayable,
        );
      }
      // The idempotency key makes a retried call return the same intent
      // instead of charging the buyer a second time.
      const intent = await need(deps, 'stripe').paymentIntents.create(
        {
          amount: order.total_minor,
          currency: order.currency,
          metadata: { orderId: order.id },
          automatic_payment_methods: { enabled: true },
        },
        { idempotencyKey: `order-${order.id}` },
      );
      if (!(await setOrderPaymentIntent(db, order.id, intent.id))) {
        throw ApplicationFailure.nonRetryable(
          'order was settled while its payment was being created',
          checkoutFailureTypes.orderNotPayable,
        );
      }
      return { paymentIntentId: intent.id, clientSecret: intent.client_secret };
    },

    /** True when this call marked the order paid, false when it already was. */
    async fulfilOrder(input: { orderId: string }): Promise<boolean> {
      const result = await fulfilPaidOrder(need(deps, 'db'), input.orderId);
      // Committed but not yet reported to Temporal: the worst moment to die.
      await deps.holdPoint?.('fulfilOrder:committed');
      if (result.status === 'fulfilled') {
        if (result.oversold.length > 0) {
          log.warn('paid order oversold: restock or refund', {
            orderId: input.orderId,
            products: result.oversold,
          });
        }
        return true;
      }
      if (result.status === 'already_paid') return false;
      // Money was taken for an order that is gone or cancelled: a person must look.
      throw ApplicationFailure.nonRetryable(
        result.status === 'order_not_found'
          ? 'paid order not found'
          : `paid order is ${result.orderStatus}`,
        checkoutFailureTypes.orderNotPayable,
      );
    },

    async sendReceipt(input: { orderId: string }): Promise<{ sentTo: string | null }> {
      const receipt = await findOrderReceipt(need(deps, 'db'), input.orderId);
      if (!receipt?.email) {
        log.warn('no email address for the buyer; receipt not sent', { orderId: input.orderId });
        return { sentTo: null };
      }
      const { subject, text } = renderReceipt(receipt);
      await need(deps, 'mailer').sendMail({
        from: need(deps, 'mailFrom'),
        to: receipt.email,
        subject,
        text,
        // A stable id lets mail systems drop the copy a retried send makes.
        messageId: `<receipt-${receipt.id}@canopy>`,
      });
      return { sentTo: receipt.email };
    },

    /**
     * Cancels the intent so the buyer can no longer pay it. Returns 'succeeded'
     * when Stripe refuses because the buyer has already paid: the saga then
     * fulfils rather than cancels.
     */
    async cancelPaymentIntent(input: {
      paymentIntentId: string;
    }): Promise<'canceled' | 'succeeded'> {
      try {
        await need(deps, 'stripe').paymentIntents.cancel(input.paymentIntentId);
        return 'canceled';
      } catch (error) {
        if (
          error instanceof Stripe.errors.StripeInvalidRequestError &&
          error.code === 'payment_intent_unexpected_state'
        ) {
          // Cancelling twice (a retry, or the buyer's own cancel) is the outcome we want.
          if (error.payment_intent?.status === 'canceled') return 'canceled';
          if (error.payment_intent?.status === 'succeeded') return 'succeeded';
        }
        throw error;
      }
    },

    async releaseStock(input: { orderId: string }): Promise<number> {
      return releaseOrderReservations(need(deps, 'db'), input.orderId);
    },

    async cancelOrder(input: { orderId: string; reason: string }): Promise<boolean> {
      return cancelOpenOrder(need(deps, 'db'), input.orderId, input.reason);
    },
  };
}

export type CheckoutActivities = ReturnType<typeof createCheckoutActivities>;
