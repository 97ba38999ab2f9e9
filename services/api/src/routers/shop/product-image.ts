import { randomUUID } from 'node:crypto';
import { findProduct, recordAudit, updateProduct } from '@canopy/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  checkUploadedImage,
  IMAGE_MAX_BYTES,
  imageExtension,
  ZImageContentType,
  ZImageSize,
} from '../../storage/image-check.ts';
import { startImageProcessing } from '../../storage/image-processing.ts';
import { shopAdminProcedure } from '../../trpc/index.ts';
import { PRODUCTS_BUCKET, toProduct } from './product-view.ts';
import { ZId, ZProduct } from './schemas.ts';

export const productImageUploadUrl = shopAdminProcedure
  .input(
    z.strictObject({
      productId: ZId('productId'),
      contentType: ZImageContentType,
      size: ZImageSize,
    }),
  )
  .output(
    z.object({
      key: z.string(),
      url: z.string(),
      expiresInSeconds: z.number(),
      maxBytes: z.number(),
    }),
  )
  .mutation(async ({ ctx, input }) => {
    if (!(await findProduct(ctx.db, input.productId))) {
      throw new TRPCError({ code: 'NOT_FOUND', message: 'productId: no such product' });
    }
    // Keys live under the product's prefix: confirm() accepts no other.
    const key = `${input.productId}/${randomUUID()}.${imageExtension(input.contentType)}`;
    const expiresInSeconds = 300;
    const url = await ctx.objectStore.presignPut(PRODUCTS_BUCKET, key, expiresInSeconds);
    return { key, url, expiresInSeconds, maxBytes: IMAGE_MAX_BYTES };
  });

export const confirmProductImage = shopAdminProcedure
  .input(
    z.strictObject({
      productId: ZId('productId'),
      key: z.string({ error: 'key must be a string' }).min(1, 'key is required').max(300),
    }),
  )
  .output(ZProduct)
  .mutation(async ({ ctx, input }) => {
    if (!input.key.startsWith(`${input.productId}/`) || input.key.includes('..')) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'key: not an upload for this product' });
    }
    const before = await findProduct(ctx.db, input.productId);
    if (!before) throw new TRPCError({ code: 'NOT_FOUND', message: 'productId: no such product' });
    const check = await checkUploadedImage(ctx.objectStore, PRODUCTS_BUCKET, input.key);
    if (!check.ok) {
      if (check.reason === 'missing')
        throw new TRPCError({ code: 'NOT_FOUND', message: 'key: nothing was uploaded there yet' });
      throw new TRPCError({ code: 'BAD_REQUEST', message: check.message });
    }
    const row = await ctx.db.transaction().execute(async (trx) => {
      const updated = await updateProduct(trx, input.productId, { imageKey: input.key });
      await recordAudit(trx, {
        actorId: ctx.user.id,
        action: 'shop.product.image',
        targetType: 'product',
        targetId: input.productId,
        details: { key: input.key, type: check.type, bytes: check.size },
      });
      return updated;
    });
    if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'productId: no such product' });
    await startImageProcessing(ctx, PRODUCTS_BUCKET, input.key, {
      kind: 'product',
      productId: input.productId,
    });
    if (before.image_key && before.image_key !== input.key) {
      // The old picture is unreachable now; a failed delete only leaves litter.
      const old = [before.image_key, ...Object.values(before.image_thumbnails ?? {})];
      for (const key of old) {
        await ctx.objectStore.remove(PRODUCTS_BUCKET, key).catch((error: unknown) => {
          ctx.log.warn({ err: error, key }, 'could not delete old product image');
        });
      }
    }
    return toProduct(ctx, row);
  });
