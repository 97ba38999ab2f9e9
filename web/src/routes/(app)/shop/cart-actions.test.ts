import { TRPCClientError } from '@canopy/client';
import { isActionFailure, type RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { addToCart } from './cart-actions.ts';

/** The API's refusal as the typed client raises it. */
function refusal(message: string, code = 'BAD_REQUEST') {
  return TRPCClientError.from({
    error: { message, code: -32600, data: { code, fieldErrors: null } },
  });
}

function event(fields: Record<string, string>, add: (input: unknown) => Promise<unknown>) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  const calls: unknown[] = [];
  return {
    calls,
    event: {
      request: new Request('http://x/shop?/add', { method: 'POST', body }),
      locals: {
        api: {
          shop: {
            cart: {
              add: {
                mutate: (input: unknown) => {
                  calls.push(input);
                  return add(input);
                },
              },
            },
          },
        },
      },
    } as unknown as RequestEvent,
  };
}

describe('the add-to-cart action', () => {
  it('adds one when no quantity is given and reports what the cart now holds', async () => {
    const { event: e, calls } = event({ productId: 'p1' }, async () => ({
      items: [{ productId: 'p1', name: 'Seed bomb', quantity: 3 }],
    }));
    expect(await addToCart(e)).toEqual({
      added: { productId: 'p1', name: 'Seed bomb', inCart: 3 },
    });
    expect(calls).toEqual([{ productId: 'p1', quantity: 1 }]);
  });

  it("hands the API's words back beside that product's quantity", async () => {
    const { event: e } = event({ productId: 'p1', quantity: '9' }, () =>
      Promise.reject(refusal('quantity: only 5 of Seed bomb in stock')),
    );
    const result = await addToCart(e);
    expect(isActionFailure(result)).toBe(true);
    expect(result).toMatchObject({
      status: 400,
      data: {
        productId: 'p1',
        errors: { quantity: ['quantity: only 5 of Seed bomb in stock'] },
        values: { productId: 'p1', quantity: '9' },
      },
    });
  });

  it('lets an ended session through to the one error path', async () => {
    const { event: e } = event({ productId: 'p1' }, () =>
      Promise.reject(refusal('sign in first', 'UNAUTHORIZED')),
    );
    await expect(addToCart(e)).rejects.toBeInstanceOf(TRPCClientError);
  });
});
