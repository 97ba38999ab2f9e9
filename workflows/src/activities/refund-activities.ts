import { failRefund, findRefundReceipt, findRefundToCarryOut, settleRefund } from '@canopy/db';
import { ApplicationFailure, log } from '@temporalio/activity';
import Stripe from 'stripe';
import { checkoutFailureTypes, refundFailureTypes } from '../shared.ts';
import type { CheckoutDeps } from './checkout-activities.ts';
import { renderRefundReceipt } from './render-refund-receipt.ts';

type StripeRefundState = 'pending' | 'succeeded' | 'failed';

function need<K extends keyof CheckoutDeps>(deps: Partial<CheckoutDeps>, key: K): CheckoutDeps[K] {
  const value = deps[key];
  if (value === undefined) {
    throw ApplicationFailure.nonRetryable(
      `the worker was started without ${key}`,
      checkoutFailureTypes.workerMisconfigured,
    );
  }
  return value;
}

function stateOf(refund: Stripe.Refund): StripeRefundState {
  if (refund.status === 'succeeded') return 'succeeded';
  if (refund.status === 'failed' || refund.status === 'canceled') return 'failed';
  return 'pending';
}

/** The refund workflow's steps, each safe to retry. */
export function createRefundActivities(deps: Partial<CheckoutDeps>) {
  return {
    /** Where the refund stands in our records; a settled one is not carried out again. */
    async loadRefund(input: { refundId: string }) {
      const refund = await findRefundToCarryOut(need(deps, 'db'), input.refundId);
      if (!refund) {
        throw ApplicationFailure.nonRetryable(
          `refund ${input.refundId} not found`,
          refundFailureTypes.refundNotFound,
        );
      }
      return {
        status: refund.status,
        orderStatus: refund.order_status,
        stripeRefundId: refund.stripe_refund_id,
        failureReason: refund.failure_reason,
        restocked: refund.restocked,
      };
    },

    async createStripeRefund(input: {
      refundId: string;
    }): Promise<{ stripeRefundId: string; state: StripeRefundState }> {
      const refund = await findRefundToCarryOut(need(deps, 'db'), input.refundId);
      if (!refund) {
        throw ApplicationFailure.nonRetryable(
          `refund ${input.refundId} not found`,
          refundFailureTypes.refundNotFound,
        );
      }
      if (!refund.payment_intent_id) {
        throw ApplicationFailure.nonRetryable(
          'the order has no payment to refund',
          refundFailureTypes.stripeRefused,
        );
      }
      try {
        // Keyed by our refund row: a retried attempt or a re-run workflow gets
        // Stripe's first answer back instead of refunding twice.
        const created = await need(deps, 'stripe').refunds.create(
          {
            payment_intent: refund.payment_intent_id,
            amount: refund.amount_minor,
            metadata: { orderId: refund.order_id, refundId: refund.id },
          },
          { idempotencyKey: `refund-${refund.id}` },
        );
        return { stripeRefundId: created.id, state: stateOf(created) };
      } catch (error) {
        // Stripe said no (nothing left to refund, a disputed charge): asking again will not help.
        if (error instanceof Stripe.errors.StripeInvalidRequestError) {
          throw ApplicationFailure.nonRetryable(
            `Stripe refused the refund: ${error.message}`,
            refundFailureTypes.stripeRefused,
          );
        }
        throw error;
      }
    },

    async retrieveStripeRefund(input: { stripeRefundId: string }): Promise<StripeRefundState> {
      return stateOf(await need(deps, 'stripe').refunds.retrieve(input.stripeRefundId));
    },

    async settleRefund(input: { refundId: string; stripeRefundId: string }) {
      const result = await settleRefund(need(deps, 'db'), input.refundId, input.stripeRefundId);
      if (result.status === 'not_found') {
        throw ApplicationFailure.nonRetryable(
          `refund ${input.refundId} not found`,
          refundFailureTypes.refundNotFound,
        );
      }
      return result;
    },

    async failRefund(input: {
      refundId: string;
      reason: string;
      stripeRefundId: string | null;
    }): Promise<boolean> {
      return failRefund(need(deps, 'db'), input.refundId, input);
    },

    async sendRefundReceipt(input: { refundId: string }): Promise<{ sentTo: string | null }> {
      const receipt = await findRefundReceipt(need(deps, 'db'), input.refundId);
      if (!receipt?.email) {
        log.warn('no email address for the buyer; refund receipt not sent', input);
        return { sentTo: null };
      }
      const { subject, text } = renderRefundReceipt(receipt);
      await need(deps, 'mailer').sendMail({
        from: need(deps, 'mailFrom'),
        to: receipt.email,
        subject,
        text,
        // A stable id lets mail systems drop the copy a retried send makes.
        messageId: `<refund-${receipt.id}@canopy>`,
      });
      return { sentTo: receipt.email };
    },
  };
}
