import type { Db } from '@canopy/db';
import { findCartItem, findProduct, listCart, removeCartItem, setCartQuantity } from '@canopy/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { pictureUrl } from '../../storage/image-check.ts';
import type { Context } from '../../trpc/index.ts';
import { protectedProcedure } from '../../trpc/index.ts';
import { PRODUCTS_BUCKET } from './product-view.ts';
import { ZCartQuantity, ZId } from './schemas.ts';

const ZCart = z.object({
  items: z.array(
    z.object({
      productId: z.string(),
      slug: z.string(),
      name: z.string(),
      priceMinor: z.number(),
      currency: z.string(),
      quantity: z.number(),
      lineTotalMinor: z.number(),
      /** False when the product was archived or sold out after it was added. */
      available: z.boolean(),
      stock: z.number(),
      imageUrl: z.string().nullable(),
    }),
  ),
  /** One total per currency; checkout needs a cart with exactly one. */
  totals: z.array(z.object({ currency: z.string(), totalMinor: z.number() })),
});

async function cartOf(ctx: Pick<Context, 'db' | 'objectStore'>, userId: string) {
  const rows = await listCart(ctx.db, userId);
  const items = await Promise.all(
    rows.map(async (r) => ({
      productId: r.productId,
      slug: r.slug,
      name: r.name,
      priceMinor: r.priceMinor,
      currency: r.currency,
      quantity: r.quantity,
      lineTotalMinor: r.priceMinor * r.quantity,
      available: r.status === 'active' && r.stock >= r.quantity,
      stock: r.stock,
      imageUrl: r.imageKey
        ? await pictureUrl(ctx.objectStore, PRODUCTS_BUCKET, r.imageKey, 3600)
        : null,
    })),
  );
  const totals = new Map<string, number>();
  for (const i of items) totals.set(i.currency, (totals.get(i.currency) ?? 0) + i.lineTotalMinor);
  return {
    items,
    totals: [...totals].map(([currency, totalMinor]) => ({ currency, totalMinor })),
  };
}

async function sellableProduct(db: Db, productId: string, quantity: number) {
  const product = await findProduct(db, productId);
  if (!product) throw new TRPCError({ code: 'NOT_FOUND', message: 'productId: no such product' });
  if (product.status !== 'active') {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'productId: this product is archived' });
  }
  if (quantity > product.stock) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `quantity: only ${product.stock} of ${product.name} in stock`,
    });
  }
  return product;
}

export const getCart = protectedProcedure
  .output(ZCart)
  .query(({ ctx }) => cartOf(ctx, ctx.user.id));

/** Adds to what is already in the cart for that product. */
export const addToCart = protectedProcedure
  .input(z.strictObject({ productId: ZId('productId'), quantity: ZCartQuantity.default(1) }))
  .output(ZCart)
  .mutation(async ({ ctx, input }) => {
    const existing = await findCartItem(ctx.db, ctx.user.id, input.productId);
    const quantity = (existing?.quantity ?? 0) + input.quantity;
    if (quantity > 100) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: `quantity: at most 100 of one product per cart (${existing?.quantity ?? 0} already in it)`,
      });
    }
    await sellableProduct(ctx.db, input.productId, quantity);
    await setCartQuantity(ctx.db, ctx.user.id, input.productId, quantity);
    return cartOf(ctx, ctx.user.id);
  });

export const updateCartItem = protectedProcedure
  .input(z.strictObject({ productId: ZId('productId'), quantity: ZCartQuantity }))
  .output(ZCart)
  .mutation(async ({ ctx, input }) => {
    if (!(await findCartItem(ctx.db, ctx.user.id, input.productId))) {
      throw new TRPCError({ code: 'NOT_FOUND', message: 'productId: not in your cart' });
    }
    await sellableProduct(ctx.db, input.productId, input.quantity);
    await setCartQuantity(ctx.db, ctx.user.id, input.productId, input.quantity);
    return cartOf(ctx, ctx.user.id);
  });

export const removeFromCart = protectedProcedure
  .input(z.strictObject({ productId: ZId('productId') }))
  .output(ZCart)
  .mutation(async ({ ctx, input }) => {
    if (!(await removeCartItem(ctx.db, ctx.user.id, input.productId))) {
      throw new TRPCError({ code: 'NOT_FOUND', message: 'productId: not in your cart' });
    }
    return cartOf(ctx, ctx.user.id);
  });
