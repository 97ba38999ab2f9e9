// The worker's webhook client against real listeners on loopback: a name that
// resolves to a private address is never connected to, however the resolver
// answers; the connection goes to the address that was checked; redirects are
// not followed and a reply is never read past a few KB.
import { afterEach, describe, expect, it } from 'vitest';
import { postWebhook } from '../src/activities/webhook-client.ts';
import type { WebhookClientOptions } from '../src/activities/webhook-client.ts';
import {
  hookCertificate,
  hookHost,
  loopbackWebhooks,
  resolverTo,
  startHookEndpoint,
  startTrap,
} from './webhook-fixtures.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((close) => close()));
});

async function trap(address = '127.0.0.1', port = 0) {
  const t = await startTrap(address, port);
  cleanup.push(t.close);
  return t;
}

async function endpoint(...args: Parameters<typeof startHookEndpoint>) {
  const e = await startHookEndpoint(...args);
  cleanup.push(e.close);
  return e;
}

const delivery = { headers: { 'content-type': 'application/json' }, body: '{"id":"n1"}' };

describe('webhook client: where it connects', () => {
  it('never connects to a public-looking name that resolves to 127.0.0.1', async () => {
    const listener = await trap();
    const dns = resolverTo(['127.0.0.1']);
    const outcome = await postWebhook(`https://${hookHost}:${listener.port}/hook`, delivery, {
      resolve: dns.resolve,
    });
    expect(outcome).toEqual({
      ok: false,
      category: 'refused: non-public address',
      retryable: false,
    });
    expect(dns.calls).toEqual([hookHost]);
    expect(listener.connections()).toBe(0);
  });

  it.each([
    [['93.184.216.34', '127.0.0.1']],
    [['::1']],
    [['::ffff:127.0.0.1']],
    [['169.254.169.254']],
    [['10.0.0.7', '2606:4700:4700::1111']],
    [['fd00::1']],
  ])('refuses when any address the name resolves to is not public: %j', async (addresses) => {
    const listener = await trap();
    const outcome = await postWebhook(`https://${hookHost}:${listener.port}/hook`, delivery, {
      resolve: resolverTo(addresses).resolve,
    });
    expect(outcome).toMatchObject({ ok: false, category: 'refused: non-public address' });
    expect(listener.connections()).toBe(0);
  });

  it('resolves once per delivery, so a rebinding answer never reaches the private address', async () => {
    // 127.0.0.2 stands for the public address: the only one this policy allows.
    // The resolver answers it first, then the private 127.0.0.1 on the same port.
    const pub = await endpoint(() => ({ status: 204 }), { address: '127.0.0.2' });
    const priv = await trap('127.0.0.1', pub.port);
    const dns = resolverTo(['127.0.0.2'], ['127.0.0.1']);
    const options: WebhookClientOptions = {
      resolve: dns.resolve,
      isAllowedAddress: (address) => address === '127.0.0.2',
      ca: hookCertificate().cert,
    };

    expect(await postWebhook(pub.url, delivery, options)).toEqual({ ok: true, status: 204 });
    // The connect step asked no resolver of its own: one lookup, and the
    // request arrived at the checked address (there is no DNS for the name here).
    expect(dns.calls).toEqual([hookHost]);
    expect(pub.received.map((r) => r.localAddress)).toEqual(['127.0.0.2']);

    // The next delivery's lookup answers the private address: refused before connecting.
    expect(await postWebhook(pub.url, delivery, options)).toMatchObject({
      ok: false,
      category: 'refused: non-public address',
    });
    expect(dns.calls).toHaveLength(2);
    expect(pub.received).toHaveLength(1);
    expect(priv.connections()).toBe(0);
  });

  it('with the production policy, a public first answer and a private second never lead to the private one', async () => {
    const priv = await trap();
    const dns = resolverTo(['93.184.216.34'], ['127.0.0.1']);
    // There is no internet here: the public address fails or times out, either way not ok.
    const outcome = await postWebhook(`https://${hookHost}:${priv.port}/hook`, delivery, {
      resolve: dns.resolve,
      timeoutMs: 2_000,
    });
    expect(outcome.ok).toBe(false);
    expect(dns.calls).toHaveLength(1);
    expect(priv.connections()).toBe(0);
  });

  it('connects to the checked address while TLS and Host keep the name', async () => {
    const hook = await endpoint();
    expect(await postWebhook(hook.url, delivery, loopbackWebhooks())).toEqual({
      ok: true,
      status: 204,
    });
    const [received] = hook.received;
    expect(received).toMatchObject({
      servername: hookHost,
      localAddress: '127.0.0.1',
      body: '{"id":"n1"}',
    });
    expect(received!.headers.host).toBe(`${hookHost}:${hook.port}`);
  });

  it('still verifies the certificate for the name', async () => {
    const hook = await endpoint();
    const { ca: _trusted, ...untrusting } = loopbackWebhooks();
    expect(await postWebhook(hook.url, delivery, untrusting)).toMatchObject({
      ok: false,
      category: 'connection failed',
    });
    expect(hook.received).toHaveLength(0);
  });

  it('refuses a URL the API would refuse without resolving it', async () => {
    for (const url of [
      'http://hooks.example.com/x',
      'https://127.0.0.1/x',
      'https://2130706433/x',
      'https://[::1]/x',
      'https://metadata.google.internal/x',
      'https://localhost./x',
    ]) {
      const dns = resolverTo(['93.184.216.34']);
      expect(await postWebhook(url, delivery, { resolve: dns.resolve })).toEqual({
        ok: false,
        category: 'refused: URL not allowed',
        retryable: false,
      });
      expect(dns.calls).toHaveLength(0);
    }
  });

  it('reports a failed lookup as a DNS failure, retryable', async () => {
    const outcome = await postWebhook(`https://${hookHost}/hook`, delivery, {
      resolve: () => Promise.reject(new Error('getaddrinfo ENOTFOUND hooks.example.com')),
    });
    expect(outcome).toEqual({ ok: false, category: 'DNS lookup failed', retryable: true });
  });
});

describe('webhook client: what it does with the answer', () => {
  it('does not follow a redirect, and calls it one', async () => {
    const elsewhere = await endpoint();
    const hook = await endpoint(() => ({
      status: 307,
      headers: { location: `${elsewhere.url}/moved` },
    }));
    expect(await postWebhook(hook.url, delivery, loopbackWebhooks())).toEqual({
      ok: false,
      category: 'redirect refused',
      retryable: false,
    });
    expect(hook.received).toHaveLength(1);
    expect(elsewhere.received).toHaveLength(0);
  });

  it('stops reading a reply that never ends, and keeps none of it', async () => {
    const ok = await endpoint(() => ({ status: 200, endless: true }));
    expect(await postWebhook(ok.url, delivery, loopbackWebhooks())).toEqual({
      ok: true,
      status: 200,
    });
    const failing = await endpoint(() => ({ status: 500, endless: true }));
    expect(await postWebhook(failing.url, delivery, loopbackWebhooks())).toEqual({
      ok: false,
      category: 'HTTP 500',
      retryable: true,
    });
  });

  it('gives an endpoint that never answers one deadline', async () => {
    const hook = await endpoint(() => ({ status: 200, hold: true }));
    expect(
      await postWebhook(hook.url, delivery, { ...loopbackWebhooks(), timeoutMs: 500 }),
    ).toEqual({ ok: false, category: 'timed out', retryable: true });
    expect(hook.received).toHaveLength(1);
  });

  it('names the status of a refusal, and retries only what may pass later', async () => {
    const statuses = [410, 400, 408, 429, 503];
    const hook = await endpoint((n) => ({
      status: statuses[n]!,
      body: 'stack trace of db-7:5432',
    }));
    const outcomes = [];
    for (const _ of statuses)
      outcomes.push(await postWebhook(hook.url, delivery, loopbackWebhooks()));
    expect(outcomes).toEqual([
      { ok: false, category: 'HTTP 410', retryable: false },
      { ok: false, category: 'HTTP 400', retryable: false },
      { ok: false, category: 'HTTP 408', retryable: true },
      { ok: false, category: 'HTTP 429', retryable: true },
      { ok: false, category: 'HTTP 503', retryable: true },
    ]);
  });
});
