import { describe, expect, it } from 'vitest';
import { isSettling, liveStatusLabel, orderStatusLabel, orderTone } from './order-status.ts';

describe('order status', () => {
  it('keeps watching an order only while payment can still change it', () => {
    expect(isSettling('pending')).toBe(true);
    expect(isSettling('awaiting_payment')).toBe(true);
    for (const s of ['paid', 'cancelled', 'refunded', 'partially_refunded']) {
      expect(isSettling(s)).toBe(false);
    }
  });
  it('speaks to the member in words', () => {
    expect(orderStatusLabel('awaiting_payment')).toBe('Waiting for payment');
    expect(orderStatusLabel('partially_refunded')).toBe('Partly refunded');
    expect(orderTone('paid')).toBe('ok');
    expect(orderTone('cancelled')).toBe('danger');
    expect(orderTone('refunded')).toBe('neutral');
  });

  it("follows the checkout saga while the order settles, then the order's own status", () => {
    expect(liveStatusLabel('pending', 'awaiting_payment')).toBe('Waiting for payment');
    expect(liveStatusLabel('pending', 'fulfilling')).toBe('Confirming payment');
    expect(liveStatusLabel('paid', 'awaiting_payment')).toBe('Paid');
    expect(liveStatusLabel('pending', null)).toBe('Reserving stock');
  });
});
