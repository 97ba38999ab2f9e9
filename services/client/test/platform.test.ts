// The running platform end to end: the stack's API and worker, reached the
// way a developer or the dashboard reaches them.
import { randomUUID } from 'node:crypto';
import { stackEnv, tokenFor } from '@canopy/devstack/testing';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { createCanopyClient } from '../src/index.ts';

const env = stackEnv();

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('the running platform', () => {
  it('sells a product: cart, checkout saga, signed Stripe webhook, order paid, receipt mailed', async () => {
    const admin = createCanopyClient({ url: env.API_URL, token: await tokenFor('shopadmin') });
    const member = createCanopyClient({ url: env.API_URL, token: await tokenFor('member') });
    const slug = `bamboo-bottle-${randomUUID().slice(0, 8)}`;
    const product = await admin.shop.products.create.mutate({
      slug,
      name: 'Bamboo bottle',
      description: 'Keeps water cold, plastic-free',
      priceMinor: 1800,
      currency: 'gbp',
      stock: 5,
    });

    await member.shop.cart.add.mutate({ productId: product.id, quantity: 2 });
    const { orderId } = await member.shop.checkout.start.mutate();

    // The worker reserves stock and creates the PaymentIntent.
    const awaiting = await until('the payment intent', async () => {
      const s = await member.shop.checkout.status.query({ orderId });
      return s.state === 'awaiting_payment' && s.clientSecret ? s : undefined;
    });
    expect(awaiting.paymentIntentId).toMatch(/^pi_/);

    // Stripe tells the API, signed with the endpoint secret.
    const payload = JSON.stringify({
      id: `evt_${randomUUID().replaceAll('-', '')}`,
      object: 'event',
      type: 'payment_intent.succeeded',
      data: {
        object: { id: awaiting.paymentIntentId, object: 'payment_intent', metadata: { orderId } },
      },
    });
    const stripe = new Stripe(env.STRIPE_SECRET_KEY);
    const signature = stripe.webhooks.generateTestHeaderString({
      payload,
      secret: env.STRIPE_WEBHOOK_SECRET,
    });
    const hook = await fetch(`${env.API_URL}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      body: payload,
    });
    expect(hook.status).toBe(200);

    const paid = await until('the order to be paid', async () => {
      const order = await member.shop.orders.get.query({ id: orderId });
      return order.status === 'paid' ? order : undefined;
    });
    expect(paid.totalMinor).toBe(3600);
    const after = await member.shop.products.get.query({ id: product.id });
    expect(after.stock).toBe(3);

    const receipt = await until('the receipt', async () => {
      const inbox = (await (await fetch(`${env.MAIL_WEB_URL}/email`)).json()) as {
        to: { address: string }[];
        text: string;
      }[];
      return inbox.find(
        (m) => m.to[0]?.address === 'member@canopy.test' && m.text.includes(orderId.slice(0, 8)),
      );
    });
    expect(receipt.text).toContain('36.00');
  }, 90_000);
});
