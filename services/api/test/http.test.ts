// The wiring a browser or integration meets over HTTP: auth, health,
// readiness, metrics, CORS, body and rate limits.
import { tokenFor } from '@canopy/devstack/testing';
import pino from 'pino';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../src/testing.ts';

describe('API over HTTP', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let limited: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer({ corsOrigins: ['https://app.example.org'], bodyLimit: '10kb' });
    limited = await startTestServer({ rateLimitPerMinute: 3 });
  });
  afterAll(async () => {
    await server?.close();
    await limited?.close();
  });

  it('is healthy, ready when its dependencies answer, and exposes metrics', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const ready = await fetch(`${server.url}/readyz`);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { postgres: 'ok', temporal: 'ok', objectStore: 'ok' },
    });
    expect(ready.status).toBe(200);

    await fetch(`${server.url}/trpc/carbon.factorSets`);
    // Metrics are served on their own listener, never on the public one.
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    const metrics = await (await fetch(`${server.metricsUrl}/metrics`)).text();
    expect(metrics).toContain(
      'canopy_api_http_request_duration_seconds_count{method="GET",route="trpc:carbon.factorSets",status="200"}',
    );
    expect(metrics).toContain('canopy_api_process_cpu_seconds_total');
  });

  it('counts how carbon logs reach the database in its metrics', async () => {
    const logged = await fetch(`${server.url}/trpc/carbon.log`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await tokenFor('member')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(
        superjson.serialize({
          occurredOn: '2026-11-02',
          activity: { type: 'car', distance: { value: 12, unit: 'km' }, fuel: 'petrol' },
        }),
      ),
    });
    expect(logged.status).toBe(200);
    const metrics = await (await fetch(`${server.metricsUrl}/metrics`)).text();
    // One log on a quiet server: a statement of its own, nothing batched.
    expect(metrics).toMatch(/^canopy_api_carbon_log_single_statements_total 1$/m);
    expect(metrics).toMatch(/^canopy_api_carbon_log_batches_total 0$/m);
    expect(metrics).toMatch(/^# HELP canopy_api_carbon_log_overdue_total /m);
  });

  it('answers 401 without a token or with a bad one, and 200 with a good one', async () => {
    expect((await fetch(`${server.url}/trpc/me.get`)).status).toBe(401);
    const bad = await fetch(`${server.url}/trpc/me.get`, {
      headers: { authorization: 'Bearer not.a.token' },
    });
    expect(bad.status).toBe(401);
    const body = (await bad.json()) as { error: { json: { message: string } } };
    expect(body.error.json.message).toMatch(/invalid bearer token/);
    const good = await fetch(`${server.url}/trpc/me.get`, {
      headers: { authorization: `Bearer ${await tokenFor('member')}` },
    });
    expect(good.status).toBe(200);
    // Secrets never reach the response headers; security headers do.
    expect(good.headers.get('x-powered-by')).toBeNull();
    expect(good.headers.get('x-content-type-options')).toBe('nosniff');
    expect(good.headers.get('x-request-id')).toMatch(/^[\w-]+$/);
  });

  it('logs each request with its id, method, path and status, and never the token', async () => {
    const lines: string[] = [];
    const logged = await startTestServer({
      log: pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }),
    });
    try {
      const token = await tokenFor('member');
      const res = await fetch(`${logged.url}/trpc/me.get`, {
        headers: { authorization: `Bearer ${token}`, 'x-request-id': 'trace-me-42' },
      });
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 50));
      const entry = lines
        .map((line) => JSON.parse(line) as { req?: { id?: string }; responseTime?: number })
        .find((e) => e.req?.id === 'trace-me-42');
      expect(entry).toMatchObject({
        req: { method: 'GET', url: '/trpc/me.get' },
        res: { statusCode: 200 },
        msg: 'request completed',
      });
      expect(entry!.responseTime).toBeGreaterThanOrEqual(0);
      expect(lines.join('\n')).not.toContain(token.slice(-20));
    } finally {
      await logged.close();
    }
  });

  it('allows only the configured browser origins', async () => {
    const allowed = await fetch(`${server.url}/trpc/carbon.factorSets`, {
      headers: { origin: 'https://app.example.org' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
    const other = await fetch(`${server.url}/trpc/carbon.factorSets`, {
      headers: { origin: 'https://evil.example.com' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses an oversized body with 413 before it reaches a procedure', async () => {
    const res = await fetch(`${server.url}/trpc/me.update`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await tokenFor('member')}`,
      },
      body: JSON.stringify({ json: { displayName: 'x'.repeat(20_000) } }),
    });
    expect(res.status).toBe(413);
    // In the tRPC envelope the client reads, with no stack or file path.
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({
      error: { json: { data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 } } },
    });
    expect(text).not.toMatch(/node_modules|\.ts:|at [\w.]+ \(/);
  });

  it('answers a batch in one response, and streams it when asked to', async () => {
    const token = await tokenFor('member');
    const url = `${server.url}/trpc/carbon.factorSets,me.get?batch=1&input=${encodeURIComponent('{}')}`;
    const batch = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(batch.status).toBe(200);
    expect(batch.headers.get('content-type')).toMatch(/^application\/json/);
    const answers = (await batch.json()) as { result: { data: { json: unknown } } }[];
    expect(answers).toHaveLength(2);
    expect(answers[1]!.result.data.json).toMatchObject({ email: 'member@canopy.test' });

    // What httpBatchStreamLink asks for: one JSON line per answer as it is ready.
    const streamed = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, 'trpc-accept': 'application/jsonl' },
    });
    expect(streamed.status).toBe(200);
    const lines = (await streamed.text()).trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.join('\n')).toContain('member@canopy.test');
  });

  it('answers a body that is not JSON with a tRPC error the client can read', async () => {
    const res = await fetch(`${server.url}/trpc/me.update`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await tokenFor('member')}`,
      },
      body: '{"json": {"displayName": ',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { json: { message: string; data: { code: string } } };
    };
    expect(body.error.json.data.code).toBe('BAD_REQUEST');
    expect(body.error.json.message).toMatch(/JSON/);
  });

  it('rate-limits each caller with 429 and a Retry-After hint, however the token is spelt', async () => {
    const token = await tokenFor('member2');
    const call = (authorization?: string) =>
      fetch(`${limited.url}/trpc/carbon.factorSets`, {
        headers: authorization ? { authorization } : {},
      });
    const statuses = [];
    // One person, four spellings of the same header: one budget.
    for (const spelt of [
      `Bearer ${token}`,
      `bearer ${token}`,
      `Bearer  ${token}`,
      `Bearer\t${token}`,
    ]) {
      statuses.push((await call(spelt)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limitedResponse = await call(`BEARER ${token}`);
    expect(limitedResponse.status).toBe(429);
    expect(Number(limitedResponse.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limitedResponse.json()).toMatchObject({
      error: { json: { data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429 } } },
    });
    // Another caller has their own allowance.
    expect((await call(`Bearer ${await tokenFor('shopadmin')}`)).status).toBe(200);
  });

  it('counts every call of a batch against the budget, and refuses oversized batches', async () => {
    const token = await tokenFor('shopadmin');
    const small = await startTestServer({ rateLimitPerMinute: 5, maxBatch: 4 });
    try {
      const batch = (n: number) =>
        fetch(
          `${small.url}/trpc/${Array(n).fill('carbon.factorSets').join(',')}?batch=1&input=${encodeURIComponent('{}')}`,
          { headers: { authorization: `Bearer ${token}` } },
        );
      const tooBig = await batch(5);
      expect(tooBig.status).toBe(400);
      expect(
        ((await tooBig.json()) as { error: { json: { message: string } } }).error.json.message,
      ).toMatch(/^batch: at most 4 calls/);
      expect((await batch(4)).status).toBe(200);
      // Four of five calls spent: a batch of two no longer fits, a single call does.
      expect((await batch(2)).status).toBe(429);
      expect((await batch(1)).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('believes X-Forwarded-For only from the proxies it is told to trust', async () => {
    const call = (server: { url: string }, forwardedFor: string) =>
      fetch(`${server.url}/trpc/carbon.factorSets`, {
        headers: { 'x-forwarded-for': forwardedFor },
      });
    // Behind a trusted proxy (loopback here), each client address has its own budget.
    const proxied = await startTestServer({ rateLimitPerMinute: 1, trustProxy: 'loopback' });
    try {
      expect((await call(proxied, '198.51.100.1')).status).toBe(200);
      expect((await call(proxied, '198.51.100.1')).status).toBe(429);
      expect((await call(proxied, '198.51.100.2')).status).toBe(200);
    } finally {
      await proxied.close();
    }
    // Trusting none, the header is just text: one budget for the connecting address.
    const direct = await startTestServer({ rateLimitPerMinute: 1 });
    try {
      expect((await call(direct, '198.51.100.1')).status).toBe(200);
      expect((await call(direct, '198.51.100.2')).status).toBe(429);
    } finally {
      await direct.close();
    }
  });

  it('answers unknown paths with a JSON 404', async () => {
    const res = await fetch(`${server.url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      message: 'not found: no such route',
      code: 'NOT_FOUND',
    });
  });
});
