import { randomUUID } from 'node:crypto';
import { createMigratedTestDb } from '@canopy/db/testing';
import { stackEnv, temporalTestClient } from '@canopy/devstack/testing';
import type { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../src/activities/webhook-signature.ts';
import type { NotificationInput, NotificationResult } from '../src/shared.ts';
import { notifyWorkflowId, notifyWorkflowType, webhookSignatureHeader } from '../src/shared.ts';
import { createWorker } from '../src/worker.ts';
import { mailsTo, waitForMail } from './checkout-fixtures.ts';
import { deliveriesOf, insertMember, notificationsOf } from './goal-fixtures.ts';
import {
  hookHost,
  loopbackWebhooks,
  resolverTo,
  startHookEndpoint,
  startTrap,
} from './webhook-fixtures.ts';

let testDb: Awaited<ReturnType<typeof createMigratedTestDb>>;
let client: Client;
let worker: Worker;
let workerConnection: NativeConnection;
let running: Promise<void>;
let mailer: Transporter;
const taskQueue = `test-notify-${randomUUID()}`;
const secret = 'whsec_member_own_secret';

beforeAll(async () => {
  const env = stackEnv();
  testDb = await createMigratedTestDb();
  mailer = nodemailer.createTransport(env.SMTP_URL);
  const created = await createWorker({
    temporal: { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE },
    taskQueue,
    // The member's endpoints listen on loopback under a public-looking name:
    // only this worker's policy lets 127.0.0.1 through.
    deps: {
      db: testDb.db,
      mailer,
      mailFrom: 'Canopy <notify@canopy.test>',
      webhooks: loopbackWebhooks(),
    },
  });
  worker = created.worker;
  workerConnection = created.connection;
  running = worker.run();
  client = await temporalTestClient();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await workerConnection?.close();
  await client?.connection.close();
  mailer?.close();
  await testDb?.destroy();
});

function send(input: NotificationInput): Promise<NotificationResult> {
  return client.workflow.execute(notifyWorkflowType, {
    workflowId: `${notifyWorkflowId(input.userId, input.dedupeKey)}-${randomUUID()}`,
    taskQueue,
    args: [input],
  });
}

const message = (userId: string, dedupeKey = 'goal-x-2026-11-22-achieved') => ({
  userId,
  kind: 'goal.achieved',
  title: 'Goal achieved: 10k steps',
  body: '10k steps: 10500 (target 10000) for 2026-11-22.',
  data: { goalId: 'x' },
  dedupeKey,
});

describe('notifications with real SMTP and a real member endpoint', () => {
  it('stores the in-app row, emails the member and posts a signed webhook', async () => {
    const endpoint = await startHookEndpoint();
    try {
      const member = await insertMember(testDb.db, {
        webhookUrl: endpoint.url,
        webhookSecret: secret,
      });
      const result = await send(message(member.userId));
      expect(result).toMatchObject({ created: true, email: 'sent', webhook: 'sent' });

      const [row] = await notificationsOf(testDb.db, member.userId);
      expect(row).toMatchObject({
        kind: 'goal.achieved',
        title: 'Goal achieved: 10k steps',
        read_at: null,
      });
      const mails = await waitForMail(member.email);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toBe('Goal achieved: 10k steps');
      expect(mails[0]!.text).toContain('10500 (target 10000)');

      expect(endpoint.received).toHaveLength(1);
      const hook = endpoint.received[0]!;
      const header = hook.headers[webhookSignatureHeader.toLowerCase()] as string;
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      // What the member's server does: check the signature with its own secret.
      expect(verifyWebhookSignature(secret, hook.body, header, Math.floor(Date.now() / 1000))).toBe(
        true,
      );
      expect(
        verifyWebhookSignature('someone-elses', hook.body, header, Math.floor(Date.now() / 1000)),
      ).toBe(false);
      expect(
        verifyWebhookSignature(
          secret,
          hook.body.replace('10500', '99999'),
          header,
          Math.floor(Date.now() / 1000),
        ),
      ).toBe(false);
      // A captured request replayed an hour later is refused.
      expect(
        verifyWebhookSignature(secret, hook.body, header, Math.floor(Date.now() / 1000) + 3600),
      ).toBe(false);
      expect(JSON.parse(hook.body)).toMatchObject({
        id: row!.id,
        kind: 'goal.achieved',
        data: { goalId: 'x' },
      });
      expect(hook.headers['canopy-delivery']).toBe(row!.id);

      expect(await deliveriesOf(testDb.db, row!.id)).toEqual([
        { channel: 'email', status: 'sent', attempts: 1, last_error: null },
        { channel: 'webhook', status: 'sent', attempts: 1, last_error: null },
      ]);
    } finally {
      await endpoint.close();
    }
  });

  it('sends once however often the same notification is sent', async () => {
    const endpoint = await startHookEndpoint();
    try {
      const member = await insertMember(testDb.db, {
        webhookUrl: endpoint.url,
        webhookSecret: secret,
      });
      const first = await send(message(member.userId));
      const again = await send(message(member.userId));
      expect(again).toMatchObject({
        notificationId: first.notificationId,
        created: false,
        email: 'skipped',
        webhook: 'skipped',
      });
      expect(await notificationsOf(testDb.db, member.userId)).toHaveLength(1);
      await waitForMail(member.email);
      await new Promise((r) => setTimeout(r, 500));
      expect(await mailsTo(member.email)).toHaveLength(1);
      expect(endpoint.received).toHaveLength(1);
    } finally {
      await endpoint.close();
    }
  });

  it('retries an endpoint that is briefly down, with growing waits, until it takes the delivery', async () => {
    const endpoint = await startHookEndpoint((n) => ({ status: n < 2 ? 503 : 200 }));
    try {
      const member = await insertMember(testDb.db, {
        email: false,
        webhookUrl: endpoint.url,
        webhookSecret: secret,
      });
      const result = await send(message(member.userId));
      expect(result).toMatchObject({ email: 'skipped', webhook: 'sent' });
      expect(endpoint.received).toHaveLength(3);
      const [a, b, c] = endpoint.received.map((r) => r.at);
      // Backoff: the second wait is longer than the first (1 s, then 2 s).
      expect(c! - b!).toBeGreaterThan(b! - a!);
      expect(b! - a!).toBeGreaterThanOrEqual(900);
      const [row] = await notificationsOf(testDb.db, member.userId);
      expect(await deliveriesOf(testDb.db, row!.id)).toEqual([
        {
          channel: 'webhook',
          status: 'sent',
          attempts: 3,
          last_error: 'HTTP 503',
        },
      ]);
      expect(await mailsTo(member.email)).toHaveLength(0);
    } finally {
      await endpoint.close();
    }
  });

  it('gives up at once on an endpoint that refuses the delivery, and shows the member why', async () => {
    const endpoint = await startHookEndpoint(() => ({ status: 410 }));
    try {
      const member = await insertMember(testDb.db, {
        webhookUrl: endpoint.url,
        webhookSecret: secret,
      });
      const result = await send(message(member.userId));
      expect(result).toMatchObject({ email: 'sent', webhook: 'failed' });
      expect(endpoint.received).toHaveLength(1);
      const [row] = await notificationsOf(testDb.db, member.userId);
      expect(await deliveriesOf(testDb.db, row!.id)).toEqual([
        { channel: 'email', status: 'sent', attempts: 1, last_error: null },
        {
          channel: 'webhook',
          status: 'failed',
          attempts: 1,
          last_error: 'HTTP 410',
        },
      ]);
    } finally {
      await endpoint.close();
    }
  });

  it('ends as failed after its retries when the endpoint never answers', async () => {
    // A port nobody listens on: connection refused on every attempt.
    const closed = await startHookEndpoint();
    await closed.close();
    const member = await insertMember(testDb.db, {
      email: false,
      webhookUrl: closed.url,
      webhookSecret: secret,
    });
    const result = await send(message(member.userId));
    expect(result.webhook).toBe('failed');
    const [row] = await notificationsOf(testDb.db, member.userId);
    const [delivery] = await deliveriesOf(testDb.db, row!.id);
    expect(delivery).toMatchObject({ channel: 'webhook', status: 'failed', attempts: 5 });
    // The member sees what kind of failure it was, not the socket's error text.
    expect(delivery!.last_error).toBe('connection failed');
  }, 60_000);

  it('keeps the row but born read when the member turned in-app notifications off', async () => {
    const member = await insertMember(testDb.db, { inApp: false });
    const result = await send(message(member.userId));
    expect(result).toMatchObject({ email: 'sent', webhook: 'skipped' });
    const [row] = await notificationsOf(testDb.db, member.userId);
    expect(row!.read_at).not.toBeNull();
    expect(await waitForMail(member.email)).toHaveLength(1);
  });

  it('records a permanent email failure when the member has no address', async () => {
    const member = await insertMember(testDb.db);
    await testDb.db
      .updateTable('user_profiles')
      .set({ email: null })
      .where('user_id', '=', member.userId)
      .execute();
    const result = await send(message(member.userId));
    expect(result.email).toBe('failed');
    const [row] = await notificationsOf(testDb.db, member.userId);
    expect(await deliveriesOf(testDb.db, row!.id)).toEqual([
      {
        channel: 'email',
        status: 'failed',
        attempts: 1,
        last_error: 'no email address on the profile',
      },
    ]);
  });
});

describe('webhooks to addresses inside the network, through a worker with the production policy', () => {
  let guarded: Worker;
  let guardedConnection: NativeConnection;
  let guardedRunning: Promise<void>;
  const guardedQueue = `test-notify-guarded-${randomUUID()}`;
  // A public-looking name whose DNS answer is the worker's own loopback.
  const dns = resolverTo(['127.0.0.1']);

  beforeAll(async () => {
    const env = stackEnv();
    const created = await createWorker({
      temporal: { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE },
      taskQueue: guardedQueue,
      deps: {
        db: testDb.db,
        mailer,
        mailFrom: 'Canopy <notify@canopy.test>',
        webhooks: { resolve: dns.resolve },
      },
    });
    guarded = created.worker;
    guardedConnection = created.connection;
    guardedRunning = guarded.run();
  });

  afterAll(async () => {
    guarded?.shutdown();
    await guardedRunning;
    await guardedConnection?.close();
  });

  const sendGuarded = (input: NotificationInput): Promise<NotificationResult> =>
    client.workflow.execute(notifyWorkflowType, {
      workflowId: `${notifyWorkflowId(input.userId, input.dedupeKey)}-${randomUUID()}`,
      taskQueue: guardedQueue,
      args: [input],
    });

  it('never connects, gives up at once and tells the member only that the address was refused', async () => {
    const listener = await startTrap();
    try {
      const member = await insertMember(testDb.db, {
        email: false,
        webhookUrl: `https://${hookHost}:${listener.port}/hooks/canopy`,
        webhookSecret: secret,
      });
      const result = await sendGuarded(message(member.userId));
      expect(result).toMatchObject({ webhook: 'failed' });
      expect(listener.connections()).toBe(0);
      expect(dns.calls).toContain(hookHost);
      const [row] = await notificationsOf(testDb.db, member.userId);
      expect(await deliveriesOf(testDb.db, row!.id)).toEqual([
        {
          channel: 'webhook',
          status: 'failed',
          attempts: 1,
          last_error: 'refused: non-public address',
        },
      ]);
    } finally {
      await listener.close();
    }
  });

  it('refuses a URL stored before it would be accepted, without looking it up', async () => {
    const listener = await startTrap();
    try {
      const member = await insertMember(testDb.db, {
        email: false,
        webhookUrl: `http://127.0.0.1:${listener.port}/hooks/canopy`,
        webhookSecret: secret,
      });
      const before = dns.calls.length;
      const result = await sendGuarded(message(member.userId));
      expect(result).toMatchObject({ webhook: 'failed' });
      expect(listener.connections()).toBe(0);
      expect(dns.calls).toHaveLength(before);
      const [row] = await notificationsOf(testDb.db, member.userId);
      expect((await deliveriesOf(testDb.db, row!.id))[0]).toMatchObject({
        status: 'failed',
        last_error: 'refused: URL not allowed',
      });
    } finally {
      await listener.close();
    }
  });
});
