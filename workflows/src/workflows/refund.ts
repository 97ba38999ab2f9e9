import {
  ActivityFailure,
  ApplicationFailure,
  log,
  proxyActivities,
  sleep,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { refundFailureTypes } from '../shared.ts';
import type { RefundInput, RefundResult } from '../shared.ts';

/** Reads and writes of our own rows: must happen eventually, no attempt limit. */
const records = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [refundFailureTypes.refundNotFound],
  },
});

/**
 * Asking Stripe: a few tries over about a quarter of a minute, then the refund
 * is marked failed for the admin to see and ask again, rather than holding
 * the order's refundable amount for an outage of unknown length.
 */
const stripe = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 5 },
});

/** The receipt is a courtesy: a few tries, and the refund stands without it. */
const notify = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumAttempts: 5 },
});

// Card refunds are normally final at once; some methods take days.
const pendingPollInterval = '10 minutes';
const pendingPollLimit = 6 * 24 * 14;

function reasonOf(error: unknown): string {
  if (!(error instanceof ActivityFailure) || !error.cause) return String(error);
  const cause = error.cause;
  const ours: readonly (string | undefined)[] = Object.values(refundFailureTypes);
  if (cause instanceof ApplicationFailure && ours.includes(cause.type ?? undefined)) {
    return cause.message;
  }
  // Anything else was a network or server error that outlasted the retries.
  return `Stripe unreachable: ${cause.message}`;
}

/**
 * Carries out one refund row (workflow id `refund-<refundId>`): refunds the
 * money through Stripe under an idempotency key, records it on the order
 * (restocking on a full refund) and emails the buyer. Running it again for
 * the same refund changes nothing and sends nothing.
 */
export async function refund(input: RefundInput): Promise<RefundResult> {
  const { refundId } = input;
  const current = await records.loadRefund({ refundId });
  if (current.status !== 'pending') {
    return {
      refundId,
      status: current.status,
      stripeRefundId: current.stripeRefundId,
      orderStatus: current.status === 'succeeded' ? current.orderStatus : null,
      restocked: current.restocked,
      failureReason: current.failureReason,
    };
  }

  const failed = async (reason: string, stripeRefundId: string | null): Promise<RefundResult> => {
    await records.failRefund({ refundId, reason, stripeRefundId });
    log.warn('refund failed', { refundId, reason });
    return {
      refundId,
      status: 'failed',
      stripeRefundId,
      orderStatus: null,
      restocked: false,
      failureReason: reason,
    };
  };

  let created;
  try {
    created = await stripe.createStripeRefund({ refundId });
  } catch (error) {
    if (error instanceof ActivityFailure) return failed(reasonOf(error), null);
    throw error;
  }
  let state = created.state;
  for (let polls = 0; state === 'pending' && polls < pendingPollLimit; polls++) {
    await sleep(pendingPollInterval);
    state = await records.retrieveStripeRefund({ stripeRefundId: created.stripeRefundId });
  }
  if (state === 'pending')
    return failed('Stripe left the refund pending for two weeks', created.stripeRefundId);
  if (state === 'failed')
    return failed('Stripe could not return the money to the buyer', created.stripeRefundId);

  const settled = await records.settleRefund({ refundId, stripeRefundId: created.stripeRefundId });
  if (settled.status === 'settled') {
    try {
      await notify.sendRefundReceipt({ refundId });
    } catch (error) {
      log.warn('refund receipt not sent', { refundId, error: String(error) });
    }
  }
  return {
    refundId,
    status: 'succeeded',
    stripeRefundId: created.stripeRefundId,
    orderStatus: settled.status === 'settled' ? settled.orderStatus : null,
    restocked: settled.status === 'settled' && settled.restocked,
    failureReason: null,
  };
}
