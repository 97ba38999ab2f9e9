/**
 * Minor units (pence, cents) as the member reads them. Intl knows how many
 * decimals each currency has, so yen stay whole and pounds get two.
 */
export function formatMoney(minor: number, currency: string, locale = 'en-GB'): string {
  const code = currency.toUpperCase();
  const digits =
    new Intl.NumberFormat(locale, { style: 'currency', currency: code }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(locale, { style: 'currency', currency: code }).format(
    minor / 10 ** digits,
  );
}

/** "12.50" typed by an admin → 1250 minor units; null when it is not an amount. */
export function parseMoney(text: string, currency: string): number | null {
  const trimmed = text.trim().replace(/,/g, '');
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return null;
  const digits =
    new Intl.NumberFormat('en', {
      style: 'currency',
      currency: currency.toUpperCase(),
    }).resolvedOptions().maximumFractionDigits ?? 2;
  const [, fraction = ''] = trimmed.split('.');
  if (fraction.length > digits) return null;
  return Math.round(Number(trimmed) * 10 ** digits);
}
