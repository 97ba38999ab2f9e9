// Members' webhooks leave from the worker in a kustomize install too: the
// production overlay's NetworkPolicies, evaluated, let both worker pools reach
// public addresses on 443 and nothing private, while they keep every
// dependency; and the base and the overlay carry the chart's own default
// public-only rule, range for range.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from './kube.ts';
import { find, helmTemplate, kustomizeBuild, parseManifests } from './kube.ts';
import type { Endpoint } from './netpol.ts';
import { canConnect } from './netpol.ts';
import type { EgressRule } from './webhook-endpoints.ts';
import { egressRules, ns, privateAddresses, publicHook } from './webhook-endpoints.ts';

function build(overlay: string): Manifest[] {
  const r = kustomizeBuild(overlay);
  if (r.status !== 0) throw new Error(`kustomize build k8s/overlays/${overlay}:\n${r.stderr}`);
  return parseManifests(r.stdout);
}

/** A policy's rules to every IPv4 and every global IPv6 address, but their exceptions. */
function publicOnlyRules(policy: Manifest): EgressRule[] {
  const egress = egressRules(policy);
  const cidrs = (rule: EgressRule) => (rule.to ?? []).map((p) => p.ipBlock?.cidr);
  return egress.filter(
    (rule) => cidrs(rule).includes('0.0.0.0/0') && cidrs(rule).includes('2000::/3'),
  );
}

const worker: Endpoint = {
  namespace: ns,
  labels: { 'app.kubernetes.io/name': 'canopy', 'app.kubernetes.io/component': 'worker' },
};
const ingestWorker: Endpoint = {
  ...worker,
  labels: { ...worker.labels, 'canopy/worker-pool': 'ingest' },
};

describe('webhook egress in the production overlay', () => {
  let manifests: Manifest[] = [];
  beforeAll(() => {
    manifests = build('production');
  });
  const can = (from: Endpoint, to: Endpoint, port: number) =>
    canConnect(manifests, ns, from, to, port);

  it.each([
    ['the worker', worker],
    ['the ingest worker', ingestWorker],
  ])('lets %s post to a public address on 443, and nowhere private', (_, pod) => {
    expect(can(pod, publicHook, 443)).toBe(true);
    for (const ip of privateAddresses) {
      expect(can(pod, { ip }, 443), ip).toBe(false);
      expect(can(pod, { ip }, 80), ip).toBe(false);
    }
    expect(can(pod, publicHook, 8443)).toBe(false);
    expect(can(pod, { namespace: 'default', labels: { app: 'kubernetes-api' } }, 443)).toBe(false);
  });

  it('keeps the API off private addresses too, and lets Prometheus reach only its metrics port', () => {
    const api: Endpoint = {
      namespace: ns,
      labels: { 'app.kubernetes.io/name': 'canopy', 'app.kubernetes.io/component': 'api' },
      ports: { http: 3000, metrics: 9091 },
    };
    expect(can(api, { ip: '54.187.174.169' }, 443)).toBe(true); // Stripe
    for (const ip of privateAddresses) expect(can(api, { ip }, 443), ip).toBe(false);
    const prometheus: Endpoint = { namespace: 'monitoring', labels: { app: 'prometheus' } };
    expect(can(prometheus, api, 9091)).toBe(true);
    expect(can(prometheus, api, 3000)).toBe(false);
  });

  it('keeps every dependency the worker had', () => {
    expect(can(worker, { namespace: ns, labels: { 'cnpg.io/cluster': 'canopy-db' } }, 5432)).toBe(
      true,
    );
    expect(can(worker, { namespace: 'temporal', labels: {} }, 7233)).toBe(true);
    expect(can(worker, { namespace: 'minio', labels: {} }, 9000)).toBe(true);
    expect(can(worker, { ip: '192.0.2.25' }, 587)).toBe(true);
  });
});

describe("the kustomize worker policies carry the chart's public-only rule", () => {
  const chart = helmTemplate({ valuesFiles: ['ci/production-values.yaml'] });
  const [chartRule] = publicOnlyRules(find(chart, 'NetworkPolicy', 'canopy-worker'));

  it.each(['dev', 'production'])('in the %s overlay', (overlay) => {
    const rules = publicOnlyRules(find(build(overlay), 'NetworkPolicy', 'canopy-worker'));
    expect(rules).toHaveLength(1);
    expect(rules[0]!.to).toEqual(chartRule!.to);
    expect(rules[0]!.ports).toEqual([{ port: 443, protocol: 'TCP' }]);
  });
});
