import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/index.ts';
import {
  cancelOpenOrder,
  fulfilPaidOrder,
  releaseOrderReservations,
  reserveStockForOrder,
} from '../src/index.ts';
import { createMigratedTestDb } from '../src/testing.ts';

let counter = 0;

async function product(db: Db, stock: number) {
  counter += 1;
  return db
    .insertInto('products')
    .values({
      slug: `oat-soap-${counter}`,
      name: `Oat soap ${counter}`,
      price_minor: 400,
      currency: 'gbp',
      stock,
    })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
}

async function order(db: Db, productId: string, quantity: number) {
  const o = await db
    .insertInto('orders')
    .values({ user_id: 'buyer', currency: 'gbp', total_minor: 400 * quantity })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('order_items')
    .values({
      order_id: o.id,
      product_id: productId,
      name: 'Oat soap',
      unit_price_minor: 400,
      quantity,
    })
    .execute();
  return o.id;
}

const stockOf = async (db: Db, id: string) =>
  (await db.selectFrom('products').select('stock').where('id', '=', id).executeTakeFirstOrThrow())
    .stock;

describe('checkout repository against PostgreSQL', () => {
  let t: Awaited<ReturnType<typeof createMigratedTestDb>>;
  beforeAll(async () => {
    t = await createMigratedTestDb();
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('lets no more simultaneous checkouts hold a product than it has in stock', async () => {
    const { db } = t;
    const p = await product(db, 3);
    const orders: string[] = [];
    for (let i = 0; i < 12; i++) orders.push(await order(db, p.id, 1));

    const results = await Promise.all(orders.map((o) => reserveStockForOrder(db, o, 600)));

    expect(results.filter((r) => r.status === 'reserved')).toHaveLength(3);
    expect(results.filter((r) => r.status === 'out_of_stock')).toHaveLength(9);
    expect(results.find((r) => r.status === 'out_of_stock')).toEqual({
      status: 'out_of_stock',
      productName: p.name,
    });
    const held = await db
      .selectFrom('stock_reservations')
      .select('order_id')
      .where('product_id', '=', p.id)
      .execute();
    expect(held).toHaveLength(3);
    expect(await stockOf(db, p.id)).toBe(3);
  });

  it('does not count a retried reservation twice, nor an expired or released one', async () => {
    const { db } = t;
    const p = await product(db, 2);
    const a = await order(db, p.id, 1);
    expect(await reserveStockForOrder(db, a, 600)).toEqual({ status: 'reserved' });
    expect(await reserveStockForOrder(db, a, 600)).toEqual({ status: 'reserved' });

    const b = await order(db, p.id, 1);
    expect(await reserveStockForOrder(db, b, 600)).toEqual({ status: 'reserved' });
    const c = await order(db, p.id, 1);
    expect((await reserveStockForOrder(db, c, 600)).status).toBe('out_of_stock');

    // a's hold lapses, b gives its unit back: c now fits, twice over.
    await db
      .updateTable('stock_reservations')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('order_id', '=', a)
      .execute();
    expect(await releaseOrderReservations(db, b)).toBe(1);
    expect(await releaseOrderReservations(db, b)).toBe(0);
    expect(await reserveStockForOrder(db, c, 600)).toEqual({ status: 'reserved' });
  });

  it('moves stock once however often an order is fulfilled, and never cancels it after', async () => {
    const { db } = t;
    const p = await product(db, 5);
    const a = await order(db, p.id, 2);
    await reserveStockForOrder(db, a, 600);

    const results = await Promise.all([fulfilPaidOrder(db, a), fulfilPaidOrder(db, a)]);

    expect(results.map((r) => r.status).sort()).toEqual(['already_paid', 'fulfilled']);
    expect(results).toContainEqual({ status: 'fulfilled', oversold: [] });
    expect(await stockOf(db, p.id)).toBe(3);
    expect(await cancelOpenOrder(db, a, 'payment failed')).toBe(false);
    expect(await releaseOrderReservations(db, a)).toBe(0);
    const o = await db
      .selectFrom('orders')
      .select(['status', 'failure_reason'])
      .where('id', '=', a)
      .executeTakeFirstOrThrow();
    expect(o).toEqual({ status: 'paid', failure_reason: null });
  });

  it('refuses to reserve for an order that is no longer pending', async () => {
    const { db } = t;
    const p = await product(db, 5);
    const a = await order(db, p.id, 1);
    expect(await cancelOpenOrder(db, a, 'changed my mind')).toBe(true);
    expect(await reserveStockForOrder(db, a, 600)).toEqual({
      status: 'order_not_open',
      orderStatus: 'cancelled',
    });
  });

  it('keeps a paid order whose lapsed hold was sold to someone else, and names the shortfall', async () => {
    const { db } = t;
    const p = await product(db, 1);
    const late = await order(db, p.id, 1);
    await reserveStockForOrder(db, late, 600);
    await db
      .updateTable('stock_reservations')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('order_id', '=', late)
      .execute();
    const quick = await order(db, p.id, 1);
    expect(await reserveStockForOrder(db, quick, 600)).toEqual({ status: 'reserved' });
    expect(await fulfilPaidOrder(db, quick)).toEqual({ status: 'fulfilled', oversold: [] });

    expect(await fulfilPaidOrder(db, late)).toEqual({ status: 'fulfilled', oversold: [p.name] });
    expect(await stockOf(db, p.id)).toBe(0);
  });
});
