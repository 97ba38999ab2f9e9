// Helpers that let any package's tests reach the real local stack.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { Client as MinioClient } from 'minio';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { loadConfig } from '../config.ts';

export { todayIn, zoneAtLocalHour } from './clock.ts';

export type DemoUser = 'member' | 'member2' | 'orgadmin' | 'shopadmin' | 'platformadmin';
export const demoPassword = 'canopy-demo';

const required = [
  'DATABASE_URL',
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'KEYCLOAK_URL',
  'KEYCLOAK_REALM',
  'S3_ENDPOINT',
  'S3_ACCESS_KEY',
  'S3_SECRET_KEY',
  'STRIPE_SECRET_KEY',
  'STRIPE_API_URL',
  'STRIPE_WEBHOOK_SECRET',
  'SMTP_URL',
  'MAIL_WEB_URL',
  'API_URL',
] as const;
export type StackEnv = Record<(typeof required)[number], string>;

/**
 * The stack's connection settings: what `scripts/stack up` wrote to
 * .stack/env, overridden by the process environment.
 */
export function stackEnv(): StackEnv {
  const file = join(loadConfig().stackDir, 'env');
  const fromFile: Record<string, string> = {};
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) fromFile[line.slice(0, eq)] = line.slice(eq + 1);
    }
  }
  const merged = { ...fromFile, ...process.env } as Record<string, string | undefined>;
  const missing = required.filter((k) => !merged[k]);
  if (missing.length > 0) {
    throw new Error(
      `the local stack is not running (missing ${missing.join(', ')}): start it with 'scripts/stack up'; 'scripts/test' does this itself`,
    );
  }
  return Object.fromEntries(required.map((k) => [k, merged[k]!])) as StackEnv;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A new, empty database on the stack's PostgreSQL, dropped by drop(). */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const base = new URL(stackEnv().DATABASE_URL);
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new URL(base);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      try {
        await c.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

export const keycloakIssuer = (env: StackEnv = stackEnv()) =>
  `${env.KEYCLOAK_URL}/realms/${env.KEYCLOAK_REALM}`;

async function tokenRequest(url: string, form: Record<string, string>) {
  const res = await fetch(url, { method: 'POST', body: new URLSearchParams(form) });
  const body = (await res.json()) as { access_token?: string; error_description?: string };
  if (!res.ok || !body.access_token) {
    throw new Error(
      `token request to ${url} failed (${res.status}): ${body.error_description ?? 'no token'}`,
    );
  }
  return body.access_token;
}

/** An access token for a demo user, from the real Keycloak, via the canopy-cli client. */
export function tokenFor(user: DemoUser, password = demoPassword): Promise<string> {
  return tokenRequest(`${keycloakIssuer()}/protocol/openid-connect/token`, {
    grant_type: 'password',
    client_id: 'canopy-cli',
    username: user,
    password,
    scope: 'openid',
  });
}

/** A token for the integrations service account (client credentials). */
export function serviceAccountToken(): Promise<string> {
  return tokenRequest(`${keycloakIssuer()}/protocol/openid-connect/token`, {
    grant_type: 'client_credentials',
    client_id: 'canopy-integrations',
    client_secret: 'canopy-integrations-dev-secret',
  });
}

/** A token issued by Keycloak's master realm: valid, but for the wrong realm. */
export function masterRealmToken(): Promise<string> {
  return tokenRequest(`${stackEnv().KEYCLOAK_URL}/realms/master/protocol/openid-connect/token`, {
    grant_type: 'password',
    client_id: 'admin-cli',
    username: 'admin',
    password: 'admin',
  });
}

export function minioTestClient(): MinioClient {
  const env = stackEnv();
  const url = new URL(env.S3_ENDPOINT);
  return new MinioClient({
    endPoint: url.hostname,
    port: Number(url.port),
    useSSL: url.protocol === 'https:',
    accessKey: env.S3_ACCESS_KEY,
    secretKey: env.S3_SECRET_KEY,
    region: 'us-east-1',
  });
}

/** A Temporal client on the stack's namespace; close it with `client.connection.close()`. */
export async function temporalTestClient(): Promise<TemporalClient> {
  const env = stackEnv();
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  return new TemporalClient({ connection, namespace: env.TEMPORAL_NAMESPACE });
}
