// The notify workflow with a worker configured for the operator's egress
// proxy, end to end: the real activities sign the webhook and send it through
// a real forward proxy to the member's endpoint, and a tunnel the proxy's rule
// refuses ends as a permanent failure the member sees as 'proxy refused'.
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
import { deliveriesOf, insertMember, notificationsOf } from './goal-fixtures.ts';
import { loopbackWebhooks, startHookEndpoint } from './webhook-fixtures.ts';
import type { EgressProxy } from './webhook-proxy-fixtures.ts';
import { startEgressProxy } from './webhook-proxy-fixtures.ts';

let testDb: Awaited<ReturnType<typeof createMigratedTestDb>>;
let client: Client;
let worker: Worker;
let workerConnection: NativeConnection;
let running: Promise<void>;
let mailer: Transporter;
let egress: EgressProxy;
/** CONNECT targets the proxy's own rule refuses (403). */
const denied = new Set<string>();
const taskQueue = `test-notify-proxy-${randomUUID()}`;
const secret = 'whsec_member_own_secret';

beforeAll(async () => {
  const env = stackEnv();
  testDb = await createMigratedTestDb();
  mailer = nodemailer.createTransport(env.SMTP_URL);
  egress = await startEgressProxy({ allow: (target) => !denied.has(target) });
  const created = await createWorker({
    temporal: { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE },
    taskQueue,
    deps: {
      db: testDb.db,
      mailer,
      mailFrom: 'Canopy <notify@canopy.test>',
      webhooks: { ...loopbackWebhooks(), proxyUrl: egress.url },
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
  await egress?.close();
  await testDb?.destroy();
});

function send(input: NotificationInput): Promise<NotificationResult> {
  return client.workflow.execute(notifyWorkflowType, {
    workflowId: `${notifyWorkflowId(input.userId, input.dedupeKey)}-${randomUUID()}`,
    taskQueue,
    args: [input],
  });
}

const message = (userId: string) => ({
  userId,
  kind: 'goal.achieved',
  title: 'Goal achieved: 10k steps',
  body: '10k steps: 10500 (target 10000) for 2026-11-22.',
  data: { goalId: 'x' },
  dedupeKey: 'goal-x-2026-11-22-achieved',
});

describe('notification webhooks through the egress proxy', () => {
  it('reach the endpoint signed, through a tunnel to the checked address', async () => {
    const endpoint = await startHookEndpoint();
    try {
      const member = await insertMember(testDb.db, {
        email: false,
        webhookUrl: endpoint.url,
        webhookSecret: secret,
      });
      expect(await send(message(member.userId))).toMatchObject({ webhook: 'sent' });
      expect(egress.connects).toContain(`127.0.0.1:${endpoint.port}`);

      const [hook] = endpoint.received;
      const header = hook!.headers[webhookSignatureHeader.toLowerCase()] as string;
      expect(
        verifyWebhookSignature(secret, hook!.body, header, Math.floor(Date.now() / 1000)),
      ).toBe(true);
      const [row] = await notificationsOf(testDb.db, member.userId);
      expect(JSON.parse(hook!.body)).toMatchObject({ id: row!.id, kind: 'goal.achieved' });
      expect(await deliveriesOf(testDb.db, row!.id)).toEqual([
        { channel: 'webhook', status: 'sent', attempts: 1, last_error: null },
      ]);
    } finally {
      await endpoint.close();
    }
  });

  it("give up at once when the proxy's rule refuses the tunnel, and show the member only that", async () => {
    const endpoint = await startHookEndpoint();
    denied.add(`127.0.0.1:${endpoint.port}`);
    try {
      const member = await insertMember(testDb.db, {
        email: false,
        webhookUrl: endpoint.url,
        webhookSecret: secret,
      });
      expect(await send(message(member.userId))).toMatchObject({ webhook: 'failed' });
      expect(endpoint.received).toHaveLength(0);
      const [row] = await notificationsOf(testDb.db, member.userId);
      expect(await deliveriesOf(testDb.db, row!.id)).toEqual([
        { channel: 'webhook', status: 'failed', attempts: 1, last_error: 'proxy refused' },
      ]);
    } finally {
      await endpoint.close();
    }
  });
});
