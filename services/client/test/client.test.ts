import { demoUsers } from '@canopy/db';
import { serviceAccountToken, tokenFor } from '@canopy/devstack/testing';
import { startTestServer } from '@canopy/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCanopyClient, fieldErrors, TRPCClientError } from '../src/index.ts';

describe('@canopy/client against a running API', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('calls procedures with a member’s token, dates intact', async () => {
    const client = createCanopyClient({ url: server.url, token: await tokenFor('member') });
    const me = await client.me.get.query();
    expect(me.id).toBe(demoUsers.member.id);
    const orgs = await client.orgs.mine.query();
    expect(orgs.map((o) => o.slug)).toEqual(['alder']);
    const goal = await client.goals.create.mutate({
      title: 'Walk more',
      definition: { kind: 'steps_per_day', target: 8_000 },
    });
    expect(goal.createdAt).toBeInstanceOf(Date);
  });

  it('batches calls made together and refreshes tokens through getToken', async () => {
    let asked = 0;
    const client = createCanopyClient({
      url: `${server.url}/`,
      getToken: async () => {
        asked += 1;
        return tokenFor('member');
      },
    });
    const [me, prefs, factorSets] = await Promise.all([
      client.me.get.query(),
      client.notifications.preferences.get.query(),
      client.carbon.factorSets.query(),
    ]);
    expect(me.displayName).toBe('Mia Member');
    expect(prefs.inApp).toBe(true);
    expect(factorSets.length).toBeGreaterThan(0);
    // One batch, one token.
    expect(asked).toBe(1);
  });

  it('reports a missing or bad token as UNAUTHORIZED', async () => {
    const anonymous = createCanopyClient({ url: server.url });
    const error = await anonymous.me.get.query().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect(error).toMatchObject({ data: { code: 'UNAUTHORIZED', httpStatus: 401 } });
    const forged = createCanopyClient({
      url: server.url,
      token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
    });
    await expect(forged.me.get.query()).rejects.toMatchObject({
      data: { code: 'UNAUTHORIZED', httpStatus: 401 },
    });
  });

  it('hands back field errors a form can show next to each field', async () => {
    const client = createCanopyClient({ url: server.url, token: await tokenFor('member') });
    const error = await client.me.update
      .mutate({ timeZone: 'Atlantis/Capital', units: 'metric' })
      .catch((e: unknown) => e);
    expect(fieldErrors(error)).toEqual({
      timeZone: ['timeZone must be an IANA time zone such as Europe/London'],
    });
  });

  it('uploads an avatar over HTTP: an upload form posted straight to the store, then confirm', async () => {
    const client = createCanopyClient({ url: server.url, token: await tokenFor('member') });
    // A 1×1 WebP (lossless VP8L), a real picture: the API decodes and re-encodes it.
    const webp = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');
    const form = await client.me.avatar.uploadUrl.mutate({
      contentType: 'image/webp',
      size: webp.length,
    });
    const body = new FormData();
    for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
    body.append('file', new Blob([webp], { type: 'image/webp' }), 'me.webp');
    const posted = await fetch(form.url, { method: 'POST', body });
    expect(posted.status).toBe(204);
    const profile = await client.me.avatar.confirm.mutate({ uploadId: form.uploadId });
    const served = await fetch(profile.avatarUrl!);
    expect(served.headers.get('content-type')).toBe('image/webp');
    const bytes = Buffer.from(await served.arrayBuffer());
    expect(bytes.subarray(8, 12).toString('latin1')).toBe('WEBP');
  });

  it('works for an integration with a service-account token: push steps, read them back', async () => {
    const client = createCanopyClient({ url: server.url, getToken: serviceAccountToken });
    await client.training.steps.upsert.mutate({ date: '2026-11-20', steps: 8_421 });
    const steps = await client.training.steps.list.query({ from: '2026-11-20', to: '2026-11-20' });
    expect(steps).toEqual([expect.objectContaining({ date: '2026-11-20', steps: 8_421 })]);
  });
});
