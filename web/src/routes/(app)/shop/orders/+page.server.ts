import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const after = url.searchParams.get('after') ?? undefined;
  const page = await locals.api.shop.orders.mine.query({
    limit: 20,
    ...(after && { cursor: after }),
  });
  return {
    orders: page.items.map((o) => ({
      id: o.id,
      status: o.status,
      currency: o.currency,
      totalMinor: o.totalMinor,
      refundedMinor: o.refundedMinor,
      createdAt: o.createdAt,
      items: o.items.map((i) => ({ name: i.name, quantity: i.quantity })),
    })),
    nextCursor: page.nextCursor,
  };
};
