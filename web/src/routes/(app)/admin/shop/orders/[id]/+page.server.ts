import { TRPCClientError } from '@canopy/client';
import { error, fail } from '@sveltejs/kit';
import { requireRole } from '#lib/server/admin-guard.ts';
import { refuse } from '#lib/server/form-errors.ts';
import { parseMoney } from '#lib/shop/money.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, depends }) => {
  depends('shop:admin-order');
  await requireRole(locals.api, 'shop-admin');
  try {
    const [order, refunds] = await Promise.all([
      locals.api.shop.orders.get.query({ id: params.id }),
      locals.api.shop.refunds.list.query({ orderId: params.id }),
    ]);
    return {
      order: {
        id: order.id,
        userId: order.userId,
        status: order.status,
        currency: order.currency,
        totalMinor: order.totalMinor,
        refundedMinor: order.refundedMinor,
        paymentIntentId: order.paymentIntentId,
        failureReason: order.failureReason,
        createdAt: order.createdAt,
        paidAt: order.paidAt,
        items: order.items,
      },
      // One key per form shown: a double-submitted refund is made once (the API keys on it).
      requestKey: crypto.randomUUID(),
      refunds: refunds.map((r) => ({
        id: r.id,
        amountMinor: r.amountMinor,
        reason: r.reason,
        status: r.status,
        createdAt: r.createdAt,
      })),
    };
  } catch (e) {
    const code =
      e instanceof TRPCClientError ? (e.data as { code?: string } | undefined)?.code : null;
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') error(404, 'No such order.');
    throw e;
  }
};

export const actions: Actions = {
  refund: async ({ request, locals, params }) => {
    await requireRole(locals.api, 'shop-admin');
    const form = await request.formData();
    const amount = String(form.get('amount') ?? '');
    const reason = String(form.get('reason') ?? '').trim();
    const requestKey = String(form.get('requestKey') ?? '');
    const currency = String(form.get('currency') ?? 'gbp');
    const amountMinor = parseMoney(amount, currency);
    if (amountMinor === null) {
      return fail(400, {
        errors: { amount: ['amount must be an amount such as 5.00, without a currency sign'] },
        values: { amount, reason },
      });
    }
    try {
      const refund = await locals.api.shop.refunds.create.mutate({
        orderId: params.id,
        amountMinor,
        ...(reason && { reason }),
        ...(requestKey && { requestKey }),
      });
      return { refunded: { amountMinor: refund.amountMinor, status: refund.status } };
    } catch (e) {
      return refuse(e, form, ['amountMinor', 'reason'], {}, ({ amountMinor: a, ...rest }) =>
        a ? { ...rest, amount: a } : rest,
      );
    }
  },
};
