import { productForPage } from '#lib/server/shop.ts';
import { addToCart, cartCount } from './cart-actions.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const after = url.searchParams.get('after') ?? undefined;
  const [page, inCart] = await Promise.all([
    locals.api.shop.products.list.query({ limit: 24, ...(after && { cursor: after }) }),
    cartCount(locals.api),
  ]);
  return {
    products: page.items.map(productForPage),
    nextCursor: page.nextCursor,
    inCart,
  };
};

export const actions: Actions = { add: addToCart };
