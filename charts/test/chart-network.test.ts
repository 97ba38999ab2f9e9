// The NetworkPolicies, evaluated: each Canopy process reaches exactly the
// dependencies it uses, where the values say they are, and nothing else.
import { describe, expect, it } from 'vitest';
import { helmTemplate, kinds } from './kube.ts';
import type { Endpoint } from './netpol.ts';
import { canConnect } from './netpol.ts';

const ns = 'canopy';
const canopy = (component: string, extra: Record<string, string> = {}): Endpoint => ({
  namespace: ns,
  labels: {
    'app.kubernetes.io/name': 'canopy',
    'app.kubernetes.io/instance': 'canopy',
    'app.kubernetes.io/component': component,
    ...extra,
  },
  ports: { http: 3000, metrics: 9091 },
});
const api = canopy('api');
const web = canopy('web');
const worker = canopy('worker', { 'canopy/worker-pool': 'ingest' });
const migrate = canopy('migrate');
const test = canopy('test');
const postgres: Endpoint = { namespace: ns, labels: { 'cnpg.io/cluster': 'canopy-db' } };
const otherPostgres: Endpoint = { namespace: ns, labels: { app: 'someone-elses-db' } };
const temporal: Endpoint = {
  namespace: 'temporal',
  labels: { 'app.kubernetes.io/component': 'frontend' },
};
const temporalHistory: Endpoint = {
  namespace: 'temporal',
  labels: { 'app.kubernetes.io/component': 'history' },
};
const minio: Endpoint = { namespace: 'minio', labels: { 'v1.min.io/tenant': 'minio' } };
const ingressController: Endpoint = { namespace: 'ingress-nginx', labels: { app: 'nginx' } };
const strangerPod: Endpoint = { namespace: 'default', labels: { app: 'curious' } };
const dns: Endpoint = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
const stripe: Endpoint = { ip: '198.51.100.7' };
const internalAddress: Endpoint = { ip: '10.20.30.40' };
const smtpRelay: Endpoint = { ip: '192.0.2.25' };

describe('network policies of the production-like values', () => {
  const manifests = helmTemplate({ valuesFiles: ['ci/production-values.yaml'] });
  const can = (from: Endpoint, to: Endpoint, port: number) =>
    canConnect(manifests, ns, from, to, port);

  it('let the API reach Postgres, Temporal, the object store and Stripe where configured', () => {
    expect(can(api, postgres, 5432)).toBe(true);
    expect(can(api, temporal, 7233)).toBe(true);
    expect(can(api, minio, 443)).toBe(true);
    expect(can(api, stripe, 443)).toBe(true);
    expect(can(api, ingressController, 443)).toBe(true); // Keycloak's public URL
  });

  it('keep the API away from anything else', () => {
    expect(can(api, otherPostgres, 5432)).toBe(false);
    expect(can(api, temporalHistory, 7233)).toBe(false);
    expect(can(api, postgres, 22)).toBe(false);
    expect(can(api, internalAddress, 443)).toBe(false);
    expect(can(api, smtpRelay, 587)).toBe(false);
  });

  it('let clients in through the ingress controller only, and the dashboard call the API', () => {
    expect(can(ingressController, api, 3000)).toBe(true);
    expect(can(ingressController, web, 3000)).toBe(true);
    expect(can(web, api, 3000)).toBe(true);
    expect(can(strangerPod, api, 3000)).toBe(false);
    expect(can(strangerPod, web, 3000)).toBe(false);
  });

  it('let the dashboard reach Postgres only when its sessions are stored there', () => {
    const shared = helmTemplate({
      valuesFiles: ['ci/production-values.yaml'],
      values: { web: { replicaCount: 3, sessionStore: 'postgres' } },
    });
    expect(canConnect(shared, ns, web, postgres, 5432)).toBe(true);
    expect(canConnect(shared, ns, web, otherPostgres, 5432)).toBe(false);
    expect(canConnect(shared, ns, web, temporal, 7233)).toBe(false);
  });

  it('give the dashboard nothing but the API and Keycloak', () => {
    expect(can(web, postgres, 5432)).toBe(false);
    expect(can(web, temporal, 7233)).toBe(false);
    expect(can(web, stripe, 443)).toBe(false);
  });

  it('let the worker reach its dependencies and the mail relay, and nothing reach the worker', () => {
    expect(can(worker, postgres, 5432)).toBe(true);
    expect(can(worker, temporal, 7233)).toBe(true);
    expect(can(worker, minio, 9000)).toBe(true);
    expect(can(worker, smtpRelay, 587)).toBe(true);
    expect(can(worker, stripe, 443)).toBe(true);
    expect(can(api, worker, 3000)).toBe(false);
    expect(can(ingressController, worker, 3000)).toBe(false);
  });

  it('let the migration job reach Postgres only, and the helm test pod the API only', () => {
    expect(can(migrate, postgres, 5432)).toBe(true);
    expect(can(migrate, temporal, 7233)).toBe(false);
    expect(can(migrate, stripe, 443)).toBe(false);
    expect(can(test, api, 3000)).toBe(true);
    expect(can(test, postgres, 5432)).toBe(false);
  });

  it('let every pod resolve names', () => {
    for (const pod of [api, web, worker, migrate, test]) expect(can(pod, dns, 53)).toBe(true);
  });
});

describe('network policy values', () => {
  it('an empty peer list opens a dependency on its ports to any destination, and no further', () => {
    const manifests = helmTemplate();
    const can = (from: Endpoint, to: Endpoint, port: number) =>
      canConnect(manifests, ns, from, to, port);
    expect(can(api, otherPostgres, 5432)).toBe(true);
    expect(can(api, otherPostgres, 6379)).toBe(false);
    expect(can(worker, internalAddress, 587)).toBe(true);
    expect(can(web, otherPostgres, 5432)).toBe(false);
  });

  it('metrics scraping is allowed from the configured peers when the ServiceMonitor is on', () => {
    const manifests = helmTemplate({ valuesFiles: ['ci/full-values.yaml'] });
    const prometheus: Endpoint = { namespace: 'monitoring', labels: { app: 'prometheus' } };
    expect(canConnect(manifests, ns, prometheus, api, 9091)).toBe(true);
  });

  it('serves metrics on a port the Ingress never routes to', () => {
    const manifests = helmTemplate({ valuesFiles: ['ci/full-values.yaml'] });
    const service = manifests.find(
      (m) => m.kind === 'Service' && m.metadata.name.endsWith('-api'),
    ) as unknown as { spec: { ports: { name: string; port: number }[] } };
    const metricsPort = service.spec.ports.find((p) => p.name === 'metrics')!.port;
    const backends = manifests
      .filter((m) => m.kind === 'Ingress')
      .flatMap(
        (m) =>
          (
            m as unknown as {
              spec: {
                rules: {
                  http: {
                    paths: { backend: { service: { port: { number?: number; name?: string } } } }[];
                  };
                }[];
              };
            }
          ).spec.rules,
      )
      .flatMap((r) => r.http.paths.map((p) => p.backend.service.port));
    expect(backends.length).toBeGreaterThan(0);
    for (const port of backends) {
      expect(port.number).not.toBe(metricsPort);
      expect(port.name).not.toBe('metrics');
    }
  });

  it('networkPolicy.enabled=false renders none', () => {
    const manifests = helmTemplate({ values: { networkPolicy: { enabled: false } } });
    expect(kinds(manifests, 'NetworkPolicy')).toEqual([]);
  });
});
