import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database, ProductStatus } from '../../schema/index.ts';

export const productColumns = [
  'id',
  'slug',
  'name',
  'description',
  'price_minor',
  'currency',
  'stock',
  'image_key',
  'image_thumbnails',
  'status',
  'created_at',
  'updated_at',
] as const;

export interface NewProductInput {
  slug: string;
  name: string;
  description?: string;
  priceMinor: number;
  currency: string;
  stock?: number;
}

export function createProduct(db: Kysely<Database>, p: NewProductInput) {
  return db
    .insertInto('products')
    .values({
      slug: p.slug,
      name: p.name,
      description: p.description ?? '',
      price_minor: p.priceMinor,
      currency: p.currency,
      stock: p.stock ?? 0,
    })
    .returning(productColumns)
    .executeTakeFirstOrThrow();
}

export function findProduct(
  db: Kysely<Database>,
  id: string,
  options: { activeOnly?: boolean } = {},
) {
  let q = db.selectFrom('products').select(productColumns).where('id', '=', id);
  if (options.activeOnly) q = q.where('status', '=', 'active');
  return q.executeTakeFirst();
}

export function findProductBySlug(
  db: Kysely<Database>,
  slug: string,
  options: { activeOnly?: boolean } = {},
) {
  let q = db.selectFrom('products').select(productColumns).where('slug', '=', slug);
  if (options.activeOnly) q = q.where('status', '=', 'active');
  return q.executeTakeFirst();
}

/**
 * One page of products ordered by slug; `afterSlug` is the last slug of the
 * previous page (slugs are unique, so the order is total and stable).
 */
export function listProducts(
  db: Kysely<Database>,
  options: { limit: number; afterSlug?: string; status?: ProductStatus },
) {
  let q = db.selectFrom('products').select(productColumns).orderBy('slug').limit(options.limit);
  if (options.status) q = q.where('status', '=', options.status);
  if (options.afterSlug !== undefined) q = q.where('slug', '>', options.afterSlug);
  return q.execute();
}

export function updateProduct(
  db: Kysely<Database>,
  id: string,
  changes: Partial<Omit<NewProductInput, 'stock'>> & {
    status?: ProductStatus;
    stock?: number;
    imageKey?: string | null;
  },
) {
  return db
    .updateTable('products')
    .set({
      ...(changes.slug !== undefined && { slug: changes.slug }),
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.description !== undefined && { description: changes.description }),
      ...(changes.priceMinor !== undefined && { price_minor: changes.priceMinor }),
      ...(changes.currency !== undefined && { currency: changes.currency }),
      ...(changes.stock !== undefined && { stock: changes.stock }),
      ...(changes.status !== undefined && { status: changes.status }),
      // Thumbnails always describe the current image: a new one starts without.
      ...(changes.imageKey !== undefined && {
        image_key: changes.imageKey,
        image_thumbnails: null,
      }),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .returning(productColumns)
    .executeTakeFirst();
}
