export type OrderStatus =
  'pending' | 'awaiting_payment' | 'paid' | 'cancelled' | 'refunded' | 'partially_refunded';

const LABELS: Record<OrderStatus, string> = {
  pending: 'Reserving stock',
  awaiting_payment: 'Waiting for payment',
  paid: 'Paid',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
  partially_refunded: 'Partly refunded',
};

export function orderStatusLabel(status: string): string {
  return LABELS[status as OrderStatus] ?? status;
}

/** Whether the order can still change by itself (so the page keeps watching it). */
export function isSettling(status: string): boolean {
  return status === 'pending' || status === 'awaiting_payment';
}

/** A tone for the badge: good news, bad news or neither. */
export function orderTone(status: string): 'ok' | 'danger' | 'neutral' {
  if (status === 'paid') return 'ok';
  if (status === 'cancelled') return 'danger';
  return 'neutral';
}

const CHECKOUT_LABELS: Record<string, string> = {
  reserving: 'Reserving stock',
  creating_payment: 'Preparing payment',
  awaiting_payment: 'Waiting for payment',
  fulfilling: 'Confirming payment',
};

/**
 * While an order settles, the checkout saga knows more than the order row
 * (the row says pending until the payment exists); after, the row is the truth.
 */
export function liveStatusLabel(status: string, checkoutState: string | null): string {
  if (isSettling(status) && checkoutState && CHECKOUT_LABELS[checkoutState]) {
    return CHECKOUT_LABELS[checkoutState];
  }
  return orderStatusLabel(status);
}
