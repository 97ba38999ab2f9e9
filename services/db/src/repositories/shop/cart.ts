import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../schema/index.ts';

/** A member's cart with each product's current price, stock and status. */
export function listCart(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('cart_items')
    .innerJoin('products', 'products.id', 'cart_items.product_id')
    .select([
      'cart_items.product_id as productId',
      'cart_items.quantity',
      'cart_items.updated_at as updatedAt',
      'products.slug',
      'products.name',
      'products.price_minor as priceMinor',
      'products.currency',
      'products.stock',
      'products.status',
      'products.image_key as imageKey',
    ])
    .where('cart_items.user_id', '=', userId)
    .orderBy('products.slug')
    .execute();
}

/**
 * The cart for checkout, with its products locked until the transaction ends
 * so price, status and stock cannot change between the check and the order.
 */
export function lockCartForCheckout(trx: Kysely<Database>, userId: string) {
  return trx
    .selectFrom('cart_items')
    .innerJoin('products', 'products.id', 'cart_items.product_id')
    .select([
      'cart_items.product_id as productId',
      'cart_items.quantity',
      'products.name',
      'products.price_minor as priceMinor',
      'products.currency',
      'products.stock',
      'products.status',
    ])
    .where('cart_items.user_id', '=', userId)
    .orderBy('products.id')
    .forUpdate()
    .execute();
}

export function findCartItem(db: Kysely<Database>, userId: string, productId: string) {
  return db
    .selectFrom('cart_items')
    .select(['product_id', 'quantity'])
    .where('user_id', '=', userId)
    .where('product_id', '=', productId)
    .executeTakeFirst();
}

/** Sets the quantity of one product in the cart, adding the line if needed. */
export function setCartQuantity(
  db: Kysely<Database>,
  userId: string,
  productId: string,
  quantity: number,
) {
  return db
    .insertInto('cart_items')
    .values({ user_id: userId, product_id: productId, quantity })
    .onConflict((oc) =>
      oc.columns(['user_id', 'product_id']).doUpdateSet({ quantity, updated_at: sql<Date>`now()` }),
    )
    .returning(['product_id', 'quantity'])
    .executeTakeFirstOrThrow();
}

export async function removeCartItem(db: Kysely<Database>, userId: string, productId: string) {
  const result = await db
    .deleteFrom('cart_items')
    .where('user_id', '=', userId)
    .where('product_id', '=', productId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function clearCart(db: Kysely<Database>, userId: string) {
  await db.deleteFrom('cart_items').where('user_id', '=', userId).execute();
}
