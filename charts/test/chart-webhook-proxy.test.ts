// Members' webhooks through the operator's egress proxy: with
// worker.webhooks.proxyUrl set, the worker is told the proxy's address, and
// its NetworkPolicy, evaluated, lets it reach the proxy instead of public
// addresses; a proxy rule that names no peer, or a proxy URL the worker would
// refuse, is refused at install.
import { describe, expect, it } from 'vitest';
// The worker's parser is not part of @canopy/workflows' exports.
import { parseWorkerEnv } from '../../workflows/src/worker-env.ts';
import type { Manifest } from './kube.ts';
import { find, helmTemplate, helmTemplateRaw, kinds } from './kube.ts';
import type { Endpoint } from './netpol.ts';
import { canConnect } from './netpol.ts';
import { container } from './pods.ts';
import { chartApi as api, chartWorker as worker, ns, publicHook } from './webhook-endpoints.ts';

const egressProxy: Endpoint = { namespace: 'egress', labels: { app: 'squid' } };
const otherPod: Endpoint = { namespace: 'egress', labels: { app: 'something-else' } };
const stripe: Endpoint = { ip: '203.0.113.80' };
const proxyUrl = 'http://squid.egress.svc:3128';

/** WEBHOOK_PROXY_URL of each worker pool's Deployment, by name. */
const proxyEnvOfWorkers = (manifests: Manifest[]) =>
  Object.fromEntries(
    kinds(manifests, 'Deployment')
      .filter((d) => d.metadata.name.startsWith('canopy-worker-'))
      .map((d) => [
        d.metadata.name,
        (container(d).env ?? []).find((e) => e.name === 'WEBHOOK_PROXY_URL')?.value,
      ]),
  );

const proxied = {
  worker: { webhooks: { proxyUrl } },
  networkPolicy: {
    egress: {
      webhookProxy: {
        ports: [3128],
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'egress' } },
            podSelector: { matchLabels: { app: 'squid' } },
          },
        ],
      },
      // Stripe pinned to its own address, so no other rule opens 443 to every public address.
      stripe: { ports: [443], to: [{ ipBlock: { cidr: '203.0.113.80/32' } }] },
    },
  },
};

describe('webhooks through the egress proxy', () => {
  const manifests = helmTemplate({ valuesFiles: ['ci/production-values.yaml'], values: proxied });
  const can = (from: Endpoint, to: Endpoint, port: number) =>
    canConnect(manifests, ns, from, to, port);

  it('tells every worker pool where the proxy is, in a form the worker accepts', () => {
    expect(proxyEnvOfWorkers(manifests)).toEqual({
      'canopy-worker-core': proxyUrl,
      'canopy-worker-ingest': proxyUrl,
    });
    expect(
      parseWorkerEnv({
        DATABASE_URL: 'postgres://canopy@db:5432/canopy',
        TEMPORAL_ADDRESS: 'temporal:7233',
        STRIPE_SECRET_KEY: 'sk_test_x',
        SMTP_URL: 'smtp://mail:587',
        WEB_PUBLIC_URL: 'https://canopy.example.org',
        WEBHOOK_PROXY_URL: proxyEnvOfWorkers(manifests)['canopy-worker-core'],
      }).WEBHOOK_PROXY_URL,
    ).toBe(proxyUrl);
    const api = container(find(manifests, 'Deployment', 'canopy-api'));
    expect((api.env ?? []).map((e) => e.name)).not.toContain('WEBHOOK_PROXY_URL');
  });

  it('lets the worker reach the proxy on its port, and no other pod there', () => {
    expect(can(worker, egressProxy, 3128)).toBe(true);
    expect(can(worker, otherPod, 3128)).toBe(false);
    expect(can(worker, egressProxy, 22)).toBe(false);
    expect(can(api, egressProxy, 3128)).toBe(false);
  });

  it('takes away the direct way to public addresses, and keeps the private ones shut', () => {
    expect(can(worker, publicHook, 443)).toBe(false);
    expect(can(worker, { ip: '10.0.0.1' }, 443)).toBe(false);
    expect(can(worker, { ip: '169.254.169.254' }, 443)).toBe(false);
    expect(can(worker, stripe, 443)).toBe(true);
  });

  it('without a proxy, leaves the public-only rule and gives the proxy nothing', () => {
    const direct = helmTemplate({
      valuesFiles: ['ci/production-values.yaml'],
      values: { ...proxied, worker: { webhooks: { proxyUrl: '' } } },
    });
    expect(canConnect(direct, ns, worker, publicHook, 443)).toBe(true);
    expect(canConnect(direct, ns, worker, egressProxy, 3128)).toBe(false);
    expect(proxyEnvOfWorkers(direct)).toEqual({
      'canopy-worker-core': undefined,
      'canopy-worker-ingest': undefined,
    });
  });
});

describe('webhook proxy values', () => {
  it('refuse a proxy whose NetworkPolicy peer is missing', () => {
    const r = helmTemplateRaw({
      valuesFiles: ['ci/production-values.yaml'],
      values: { worker: { webhooks: { proxyUrl } } },
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('networkPolicy.egress.webhookProxy.to: is empty');
  });

  it.each([
    'https://squid.egress.svc:3128',
    'http://user:password@squid.egress.svc:3128',
    'http://squid.egress.svc:3128/path',
    'squid.egress.svc:3128',
  ])('refuse %s as the proxy URL', (url) => {
    const r = helmTemplateRaw({
      valuesFiles: ['ci/production-values.yaml'],
      values: { ...proxied, worker: { webhooks: { proxyUrl: url } } },
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/proxyUrl/);
  });
});
