// Boots the API: parse the environment, connect, serve, and shut down cleanly.
import type { Server } from 'node:http';
import { createDb, poolSettled } from '@canopy/db';
import { taskQueues } from '@canopy/workflows/shared';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import type Stripe from 'stripe';
import { createKeycloakVerifier } from '../auth/keycloak-verifier.ts';
import { EnvError, parseApiEnv } from '../env.ts';
import { createObjectStore } from '../storage/object-store.ts';
import { createApp } from './app.ts';
import { stripeClient } from './stripe-client.ts';
import { createStripeWebhookRouter } from './stripe-webhook.ts';

export async function start(env = parseApiEnv()) {
  const log = pino({ level: env.LOG_LEVEL, base: { service: 'canopy-api' } });
  const db = createDb(env.DATABASE_URL, {
    max: env.DATABASE_POOL_MAX,
    preparedStatements: env.DATABASE_PREPARED_STATEMENTS,
    onIdleError: (err) => log.warn({ err }, 'an idle database connection closed'),
  });
  const objectStore = createObjectStore({
    endpoint: env.S3_ENDPOINT,
    publicEndpoint: env.S3_PUBLIC_ENDPOINT,
    accessKey: env.S3_ACCESS_KEY,
    secretKey: env.S3_SECRET_KEY,
    region: env.S3_REGION,
  });
  let temporal: Promise<Client> | undefined;
  const temporalClient = () =>
    (temporal ??= Connection.connect({ address: env.TEMPORAL_ADDRESS }).then(
      (connection) => new Client({ connection, namespace: env.TEMPORAL_NAMESPACE }),
    ));
  let stripe: Stripe | undefined;
  const services = {
    temporal: temporalClient,
    stripe: () => (stripe ??= stripeClient(env)),
    taskQueues: {
      goals: taskQueues.goals,
      ingest: taskQueues.ingest,
      payments: taskQueues.payments,
    },
  };

  const { app, metricsApp } = createApp({
    db,
    objectStore,
    services,
    verifier: createKeycloakVerifier({
      url: env.KEYCLOAK_URL,
      realm: env.KEYCLOAK_REALM,
      audience: env.KEYCLOAK_AUDIENCE,
    }),
    log,
    corsOrigins: env.CORS_ORIGINS,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    maxBatch: env.MAX_BATCH_SIZE,
    trustProxy: env.TRUST_PROXY,
    bodyLimit: env.BODY_LIMIT,
    readiness: {
      postgres: () => db.selectNoFrom((eb) => eb.lit(1).as('one')).execute(),
      temporal: async () => (await temporalClient()).workflowService.getSystemInfo({}),
      objectStore: () => objectStore.stat('avatars', '.readyz'),
    },
    webhooks: createStripeWebhookRouter({
      db,
      stripe: services.stripe(),
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
      temporal: temporalClient,
      log,
    }),
  });

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(env.PORT, env.HOST, () => resolve(s));
  });
  const metricsServer: Server = await new Promise((resolve) => {
    const s = metricsApp.listen(env.METRICS_PORT, env.METRICS_HOST, () => resolve(s));
  });
  log.info(
    { port: env.PORT, host: env.HOST, metricsPort: env.METRICS_PORT },
    'canopy api listening',
  );

  let stopping = false;
  async function stop(signal: string) {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    // Stop accepting, let in-flight requests finish, then close idle keep-alives.
    metricsServer.close();
    metricsServer.closeAllConnections();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const force = setTimeout(() => server.closeAllConnections(), 10_000);
    await closed;
    clearTimeout(force);
    // A request whose client hung up has no connection left to wait for, but
    // its handler is still running: let its queries finish first.
    if (!(await poolSettled(db))) log.warn('database still busy after 10 s; closing anyway');
    await db.destroy();
    if (temporal) await (await temporal).connection.close().catch(() => {});
    log.info('stopped');
  }
  process.once('SIGTERM', () => void stop('SIGTERM').then(() => process.exit(0)));
  process.once('SIGINT', () => void stop('SIGINT').then(() => process.exit(0)));
  return { server, app, stop };
}

if (import.meta.main) {
  start().catch((error: unknown) => {
    if (error instanceof EnvError) {
      process.stderr.write(`canopy-api: ${error.message}\n`);
    } else {
      process.stderr.write(
        `canopy-api failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
    }
    process.exit(1);
  });
}
