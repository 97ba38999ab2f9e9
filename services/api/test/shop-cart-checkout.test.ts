import { Connection, Client as TemporalClient, WorkflowNotFoundError } from '@temporalio/client';
import { checkoutWorkflowId } from '@canopy/workflows/shared';
import { demoUsers, insertOrder } from '@canopy/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/routers/index.ts';
import { createCallerFactory } from '../src/trpc/index.ts';
import type { Caller, Harness } from './harness.ts';
import { createHarness, services } from './harness.ts';

const missingId = '00000000-0000-4000-8000-000000000000';

describe('shop cart and checkout', () => {
  let h: Harness;
  let admin: Caller;
  let member: Caller;
  let member2: Caller;
  const startedWorkflows: string[] = [];
  const ids: Record<string, string> = {};

  const rows = async (table: 'orders' | 'order_items' | 'cart_items') =>
    Number(
      (
        await h.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    h = await createHarness();
    admin = await h.as('shopadmin');
    member = await h.as('member');
    member2 = await h.as('member2');
    const make = async (slug: string, priceMinor: number, currency: string, stock: number) =>
      (ids[slug] = (
        await admin.shop.products.create({ slug, name: slug, priceMinor, currency, stock })
      ).id);
    await make('jute-bag', 450, 'gbp', 10);
    await make('solar-lamp', 3999, 'gbp', 3);
    await make('euro-mug', 1200, 'eur', 5);
    await make('old-stock', 100, 'gbp', 5);
    await admin.shop.products.archive({ id: ids['old-stock']! });
  });
  afterAll(async () => {
    const client = await services.temporal();
    for (const id of startedWorkflows) {
      await client.workflow
        .getHandle(id)
        .terminate('test cleanup')
        .catch(() => {});
    }
    await h?.close();
  });

  it('adds, increases, updates and removes cart lines with live prices', async () => {
    let cart = await member.shop.cart.add({ productId: ids['jute-bag']! });
    expect(cart.items).toEqual([
      expect.objectContaining({ slug: 'jute-bag', quantity: 1, lineTotalMinor: 450 }),
    ]);
    cart = await member.shop.cart.add({ productId: ids['jute-bag']!, quantity: 2 });
    expect(cart.items[0]?.quantity).toBe(3);
    await member.shop.cart.add({ productId: ids['solar-lamp']!, quantity: 1 });
    cart = await member.shop.cart.update({ productId: ids['solar-lamp']!, quantity: 2 });
    expect(cart.totals).toEqual([{ currency: 'gbp', totalMinor: 3 * 450 + 2 * 3999 }]);
    cart = await member.shop.cart.remove({ productId: ids['solar-lamp']! });
    expect(cart.items.map((i) => i.slug)).toEqual(['jute-bag']);
    expect((await member.shop.cart.get()).items).toHaveLength(1);
  });

  it('refuses archived products, more than in stock, and bad quantities, naming the field', async () => {
    const before = await member.shop.cart.get();
    await expect(member.shop.cart.add({ productId: ids['old-stock']! })).rejects.toThrow(
      /productId: this product is archived/,
    );
    await expect(
      member.shop.cart.add({ productId: ids['solar-lamp']!, quantity: 4 }),
    ).rejects.toThrow(/quantity: only 3/);
    // 3 already in the cart + 8 is more than the 10 in stock.
    await expect(
      member.shop.cart.add({ productId: ids['jute-bag']!, quantity: 8 }),
    ).rejects.toThrow(/quantity/);
    await expect(
      member.shop.cart.add({ productId: ids['jute-bag']!, quantity: 0 }),
    ).rejects.toThrow(/quantity/);
    await expect(
      member.shop.cart.add({ productId: ids['jute-bag']!, quantity: 101 }),
    ).rejects.toThrow(/quantity/);
    await expect(
      member.shop.cart.update({ productId: ids['jute-bag']!, quantity: 2.5 }),
    ).rejects.toThrow(/quantity/);
    await expect(member.shop.cart.add({ productId: 'nope' })).rejects.toThrow(/productId/);
    await expect(member.shop.cart.add({ productId: missingId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await member.shop.cart.get()).toEqual(before);
  });

  it("keeps each member's cart to themselves", async () => {
    expect((await member2.shop.cart.get()).items).toEqual([]);
    await expect(
      member2.shop.cart.update({ productId: ids['jute-bag']!, quantity: 1 }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(member2.shop.cart.remove({ productId: ids['jute-bag']! })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await member.shop.cart.get()).items[0]?.quantity).toBe(3);
    await expect((await h.as(null)).shop.cart.get()).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('refuses a cart in two currencies or an empty one, keeping the cart', async () => {
    const orders = await rows('orders');
    await member2.shop.cart.add({ productId: ids['jute-bag']! });
    await member2.shop.cart.add({ productId: ids['euro-mug']! });
    await expect(member2.shop.checkout.start()).rejects.toThrow(/cart: items are priced in/);
    expect((await member2.shop.cart.get()).items).toHaveLength(2);
    await member2.shop.cart.remove({ productId: ids['jute-bag']! });
    await member2.shop.cart.remove({ productId: ids['euro-mug']! });
    await expect(member2.shop.checkout.start()).rejects.toThrow(/cart: is empty/);
    expect(await rows('orders')).toBe(orders);
  });

  it('turns the cart into an order at current prices and starts the checkout saga', async () => {
    await member.shop.cart.add({ productId: ids['solar-lamp']!, quantity: 2 });
    const { orderId, workflowId } = await member.shop.checkout.start();
    startedWorkflows.push(workflowId);
    expect(workflowId).toBe(checkoutWorkflowId(orderId));

    const order = await member.shop.orders.get({ id: orderId });
    expect(order).toMatchObject({
      userId: demoUsers.member.id,
      status: 'pending',
      currency: 'gbp',
      totalMinor: 3 * 450 + 2 * 3999,
    });
    expect(order.items).toEqual(
      expect.arrayContaining([
        { productId: ids['jute-bag'], name: 'jute-bag', unitPriceMinor: 450, quantity: 3 },
        { productId: ids['solar-lamp'], name: 'solar-lamp', unitPriceMinor: 3999, quantity: 2 },
      ]),
    );
    expect((await member.shop.cart.get()).items).toEqual([]);

    const client = await services.temporal();
    const described = await client.workflow.getHandle(workflowId).describe();
    expect(described.type).toBe('checkout');
    expect(described.taskQueue).toBe(services.taskQueues.payments);

    const status = await member.shop.checkout.status({ orderId });
    expect(status).toMatchObject({ orderId, workflowId });
    await expect(member2.shop.checkout.status({ orderId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(member2.shop.orders.get({ id: orderId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it("answers checkout.status from the order row when the saga can't", async () => {
    const order = await insertOrder(h.db, {
      userId: demoUsers.member.id,
      currency: 'gbp',
      items: [{ productId: ids['jute-bag']!, name: 'jute-bag', unitPriceMinor: 450, quantity: 1 }],
    });
    const pending = await member.shop.checkout.status({ orderId: order.id });
    expect(pending).toMatchObject({ source: 'order', state: 'reserving', orderStatus: 'pending' });
    await expect(
      (await services.temporal()).workflow.getHandle(checkoutWorkflowId(order.id)).describe(),
    ).rejects.toBeInstanceOf(WorkflowNotFoundError);

    await h.db
      .updateTable('orders')
      .set({ status: 'cancelled', failure_reason: 'card declined' })
      .where('id', '=', order.id)
      .execute();
    expect(await member.shop.checkout.status({ orderId: order.id })).toMatchObject({
      source: 'order',
      state: 'cancelled',
      failureReason: 'card declined',
      clientSecret: null,
    });
  });

  it('gives the cart back and cancels the order when Temporal is unreachable', async () => {
    await member2.shop.cart.add({ productId: ids['euro-mug']!, quantity: 2 });
    const ctx = await h.contextFor('member2');
    const offline = createCallerFactory(appRouter)({
      ...ctx,
      services: {
        ...ctx.services,
        // A real client aimed at a port where nothing listens: an outage, not a fake.
        temporal: () =>
          Connection.connect({ address: '127.0.0.1:1', connectTimeout: 500 }).then(
            (connection) => new TemporalClient({ connection }),
          ),
      },
    });
    await expect(offline.shop.checkout.start()).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
    });
    expect((await member2.shop.cart.get()).items).toEqual([
      expect.objectContaining({ slug: 'euro-mug', quantity: 2 }),
    ]);
    const [cancelled] = (await member2.shop.orders.mine()).items;
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      failureReason: 'checkout could not start',
    });
  });

  it('checks stock again at checkout and charges the price of that moment', async () => {
    // member2's cart still holds 2 euro mugs from the previous test.
    const orders = await rows('orders');
    await admin.shop.products.setStock({ id: ids['euro-mug']!, stock: 1 });
    await expect(member2.shop.checkout.start()).rejects.toThrow(
      /cart: not available in that quantity any more: euro-mug/,
    );
    expect(await rows('orders')).toBe(orders);
    expect((await member2.shop.cart.get()).items).toEqual([
      expect.objectContaining({ slug: 'euro-mug', quantity: 2, available: false }),
    ]);

    await admin.shop.products.setStock({ id: ids['euro-mug']!, stock: 5 });
    await admin.shop.products.update({ id: ids['euro-mug']!, priceMinor: 1300 });
    const { orderId, workflowId } = await member2.shop.checkout.start();
    startedWorkflows.push(workflowId);
    expect(await member2.shop.orders.get({ id: orderId })).toMatchObject({
      currency: 'eur',
      totalMinor: 2600,
      items: [expect.objectContaining({ unitPriceMinor: 1300, quantity: 2 })],
    });
    // Only a shop admin opens other members' orders.
    await expect((await h.as('orgadmin')).shop.orders.get({ id: orderId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await admin.shop.orders.get({ id: orderId })).userId).toBe(demoUsers.member2.id);
  });
});
