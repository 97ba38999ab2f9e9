import { formatMoney } from './render-receipt.ts';

export interface RefundReceiptData {
  id: string;
  order_id: string;
  amount_minor: number;
  reason: string | null;
  currency: string;
  total_minor: number;
  refunded_minor: number;
  settled_at: Date | null;
  display_name: string | null;
}

/** The plain-text note emailed to the buyer once their money is on its way back. */
export function renderRefundReceipt(r: RefundReceiptData): { subject: string; text: string } {
  const amount = formatMoney(r.amount_minor, r.currency);
  const text = [
    `Hello ${r.display_name ?? 'there'},`,
    '',
    `We have refunded ${amount} of your Canopy shop order ${r.order_id}.`,
    'It usually reaches your card within 5 to 10 working days.',
    '',
    `Refund ${r.id}`,
    ...(r.settled_at ? [`Refunded ${r.settled_at.toISOString()}`] : []),
    ...(r.reason ? [`Reason: ${r.reason}`] : []),
    '',
    `Order total      ${formatMoney(r.total_minor, r.currency)}`,
    `Refunded so far  ${formatMoney(r.refunded_minor, r.currency)}`,
    '',
  ].join('\n');
  return { subject: `Your Canopy refund of ${amount} for order ${r.order_id.slice(0, 8)}`, text };
}
