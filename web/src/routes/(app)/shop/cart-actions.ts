import type { CanopyClient } from '@canopy/client';
import type { RequestEvent } from '@sveltejs/kit';
import { refuse } from '#lib/server/form-errors.ts';

const quantityOf = (form: FormData) => {
  const raw = form.get('quantity');
  // An empty or missing box means one; anything else goes to the API to be judged.
  return typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : 1;
};
const productIdOf = (form: FormData) => {
  const id = form.get('productId');
  return typeof id === 'string' ? id : '';
};

/** "Add to cart" as a form action, shared by the catalogue and the product page. */
export async function addToCart({ request, locals }: RequestEvent) {
  const form = await request.formData();
  const productId = productIdOf(form);
  try {
    const cart = await locals.api.shop.cart.add.mutate({ productId, quantity: quantityOf(form) });
    const line = cart.items.find((i) => i.productId === productId);
    return { added: { productId, name: line?.name ?? 'Item', inCart: line?.quantity ?? 0 } };
  } catch (error) {
    return refuse(error, form, ['quantity', 'productId'], { productId });
  }
}

export async function cartCount(api: CanopyClient): Promise<number> {
  const cart = await api.shop.cart.get.query();
  return cart.items.reduce((n, i) => n + i.quantity, 0);
}

export { productIdOf, quantityOf };
