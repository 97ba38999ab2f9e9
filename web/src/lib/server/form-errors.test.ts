import { describe, expect, it } from 'vitest';
import { errorsForForm } from './form-errors.ts';

describe('errorsForForm', () => {
  it('puts a message that names a field of this form beside that field', () => {
    expect(
      errorsForForm(new Error('slug: another product already has it'), ['slug', 'name']),
    ).toEqual({ slug: ['slug: another product already has it'] });
  });
  it('puts anything else above the form', () => {
    expect(errorsForForm(new Error('cart: is empty'), ['quantity'])).toEqual({
      form: ['cart: is empty'],
    });
    expect(errorsForForm(new Error('checkout is unavailable right now'), ['cart'])).toEqual({
      form: ['checkout is unavailable right now'],
    });
  });
});
