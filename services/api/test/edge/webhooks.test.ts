// Black-box, over HTTP: a member's webhook URL is stored only when it names a
// public HTTPS host. Every local name, trailing dot, userinfo and IP address
// (in any notation) is refused with a 400 naming the field; a public URL
// still saves; changes of the URL and the secret are audited without the
// secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveApi } from './live-api.ts';
import { startLiveApi, tokenFor, trpc } from './live-api.ts';

const refused = [
  'https://localhost./hook',
  'https://localhost/hook',
  'https://app.localhost/hook',
  'https://metadata.google.internal/computeMetadata/v1/',
  'https://kubernetes.default.svc/api',
  'https://canopy-postgresql.canopy.svc.cluster.local./',
  'https://canopy-postgresql.canopy.svc.cluster.local/',
  'https://printer.local./hook',
  'https://router.home.arpa/hook',
  'https://nas.lan/hook',
  'https://intranet/hook',
  'https://hooks.example.com./hook',
  'https://user:pass@hooks.example.com/hook',
  'http://hooks.example.com/hook',
  'https://127.0.0.1/hook',
  'https://2130706433/hook',
  'https://0177.0.0.1/hook',
  'https://0x7f.1/hook',
  'https://127.1/hook',
  'https://169.254.169.254/latest/meta-data/',
  'https://[::1]/hook',
  'https://[::ffff:127.0.0.1]/hook',
  'https://[::ffff:7f00:1]/hook',
  'https://[fd00::1]/hook',
  'https://8.8.8.8/hook',
  'https://hooks.example.com:22/hook',
  // Control characters the URL parser would drop or trim (and a NUL PostgreSQL cannot store).
  'https://hooks.exa\tmple.com/hook',
  'https://hooks.example.com/hook\u0000',
];

describe('webhook URLs, black-box', () => {
  let api: LiveApi;
  let member: string;
  let memberId: string;

  beforeAll(async () => {
    api = await startLiveApi();
    member = await tokenFor('member');
    const me = await trpc<{ id: string }>(api.url, 'query', 'me.get', undefined, member);
    memberId = me.data!.id;
  });
  afterAll(async () => {
    await api?.stop();
  });

  const save = (webhookUrl: string | null) =>
    trpc<{ webhookUrl: string | null }>(
      api.url,
      'mutation',
      'notifications.preferences.update',
      { webhookUrl },
      member,
    );

  it.each(refused)('refuses %s with a 400 on webhookUrl', async (url) => {
    const answer = await save(url);
    expect(answer.status).toBe(400);
    expect(answer.error?.data?.fieldErrors?.webhookUrl?.[0]).toMatch(/^webhookUrl /);
    const stored = await api.db
      .selectFrom('notification_preferences')
      .select('webhook_url')
      .where('user_id', '=', memberId)
      .executeTakeFirst();
    expect(stored?.webhook_url ?? null).not.toBe(url);
  });

  it('says why, next to the field', async () => {
    expect((await save('https://app.localhost/hook')).error?.data?.fieldErrors).toEqual({
      webhookUrl: ['webhookUrl must name a public host, not a local one (.localhost)'],
    });
    expect((await save('https://2130706433/hook')).error?.data?.fieldErrors).toEqual({
      webhookUrl: ['webhookUrl must name a host, not an IP address'],
    });
  });

  it('stores a public URL, and audits URL and secret changes without the secret', async () => {
    const before = new Date();
    const saved = await save('https://hooks.example.com/canopy?team=7');
    expect(saved.status).toBe(200);
    expect(saved.data).toMatchObject({ webhookUrl: 'https://hooks.example.com/canopy?team=7' });

    const rotated = await trpc<{ secret: string }>(
      api.url,
      'mutation',
      'notifications.preferences.rotateWebhookSecret',
      undefined,
      member,
    );
    const secret = rotated.data!.secret;
    expect(secret).toMatch(/^cnpy_whsec_/);
    expect((await save(null)).status).toBe(200);

    const audit = await api.db
      .selectFrom('audit_log')
      .select(['actor_id', 'action', 'target_type', 'target_id', 'details'])
      .where('actor_id', '=', memberId)
      .where('at', '>=', before)
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      {
        actor_id: memberId,
        action: 'notifications.webhook.url',
        target_type: 'user',
        target_id: memberId,
        details: { fromHost: null, toHost: 'hooks.example.com', secret: 'unchanged' },
      },
      {
        actor_id: memberId,
        action: 'notifications.webhook.secret',
        target_type: 'user',
        target_id: memberId,
        details: { secret: 'set' },
      },
      {
        actor_id: memberId,
        action: 'notifications.webhook.url',
        target_type: 'user',
        target_id: memberId,
        details: { fromHost: 'hooks.example.com', toHost: null, secret: 'removed' },
      },
    ]);
    // Neither the secret nor the URL's query (often a token) is in the log.
    expect(JSON.stringify(audit)).not.toContain(secret);
    expect(JSON.stringify(audit)).not.toContain('team=7');
  });
});
