import { describe, expect, it } from 'vitest';
import { refusalErrors, refusalMessages, refusalValues } from './refusal.ts';

const refused = {
  productId: 'p1',
  errors: { quantity: ['quantity: only 2 of Bottle in stock'], form: ['try again'] },
  values: { quantity: '5' },
};

describe('refusal helpers', () => {
  it("puts a refusal's messages beside the form it came from", () => {
    expect(refusalMessages(refused, ['quantity'], { productId: 'p1' })).toEqual([
      'quantity: only 2 of Bottle in stock',
    ]);
    expect(refusalMessages(refused, ['quantity', 'form'])).toHaveLength(2);
  });
  it('shows nothing beside the other forms on the page', () => {
    expect(refusalMessages(refused, ['quantity'], { productId: 'p2' })).toBeUndefined();
    expect(refusalMessages({ added: true }, ['quantity'])).toBeUndefined();
    expect(refusalMessages(null, ['quantity'])).toBeUndefined();
    expect(refusalMessages(refused, ['slug'])).toBeUndefined();
  });
  it("hands back the member's values with the errors", () => {
    expect(refusalErrors(refused)?.form).toEqual(['try again']);
    expect(refusalValues(refused, { productId: 'p1' })).toEqual({ quantity: '5' });
    expect(refusalValues(refused, { productId: 'p2' })).toBeUndefined();
  });
});
