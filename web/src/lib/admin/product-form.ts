import { parseMoney } from '#lib/shop/money.ts';

export interface ProductFields {
  slug: string;
  name: string;
  description: string;
  priceMinor: number;
  currency: string;
  stock?: number;
}

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === 'string' ? v.trim() : '';
};

/**
 * A product form as the API's input. Admins type prices as they read them
 * ("12.50"); only that conversion is checked here, with the message beside
 * the price field. Everything else is the API's to judge, so its words show.
 */
export function productInput(
  form: FormData,
): { input: ProductFields; errors: null } | { input: null; errors: Record<string, string[]> } {
  const currency = text(form, 'currency').toLowerCase() || 'gbp';
  const price = text(form, 'price');
  const priceMinor = parseMoney(price, /^[a-z]{3}$/.test(currency) ? currency : 'gbp');
  if (priceMinor === null) {
    return {
      input: null,
      errors: {
        price: [
          price === ''
            ? 'price is required'
            : 'price must be an amount such as 12.50, without a currency sign',
        ],
      },
    };
  }
  const stock = text(form, 'stock');
  return {
    input: {
      slug: text(form, 'slug'),
      name: text(form, 'name'),
      description: text(form, 'description'),
      priceMinor,
      currency,
      ...(stock !== '' && { stock: Number(stock) }),
    },
    errors: null,
  };
}

/** The API speaks of priceMinor; the form's field is the price. */
export function renamePriceErrors(errors: Record<string, string[]>): Record<string, string[]> {
  const { priceMinor, ...rest } = errors;
  return priceMinor ? { ...rest, price: [...(rest.price ?? []), ...priceMinor] } : rest;
}
