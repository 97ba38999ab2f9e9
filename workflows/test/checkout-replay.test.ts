// Histories recorded from real checkout runs (see the last test of
// checkout.test.ts) must replay with today's workflow code: a change that
// would break checkouts already in flight fails here, not in production.
import { describeReplay } from './replay.ts';

describeReplay('checkout', 'checkout-', [
  'checkout-cancelled.json',
  'checkout-deadline.json',
  'checkout-other-intent.json',
  'checkout-out-of-stock.json',
  'checkout-paid.json',
  'checkout-payment-failed.json',
  'checkout-repeated-events.json',
]);
