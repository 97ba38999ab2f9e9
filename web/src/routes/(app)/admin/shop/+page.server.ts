import { fail } from '@sveltejs/kit';
import { productInput, renamePriceErrors } from '#lib/admin/product-form.ts';
import { requireRole } from '#lib/server/admin-guard.ts';
import { refuse } from '#lib/server/form-errors.ts';
import { productForPage } from '#lib/server/shop.ts';
import type { Actions, PageServerLoad } from './$types';

const ORDER_STATUSES = [
  'pending',
  'awaiting_payment',
  'paid',
  'cancelled',
  'refunded',
  'partially_refunded',
] as const;
type OrderStatus = (typeof ORDER_STATUSES)[number];

export const load: PageServerLoad = async ({ locals, url }) => {
  await requireRole(locals.api, 'shop-admin');
  const status = url.searchParams.get('status');
  const orderStatus = ORDER_STATUSES.includes(status as OrderStatus)
    ? (status as OrderStatus)
    : undefined;
  const [products, orders] = await Promise.all([
    locals.api.shop.products.listAll.query({ limit: 100 }),
    locals.api.shop.orders.all.query({ limit: 25, ...(orderStatus && { status: orderStatus }) }),
  ]);
  return {
    products: products.items.map(productForPage),
    moreProducts: products.nextCursor !== null,
    orders: orders.items.map((o) => ({
      id: o.id,
      status: o.status,
      currency: o.currency,
      totalMinor: o.totalMinor,
      refundedMinor: o.refundedMinor,
      createdAt: o.createdAt,
      items: o.items.length,
    })),
    orderStatus: orderStatus ?? '',
    orderStatuses: ORDER_STATUSES,
  };
};

const idOf = (form: FormData) => {
  const id = form.get('id');
  return typeof id === 'string' ? id : '';
};

export const actions: Actions = {
  create: async ({ request, locals }) => {
    await requireRole(locals.api, 'shop-admin');
    const form = await request.formData();
    const parsed = productInput(form);
    const values = Object.fromEntries(
      [...form.entries()].filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    if (!parsed.input) return fail(400, { action: 'create', errors: parsed.errors, values });
    try {
      const product = await locals.api.shop.products.create.mutate(parsed.input);
      return { created: { name: product.name, slug: product.slug } };
    } catch (error) {
      return refuse(
        error,
        form,
        ['slug', 'name', 'description', 'priceMinor', 'currency', 'stock'],
        { action: 'create' },
        renamePriceErrors,
      );
    }
  },
  setStock: async ({ request, locals }) => {
    await requireRole(locals.api, 'shop-admin');
    const form = await request.formData();
    const raw = form.get('stock');
    try {
      const product = await locals.api.shop.products.setStock.mutate({
        id: idOf(form),
        stock: typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN,
      });
      return { stockSet: { name: product.name, stock: product.stock } };
    } catch (error) {
      return refuse(error, form, ['stock'], { action: 'stock', id: idOf(form) });
    }
  },
  archive: async ({ request, locals }) => {
    await requireRole(locals.api, 'shop-admin');
    const form = await request.formData();
    try {
      const product = await locals.api.shop.products.archive.mutate({ id: idOf(form) });
      return { archived: product.name };
    } catch (error) {
      return refuse(error, form, [], { action: 'status', id: idOf(form) });
    }
  },
  restore: async ({ request, locals }) => {
    await requireRole(locals.api, 'shop-admin');
    const form = await request.formData();
    try {
      const product = await locals.api.shop.products.restore.mutate({ id: idOf(form) });
      return { restored: product.name };
    } catch (error) {
      return refuse(error, form, [], { action: 'status', id: idOf(form) });
    }
  },
};
