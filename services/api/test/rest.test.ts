// The REST routes under /api and their OpenAPI document, used the way an
// integration written in another language would: plain JSON over HTTP.
import { Validator } from '@seriousme/openapi-schema-validator';
import { demoUsers } from '@canopy/db';
import { tokenFor } from '@canopy/devstack/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../src/testing.ts';

interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[] }>>;
}

describe('REST routes and the OpenAPI document', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let member: Record<string, string>;
  let other: Record<string, string>;
  beforeAll(async () => {
    server = await startTestServer();
    const json = { 'content-type': 'application/json' };
    member = { ...json, authorization: `Bearer ${await tokenFor('member')}` };
    other = { ...json, authorization: `Bearer ${await tokenFor('member2')}` };
  });
  afterAll(async () => {
    await server?.close();
  });

  const api = (path: string, init: RequestInit = {}) => fetch(`${server.url}/api${path}`, init);
  const countActivities = async () =>
    Number(
      (
        await server.db
          .selectFrom('carbon_activities')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('publishes a valid OpenAPI 3.1 document of the routes, each protected but the public one', async () => {
    const res = await fetch(`${server.url}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as OpenApiDoc;
    const validation = await new Validator().validate(doc as never);
    expect(validation.errors ?? []).toEqual([]);
    expect(validation.valid).toBe(true);
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/v1/carbon/activities',
      '/v1/carbon/activities/batch',
      '/v1/carbon/factor-sets',
      '/v1/carbon/summary',
      '/v1/goals',
      '/v1/me',
      '/v1/training/sessions',
      '/v1/training/steps',
      '/v1/training/steps/batch',
    ]);
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const expected = path === '/v1/carbon/factor-sets' ? undefined : [{ Authorization: [] }];
        expect(operation.security, `${method.toUpperCase()} ${path}`).toEqual(expected);
      }
    }
  });

  it('logs an activity and reads it back in the summary, in plain JSON with ISO dates', async () => {
    const res = await api('/v1/carbon/activities', {
      method: 'POST',
      headers: member,
      body: JSON.stringify({
        occurredOn: '2026-02-10',
        activity: { type: 'car', distance: { value: 100, unit: 'km' }, fuel: 'petrol' },
      }),
    });
    expect(res.status).toBe(200);
    const logged = (await res.json()) as { id: string; kgCO2e: number; createdAt: string };
    // DESNZ 2026, average petrol car: 0.16152 kg CO2e per km.
    expect(logged.kgCO2e).toBeCloseTo(16.152, 3);
    expect(new Date(logged.createdAt).toISOString()).toBe(logged.createdAt);

    const summary = await api('/v1/carbon/summary?from=2026-02-01&to=2026-02-28&bucket=month', {
      headers: member,
    });
    expect(summary.status).toBe(200);
    expect(((await summary.json()) as { totalKgCO2e: number }).totalKgCO2e).toBeCloseTo(16.152, 3);

    // Another member sees none of it.
    const theirs = await api('/v1/carbon/activities?from=2026-02-01&to=2026-02-28', {
      headers: other,
    });
    expect(((await theirs.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('sets step counts idempotently', async () => {
    for (const steps of [8000, 9500]) {
      const res = await api('/v1/training/steps', {
        method: 'PUT',
        headers: member,
        body: JSON.stringify({ date: '2026-02-11', steps }),
      });
      expect(res.status).toBe(200);
    }
    const listed = await api('/v1/training/steps?from=2026-02-11&to=2026-02-11', {
      headers: member,
    });
    const days = (await listed.json()) as { date: string; steps: number }[];
    expect(days.map((d) => [d.date, d.steps])).toEqual([['2026-02-11', 9500]]);
    const stored = await server.db
      .selectFrom('daily_steps')
      .select('steps')
      .where('user_id', '=', demoUsers.member.id)
      .where('day', '=', '2026-02-11')
      .execute();
    expect(stored).toEqual([{ steps: 9500 }]);
  });

  it('answers bad input with 400 naming the field, and stores nothing', async () => {
    const before = await countActivities();
    const res = await api('/v1/carbon/activities', {
      method: 'POST',
      headers: member,
      body: JSON.stringify({
        occurredOn: '2026-02-12',
        activity: { type: 'car', distance: { value: -3, unit: 'km' }, fuel: 'petrol' },
      }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      code: string;
      issues?: { path: PropertyKey[]; message: string }[];
    };
    expect(body.code).toBe('BAD_REQUEST');
    expect(body.issues?.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['activity.distance.value', 'distance.value must not be negative'],
    ]);
    expect(await countActivities()).toBe(before);
  });

  it('refuses a missing or forged token with 401, and serves the public route without one', async () => {
    expect((await api('/v1/me')).status).toBe(401);
    expect((await api('/v1/me', { headers: { authorization: 'Bearer not.a.token' } })).status).toBe(
      401,
    );
    const factors = await api('/v1/carbon/factor-sets');
    expect(factors.status).toBe(200);
    expect(((await factors.json()) as { edition: string }[]).map((f) => f.edition)).toContain(
      '2026',
    );
  });
});
