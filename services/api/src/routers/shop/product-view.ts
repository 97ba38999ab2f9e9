import type { ProductRow } from '@canopy/db';
import { pictureUrl } from '../../storage/image-check.ts';
import { thumbnailUrls } from '../../storage/image-processing.ts';
import type { Context } from '../../trpc/index.ts';
import type { Product } from './schemas.ts';

export const PRODUCTS_BUCKET = 'products';

type ProductFields = Pick<
  ProductRow,
  | 'id'
  | 'slug'
  | 'name'
  | 'description'
  | 'price_minor'
  | 'currency'
  | 'stock'
  | 'status'
  | 'image_key'
  | 'image_thumbnails'
  | 'created_at'
  | 'updated_at'
>;

/** The API's view of a product; the image URL is presigned for an hour. */
export async function toProduct(
  ctx: Pick<Context, 'objectStore'>,
  row: ProductFields,
): Promise<Product> {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    priceMinor: row.price_minor,
    currency: row.currency,
    stock: row.stock,
    status: row.status,
    imageUrl: row.image_key
      ? await pictureUrl(ctx.objectStore, PRODUCTS_BUCKET, row.image_key, 3600)
      : null,
    thumbnails: await thumbnailUrls(ctx, PRODUCTS_BUCKET, row.image_thumbnails),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
