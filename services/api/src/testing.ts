// A real API server for tests in this and other packages (the typed client,
// the web's end-to-end tests): real Keycloak, Postgres, MinIO, Temporal and
// stripe-mock from the local stack, on a free loopback port.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createMigratedTestDb } from '@canopy/db/testing';
import { seedDemo } from '@canopy/db';
import { stackEnv } from '@canopy/devstack/testing';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import type { Logger } from 'pino';
import { createKeycloakVerifier } from './auth/keycloak-verifier.ts';
import { createApp } from './server/app.ts';
import type { AppDeps } from './server/app.ts';
import { createStripeWebhookRouter } from './server/stripe-webhook.ts';
import { stripeClient } from './server/stripe-client.ts';
import { createObjectStore } from './storage/object-store.ts';
import type { Services } from './trpc/services.ts';

/**
 * Task queues of their own for one test process: workflows its API starts
 * wait for the test's own worker, never for the stack's (which reads
 * another database).
 */
export function testTaskQueues(): Services['taskQueues'] {
  const suffix = randomUUID().slice(0, 8);
  return {
    goals: `test-goals-${suffix}`,
    ingest: `test-ingest-${suffix}`,
    payments: `test-payments-${suffix}`,
    notify: `test-notify-${suffix}`,
  };
}

export interface TestServerOptions {
  rateLimitPerMinute?: number;
  maxBatch?: number;
  trustProxy?: string | false;
  corsOrigins?: string[];
  bodyLimit?: string;
  /** Where the server logs; silent when not given. */
  log?: Logger;
}

export async function startTestServer(options: TestServerOptions = {}) {
  const env = stackEnv();
  const testDb = await createMigratedTestDb();
  await seedDemo(testDb.db);
  let temporal: Promise<Client> | undefined;
  const temporalClient = () =>
    (temporal ??= Connection.connect({ address: env.TEMPORAL_ADDRESS }).then(
      (connection) => new Client({ connection, namespace: env.TEMPORAL_NAMESPACE }),
    ));
  const stripe = stripeClient(env);
  const objectStore = createObjectStore({
    endpoint: env.S3_ENDPOINT,
    accessKey: env.S3_ACCESS_KEY,
    secretKey: env.S3_SECRET_KEY,
    region: 'us-east-1',
  });
  const log = options.log ?? pino({ level: 'silent' });
  const deps: AppDeps = {
    db: testDb.db,
    objectStore,
    services: { temporal: temporalClient, stripe: () => stripe, taskQueues: testTaskQueues() },
    verifier: createKeycloakVerifier({
      url: env.KEYCLOAK_URL,
      realm: env.KEYCLOAK_REALM,
      audience: 'canopy-api',
    }),
    log,
    corsOrigins: options.corsOrigins ?? ['http://localhost:5173'],
    rateLimitPerMinute: options.rateLimitPerMinute ?? 10_000,
    maxBatch: options.maxBatch ?? 50,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: options.bodyLimit ?? '1mb',
    readiness: {
      postgres: () => testDb.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute(),
      temporal: async () => (await temporalClient()).workflowService.getSystemInfo({}),
      objectStore: () => objectStore.stat('avatars', '.readyz'),
    },
    webhooks: createStripeWebhookRouter({
      db: testDb.db,
      stripe,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
      temporal: temporalClient,
      log,
    }),
  };
  const { app, metricsApp } = createApp(deps);
  const listen = (a: typeof app) =>
    new Promise<Server>((resolve) => {
      const s = a.listen(0, '127.0.0.1', () => resolve(s));
    });
  const [server, metricsServer] = [await listen(app), await listen(metricsApp)];
  const urlOf = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  return {
    url: urlOf(server),
    metricsUrl: urlOf(metricsServer),
    db: testDb.db,
    async close() {
      for (const s of [server, metricsServer]) {
        await new Promise<void>((resolve) => s.close(() => resolve()));
        s.closeAllConnections();
      }
      if (temporal) await (await temporal).connection.close();
      await testDb.destroy();
    },
  };
}
