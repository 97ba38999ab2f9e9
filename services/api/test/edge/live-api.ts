// The API as an operator runs it: its real entry point in a process of its
// own, on a free loopback port, against a freshly migrated database with the
// demo organisations. The edge tests talk to it over HTTP only; the database
// handle is for setting a scene up and for seeing what was stored.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedDemo } from '@canopy/db';
import { createMigratedTestDb } from '@canopy/db/testing';
import { stackEnv } from '@canopy/devstack/testing';
import superjson from 'superjson';

export { tokenFor } from '@canopy/devstack/testing';

const mainScript = join(dirname(fileURLToPath(import.meta.url)), '../../src/server/main.ts');

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(
  url: string,
  probe: '/readyz' | '/healthz',
  child: ChildProcess,
  output: () => string,
) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the API exited with ${child.exitCode} before it was ready:\n${output()}`);
    }
    try {
      if ((await fetch(`${url}${probe}`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the API did not become ready within 60 s:\n${output()}`);
}

export interface LiveApiOptions {
  /** Extra environment for the API process (e.g. RATE_LIMIT_PER_MINUTE). */
  env?: Record<string, string>;
  /** How many API processes share the one database (replicas behind a load balancer). */
  replicas?: number;
  /** Wait only for the process to be up (/healthz), for an API whose dependencies are meant to fail. */
  upOnly?: boolean;
}

export async function startLiveApi(options: LiveApiOptions = {}) {
  const stack = stackEnv();
  const testDb = await createMigratedTestDb();
  await seedDemo(testDb.db);
  const children: ChildProcess[] = [];
  const urls: string[] = [];
  const metricsUrls: string[] = [];
  try {
    for (let i = 0; i < (options.replicas ?? 1); i++) {
      const [port, metricsPort] = [await freePort(), await freePort()];
      let output = '';
      const child = spawn(process.execPath, [mainScript], {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          DATABASE_URL: testDb.url,
          DATABASE_POOL_MAX: '5',
          KEYCLOAK_URL: stack.KEYCLOAK_URL,
          KEYCLOAK_REALM: stack.KEYCLOAK_REALM,
          TEMPORAL_ADDRESS: stack.TEMPORAL_ADDRESS,
          TEMPORAL_NAMESPACE: stack.TEMPORAL_NAMESPACE,
          S3_ENDPOINT: stack.S3_ENDPOINT,
          S3_ACCESS_KEY: stack.S3_ACCESS_KEY,
          S3_SECRET_KEY: stack.S3_SECRET_KEY,
          STRIPE_SECRET_KEY: stack.STRIPE_SECRET_KEY,
          STRIPE_API_URL: stack.STRIPE_API_URL,
          STRIPE_WEBHOOK_SECRET: stack.STRIPE_WEBHOOK_SECRET,
          HOST: '127.0.0.1',
          PORT: String(port),
          METRICS_PORT: String(metricsPort),
          METRICS_HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const keep = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-8000);
      };
      child.stdout!.on('data', keep);
      child.stderr!.on('data', keep);
      children.push(child);
      const url = `http://127.0.0.1:${port}`;
      await waitReady(url, options.upOnly ? '/healthz' : '/readyz', child, () => output);
      urls.push(url);
      metricsUrls.push(`http://127.0.0.1:${metricsPort}`);
    }
  } catch (error) {
    for (const child of children) child.kill('SIGKILL');
    await testDb.destroy();
    throw error;
  }

  return {
    /** The first replica's base URL. */
    url: urls[0]!,
    urls,
    /** Each replica's metrics listener (a port the Ingress never exposes). */
    metricsUrls,
    databaseUrl: testDb.url,
    db: testDb.db,
    async stop() {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
            }),
        ),
      );
      await testDb.destroy();
    },
  };
}

export type LiveApi = Awaited<ReturnType<typeof startLiveApi>>;

export interface TrpcAnswer<T = unknown> {
  status: number;
  headers: Headers;
  /** The procedure's result (superjson decoded) when it succeeded. */
  data?: T;
  /** The tRPC error shape when it failed: message, code, httpStatus, fieldErrors. */
  error?: {
    message: string;
    data?: { code: string; httpStatus: number; fieldErrors: Record<string, string[]> | null };
  };
}

/**
 * One tRPC call over HTTP, as the typed client makes it: a query is a GET
 * with its input in the URL, a mutation a POST with a JSON body, both
 * superjson-encoded.
 */
export async function trpc<T = unknown>(
  baseUrl: string,
  kind: 'query' | 'mutation',
  path: string,
  input: unknown,
  token?: string,
): Promise<TrpcAnswer<T>> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  const encoded = JSON.stringify(superjson.serialize(input));
  const res =
    kind === 'query'
      ? await fetch(
          `${baseUrl}/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(encoded)}`}`,
          { headers },
        )
      : await fetch(`${baseUrl}/trpc/${path}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: input === undefined ? undefined : encoded,
        });
  const body = (await res.json()) as {
    result?: { data: { json: unknown; meta?: unknown } };
    error?: { json: TrpcAnswer['error'] };
  };
  return {
    status: res.status,
    headers: res.headers,
    data: body.result
      ? (superjson.deserialize(
          body.result.data as Parameters<typeof superjson.deserialize>[0],
        ) as T)
      : undefined,
    error: body.error?.json,
  };
}
