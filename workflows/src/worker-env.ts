import { z } from 'zod';
import { taskQueues } from './shared.ts';

// Queues with workflows today; the others join as their workflows land.
const defaultQueues = [
  taskQueues.system,
  taskQueues.payments,
  taskQueues.goals,
  taskQueues.notify,
  taskQueues.ingest,
];

const ZWorkerEnv = z.object({
  DATABASE_URL: z.url({ error: 'DATABASE_URL must be a postgres:// URL' }),
  DB_POOL_MAX: z.coerce
    .number({ error: 'DB_POOL_MAX must be a whole number' })
    .int({ error: 'DB_POOL_MAX must be a whole number' })
    .min(1, { error: 'DB_POOL_MAX must be at least 1' })
    .default(10),
  TEMPORAL_ADDRESS: z
    .string({ error: 'TEMPORAL_ADDRESS is not set (host:port of the Temporal frontend)' })
    .min(1, { error: 'TEMPORAL_ADDRESS is empty' }),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  STRIPE_SECRET_KEY: z
    .string({ error: 'STRIPE_SECRET_KEY is not set' })
    .min(1, { error: 'STRIPE_SECRET_KEY is empty' }),
  STRIPE_API_URL: z.url({ error: 'STRIPE_API_URL must be a URL' }).optional(),
  SMTP_URL: z.url({ error: 'SMTP_URL must be an smtp:// or smtps:// URL' }),
  MAIL_FROM: z.string().min(3).default('Canopy Shop <shop@canopy.localhost>'),
  /**
   * The dashboard's public address (e.g. https://canopy.example.org), where
   * invitation emails lead. Needed by a worker that polls the notify queue.
   */
  WEB_PUBLIC_URL: z
    .url({
      protocol: /^https?$/,
      error: 'WEB_PUBLIC_URL must be the http(s):// address of the dashboard',
    })
    .optional(),
  /**
   * The operator's egress proxy for members' webhooks (http://host:port, an
   * optional user:password); webhooks connect directly when unset.
   */
  WEBHOOK_PROXY_URL: z
    .url({
      protocol: /^http$/,
      error:
        'WEBHOOK_PROXY_URL must be the http:// address of the egress proxy, e.g. http://egress-proxy.egress.svc:3128',
    })
    .refine((v) => /^http:\/\/[^/?#]+\/?$/i.test(v), {
      error:
        'WEBHOOK_PROXY_URL must be only http://host:port of the egress proxy, without a path, query or fragment',
    })
    .optional(),
  /** Where uploaded imports are read from; the ingest activities fail visibly without it. */
  S3_ENDPOINT: z
    .url({ error: 'S3_ENDPOINT must be a URL such as http://127.0.0.1:9100' })
    .optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY: z.string().min(1, { error: 'S3_ACCESS_KEY is empty' }).optional(),
  S3_SECRET_KEY: z.string().min(1, { error: 'S3_SECRET_KEY is empty' }).optional(),
  IMPORTS_BUCKET: z.string().min(1).default('imports'),
  /** Where monthly organisation reports are written. */
  REPORTS_BUCKET: z.string().min(1).default('reports'),
  /** Crash tests only: an activity step to hold at while TEST_HOLD_LOCK_KEY is locked. */
  TEST_HOLD_POINT: z.string().min(1).optional(),
  TEST_HOLD_LOCK_KEY: z.coerce
    .number({ error: 'TEST_HOLD_LOCK_KEY must be a whole number' })
    .int({ error: 'TEST_HOLD_LOCK_KEY must be a whole number' })
    .optional(),
  /** Port of the /healthz endpoint for liveness and readiness probes; none when unset. */
  WORKER_HEALTH_PORT: z.coerce
    .number({ error: 'WORKER_HEALTH_PORT must be a port number' })
    .int({ error: 'WORKER_HEALTH_PORT must be a port number' })
    .min(1, { error: 'WORKER_HEALTH_PORT must be from 1 to 65535' })
    .max(65535, { error: 'WORKER_HEALTH_PORT must be from 1 to 65535' })
    .optional(),
  WORKER_HEALTH_HOST: z.string().min(1).default('0.0.0.0'),
  /**
   * host:port where the Temporal SDK serves its Prometheus metrics (task
   * slots, poll and schedule-to-start latencies, failures); none when unset.
   */
  WORKER_METRICS_ADDRESS: z
    .string()
    .regex(/^[^:]+:\d{1,5}$/, {
      error: 'WORKER_METRICS_ADDRESS must be host:port, e.g. 0.0.0.0:9464',
    })
    .optional(),
  /** A prebuilt workflow bundle (`pnpm build:bundle`); bundled at start when unset. */
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  /** Comma-separated task queues this process polls; all of them by default. */
  WORKER_TASK_QUEUES: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((q) => q.trim())
            .filter(Boolean)
        : defaultQueues,
    ),
});

const ZWorkerEnvChecked = ZWorkerEnv.superRefine((env, ctx) => {
  // Invitation emails go out on the notify queue; their links need the dashboard.
  if (env.WORKER_TASK_QUEUES.includes(taskQueues.notify) && !env.WEB_PUBLIC_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['WEB_PUBLIC_URL'],
      message: `WEB_PUBLIC_URL is not set (the dashboard's public address; the ${taskQueues.notify} queue emails links to it)`,
    });
  }
});

export type WorkerEnv = z.infer<typeof ZWorkerEnv>;

/** The worker's settings from the environment; every problem named in one error. */
export function parseWorkerEnv(env: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const parsed = ZWorkerEnvChecked.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `worker configuration: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  }
  return parsed.data;
}
