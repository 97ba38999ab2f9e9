import type { StackConfig } from './config.ts';
import { devCredentials } from './config.ts';

/**
 * The environment that Canopy's processes and tests read to reach the local
 * stack. Production sets the same variables to its own services.
 */
export function stackEnv(cfg: StackConfig): Record<string, string> {
  const h = cfg.host;
  const p = cfg.ports;
  const pg = devCredentials.postgres;
  return {
    DATABASE_URL: `postgres://${pg.user}:${pg.password}@${h}:${p.postgres.port}/${pg.database}`,
    TEMPORAL_ADDRESS: `${h}:${p.temporal.port}`,
    TEMPORAL_NAMESPACE: 'canopy',
    KEYCLOAK_URL: `http://${h}:${p.keycloak.port}`,
    KEYCLOAK_REALM: 'canopy',
    S3_ENDPOINT: `http://${h}:${p.minio.port}`,
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY: devCredentials.minio.accessKey,
    S3_SECRET_KEY: devCredentials.minio.secretKey,
    STRIPE_SECRET_KEY: devCredentials.stripe.secretKey,
    STRIPE_API_URL: `http://${h}:${p.stripeMock.port}`,
    STRIPE_WEBHOOK_SECRET: devCredentials.stripe.webhookSecret,
    SMTP_URL: `smtp://${h}:${p.smtp.port}`,
    MAIL_WEB_URL: `http://${h}:${p.mailWeb.port}`,
    API_URL: `http://${h}:${p.api.port}`,
    WEB_URL: `http://${h}:${p.web.port}`,
  };
}

export function toDotenv(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')
    .concat('\n');
}
