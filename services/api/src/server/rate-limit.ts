import type { Db } from '@canopy/db';
import { hitRateLimit, sweepRateLimits } from '@canopy/db';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import type { Logger } from 'pino';
import type { KeycloakVerifier } from '../auth/keycloak-verifier.ts';
import { verifyOnce } from '../auth/request-identity.ts';
import { bearerToken } from '../trpc/create-context.ts';
import { sendError } from './error-body.ts';

export interface RateLimitOptions {
  db: Db;
  verifier: KeycloakVerifier;
  log: Logger;
  /** Procedure calls per caller and minute, across every replica. */
  limitPerMinute: number;
  /** Most procedure calls one batched tRPC request may carry. */
  maxBatch: number;
}

const WINDOW_MS = 60_000;

/**
 * How many procedure calls a request makes: a batched tRPC request names
 * them in its path (`/trpc/a,b,c?batch=1`), anything else is one.
 */
export function callsIn(req: Request, trpc: boolean): number {
  if (!trpc) return 1;
  return req.path.slice(1).split(',').length;
}

/**
 * Who the budget belongs to: the subject of a token Keycloak signed (however
 * the header is spelt), else the client's address. An invalid token is
 * anonymous: it gets the address's budget and then a 401.
 */
async function budgetKey(req: Request, verifier: KeycloakVerifier): Promise<string> {
  const token = bearerToken(req.headers.authorization?.trim());
  if (token) {
    try {
      return `user:${(await verifyOnce(req, token, verifier)).subject}`;
    } catch {
      // falls through to the address
    }
  }
  return `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
}

/**
 * The API's rate limit, kept in PostgreSQL so every replica draws on the one
 * budget per caller: a token bucket of `limitPerMinute` calls that refills
 * continuously, each procedure call in a batch counted. A refused request
 * learns when to retry (Retry-After), and every answer carries the IETF
 * draft's RateLimit headers.
 */
export function rateLimiter(opts: RateLimitOptions & { trpc: boolean }): RequestHandler {
  let lastSweep = 0;
  return async (req, res, next) => {
    try {
      const calls = callsIn(req, opts.trpc);
      if (calls > opts.maxBatch) {
        sendError(
          req,
          res,
          400,
          'BAD_REQUEST',
          `batch: at most ${opts.maxBatch} calls per request, this one has ${calls}`,
        );
        return;
      }
      const key = await budgetKey(req, opts.verifier);
      const hit = await hitRateLimit(opts.db, key, calls, opts.limitPerMinute);
      res.setHeader('RateLimit-Policy', `"per-caller";q=${opts.limitPerMinute};w=60`);
      res.setHeader('RateLimit', `"per-caller";r=${hit.remaining};t=${hit.retryAfterSeconds}`);
      const now = Date.now();
      if (now - lastSweep > WINDOW_MS) {
        lastSweep = now;
        sweepRateLimits(opts.db, new Date(now - 2 * WINDOW_MS)).catch((err: unknown) =>
          opts.log.warn({ err }, 'could not sweep idle rate-limit buckets'),
        );
      }
      if (!hit.allowed) {
        res.setHeader('Retry-After', String(hit.retryAfterSeconds));
        sendError(
          req,
          res,
          429,
          'TOO_MANY_REQUESTS',
          `too many requests: at most ${opts.limitPerMinute} calls a minute; retry after ${hit.retryAfterSeconds} s`,
        );
        return;
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}
