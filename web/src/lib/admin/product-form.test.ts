import { describe, expect, it } from 'vitest';
import { productInput, renamePriceErrors } from './product-form.ts';

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

describe('productInput', () => {
  it('turns the price an admin types into minor units and keeps the rest for the API', () => {
    expect(
      productInput(
        form({ slug: 'tote', name: ' Tote bag ', price: '12.50', currency: 'GBP', stock: '7' }),
      ),
    ).toEqual({
      input: {
        slug: 'tote',
        name: 'Tote bag',
        description: '',
        priceMinor: 1250,
        currency: 'gbp',
        stock: 7,
      },
      errors: null,
    });
    expect(productInput(form({ price: '900', currency: 'jpy' })).input?.priceMinor).toBe(900);
  });

  it('explains a price it cannot read beside the price field', () => {
    expect(productInput(form({ price: '£12' })).errors).toEqual({
      price: ['price must be an amount such as 12.50, without a currency sign'],
    });
    expect(productInput(form({ price: '' })).errors).toEqual({ price: ['price is required'] });
  });

  it("shows the API's priceMinor errors at the price field", () => {
    expect(
      renamePriceErrors({ priceMinor: ['priceMinor is at most 100000000 minor units'] }),
    ).toEqual({ price: ['priceMinor is at most 100000000 minor units'] });
    expect(renamePriceErrors({ slug: ['x'] })).toEqual({ slug: ['x'] });
  });
});
