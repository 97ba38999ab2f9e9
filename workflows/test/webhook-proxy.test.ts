// Webhooks through the operator's egress proxy, against a real forward proxy
// and a real HTTPS endpoint on loopback: the worker still resolves and checks
// the name itself, asks the proxy for a tunnel to the checked address (never
// the name), refuses a private address before the proxy hears of it, verifies
// the certificate for the name inside the tunnel, and reports a proxy's
// refusal as a category of its own.
import { afterEach, describe, expect, it } from 'vitest';
import { postWebhook } from '../src/activities/webhook-client.ts';
import type { WebhookClientOptions } from '../src/activities/webhook-client.ts';
import { signWebhook, verifyWebhookSignature } from '../src/activities/webhook-signature.ts';
import { webhookSignatureHeader } from '../src/shared.ts';
import {
  hookCertificate,
  hookHost,
  loopbackWebhooks,
  resolverTo,
  startHookEndpoint,
  startTrap,
} from './webhook-fixtures.ts';
import { startEgressProxy } from './webhook-proxy-fixtures.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((close) => close()));
});

async function proxy(...args: Parameters<typeof startEgressProxy>) {
  const p = await startEgressProxy(...args);
  cleanup.push(p.close);
  return p;
}

async function endpoint(...args: Parameters<typeof startHookEndpoint>) {
  const e = await startHookEndpoint(...args);
  cleanup.push(e.close);
  return e;
}

const secret = 'whsec_member_own_secret';
const body = '{"id":"n1","kind":"goal.achieved"}';
const now = () => Math.floor(Date.now() / 1000);
const signed = () => ({
  headers: {
    'content-type': 'application/json',
    [webhookSignatureHeader]: signWebhook(secret, body, now()),
  },
  body,
});

describe('webhooks through the egress proxy', () => {
  it('tunnel to the checked address, and the endpoint gets the signed body for its name', async () => {
    const egress = await proxy();
    const hook = await endpoint();
    const outcome = await postWebhook(hook.url, signed(), {
      ...loopbackWebhooks(),
      proxyUrl: egress.url,
    });
    expect(outcome).toEqual({ ok: true, status: 204 });

    // The proxy was asked for the address, never for the name.
    expect(egress.connects).toEqual([`127.0.0.1:${hook.port}`]);
    const [received] = hook.received;
    expect(received).toMatchObject({ servername: hookHost, body });
    expect(received!.headers.host).toBe(`${hookHost}:${hook.port}`);
    const signature = received!.headers[webhookSignatureHeader.toLowerCase()] as string;
    expect(verifyWebhookSignature(secret, received!.body, signature, now())).toBe(true);
  });

  it('keep the proxy on the first answer: a rebinding second lookup is refused before it reaches the proxy', async () => {
    // 127.0.0.2 stands for the public address: the only one this policy allows.
    const egress = await proxy();
    const hook = await endpoint(() => ({ status: 204 }), { address: '127.0.0.2' });
    const dns = resolverTo(['127.0.0.2'], ['127.0.0.1']);
    const options: WebhookClientOptions = {
      resolve: dns.resolve,
      isAllowedAddress: (address) => address === '127.0.0.2',
      ca: hookCertificate().cert,
      proxyUrl: egress.url,
    };

    expect(await postWebhook(hook.url, signed(), options)).toEqual({ ok: true, status: 204 });
    expect(hook.received.map((r) => r.localAddress)).toEqual(['127.0.0.2']);

    expect(await postWebhook(hook.url, signed(), options)).toEqual({
      ok: false,
      category: 'refused: non-public address',
      retryable: false,
    });
    expect(dns.calls).toEqual([hookHost, hookHost]);
    expect(egress.connects).toEqual([`127.0.0.2:${hook.port}`]);
    expect(egress.connections()).toBe(1);
  });

  it('name an IPv6 address in brackets, as CONNECT needs it', async () => {
    const egress = await proxy();
    const hook = await endpoint(() => ({ status: 204 }), { address: '::1' });
    const outcome = await postWebhook(hook.url, signed(), {
      resolve: resolverTo(['::1']).resolve,
      isAllowedAddress: (address) => address === '::1',
      ca: hookCertificate().cert,
      proxyUrl: egress.url,
    });
    expect(outcome).toEqual({ ok: true, status: 204 });
    expect(egress.connects).toEqual([`[::1]:${hook.port}`]);
    expect(hook.received.map((r) => r.localAddress)).toEqual(['::1']);
  });

  it.each([[['127.0.0.1']], [['10.0.0.7']], [['93.184.216.34', '169.254.169.254']], [['fd00::1']]])(
    'refuse a name resolving to %j before any CONNECT, with the production policy',
    async (addresses) => {
      const egress = await proxy();
      const outcome = await postWebhook(`https://${hookHost}/hook`, signed(), {
        resolve: resolverTo(addresses).resolve,
        proxyUrl: egress.url,
      });
      expect(outcome).toEqual({
        ok: false,
        category: 'refused: non-public address',
        retryable: false,
      });
      expect(egress.connections()).toBe(0);
      expect(egress.connects).toEqual([]);
    },
  );

  it("report the proxy's 403 as 'proxy refused', and the endpoint hears nothing", async () => {
    const hook = await endpoint();
    // The operator's rule lets tunnels through to another address only.
    const egress = await proxy({ allow: (target) => target.startsWith('127.0.0.9:') });
    expect(
      await postWebhook(hook.url, signed(), { ...loopbackWebhooks(), proxyUrl: egress.url }),
    ).toEqual({ ok: false, category: 'proxy refused', retryable: false });
    expect(egress.connects).toEqual([`127.0.0.1:${hook.port}`]);
    expect(hook.received).toHaveLength(0);
  });

  it('send the credentials in the proxy URL, and call a 407 a refusal', async () => {
    const hook = await endpoint();
    const egress = await proxy({ credentials: 'canopy:s3cr:et' });
    const options = { ...loopbackWebhooks(), proxyUrl: egress.url };
    expect(await postWebhook(hook.url, signed(), options)).toEqual({
      ok: false,
      category: 'proxy refused',
      retryable: false,
    });
    const withCredentials = egress.url.replace('http://', 'http://canopy:s3cr%3Aet@');
    expect(
      await postWebhook(hook.url, signed(), { ...options, proxyUrl: withCredentials }),
    ).toEqual({ ok: true, status: 204 });
    expect(hook.received).toHaveLength(1);
  });

  it('still verify the certificate for the name inside the tunnel', async () => {
    const egress = await proxy();
    const hook = await endpoint();
    const { ca: _trusted, ...untrusting } = loopbackWebhooks();
    expect(await postWebhook(hook.url, signed(), { ...untrusting, proxyUrl: egress.url })).toEqual({
      ok: false,
      category: 'connection failed',
      retryable: true,
    });
    expect(egress.connects).toHaveLength(1);
    expect(hook.received).toHaveLength(0);
  });

  it('do not follow a redirect through the tunnel', async () => {
    const egress = await proxy();
    const elsewhere = await endpoint();
    const hook = await endpoint(() => ({
      status: 307,
      headers: { location: `${elsewhere.url}/moved` },
    }));
    expect(
      await postWebhook(hook.url, signed(), { ...loopbackWebhooks(), proxyUrl: egress.url }),
    ).toEqual({ ok: false, category: 'redirect refused', retryable: false });
    expect(egress.connects).toEqual([`127.0.0.1:${hook.port}`]);
    expect(elsewhere.received).toHaveLength(0);
  });

  it('keep one deadline and the reply cap through the tunnel', async () => {
    const egress = await proxy();
    const silent = await endpoint(() => ({ status: 200, hold: true }));
    expect(
      await postWebhook(silent.url, signed(), {
        ...loopbackWebhooks(),
        proxyUrl: egress.url,
        timeoutMs: 500,
      }),
    ).toEqual({ ok: false, category: 'timed out', retryable: true });
    expect(silent.received).toHaveLength(1);

    const endless = await endpoint(() => ({ status: 500, endless: true }));
    expect(
      await postWebhook(endless.url, signed(), { ...loopbackWebhooks(), proxyUrl: egress.url }),
    ).toEqual({ ok: false, category: 'HTTP 500', retryable: true });
  });

  it('call a proxy that hangs up a connection failure, retryable', async () => {
    const dead = await startTrap();
    cleanup.push(dead.close);
    const hook = await endpoint();
    expect(
      await postWebhook(hook.url, signed(), {
        ...loopbackWebhooks(),
        proxyUrl: `http://127.0.0.1:${dead.port}`,
      }),
    ).toEqual({ ok: false, category: 'connection failed', retryable: true });
    expect(dead.connections()).toBe(1);
    expect(hook.received).toHaveLength(0);
  });
});
