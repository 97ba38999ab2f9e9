import type { CoalescerStats } from '@canopy/db';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * A counter read from a running total at scrape time, so the hot path only
 * bumps a plain number.
 */
function countedFrom(registry: Registry, name: string, help: string, read: () => number) {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}

export function createMetrics(sources: { carbonLogs?: () => CoalescerStats } = {}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'canopy_api_' });
  const duration = new Histogram({
    name: 'canopy_api_http_request_duration_seconds',
    help: 'HTTP requests by route (tRPC procedure path) and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  const logs = sources.carbonLogs;
  if (logs) {
    // How carbon.log's statements are shared (services/db/src/coalesce.ts):
    // batched ÷ batches is the mean batch size; overdue logs point at a lock
    // or a slow database.
    const counters: [keyof CoalescerStats, string, string][] = [
      ['single', 'single_statements', 'Log statements that stored one activity'],
      ['batches', 'batches', 'Log statements that stored several activities together'],
      ['batched', 'batched', 'Activities stored by batched log statements'],
      ['overdue', 'overdue', 'Logs that waited the longest allowed for a batch and went alone'],
      [
        'refusedBatches',
        'refused_batches',
        'Batches refused whole, their logs then tried one by one',
      ],
    ];
    for (const [key, name, help] of counters) {
      countedFrom(registry, `canopy_api_carbon_log_${name}_total`, help, () => logs()[key]);
    }
  }

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
