import { createHash, randomUUID } from 'node:crypto';
import { logCoalescer } from '@canopy/db';
import cors from 'cors';
import express from 'express';
import type { Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { createOpenApiExpressMiddleware } from 'trpc-to-openapi';
import type { KeycloakVerifier } from '../auth/keycloak-verifier.ts';
import { appRouter } from '../routers/index.ts';
import type { Context } from '../trpc/context.ts';
import { createExpressContextFactory } from '../trpc/create-context.ts';
import { createMetrics } from './metrics.ts';
import { openApiDocument, REST_PREFIX } from './openapi.ts';
import { trpcHandler } from './trpc-handler.ts';

export interface AppDeps {
  db: Context['db'];
  objectStore: Context['objectStore'];
  services: Context['services'];
  verifier: KeycloakVerifier;
  log: Logger;
  corsOrigins: string[];
  rateLimitPerMinute: number;
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
 * The rate limiter's key for a bearer token: a hash, so tokens never sit in
 * the limiter's store. A caller sends the same token for minutes, so the
 * hashes of recent ones are kept rather than computed per request.
 */
const tokenKeys = new Map<string, string>();
function tokenKey(authorization: string) {
  let key = tokenKeys.get(authorization);
  if (key === undefined) {
    key = `token:${createHash('sha256').update(authorization).digest('hex').slice(0, 24)}`;
    if (tokenKeys.size >= 10_000) tokenKeys.clear();
    tokenKeys.set(authorization, key);
  }
  return key;
}

export function createApp(deps: AppDeps) {
  const app = express();
  const metrics = createMetrics({ carbonLogs: () => logCoalescer(deps.db).stats });
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');

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
        ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics',
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
        } catch (error) {
          return [name, error instanceof Error ? error.message : String(error)] as const;
        }
      }),
    );
    const ready = results.every(([, r]) => r === 'ok');
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
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
      (ctx?.log ?? deps.log).error({ err: error.cause ?? error, path }, 'procedure failed');
    }
  };
  // The same limits in front of both ways in: tRPC and the REST routes.
  const guard = [
    cors({ origin: deps.corsOrigins, credentials: false, maxAge: 600 }),
    rateLimit({
      windowMs: 60_000,
      limit: deps.rateLimitPerMinute,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      // Per caller: the bearer token when there is one, else the client address.
      keyGenerator: (req) => {
        const auth = req.headers.authorization;
        return auth ? tokenKey(auth) : `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
      },
      message: {
        error: { message: 'too many requests: slow down and retry after the Retry-After interval' },
      },
    }),
  ];

  app.use(
    '/trpc',
    ...guard,
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
    ...guard,
    express.json({ limit: deps.bodyLimit }),
    createOpenApiExpressMiddleware({ router: appRouter, createContext, onError }),
  );

  app.use((_req, res) => {
    res.status(404).json({ error: { message: 'not found' } });
  });
  return app;
}
