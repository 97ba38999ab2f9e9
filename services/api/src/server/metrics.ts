import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'canopy_api_' });
  const duration = new Histogram({
    name: 'canopy_api_http_request_duration_seconds',
    help: 'HTTP requests by route (tRPC procedure path) and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  function routeOf(req: Request): string {
    if (req.baseUrl === '/trpc' || req.originalUrl.startsWith('/trpc/')) {
      // Batched calls name several procedures joined by commas.
      return `trpc:${req.path.replace(/^\//, '').split(',').slice(0, 5).join(',')}`;
    }
    return req.route?.path
      ? String(req.route.path)
      : req.path.startsWith('/webhooks/')
        ? req.path
        : 'other';
  }

  return {
    registry,
    middleware(req: Request, res: Response, next: NextFunction) {
      const end = duration.startTimer();
      res.on('finish', () =>
        end({ method: req.method, route: routeOf(req), status: String(res.statusCode) }),
      );
      next();
    },
  };
}
