// Black-box, over HTTP, against two replicas of the real API process sharing
// one database: the rate limit cannot be stepped around, operational data
// stays off the public port, and every error is JSON without internals.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveApi } from './live-api.ts';
import { freePort, startLiveApi, tokenFor, trpc } from './live-api.ts';

const LIMIT = 6;
/** Stack traces, source paths and driver text: none of it may reach a caller. */
const internals = /node_modules|\/src\/|\.ts:\d|\bat [\w.<>]+ \(|relation "|syntax error|postgres/i;

describe('the API edge, black-box', () => {
  let api: LiveApi;
  beforeAll(async () => {
    api = await startLiveApi({
      replicas: 2,
      env: { RATE_LIMIT_PER_MINUTE: String(LIMIT), MAX_BATCH_SIZE: '10', BODY_LIMIT: '16kb' },
    });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('keeps one budget per person across replicas and spellings of the header', async () => {
    const token = await tokenFor('member2');
    const spellings = [
      `Bearer ${token}`,
      `bearer ${token}`,
      `Bearer  ${token}`,
      `Bearer\t${token}`,
      `BEARER ${token}`,
      ` Bearer ${token} `,
    ];
    const statuses: number[] = [];
    for (const [i, authorization] of spellings.entries()) {
      const res = await fetch(`${api.urls[i % 2]}/trpc/me.get`, { headers: { authorization } });
      statuses.push(res.status);
    }
    expect(statuses).toEqual(Array(LIMIT).fill(200));
    const refused = await fetch(`${api.urls[1]}/trpc/me.get`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    // The bucket refills at LIMIT a minute: one call's worth within 60/LIMIT s.
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(60 / LIMIT));
    const body = (await refused.json()) as { error: { json: { message: string } } };
    expect(body.error.json.message).toMatch(/too many requests.*retry after \d+ s/);

    // The REST route draws on the same budget.
    const rest = await fetch(`${api.urls[0]}/api/v1/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(rest.status).toBe(429);
    expect(await rest.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS' });

    // Someone else is not affected.
    const other = await fetch(`${api.urls[1]}/trpc/me.get`, {
      headers: { authorization: `Bearer ${await tokenFor('shopadmin')}` },
    });
    expect(other.status).toBe(200);
  });

  it('counts each call of a batch, and refuses a batch larger than the maximum', async () => {
    const token = await tokenFor('orgadmin');
    const batch = (n: number, base = api.url) =>
      fetch(
        `${base}/trpc/${Array(n).fill('carbon.factorSets').join(',')}?batch=1&input=${encodeURIComponent('{}')}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
    const huge = await batch(200);
    expect(huge.status).toBe(400);
    expect(await huge.json()).toMatchObject({
      error: { json: { message: expect.stringMatching(/^batch: at most 10 calls/) } },
    });
    expect((await batch(LIMIT - 1)).status).toBe(200);
    // One call left: a batch of two does not fit on either replica.
    expect((await batch(2, api.urls[1])).status).toBe(429);
  });

  it('serves metrics only on the separate metrics port', async () => {
    for (const url of api.urls) {
      const res = await fetch(`${url}/metrics`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('canopy_api_');
    }
    const metrics = await fetch(`${api.metricsUrls[0]}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('canopy_api_http_request_duration_seconds');
  });

  it('answers an oversized body with a JSON 413, never an HTML page', async () => {
    const token = await tokenFor('platformadmin');
    const big = JSON.stringify({ json: { displayName: 'x'.repeat(40_000) } });
    for (const [url, contentType] of [
      [`${api.url}/trpc/me.update`, 'application/json'],
      [`${api.url}/api/v1/me`, 'application/json'],
    ] as const) {
      const res = await fetch(url, {
        method: url.includes('/api/') ? 'PATCH' : 'POST',
        headers: { 'content-type': contentType, authorization: `Bearer ${token}` },
        body: big,
      });
      expect(res.status, url).toBe(413);
      expect(res.headers.get('content-type'), url).toMatch(/^application\/json/);
      const text = await res.text();
      expect(text).not.toMatch(internals);
      expect(text).toContain('PAYLOAD_TOO_LARGE');
    }
  });

  it('answers malformed JSON with a JSON 400 naming the problem', async () => {
    const token = await tokenFor('shopadmin');
    for (const [method, url] of [
      ['POST', `${api.url}/trpc/me.update`],
      ['PATCH', `${api.url}/api/v1/me`],
      ['POST', `${api.url}/api/v1/carbon/activities`],
    ] as const) {
      const res = await fetch(url, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{"json": {"displayName": ',
      });
      expect(res.status, url).toBe(400);
      expect(res.headers.get('content-type'), url).toMatch(/^application\/json/);
      const text = await res.text();
      expect(text, url).not.toMatch(internals);
      expect(text, url).toMatch(/JSON/);
    }
  });

  it('answers unknown routes and methods with a JSON 404', async () => {
    for (const path of ['/nope', '/trpc', '/api/v1/nope', '/.env', '/trpc/no.such.procedure']) {
      const res = await fetch(`${api.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
      expect(await res.text(), path).not.toMatch(internals);
    }
  });

  it('answers a failure inside with a reference to quote, not the database text', async () => {
    // The database loses a table under the API's feet.
    await sql`alter table goals rename to goals_away`.execute(api.db);
    try {
      const token = await tokenFor('member');
      const res = await trpc(api.url, 'query', 'goals.list', {}, token);
      expect(res.status).toBe(500);
      expect(res.error?.message).toMatch(/^internal error \(reference [0-9a-f-]{36}\)$/);
      expect(JSON.stringify(res.error)).not.toMatch(internals);

      const rest = await fetch(`${api.url}/api/v1/goals`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(rest.status).toBe(500);
      const text = await rest.text();
      expect(text).toMatch(/internal error \(reference [0-9a-f-]{36}\)/);
      expect(text).not.toMatch(internals);
    } finally {
      await sql`alter table goals_away rename to goals`.execute(api.db);
    }
  });

  it('does not tell an unready probe why: the reason is in the log', async () => {
    const ready = await fetch(`${api.url}/readyz`);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { postgres: 'ok', temporal: 'ok', objectStore: 'ok' },
    });
    // An API whose object store is not there: unready, and silent about where it looked.
    const port = await freePort();
    const blind = await startLiveApi({
      upOnly: true,
      env: { S3_ENDPOINT: `http://127.0.0.1:${port}` },
    });
    try {
      const res = await fetch(`${blind.url}/readyz`);
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({
        status: 'not ready',
        checks: { postgres: 'ok', temporal: 'ok', objectStore: 'unavailable' },
      });
      expect(text).not.toContain(String(port));
      expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    } finally {
      await blind.stop();
    }
  });

  // Last: it spends the address's budget that the anonymous calls above share.
  it('gives anonymous callers one budget per address, forged tokens included', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) {
      // A token Keycloak never signed is no identity: it spends the address's
      // budget, and a made-up X-Forwarded-For does not change the address.
      const res = await fetch(`${api.urls[i % 2]}/trpc/me.get`, {
        headers: {
          authorization: `Bearer forged.${i}.token`,
          'x-forwarded-for': `203.0.113.${i + 1}`,
        },
      });
      statuses.push(res.status);
    }
    // Earlier anonymous calls of this file drew on the same budget: some 401s, then 429s.
    const firstRefused = statuses.indexOf(429);
    expect(firstRefused).toBeGreaterThanOrEqual(0);
    expect(statuses.slice(0, firstRefused).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(firstRefused).every((s) => s === 429)).toBe(true);
  });
});
