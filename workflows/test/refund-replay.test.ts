// Histories recorded from real refund runs (RECORD_REFUND_HISTORIES=1 with
// refund.test.ts) must replay with today's workflow code: a change that would
// break refunds in flight fails here, not in production.
import { describeReplay } from './replay.ts';

describeReplay('refund', 'refund-', [
  'refund-full.json',
  'refund-partial.json',
  'refund-repeated.json',
  'refund-unpaid.json',
]);
