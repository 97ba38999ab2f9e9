import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/** Repository root: scripts/devstack/src → ../../.. */
export const repoRoot = resolve(import.meta.dirname, '../../..');

const ZPort = z.coerce.number().int().min(1).max(65535);

/** Every knob of the local stack, with the environment variable that moves it. */
const ZStackEnv = z.object({
  CANOPY_STACK_DIR: z.string().default(join(repoRoot, '.stack')),
  CANOPY_CACHE: z
    .string()
    .default(join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'canopy')),
  CANOPY_HOST: z.string().default('127.0.0.1'),
  CANOPY_PG_PORT: ZPort.default(5433),
  CANOPY_TEMPORAL_PORT: ZPort.default(7233),
  CANOPY_TEMPORAL_HTTP_PORT: ZPort.default(7243),
  CANOPY_TEMPORAL_UI_PORT: ZPort.default(8233),
  CANOPY_TEMPORAL_METRICS_PORT: ZPort.default(7234),
  CANOPY_KEYCLOAK_PORT: ZPort.default(8180),
  CANOPY_KEYCLOAK_MANAGEMENT_PORT: ZPort.default(9180),
  CANOPY_MINIO_PORT: ZPort.default(9100),
  CANOPY_MINIO_CONSOLE_PORT: ZPort.default(9101),
  CANOPY_STRIPE_MOCK_PORT: ZPort.default(12111),
  CANOPY_STRIPE_MOCK_HTTPS_PORT: ZPort.default(12112),
  CANOPY_SMTP_PORT: ZPort.default(1025),
  CANOPY_MAIL_WEB_PORT: ZPort.default(1080),
  CANOPY_API_PORT: ZPort.default(3000),
  CANOPY_API_METRICS_PORT: ZPort.default(9091),
  CANOPY_WEB_PORT: ZPort.default(5173),
  /** Set to 1 to start the Temporal and MinIO web consoles (off in CI). */
  CANOPY_STACK_UI: z.enum(['0', '1']).optional(),
  CI: z.string().optional(),
});

export type StackConfig = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = ZStackEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid stack configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dir = resolve(e.CANOPY_STACK_DIR);
  return {
    host: e.CANOPY_HOST,
    cacheDir: resolve(e.CANOPY_CACHE),
    stackDir: dir,
    dataDir: join(dir, 'data'),
    logDir: join(dir, 'logs'),
    runDir: join(dir, 'run'),
    withUi: e.CANOPY_STACK_UI ? e.CANOPY_STACK_UI === '1' : !e.CI,
    ports: {
      postgres: { port: e.CANOPY_PG_PORT, env: 'CANOPY_PG_PORT' },
      temporal: { port: e.CANOPY_TEMPORAL_PORT, env: 'CANOPY_TEMPORAL_PORT' },
      temporalHttp: { port: e.CANOPY_TEMPORAL_HTTP_PORT, env: 'CANOPY_TEMPORAL_HTTP_PORT' },
      temporalUi: { port: e.CANOPY_TEMPORAL_UI_PORT, env: 'CANOPY_TEMPORAL_UI_PORT' },
      temporalMetrics: {
        port: e.CANOPY_TEMPORAL_METRICS_PORT,
        env: 'CANOPY_TEMPORAL_METRICS_PORT',
      },
      keycloak: { port: e.CANOPY_KEYCLOAK_PORT, env: 'CANOPY_KEYCLOAK_PORT' },
      keycloakManagement: {
        port: e.CANOPY_KEYCLOAK_MANAGEMENT_PORT,
        env: 'CANOPY_KEYCLOAK_MANAGEMENT_PORT',
      },
      minio: { port: e.CANOPY_MINIO_PORT, env: 'CANOPY_MINIO_PORT' },
      minioConsole: { port: e.CANOPY_MINIO_CONSOLE_PORT, env: 'CANOPY_MINIO_CONSOLE_PORT' },
      stripeMock: { port: e.CANOPY_STRIPE_MOCK_PORT, env: 'CANOPY_STRIPE_MOCK_PORT' },
      stripeMockHttps: {
        port: e.CANOPY_STRIPE_MOCK_HTTPS_PORT,
        env: 'CANOPY_STRIPE_MOCK_HTTPS_PORT',
      },
      smtp: { port: e.CANOPY_SMTP_PORT, env: 'CANOPY_SMTP_PORT' },
      mailWeb: { port: e.CANOPY_MAIL_WEB_PORT, env: 'CANOPY_MAIL_WEB_PORT' },
      api: { port: e.CANOPY_API_PORT, env: 'CANOPY_API_PORT' },
      apiMetrics: { port: e.CANOPY_API_METRICS_PORT, env: 'CANOPY_API_METRICS_PORT' },
      web: { port: e.CANOPY_WEB_PORT, env: 'CANOPY_WEB_PORT' },
    },
  };
}

/** Pinned versions of the service binaries; the cache is keyed by these. */
export const versions = {
  temporal: '1.5.1',
  // MinIO's community repository is archived. Its last release tag,
  // RELEASE.2025-10-15T17-29-55Z (commit 9e49d5e7a648), is not served by the
  // Go module proxy these machines reach; the repository's final commit
  // (7aac2a2c5b7c, 2026-02-12) is, and it contains that release.
  minio: 'v0.0.0-20260212201848-7aac2a2c5b7c',
  stripeMock: '0.197.0',
  keycloak: '26.4.7',
} as const;

/** Development-only credentials, documented in the README. */
export const devCredentials = {
  postgres: { user: 'canopy', password: 'canopy', database: 'canopy' },
  minio: { accessKey: 'canopy', secretKey: 'canopy-dev-secret' },
  keycloakAdmin: { user: 'admin', password: 'admin' },
  stripe: { secretKey: 'sk_test_canopy', webhookSecret: 'whsec_canopy_dev' },
} as const;

export const buckets = ['avatars', 'products', 'imports', 'reports'] as const;
