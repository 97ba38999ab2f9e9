import { TRPCClientError } from '@canopy/client';
import { error } from '@sveltejs/kit';
import { productForPage } from '#lib/server/shop.ts';
import { addToCart, cartCount } from '../../cart-actions.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  try {
    const [product, inCart] = await Promise.all([
      locals.api.shop.products.bySlug.query({ slug: params.slug }),
      cartCount(locals.api),
    ]);
    return { product: productForPage(product), inCart };
  } catch (e) {
    const code =
      e instanceof TRPCClientError ? (e.data as { code?: string } | undefined)?.code : null;
    // A malformed slug and an unknown one are the same to a visitor.
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST')
      error(404, 'That product is not in the shop.');
    throw e;
  }
};

export const actions: Actions = { add: addToCart };
