import type { Db } from '@canopy/db';
import { createProduct, findProduct, recordAudit, updateProduct } from '@canopy/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { shopAdminProcedure } from '../../trpc/index.ts';
import { toProduct } from './product-view.ts';
import { ZCurrency, ZId, ZMinorUnits, ZProduct, ZSlug, ZStock } from './schemas.ts';

const ZName = z
  .string({ error: 'name must be a string' })
  .trim()
  .min(1, 'name cannot be empty')
  .max(200, 'name is at most 200 characters');
const ZDescription = z
  .string({ error: 'description must be a string' })
  .max(5000, 'description is at most 5000 characters');

export const ZCreateProductInput = z.strictObject({
  slug: ZSlug,
  name: ZName,
  description: ZDescription.optional(),
  priceMinor: ZMinorUnits('priceMinor'),
  currency: ZCurrency,
  stock: ZStock.optional(),
});

export const ZUpdateProductInput = z.strictObject({
  id: ZId('id'),
  slug: ZSlug.optional(),
  name: ZName.optional(),
  description: ZDescription.optional(),
  priceMinor: ZMinorUnits('priceMinor').optional(),
  currency: ZCurrency.optional(),
});

function slugTaken(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === '23505' &&
    (error as { constraint?: unknown }).constraint === 'products_slug_key'
  );
}

/** Runs a product change and its audit row in one transaction. */
async function auditedChange(
  db: Db,
  actorId: string,
  action: string,
  change: (trx: Db) => ReturnType<typeof updateProduct>,
  details: Record<string, unknown>,
) {
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await change(trx);
      if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'id: no such product' });
      await recordAudit(trx, {
        actorId,
        action,
        targetType: 'product',
        targetId: row.id,
        details,
      });
      return row;
    });
  } catch (error) {
    if (slugTaken(error)) {
      throw new TRPCError({ code: 'CONFLICT', message: 'slug: another product already has it' });
    }
    throw error;
  }
}

export const createProductProcedure = shopAdminProcedure
  .input(ZCreateProductInput)
  .output(ZProduct)
  .mutation(async ({ ctx, input }) => {
    const row = await auditedChange(
      ctx.db,
      ctx.user.id,
      'shop.product.create',
      (trx) => createProduct(trx, input),
      { ...input },
    );
    return toProduct(ctx, row);
  });

export const updateProductProcedure = shopAdminProcedure
  .input(ZUpdateProductInput)
  .output(ZProduct)
  .mutation(async ({ ctx, input }) => {
    const { id, ...changes } = input;
    const row = await auditedChange(
      ctx.db,
      ctx.user.id,
      'shop.product.update',
      (trx) => updateProduct(trx, id, changes),
      changes,
    );
    return toProduct(ctx, row);
  });

function statusChange(status: 'active' | 'archived') {
  return shopAdminProcedure
    .input(z.strictObject({ id: ZId('id') }))
    .output(ZProduct)
    .mutation(async ({ ctx, input }) => {
      const row = await auditedChange(
        ctx.db,
        ctx.user.id,
        status === 'archived' ? 'shop.product.archive' : 'shop.product.restore',
        (trx) => updateProduct(trx, input.id, { status }),
        { status },
      );
      return toProduct(ctx, row);
    });
}

/** Takes a product out of the shop window; past orders keep pointing at it. */
export const archiveProduct = statusChange('archived');
export const restoreProduct = statusChange('active');

export const setProductStock = shopAdminProcedure
  .input(z.strictObject({ id: ZId('id'), stock: ZStock }))
  .output(ZProduct)
  .mutation(async ({ ctx, input }) => {
    const before = await findProduct(ctx.db, input.id);
    const row = await auditedChange(
      ctx.db,
      ctx.user.id,
      'shop.product.stock',
      (trx) => updateProduct(trx, input.id, { stock: input.stock }),
      { from: before?.stock ?? null, to: input.stock },
    );
    return toProduct(ctx, row);
  });
