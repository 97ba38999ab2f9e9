// What each kustomize overlay gives an operator, read from `kustomize build`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from './kube.ts';
import { find, kinds, kustomizeBuild, parseManifests, repoRoot } from './kube.ts';
import { container, envOf, podSpecOf } from './pods.ts';

function build(overlay: string): Manifest[] {
  const r = kustomizeBuild(overlay);
  if (r.status !== 0) throw new Error(`kustomize build k8s/overlays/${overlay}:\n${r.stderr}`);
  return parseManifests(r.stdout);
}

const replicas = (m: Manifest) => (m.spec as { replicas?: number }).replicas;
const byPrefix = (manifests: Manifest[], kind: string, prefix: string) => {
  const found = kinds(manifests, kind).find((m) => m.metadata.name.startsWith(prefix));
  if (!found) throw new Error(`no ${kind} named ${prefix}…`);
  return found;
};

describe('the dev overlay', () => {
  let manifests: Manifest[] = [];
  beforeAll(() => {
    manifests = build('dev');
  });

  it("runs Canopy's processes once each, with Postgres, Temporal, Keycloak, MinIO, stripe-mock and Mailpit beside them", () => {
    for (const name of ['canopy-api', 'canopy-worker', 'canopy-web']) {
      expect(replicas(find(manifests, 'Deployment', name)), name).toBe(1);
    }
    const services = kinds(manifests, 'Service').map((s) => s.metadata.name);
    for (const dep of ['postgres', 'temporal', 'keycloak', 'minio', 'stripe-mock', 'mailpit']) {
      expect(services).toContain(dep);
    }
    expect(
      manifests.every(
        (m) =>
          m.kind === 'Namespace' ||
          (m.metadata as { namespace?: string }).namespace === 'canopy-dev',
      ),
    ).toBe(true);
  });

  it('points the processes at those in-cluster services', () => {
    const config = byPrefix(manifests, 'ConfigMap', 'canopy-config-');
    expect(config.data).toMatchObject({
      KEYCLOAK_URL: 'http://keycloak:8080',
      TEMPORAL_ADDRESS: 'temporal:7233',
      S3_ENDPOINT: 'http://minio:9000',
      STRIPE_API_URL: 'http://stripe-mock:12111',
    });
    const api = container(find(manifests, 'Deployment', 'canopy-api'));
    expect(envOf(api, 'DATABASE_URL')?.valueFrom?.secretKeyRef?.name).toMatch(/^canopy-secrets-/);
  });

  it("imports the canopy realm into Keycloak from a ConfigMap identical to the local stack's realm", () => {
    const realm = byPrefix(manifests, 'ConfigMap', 'keycloak-realm-');
    const source = readFileSync(
      join(repoRoot, 'scripts/devstack/keycloak/canopy-realm.json'),
      'utf8',
    );
    // kustomize reads only inside the overlay: k8s/overlays/dev/keycloak/canopy-realm.json is a
    // copy. If this fails, copy scripts/devstack/keycloak/canopy-realm.json over it.
    expect((realm.data as Record<string, string>)['canopy-realm.json']).toBe(source);
    const keycloak = podSpecOf(find(manifests, 'Deployment', 'keycloak'));
    expect(keycloak.volumes).toContainEqual({
      name: 'realm',
      configMap: { name: realm.metadata.name },
    });
    expect((keycloak.containers[0] as unknown as { args: string[] }).args).toContain(
      '--import-realm',
    );
  });
});

describe('the production overlay', () => {
  let manifests: Manifest[] = [];
  beforeAll(() => {
    manifests = build('production');
  });

  it('runs several API replicas with an autoscaler and disruption budget, and the ingest queue on its own workers', () => {
    expect(replicas(find(manifests, 'Deployment', 'canopy-api'))).toBe(3);
    expect(
      kinds(manifests, 'HorizontalPodAutoscaler')
        .map((h) => h.metadata.name)
        .sort(),
    ).toEqual(['canopy-api', 'canopy-worker-ingest']);
    expect(kinds(manifests, 'PodDisruptionBudget')).toHaveLength(2);
    const queues = (name: string) =>
      envOf(container(find(manifests, 'Deployment', name)), 'WORKER_TASK_QUEUES')?.value;
    expect(queues('canopy-worker-ingest')).toBe('canopy-ingest');
    expect(queues('canopy-worker')).toBe(
      'canopy-system,canopy-payments,canopy-goals,canopy-notify',
    );
  });

  it('uses the Secret the operator created, and runs no dependency of its own', () => {
    expect(kinds(manifests, 'Secret')).toEqual([]);
    expect(kinds(manifests, 'StatefulSet')).toEqual([]);
    const api = container(find(manifests, 'Deployment', 'canopy-api'));
    expect(envOf(api, 'STRIPE_SECRET_KEY')?.valueFrom?.secretKeyRef).toEqual({
      name: 'canopy-secrets',
      key: 'STRIPE_SECRET_KEY',
    });
    expect(api.image).toBe('registry.example.org/canopy/api:0.1.0');
  });

  it('serves both hosts over TLS', () => {
    for (const ingress of kinds(manifests, 'Ingress')) {
      const spec = ingress.spec as {
        tls: { hosts: string[]; secretName: string }[];
        rules: { host: string }[];
      };
      expect(spec.tls[0]?.hosts).toEqual([spec.rules[0]?.host]);
      expect(spec.tls[0]?.secretName).toBe('canopy-tls');
    }
  });

  it('names a peer in every egress rule except DNS', () => {
    for (const policy of kinds(manifests, 'NetworkPolicy')) {
      const egress = (policy.spec as { egress?: { to?: unknown[] }[] }).egress ?? [];
      for (const rule of egress) expect(rule.to?.length, policy.metadata.name).toBeGreaterThan(0);
    }
  });
});
