import { randomUUID } from 'node:crypto';
import { createPictureUpload, findProduct, recordAudit, updateProduct } from '@canopy/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  confirmPictureUpload,
  IMAGE_MAX_BYTES,
  pictureUploadForm,
  ZImageContentType,
  ZImageSize,
  ZPictureUploadForm,
} from '../../storage/image-check.ts';
import { removePicture, startImageProcessing } from '../../storage/image-processing.ts';
import { stagingKeyOf, UPLOAD_FORM_SECONDS } from '../../storage/staging.ts';
import { shopAdminProcedure } from '../../trpc/index.ts';
import { PRODUCTS_BUCKET, toProduct } from './product-view.ts';
import { ZId, ZProduct } from './schemas.ts';

/**
 * An upload form for a product picture: the store accepts one file of the
 * declared type and at most the declared size, under a staging key.
 */
export const productImageUploadUrl = shopAdminProcedure
  .input(
    z.strictObject({
      productId: ZId('productId'),
      contentType: ZImageContentType,
      size: ZImageSize,
    }),
  )
  .output(ZPictureUploadForm)
  .mutation(async ({ ctx, input }) => {
    if (!(await findProduct(ctx.db, input.productId))) {
      throw new TRPCError({ code: 'NOT_FOUND', message: 'productId: no such product' });
    }
    const uploadId = randomUUID();
    const stagingKey = stagingKeyOf(`${input.productId}/${uploadId}`);
    const form = await pictureUploadForm(ctx.objectStore, PRODUCTS_BUCKET, stagingKey, input);
    await createPictureUpload(ctx.db, {
      id: uploadId,
      userId: ctx.user.id,
      purpose: 'product',
      productId: input.productId,
      bucket: PRODUCTS_BUCKET,
      stagingKey,
      declaredType: input.contentType,
      declaredSize: input.size,
    });
    return { uploadId, ...form, expiresInSeconds: UPLOAD_FORM_SECONDS, maxBytes: IMAGE_MAX_BYTES };
  });

/**
 * Takes the posted picture out of staging, once: decoded, re-encoded to the
 * product's picture key, attached and audited. The old picture is deleted.
 */
export const confirmProductImage = shopAdminProcedure
  .input(
    z.strictObject({
      productId: ZId('productId'),
      uploadId: z.uuid({ error: 'uploadId must be an upload id' }),
    }),
  )
  .output(ZProduct)
  .mutation(async ({ ctx, input }) => {
    const before = await findProduct(ctx.db, input.productId);
    if (!before) throw new TRPCError({ code: 'NOT_FOUND', message: 'productId: no such product' });
    const accepted = await confirmPictureUpload(
      ctx,
      PRODUCTS_BUCKET,
      { id: input.uploadId, userId: ctx.user.id, purpose: 'product', productId: input.productId },
      `${input.productId}/${input.uploadId}`,
      { code: 'BAD_REQUEST', message: 'uploadId: not your upload for this product' },
    );
    const row = await ctx.db.transaction().execute(async (trx) => {
      const updated = await updateProduct(trx, input.productId, { imageKey: accepted.key });
      await recordAudit(trx, {
        actorId: ctx.user.id,
        action: 'shop.product.image',
        targetType: 'product',
        targetId: input.productId,
        details: { key: accepted.key, type: accepted.type, bytes: accepted.bytes },
      });
      return updated;
    });
    if (!row) {
      await ctx.objectStore.remove(PRODUCTS_BUCKET, accepted.key);
      throw new TRPCError({ code: 'NOT_FOUND', message: 'productId: no such product' });
    }
    await startImageProcessing(ctx, PRODUCTS_BUCKET, accepted.key, {
      kind: 'product',
      productId: input.productId,
    });
    if (before.image_key !== accepted.key) {
      // The old picture is unreachable now.
      await removePicture(ctx, PRODUCTS_BUCKET, {
        key: before.image_key,
        thumbnails: before.image_thumbnails,
      });
    }
    return toProduct(ctx, row);
  });
