import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  defineQuery,
  defineSignal,
  isCancellation,
  log,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import {
  checkoutFailureTypes,
  checkoutQueries,
  checkoutSignals,
  defaultPaymentDeadlineSeconds,
} from '../shared.ts';
import type { CheckoutInput, CheckoutStatus, StripePaymentEvent } from '../shared.ts';

// Reservations outlive the payment deadline a little, so a payment that
// arrives just in time still finds its stock held.
const reservationMarginSeconds = 10 * 60;

/** Steps before payment: retried a while, then the saga compensates. */
const steps = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 10 },
});

/** Once the buyer has paid, fulfilment and compensation must happen eventually: no attempt limit. */
const settle = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** The receipt is a courtesy: a few tries, and a paid order stays paid without it. */
const notify = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumAttempts: 5 },
});

export const paymentEventSignal = defineSignal<[StripePaymentEvent]>(checkoutSignals.paymentEvent);
export const statusQuery = defineQuery<CheckoutStatus>(checkoutQueries.status);

/** The buyer did not pay: compensate and end the order, not the workflow, as failed. */
class CheckoutAbandoned extends Error {}

// A misconfigured worker is not the buyer's doing: that failure stays visible.
const businessFailureTypes: readonly string[] = [
  checkoutFailureTypes.outOfStock,
  checkoutFailureTypes.orderNotPayable,
];

function businessFailureMessage(error: unknown): string | undefined {
  if (error instanceof CheckoutAbandoned) return error.message;
  if (
    error instanceof ActivityFailure &&
    error.cause instanceof ApplicationFailure &&
    businessFailureTypes.includes(error.cause.type ?? '')
  ) {
    return error.cause.message;
  }
  return undefined;
}

/**
 * One order's checkout (workflow id `checkout-<orderId>`): reserve stock,
 * create the PaymentIntent, wait for Stripe's webhook, then fulfil exactly
 * once or compensate every step taken.
 */
export async function checkout(input: CheckoutInput): Promise<CheckoutStatus> {
  const { orderId } = input;
  // A zero or negative deadline would mean "never wait"; a second is the least that makes sense.
  const deadlineSeconds = Math.max(
    1,
    input.paymentDeadlineSeconds ?? defaultPaymentDeadlineSeconds,
  );
  const status: CheckoutStatus = {
    state: 'reserving',
    orderId,
    paymentIntentId: null,
    clientSecret: null,
    failureReason: null,
  };

  // Stripe delivers at least once and in any order: keep each event once, and
  // let a success outweigh any failure, so a late "failed" never undoes a payment.
  const seenEventIds = new Set<string>();
  const events: StripePaymentEvent[] = [];
  setHandler(statusQuery, () => status);
  setHandler(paymentEventSignal, (event) => {
    if (seenEventIds.has(event.eventId)) return;
    seenEventIds.add(event.eventId);
    events.push(event);
  });
  const paymentOutcome = () => {
    const ours = events.filter((e) => e.paymentIntentId === status.paymentIntentId);
    if (ours.some((e) => e.type === 'payment_intent.succeeded')) return 'succeeded';
    if (ours.some((e) => e.type === 'payment_intent.canceled')) return 'canceled';
    if (ours.some((e) => e.type === 'payment_intent.payment_failed')) return 'failed';
    return undefined;
  };

  let cancelIntent: (() => Promise<'canceled' | 'succeeded'>) | undefined;
  const compensations: (() => Promise<unknown>)[] = [];
  try {
    await steps.reserveStock({ orderId, holdSeconds: deadlineSeconds + reservationMarginSeconds });
    compensations.unshift(() => settle.releaseStock({ orderId }));

    status.state = 'creating_payment';
    const intent = await steps.createPaymentIntent({ orderId });
    status.paymentIntentId = intent.paymentIntentId;
    status.clientSecret = intent.clientSecret;
    // Not in `compensations`: its answer can turn the saga back towards fulfilment.
    cancelIntent = () => settle.cancelPaymentIntent({ paymentIntentId: intent.paymentIntentId });

    status.state = 'awaiting_payment';
    const settled = await condition(() => paymentOutcome() !== undefined, deadlineSeconds * 1000);
    const outcome = paymentOutcome();
    if (!settled) throw new CheckoutAbandoned('payment deadline passed');
    if (outcome === 'failed') throw new CheckoutAbandoned('payment failed');
    if (outcome === 'canceled') throw new CheckoutAbandoned('payment cancelled');
  } catch (error) {
    const reason = isCancellation(error)
      ? 'checkout cancelled'
      : (businessFailureMessage(error) ?? `checkout failed: ${String(error)}`);
    const paidAnyway = await CancellationScope.nonCancellable(async () => {
      // Cancel the intent first: if Stripe says the buyer paid in the
      // meantime, the order is fulfilled instead of cancelled.
      if (cancelIntent && (await cancelIntent()) === 'succeeded') return true;
      for (const compensate of compensations) await compensate();
      await settle.cancelOrder({ orderId, reason });
      return false;
    });
    if (!paidAnyway) {
      status.state = 'cancelled';
      status.failureReason = reason;
      log.info('checkout cancelled', { orderId, reason });
      // Unexpected failures and a deliberate workflow cancel stay visible as such.
      if (businessFailureMessage(error) === undefined) throw error;
      return status;
    }
  }

  status.state = 'fulfilling';
  await CancellationScope.nonCancellable(() => settle.fulfilOrder({ orderId }));
  status.state = 'paid';
  try {
    await notify.sendReceipt({ orderId });
  } catch (error) {
    log.warn('receipt not sent', { orderId, error: String(error) });
  }
  return status;
}
