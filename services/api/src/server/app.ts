import { randomUUID } from 'node:crypto';
import { logCoalescer } from '@canopy/db';
import cors from 'cors';
import express from 'express';
import type { Router } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { createOpenApiExpressMiddleware } from 'trpc-to-openapi';
import type { KeycloakVerifier } from '../auth/keycloak-verifier.ts';
import { appRouter } from '../routers/index.ts';
import type { Context } from '../trpc/context.ts';
import { createExpressContextFactory } from '../trpc/create-context.ts';
import { tagWithErrorId } from '../trpc/init.ts';
import { errorHandler, sendError } from './error-body.ts';
import { createMetrics } from './metrics.ts';
import { openApiDocument, REST_PREFIX } from './openapi.ts';
import { rateLimiter } from './rate-limit.ts';
import { trpcHandler } from './trpc-handler.ts';

export interface AppDeps {
  db: Context['db'];
  objectStore: Context['objectStore'];
  services: Context['services'];
  verifier: KeycloakVerifier;
  log: Logger;
  corsOrigins: string[];
  /** Procedure calls per caller and minute, shared by every replica (PostgreSQL). */
  rateLimitPerMinute: number;
  /** Most procedure calls one batched tRPC request may carry. */
  maxBatch?: number;
  /** Proxies whose X-Forwarded-For gives the client's address (Express's "trust proxy"); none when unset. */
  trustProxy?: string | false;
  bodyLimit: string;
  /** Checks for /readyz: name → probe that throws when the dependency is unreachable. */
  readiness: Record<string, () => Promise<unknown>>;
  /** Routes that need the raw body (webhooks), mounted before any JSON parsing. */
  webhooks?: Router;
}

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms),
    ),
  ]);

/**
 * The API's public listener, and a second one for /metrics alone, which an
 * operator serves on a port that no Ingress or Gateway exposes.
 */
export function createApp(deps: AppDeps) {
  const app = express();
  const metrics = createMetrics({ carbonLogs: () => logCoalescer(deps.db).stats });
  const metricsApp = express();
  metricsApp.disable('x-powered-by');
  metricsApp.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);

  app.use(
    pinoHttp({
      logger: deps.log,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // Health probes every few seconds would drown the log.
      autoLogging: {
        ignore: (req) => req.url === '/healthz' || req.url === '/readyz',
      },
      // What an operator reads per request. Headers stay out: they carry
      // tokens and signatures, and serialising and redacting them for every
      // request cost more than the rest of the request log.
      serializers: {
        req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
          remoteAddress: req.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(helmet());
  app.use(metrics.middleware);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      Object.entries(deps.readiness).map(async ([name, probe]) => {
        try {
          await withTimeout(probe(), 2000);
          return [name, 'ok'] as const;
        } catch (err) {
          // The reason goes to the log: addresses and driver messages are not for callers.
          deps.log.warn({ err, dependency: name }, 'readiness check failed');
          return [name, 'unavailable'] as const;
        }
      }),
    );
    const ready = results.every(([, r]) => r === 'ok');
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) });
  });
  if (deps.webhooks) app.use('/webhooks', deps.webhooks);

  const createContext = createExpressContextFactory({
    db: deps.db,
    objectStore: deps.objectStore,
    services: deps.services,
    verifier: deps.verifier,
    log: deps.log,
  });
  const onError = ({
    error,
    path,
    ctx,
  }: {
    error: { code: string; cause?: unknown };
    path?: string;
    ctx?: Context;
  }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      // The caller gets this id instead of the message (see the error formatter).
      const errorId = tagWithErrorId(error);
      (ctx?.log ?? deps.log).error(
        { err: error.cause ?? error, path, errorId },
        'procedure failed',
      );
    }
  };
  // The same limits in front of both ways in: tRPC and the REST routes.
  const cors_ = cors({ origin: deps.corsOrigins, credentials: false, maxAge: 600 });
  const limits = {
    db: deps.db,
    verifier: deps.verifier,
    log: deps.log,
    limitPerMinute: deps.rateLimitPerMinute,
    maxBatch: deps.maxBatch ?? 50,
  };

  app.use(
    '/trpc',
    cors_,
    rateLimiter({ ...limits, trpc: true }),
    // tRPC reads the body itself (JSON, or a procedure's own form): it gets the bytes.
    express.raw({ type: () => true, limit: deps.bodyLimit }),
    trpcHandler({ router: appRouter, createContext, onError }),
  );

  const openApi = openApiDocument('1');
  app.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  app.use(
    REST_PREFIX,
    cors_,
    rateLimiter({ ...limits, trpc: false }),
    express.json({ limit: deps.bodyLimit }),
    createOpenApiExpressMiddleware({ router: appRouter, createContext, onError }),
  );

  app.use((req, res) => {
    sendError(req, res, 404, 'NOT_FOUND', 'not found: no such route');
  });
  app.use(errorHandler(deps.log));
  metricsApp.use(errorHandler(deps.log));
  return { app, metricsApp };
}
