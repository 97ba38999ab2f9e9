import { redirect } from '@sveltejs/kit';
import { refuse } from '#lib/server/form-errors.ts';
import { imageForPage } from '#lib/server/shop.ts';
import { productIdOf, quantityOf } from '../cart-actions.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const cart = await locals.api.shop.cart.get.query();
  return {
    items: cart.items.map((i) => ({ ...i, imageUrl: imageForPage(i.imageUrl) })),
    totals: cart.totals,
  };
};

export const actions: Actions = {
  update: async ({ request, locals }) => {
    const form = await request.formData();
    const productId = productIdOf(form);
    try {
      await locals.api.shop.cart.update.mutate({ productId, quantity: quantityOf(form) });
      return { updated: productId };
    } catch (error) {
      return refuse(error, form, ['quantity'], { productId });
    }
  },
  remove: async ({ request, locals }) => {
    const form = await request.formData();
    const productId = productIdOf(form);
    try {
      await locals.api.shop.cart.remove.mutate({ productId });
      return { removed: productId };
    } catch (error) {
      return refuse(error, form, [], { productId });
    }
  },
  checkout: async ({ request, locals }) => {
    const form = await request.formData();
    let orderId: string;
    try {
      ({ orderId } = await locals.api.shop.checkout.start.mutate());
    } catch (error) {
      return refuse(error, form, ['cart'], { checkout: true });
    }
    redirect(303, `/shop/orders/${orderId}`);
  },
};
