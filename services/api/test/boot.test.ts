import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseApiEnv } from '../src/env.ts';

const main = resolve(import.meta.dirname, '../src/server/main.ts');

describe('API boot', () => {
  it('refuses to start without its configuration and names every missing or bad variable', () => {
    const r = spawnSync(process.execPath, [main], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: 'mysql://nope',
        STRIPE_SECRET_KEY: 'pk_live_oops',
      },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("the API's configuration is incomplete");
    for (const name of [
      'KEYCLOAK_URL',
      'KEYCLOAK_REALM',
      'TEMPORAL_ADDRESS',
      'S3_ENDPOINT',
      'S3_ACCESS_KEY',
      'STRIPE_WEBHOOK_SECRET',
    ]) {
      expect(r.stderr).toContain(`${name}: is not set`);
    }
    expect(r.stderr).toContain('DATABASE_URL: must be a postgres:// URL');
    expect(r.stderr).toContain('STRIPE_SECRET_KEY: must be a Stripe secret key');
  });

  it('fills sensible defaults', () => {
    const env = parseApiEnv({
      DATABASE_URL: 'postgres://u:p@db:5432/canopy',
      KEYCLOAK_URL: 'https://id.example.org',
      KEYCLOAK_REALM: 'canopy',
      TEMPORAL_ADDRESS: 'temporal:7233',
      S3_ENDPOINT: 'https://s3.example.org',
      S3_ACCESS_KEY: 'a',
      S3_SECRET_KEY: 'b',
      STRIPE_SECRET_KEY: 'sk_test_x',
      STRIPE_WEBHOOK_SECRET: 'whsec_x',
      CORS_ORIGINS: 'https://app.example.org, https://admin.example.org',
    });
    expect(env).toMatchObject({
      PORT: 3000,
      KEYCLOAK_AUDIENCE: 'canopy-api',
      CORS_ORIGINS: ['https://app.example.org', 'https://admin.example.org'],
      RATE_LIMIT_PER_MINUTE: 600,
    });
  });
});
