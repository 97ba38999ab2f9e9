// Credentials reach pods only through Secrets: never a ConfigMap, never an
// env value; existingSecret points every reference at the operator's Secret.
import { describe, expect, it } from 'vitest';
import type { Manifest } from './kube.ts';
import { find, helmTemplate, kinds } from './kube.ts';
import { container, envOf, podSpecs } from './pods.ts';

// Distinct, recognisable values so a leak anywhere is found by text search.
const inline = {
  database: {
    existingSecret: '',
    url: 'postgres://canopy:pg-leak-check@db:5432/canopy',
    keys: { url: 'DATABASE_URL' },
  },
  keycloak: { existingSecret: '', clientSecret: 'oidc-leak-check' },
  objectStore: {
    existingSecret: '',
    accessKey: 's3-access-leak-check',
    secretKey: 's3-secret-leak-check',
  },
  stripe: {
    existingSecret: '',
    secretKey: 'sk_test_leak_check',
    webhookSecret: 'whsec_leak_check',
  },
  smtp: { existingSecret: '', url: 'smtp://mailer:smtp-leak-check@mail:587' },
};
const secretValues = [
  'pg-leak-check',
  'oidc-leak-check',
  's3-access-leak-check',
  's3-secret-leak-check',
  'sk_test_leak_check',
  'whsec_leak_check',
  'smtp-leak-check',
];

const decoded = (secret: Manifest) =>
  Object.fromEntries(
    Object.entries((secret.data as Record<string, string>) ?? {}).map(([k, v]) => [
      k,
      Buffer.from(v, 'base64').toString('utf8'),
    ]),
  );

describe('inline credentials', () => {
  const manifests = helmTemplate({ values: inline });

  it('appear in no ConfigMap and in no env value, only in Secrets', () => {
    const notSecrets = manifests.filter((m) => m.kind !== 'Secret');
    const text = JSON.stringify(notSecrets);
    for (const value of secretValues) expect(text).not.toContain(value);
    for (const cm of kinds(manifests, 'ConfigMap')) {
      expect(Object.keys((cm.data as object) ?? {}).sort()).not.toEqual(
        expect.arrayContaining(['DATABASE_URL']),
      );
    }
  });

  it("are kept in the chart's Secret under the configured keys, and read from there", () => {
    const secret = find(manifests, 'Secret', 'canopy-secrets');
    expect(decoded(secret)).toEqual({
      DATABASE_URL: inline.database.url,
      OIDC_CLIENT_SECRET: 'oidc-leak-check',
      S3_ACCESS_KEY: 's3-access-leak-check',
      S3_SECRET_KEY: 's3-secret-leak-check',
      STRIPE_SECRET_KEY: 'sk_test_leak_check',
      STRIPE_WEBHOOK_SECRET: 'whsec_leak_check',
      SMTP_URL: inline.smtp.url,
    });
    const api = container(find(manifests, 'Deployment', 'canopy-api'));
    expect(envOf(api, 'DATABASE_URL')?.valueFrom?.secretKeyRef).toEqual({
      name: 'canopy-secrets',
      key: 'DATABASE_URL',
    });
  });

  it('give the migration hook its own hook Secret, since the release Secret does not exist yet at pre-install', () => {
    const hookSecret = find(manifests, 'Secret', 'canopy-migrate');
    expect(hookSecret.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(decoded(hookSecret)).toEqual({ DATABASE_URL: inline.database.url });
  });
});

describe('existingSecret', () => {
  const manifests = helmTemplate({
    values: {
      database: { existingSecret: 'pg-app', keys: { url: 'uri' } },
      keycloak: { existingSecret: 'kc', keys: { clientSecret: 'client-secret' } },
      objectStore: { existingSecret: 's3', keys: { accessKey: 'AK', secretKey: 'SK' } },
      stripe: { existingSecret: 'stripe', keys: { secretKey: 'sk', webhookSecret: 'wh' } },
      smtp: { existingSecret: 'mail', keys: { url: 'url' } },
    },
  });

  it('makes the chart create no Secret at all', () => {
    expect(kinds(manifests, 'Secret')).toEqual([]);
  });

  it('points every credential of every process at the named Secret and key', () => {
    const expected: Record<string, { name: string; key: string }> = {
      DATABASE_URL: { name: 'pg-app', key: 'uri' },
      OIDC_CLIENT_SECRET: { name: 'kc', key: 'client-secret' },
      S3_ACCESS_KEY: { name: 's3', key: 'AK' },
      S3_SECRET_KEY: { name: 's3', key: 'SK' },
      STRIPE_SECRET_KEY: { name: 'stripe', key: 'sk' },
      STRIPE_WEBHOOK_SECRET: { name: 'stripe', key: 'wh' },
      SMTP_URL: { name: 'mail', key: 'url' },
    };
    const needs: Record<string, string[]> = {
      'Deployment/canopy-api': [
        'DATABASE_URL',
        'S3_ACCESS_KEY',
        'S3_SECRET_KEY',
        'STRIPE_SECRET_KEY',
        'STRIPE_WEBHOOK_SECRET',
      ],
      'Deployment/canopy-worker-all': [
        'DATABASE_URL',
        'S3_ACCESS_KEY',
        'S3_SECRET_KEY',
        'STRIPE_SECRET_KEY',
        'SMTP_URL',
      ],
      'Deployment/canopy-web': ['OIDC_CLIENT_SECRET'],
      'Job/canopy-migrate': ['DATABASE_URL'],
    };
    const pods = Object.fromEntries(podSpecs(manifests).map((p) => [p.owner, p.pod]));
    for (const [owner, vars] of Object.entries(needs)) {
      const c = pods[owner]?.containers[0];
      expect(c, owner).toBeDefined();
      for (const name of vars) {
        expect(c && envOf(c, name)?.valueFrom?.secretKeyRef, `${owner} ${name}`).toEqual(
          expected[name],
        );
      }
    }
  });

  it("gives the dashboard the database's Secret only when its sessions are stored there", () => {
    const render = (values: Record<string, unknown>) => {
      const pods = podSpecs(helmTemplate({ values: { web: values } }));
      const of = (owner: string) => pods.find((p) => p.owner === owner)!.pod.containers[0]!;
      return { web: of('Deployment/canopy-web'), api: of('Deployment/canopy-api') };
    };
    const shared = render({ sessionStore: 'postgres', replicaCount: 2 });
    expect(envOf(shared.web, 'SESSION_STORE')?.value).toBe('postgres');
    expect(envOf(shared.web, 'DATABASE_URL')?.valueFrom?.secretKeyRef).toEqual(
      envOf(shared.api, 'DATABASE_URL')?.valueFrom?.secretKeyRef,
    );
    expect(envOf(shared.web, 'DATABASE_URL')?.valueFrom?.secretKeyRef).toBeDefined();
    const alone = render({}).web;
    expect(envOf(alone, 'SESSION_STORE')?.value).toBe('memory');
    expect(envOf(alone, 'DATABASE_URL')).toBeUndefined();
  });

  it('may be mixed with inline values: only the inline ones land in the chart Secret', () => {
    const mixed = helmTemplate({
      values: { smtp: { existingSecret: '', url: 'smtp://relay:587' } },
    });
    const secret = find(mixed, 'Secret', 'canopy-secrets');
    expect(Object.keys(decoded(secret))).toEqual(['SMTP_URL']);
    const worker = container(find(mixed, 'Deployment', 'canopy-worker-all'));
    expect(envOf(worker, 'SMTP_URL')?.valueFrom?.secretKeyRef?.name).toBe('canopy-secrets');
    expect(envOf(worker, 'DATABASE_URL')?.valueFrom?.secretKeyRef?.name).toBe('canopy-db-app');
  });
});

describe('configuration changes', () => {
  it('roll the pods: their template carries checksums of the ConfigMap and Secret', () => {
    const checksum = (values: Record<string, unknown>) => {
      const d = find(helmTemplate({ values }), 'Deployment', 'canopy-api');
      const spec = d.spec as { template: { metadata: { annotations: Record<string, string> } } };
      return spec.template.metadata.annotations['checksum/config'];
    };
    expect(checksum({ config: { logLevel: 'debug' } })).not.toBe(
      checksum({ config: { logLevel: 'info' } }),
    );
  });
});
