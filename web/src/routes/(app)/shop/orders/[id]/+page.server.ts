import { TRPCClientError } from '@canopy/client';
import { error } from '@sveltejs/kit';
import { env } from '#lib/server/env.ts';
import { isSettling } from '#lib/shop/order-status.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, depends }) => {
  depends('shop:order');
  let order;
  try {
    order = await locals.api.shop.orders.get.query({ id: params.id });
  } catch (e) {
    const code =
      e instanceof TRPCClientError ? (e.data as { code?: string } | undefined)?.code : null;
    // Someone else's order and a malformed id look the same as a missing one.
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') error(404, 'No such order.');
    throw e;
  }
  // While the saga runs, only it knows the PaymentIntent's client secret.
  const checkout = isSettling(order.status)
    ? await locals.api.shop.checkout.status.query({ orderId: order.id })
    : null;
  return {
    order: {
      id: order.id,
      status: order.status,
      currency: order.currency,
      totalMinor: order.totalMinor,
      refundedMinor: order.refundedMinor,
      failureReason: order.failureReason ?? checkout?.failureReason ?? null,
      createdAt: order.createdAt,
      paidAt: order.paidAt,
      items: order.items,
    },
    checkoutState: checkout?.state ?? null,
    // Only with a publishable key is there anything in the browser to use the secret.
    payment:
      env.stripePublishableKey && checkout?.clientSecret
        ? { publishableKey: env.stripePublishableKey, clientSecret: checkout.clientSecret }
        : null,
  };
};
