import { demoUsers, insertOrder } from '@canopy/db';
import { refundWorkflowId } from '@canopy/workflows/shared';
import type { RefundResult } from '@canopy/workflows/shared';
import { createWorker } from '@canopy/workflows/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/routers/index.ts';
import { createCallerFactory } from '../src/trpc/index.ts';
import type { Caller, Harness } from './harness.ts';
import { createHarness, env, services } from './harness.ts';

type Worker = Awaited<ReturnType<typeof createWorker>>;

describe('shop orders and refunds', () => {
  let h: Harness;
  let admin: Caller;
  let member: Caller;
  let member2: Caller;
  let productId: string;

  async function order(user: 'member' | 'member2', quantity: number, paid = false) {
    const row = await insertOrder(h.db, {
      userId: demoUsers[user].id,
      currency: 'gbp',
      items: [{ productId, name: 'Cork mat', unitPriceMinor: 1000, quantity }],
    });
    if (paid) {
      await h.db
        .updateTable('orders')
        .set({
          status: 'paid',
          payment_intent_id: `pi_test_${row.id.slice(0, 8)}`,
          paid_at: new Date(),
        })
        .where('id', '=', row.id)
        .execute();
    }
    return row.id;
  }
  const refundRows = async () =>
    Number(
      (
        await h.db
          .selectFrom('refunds')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  let payments: Worker;
  let running: Promise<void>;

  /** Waits for the refund's workflow to end, as the admin's page would poll the list. */
  async function settled(refundId: string): Promise<RefundResult> {
    return (await services.temporal()).workflow.getHandle(refundWorkflowId(refundId)).result();
  }

  beforeAll(async () => {
    h = await createHarness();
    // The refund workflow runs on this test process's own payments queue.
    payments = await createWorker({
      temporal: { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE },
      taskQueue: services.taskQueues.payments,
      // No mailer: the receipt is the workflow tests' concern, and a refund stands without it.
      deps: { db: h.db, stripe: services.stripe() },
    });
    running = payments.worker.run();
    admin = await h.as('shopadmin');
    member = await h.as('member');
    member2 = await h.as('member2');
    productId = (
      await admin.shop.products.create({
        slug: 'cork-mat',
        name: 'Cork mat',
        priceMinor: 1000,
        currency: 'gbp',
        stock: 50,
      })
    ).id;
  });
  afterAll(async () => {
    payments?.worker.shutdown();
    await running;
    await payments?.connection.close();
    await h?.close();
  });

  it('lists my orders newest first in pages, and never anyone else’s', async () => {
    const mine: string[] = [];
    for (let i = 1; i <= 5; i++) mine.unshift(await order('member', i));
    const theirs = await order('member2', 1);

    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await member.shop.orders.mine({ limit: 2, ...(cursor && { cursor }) });
      seen.push(...page.items.map((o) => o.id));
      expect(page.items.every((o) => o.userId === demoUsers.member.id)).toBe(true);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(mine);
    const first = (await member.shop.orders.mine({ limit: 1 })).items[0]!;
    expect(first.items).toEqual([
      { productId, name: 'Cork mat', unitPriceMinor: 1000, quantity: 5 },
    ]);
    expect(first.totalMinor).toBe(5000);

    await expect(member.shop.orders.get({ id: theirs })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await member2.shop.orders.mine()).items.map((o) => o.id)).toEqual([theirs]);
  });

  it('shows shop admins every order, filtered by status, and members none of that', async () => {
    const paid = await order('member2', 2, true);
    const all = await admin.shop.orders.all({ limit: 100 });
    expect(all.items.length).toBe(7);
    expect(new Set(all.items.map((o) => o.userId))).toEqual(
      new Set([demoUsers.member.id, demoUsers.member2.id]),
    );
    expect((await admin.shop.orders.all({ status: 'paid' })).items.map((o) => o.id)).toEqual([
      paid,
    ]);
    expect((await admin.shop.orders.get({ id: paid })).status).toBe('paid');
    await expect(member.shop.orders.all()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(admin.shop.orders.all({ status: 'lost' as never })).rejects.toThrow(/status/);
    await expect(member.shop.orders.mine({ cursor: 'x' })).rejects.toThrow(/cursor/);
  });

  it('refunds part then the rest of a paid order through the refund workflow, audited', async () => {
    const id = await order('member', 3, true);
    const first = await admin.shop.refunds.create({
      orderId: id,
      amountMinor: 1200,
      reason: 'dent',
    });
    expect(first).toMatchObject({
      orderId: id,
      amountMinor: 1200,
      status: 'pending',
      reason: 'dent',
      createdBy: demoUsers.shopadmin.id,
      created: true,
      workflowId: `refund-${first.id}`,
    });
    // Still pending, the 1200 is held: asking for the whole order again is refused.
    await expect(
      admin.shop.refunds.create({ orderId: id, amountMinor: 3000 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await settled(first.id)).toMatchObject({
      status: 'succeeded',
      orderStatus: 'partially_refunded',
      restocked: false,
    });
    const [done] = await admin.shop.refunds.list({ orderId: id });
    expect(done).toMatchObject({ status: 'succeeded', restocked: false, failureReason: null });
    expect(done!.stripeRefundId).toMatch(/^re_/);
    expect(await member.shop.orders.get({ id })).toMatchObject({
      status: 'partially_refunded',
      refundedMinor: 1200,
    });

    await expect(
      admin.shop.refunds.create({ orderId: id, amountMinor: 1801 }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/amountMinor: at most 1800/),
    });
    const rest = await admin.shop.refunds.create({ orderId: id, amountMinor: 1800 });
    expect(await settled(rest.id)).toMatchObject({ status: 'succeeded', orderStatus: 'refunded' });
    expect(await member.shop.orders.get({ id })).toMatchObject({
      status: 'refunded',
      refundedMinor: 3000,
    });
    expect(await admin.shop.refunds.list({ orderId: id })).toHaveLength(2);

    const audit = await h.db
      .selectFrom('audit_log')
      .select(['actor_id', 'target_id', 'details'])
      .where('action', '=', 'shop.refund.create')
      .where('target_id', '=', id)
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actor_id: demoUsers.shopadmin.id });
  });

  it('a full refund puts the goods back in stock and is carried out once, however often it is asked', async () => {
    const stockBefore = (await admin.shop.products.get({ id: productId })).stock;
    const id = await order('member2', 2, true);
    const ask = () =>
      admin.shop.refunds.create({ orderId: id, amountMinor: 2000, requestKey: `full-${id}` });
    const first = await ask();
    const again = await ask();
    expect(again).toMatchObject({ id: first.id, created: false });
    expect(await settled(first.id)).toMatchObject({ status: 'succeeded', restocked: true });
    // Asked a third time once it is done: the same, settled refund.
    expect(await ask()).toMatchObject({ id: first.id, created: false, status: 'succeeded' });
    expect(await admin.shop.refunds.list({ orderId: id })).toEqual([
      expect.objectContaining({ id: first.id, status: 'succeeded', restocked: true }),
    ]);
    expect((await admin.shop.products.get({ id: productId })).stock).toBe(stockBefore + 2);
    expect(await member2.shop.orders.get({ id })).toMatchObject({
      status: 'refunded',
      refundedMinor: 2000,
    });
  });

  it('refuses refunds of unpaid orders, bad amounts and non-admins, storing nothing', async () => {
    const before = await refundRows();
    const unpaid = await order('member', 1);
    const paid = await order('member', 1, true);
    await expect(admin.shop.refunds.create({ orderId: unpaid, amountMinor: 100 })).rejects.toThrow(
      /only a paid order/,
    );
    await expect(admin.shop.refunds.create({ orderId: paid, amountMinor: 0 })).rejects.toThrow(
      /amountMinor/,
    );
    await expect(admin.shop.refunds.create({ orderId: paid, amountMinor: 9.5 })).rejects.toThrow(
      /amountMinor/,
    );
    await expect(
      admin.shop.refunds.create({
        orderId: '00000000-0000-4000-8000-000000000000',
        amountMinor: 1,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      member.shop.refunds.create({ orderId: paid, amountMinor: 100 }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Another tenant's member and an organisation admin are no shop admins either.
    for (const user of ['member2', 'orgadmin'] as const) {
      await expect(
        (await h.as(user)).shop.refunds.create({ orderId: paid, amountMinor: 100 }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect(
      admin.shop.refunds.create({ orderId: paid, amountMinor: 100, requestKey: 'no' }),
    ).rejects.toThrow(/requestKey/);
    await expect(member.shop.refunds.list({ orderId: paid })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await refundRows()).toBe(before);
    expect((await member.shop.orders.get({ id: paid })).refundedMinor).toBe(0);
  });

  it('marks the refund failed and leaves the order alone when the workflow cannot start', async () => {
    const paid = await order('member', 2, true);
    const ctx = await h.contextFor('shopadmin');
    const offline = createCallerFactory(appRouter)({
      ...ctx,
      services: {
        ...ctx.services,
        temporal: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:7233')),
      },
    });
    await expect(
      offline.shop.refunds.create({ orderId: paid, amountMinor: 500 }),
    ).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(await admin.shop.refunds.list({ orderId: paid })).toEqual([
      expect.objectContaining({
        status: 'failed',
        amountMinor: 500,
        stripeRefundId: null,
        failureReason: 'the refund could not be started',
      }),
    ]);
    expect(await admin.shop.orders.get({ id: paid })).toMatchObject({
      status: 'paid',
      refundedMinor: 0,
    });
    // A failed refund does not use up the refundable amount.
    const retried = await admin.shop.refunds.create({ orderId: paid, amountMinor: 2000 });
    expect(await settled(retried.id)).toMatchObject({ orderStatus: 'refunded' });
  });
});
