import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { stackEnv } from '../src/testing/index.ts';

const env = stackEnv();

describe('stripe-mock', () => {
  it('creates a PaymentIntent through the stripe package', async () => {
    const api = new URL(env.STRIPE_API_URL);
    const stripe = new Stripe(env.STRIPE_SECRET_KEY, {
      host: api.hostname,
      port: Number(api.port),
      protocol: api.protocol.replace(':', '') as 'http' | 'https',
      maxNetworkRetries: 0,
    });
    const intent = await stripe.paymentIntents.create(
      { amount: 2599, currency: 'gbp', metadata: { orderId: 'o-1' } },
      { idempotencyKey: `test-${randomUUID()}` },
    );
    expect(intent.object).toBe('payment_intent');
    expect(intent.id).toMatch(/^pi_/);
    expect(intent.amount).toBe(2599);
    expect(intent.currency).toBe('gbp');
    // stripe-mock checks requests against Stripe's OpenAPI spec.
    await expect(
      stripe.paymentIntents.create({ amount: 'lots' as unknown as number, currency: 'gbp' }),
    ).rejects.toThrow(/amount/);
  });
});

describe('SMTP catcher', () => {
  it('shows a mail sent through nodemailer in its inbox API', async () => {
    const transport = nodemailer.createTransport(env.SMTP_URL);
    const subject = `Goal reached ${randomUUID()}`;
    await transport.sendMail({
      from: 'Canopy <no-reply@canopy.test>',
      to: 'member@canopy.test',
      subject,
      text: 'You walked 70,000 steps this week.',
    });
    transport.close();

    const res = await fetch(`${env.MAIL_WEB_URL}/email`);
    expect(res.ok).toBe(true);
    const inbox = (await res.json()) as {
      subject: string;
      to: { address: string }[];
      text: string;
    }[];
    const mail = inbox.find((m) => m.subject === subject);
    expect(mail?.to[0]?.address).toBe('member@canopy.test');
    expect(mail?.text).toContain('70,000 steps');
  });
});
