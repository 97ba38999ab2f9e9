export interface ReceiptData {
  id: string;
  currency: string;
  total_minor: number;
  paid_at: Date | null;
  display_name: string | null;
  items: { name: string; unit_price_minor: number; quantity: number }[];
}

/** Formats minor units (pence, cents, yen) with the currency's own number of decimals. */
export function formatMoney(minor: number, currency: string): string {
  const format = new Intl.NumberFormat('en-GB', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/** The plain-text receipt emailed to the buyer once an order is paid. */
export function renderReceipt(receipt: ReceiptData): { subject: string; text: string } {
  const lines = receipt.items.map(
    (item) =>
      `${item.quantity} × ${item.name}  ${formatMoney(item.unit_price_minor * item.quantity, receipt.currency)}`,
  );
  const total = formatMoney(receipt.total_minor, receipt.currency);
  const text = [
    `Hello ${receipt.display_name ?? 'there'},`,
    '',
    'Thank you for your order from the Canopy shop. Your payment was received.',
    '',
    `Order ${receipt.id}`,
    ...(receipt.paid_at ? [`Paid ${receipt.paid_at.toISOString()}`] : []),
    '',
    ...lines,
    '',
    `Total  ${total}`,
    '',
  ].join('\n');
  return { subject: `Your Canopy receipt for order ${receipt.id.slice(0, 8)} (${total})`, text };
}
