import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { checkoutWorkflowId, checkoutWorkflowType } from '@canopy/workflows/shared';
import { Connection, Client as TemporalClient } from '@temporalio/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.ts';
import { createStripeWebhookRouter } from '../src/server/stripe-webhook.ts';
import type { Harness } from './harness.ts';
import { createHarness, objectStore, services, verifier } from './harness.ts';

const secret = 'whsec_canopy_webhook_test';

function paymentEvent(type: string, orderId: string | null, id = `evt_${randomUUID()}`) {
  return {
    id,
    object: 'event',
    api_version: '2025-01-27',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    type,
    data: {
      object: {
        id: `pi_${randomUUID().slice(0, 12)}`,
        object: 'payment_intent',
        amount: 1500,
        currency: 'gbp',
        metadata: orderId ? { orderId } : {},
      },
    },
  };
}

describe('POST /webhooks/stripe', () => {
  let h: Harness;
  let server: Server;
  let url: string;
  const workflows: string[] = [];

  const stored = () =>
    h.db.selectFrom('stripe_events').select(['id', 'type', 'processed_at']).execute();

  async function post(body: string, signature: string | null, to = url) {
    const res = await fetch(to, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        ...(signature !== null && { 'stripe-signature': signature }),
      },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  const signed = (payload: string, withSecret = secret) =>
    services.stripe().webhooks.generateTestHeaderString({ payload, secret: withSecret });

  /** The paymentEvent signals a workflow has received, decoded. */
  async function signalsOf(workflowId: string) {
    const client = await services.temporal();
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? [])
      .map((e) => e.workflowExecutionSignaledEventAttributes)
      .filter((a) => a?.signalName === 'paymentEvent')
      .map((a) => JSON.parse(Buffer.from(a!.input!.payloads![0]!.data!).toString('utf8')));
  }

  async function listen(temporal: typeof services.temporal) {
    const log = pino({ level: 'silent' });
    const { app } = createApp({
      db: h.db,
      objectStore,
      services,
      verifier,
      log,
      corsOrigins: [],
      rateLimitPerMinute: 10_000,
      bodyLimit: '1mb',
      readiness: {},
      webhooks: createStripeWebhookRouter({
        db: h.db,
        stripe: services.stripe(),
        webhookSecret: secret,
        temporal,
        log,
      }),
    });
    return new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
  }
  const urlOf = (s: Server) =>
    `http://127.0.0.1:${(s.address() as AddressInfo).port}/webhooks/stripe`;

  beforeAll(async () => {
    h = await createHarness();
    server = await listen(services.temporal);
    url = urlOf(server);
  });
  afterAll(async () => {
    const client = await services.temporal();
    for (const id of workflows) {
      await client.workflow
        .getHandle(id)
        .terminate('test cleanup')
        .catch(() => {});
    }
    await new Promise((resolve) => server?.close(resolve));
    await h?.close();
  });

  it('accepts a signed payment event once and signals the order’s checkout', async () => {
    const orderId = randomUUID();
    const workflowId = checkoutWorkflowId(orderId);
    const client = await services.temporal();
    // A task queue no worker polls: the workflow just sits there collecting signals.
    await client.workflow.start(checkoutWorkflowType, {
      workflowId,
      taskQueue: `webhook-test-${randomUUID()}`,
      args: [{ orderId }],
    });
    workflows.push(workflowId);

    const event = paymentEvent('payment_intent.succeeded', orderId);
    const payload = JSON.stringify(event);
    const first = await post(payload, signed(payload));
    expect(first).toEqual({ status: 200, body: { received: true } });
    const rows = await stored();
    expect(rows).toEqual([
      { id: event.id, type: 'payment_intent.succeeded', processed_at: expect.any(Date) },
    ]);
    expect(await signalsOf(workflowId)).toEqual([
      {
        eventId: event.id,
        type: 'payment_intent.succeeded',
        paymentIntentId: event.data.object.id,
      },
    ]);

    // Stripe delivers at least once: the same event again changes nothing.
    const replay = await post(payload, signed(payload));
    expect(replay).toEqual({ status: 200, body: { received: true, duplicate: true } });
    expect(await stored()).toEqual(rows);
    expect(await signalsOf(workflowId)).toHaveLength(1);
  });

  it('refuses a bad signature, a tampered body and a missing header, storing nothing', async () => {
    const before = await stored();
    const event = paymentEvent('payment_intent.payment_failed', randomUUID());
    const payload = JSON.stringify(event);

    const wrongSecret = await post(payload, signed(payload, 'whsec_someone_else'));
    expect(wrongSecret.status).toBe(400);
    expect(String(wrongSecret.body.message)).toMatch(/bad Stripe-Signature/);

    const tampered = await post(payload.replace('"amount":1500', '"amount":1'), signed(payload));
    expect(tampered.status).toBe(400);

    const notJson = await fetch(url, {
      method: 'POST',
      body: payload,
      headers: { 'content-type': 'text/plain', 'stripe-signature': signed(payload) },
    });
    expect(notJson.status).toBe(400);

    const missing = await post(payload, null);
    expect(missing).toMatchObject({
      status: 400,
      body: { message: 'missing Stripe-Signature header', code: 'BAD_REQUEST' },
    });
    expect(await stored()).toEqual(before);
  });

  it('stores and answers 200 for payments with no checkout to tell, and other events', async () => {
    const orphan = paymentEvent('payment_intent.canceled', randomUUID());
    const orphanPayload = JSON.stringify(orphan);
    expect((await post(orphanPayload, signed(orphanPayload))).status).toBe(200);

    const noOrder = paymentEvent('payment_intent.succeeded', null);
    const noOrderPayload = JSON.stringify(noOrder);
    expect((await post(noOrderPayload, signed(noOrderPayload))).status).toBe(200);

    const other = { ...paymentEvent('charge.refunded', null), type: 'charge.refunded' };
    const otherPayload = JSON.stringify(other);
    expect((await post(otherPayload, signed(otherPayload))).status).toBe(200);

    const rows = await h.db
      .selectFrom('stripe_events')
      .select(['id', 'processed_at'])
      .where('id', 'in', [orphan.id, noOrder.id, other.id])
      .execute();
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.processed_at instanceof Date)).toBe(true);
  });

  it('answers 500 while Temporal is down, so Stripe retries, and finishes on the retry', async () => {
    const offline = await listen(() =>
      // A real client aimed at a port where nothing listens: an outage, not a fake.
      Connection.connect({ address: '127.0.0.1:1', connectTimeout: 500 }).then(
        (connection) => new TemporalClient({ connection }),
      ),
    );
    try {
      const orderId = randomUUID();
      const workflowId = checkoutWorkflowId(orderId);
      const client = await services.temporal();
      await client.workflow.start(checkoutWorkflowType, {
        workflowId,
        taskQueue: `webhook-test-${randomUUID()}`,
        args: [{ orderId }],
      });
      workflows.push(workflowId);
      const event = paymentEvent('payment_intent.payment_failed', orderId);
      const payload = JSON.stringify(event);

      expect((await post(payload, signed(payload), urlOf(offline))).status).toBe(500);
      const kept = await h.db
        .selectFrom('stripe_events')
        .select(['processed_at'])
        .where('id', '=', event.id)
        .executeTakeFirstOrThrow();
      expect(kept.processed_at).toBeNull();

      expect(await post(payload, signed(payload))).toEqual({
        status: 200,
        body: { received: true },
      });
      expect(await signalsOf(workflowId)).toEqual([
        expect.objectContaining({ eventId: event.id, type: 'payment_intent.payment_failed' }),
      ]);
    } finally {
      await new Promise((resolve) => offline.close(resolve));
    }
  });
});
