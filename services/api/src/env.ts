import { z } from 'zod';

const ZCsv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

/** Everything the API reads from its environment, checked once at boot. */
export const ZApiEnv = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Port of the /metrics listener, apart from the public one so no Ingress exposes it. */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).default(9091),
  METRICS_HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20),
  /** Named prepared statements for the hottest queries; off behind a pooler that drops them. */
  DATABASE_PREPARED_STATEMENTS: z
    .enum(['true', 'false'], { error: "must be 'true' or 'false'" })
    .default('true')
    .transform((v) => v === 'true'),
  KEYCLOAK_URL: z.url({ error: 'must be the base URL of Keycloak, e.g. https://id.example.org' }),
  KEYCLOAK_REALM: z.string().min(1),
  KEYCLOAK_AUDIENCE: z.string().min(1).default('canopy-api'),
  TEMPORAL_ADDRESS: z.string().min(1, 'must be host:port of the Temporal frontend'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  S3_ENDPOINT: z.url(),
  /** Where browsers reach the store, when it differs from S3_ENDPOINT (e.g. behind an ingress). */
  S3_PUBLIC_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY: z.string().min(1),
  S3_SECRET_KEY: z.string().min(1),
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_/, 'must be a Stripe secret key (sk_…)'),
  STRIPE_API_URL: z.url().optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_/, 'must be a Stripe webhook signing secret (whsec_…)'),
  /** Comma-separated origins allowed to call the API from a browser. */
  CORS_ORIGINS: ZCsv.default([]),
  /** Procedure calls per minute per caller (verified user, or address when anonymous), across replicas. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /**
   * Proxies whose X-Forwarded-For is believed (Express's "trust proxy": names
   * such as loopback or uniquelocal, CIDRs, comma-separated); empty trusts
   * none, so a client cannot pick the address its rate budget is kept under.
   * Behind an ingress controller, name the addresses it connects from.
   */
  TRUST_PROXY: z
    .string()
    .default('')
    .transform((v) => v.trim() || false),
  /** Most procedure calls one batched tRPC request may carry. */
  MAX_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(50),
  BODY_LIMIT: z.string().default('1mb'),
});

export type ApiEnv = z.infer<typeof ZApiEnv>;

export class EnvError extends Error {}

/** Parses the environment, listing every missing or bad variable by name. */
export function parseApiEnv(env: NodeJS.ProcessEnv = process.env): ApiEnv {
  const parsed = ZApiEnv.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = issue.path.join('.');
    const value = env[name];
    return value === undefined ? `  ${name}: is not set` : `  ${name}: ${issue.message}`;
  });
  throw new EnvError(`the API's configuration is incomplete:\n${lines.join('\n')}`);
}
