// Values that cannot work are refused by `helm template` (so by install and
// upgrade too) with every problem listed and the value to change named.
import { describe, expect, it } from 'vitest';
import { helmTemplateRaw } from './kube.ts';

function refusal(values: Record<string, unknown>): string {
  const r = helmTemplateRaw({ values });
  expect(r.status, 'helm template should have failed').not.toBe(0);
  expect(r.stdout).toBe('');
  return r.stderr;
}

describe('validations', () => {
  it.each([
    {
      what: 'a credential given both as an existing Secret and inline',
      values: { database: { url: 'postgres://u:p@db:5432/c' } },
      message:
        'database: existingSecret "canopy-db-app" and inline url are both set; keep the Secret and remove url',
    },
    {
      what: 'half of an inline key pair',
      values: { objectStore: { existingSecret: '', accessKey: 'only-the-access-key' } },
      message:
        'objectStore: set objectStore.existingSecret (a Secret with keys S3_ACCESS_KEY, S3_SECRET_KEY) or every one of accessKey, secretKey',
    },
    {
      what: 'no source at all for the SMTP URL',
      values: { smtp: { existingSecret: '' } },
      message: 'smtp: set smtp.existingSecret (a Secret with keys SMTP_URL) or every one of url',
    },
    {
      what: 'two dashboard replicas while sessions live in memory',
      values: { web: { replicaCount: 2 } },
      message:
        "with web.sessionStore=memory the dashboard keeps sign-in sessions in one pod's memory",
    },
    {
      what: 'sticky sessions without an ingress to make them',
      values: { web: { sessionAffinity: 'ingressCookie' } },
      message: 'web.sessionAffinity: ingressCookie needs ingress.enabled=true',
    },
    {
      what: 'an autoscaler whose floor is above its ceiling',
      values: { api: { autoscaling: { enabled: true, minReplicas: 5, maxReplicas: 2 } } },
      message: 'api.autoscaling: minReplicas (5) is above maxReplicas (2)',
    },
    {
      what: 'a task queue no worker pool polls',
      values: {
        worker: {
          pools: [
            {
              name: 'payments',
              taskQueues: ['canopy-payments'],
              replicaCount: 1,
              resources: {},
              autoscaling: {
                enabled: false,
                minReplicas: 1,
                maxReplicas: 2,
                targetCPUUtilizationPercentage: 80,
              },
            },
          ],
        },
      },
      message: 'worker.pools: no pool polls the task queue "canopy-notify"',
    },
    {
      what: 'an ingress without hosts or certificate',
      values: { ingress: { enabled: true } },
      message: 'ingress.tls.secretName: is not set while ingress.tls.enabled=true',
    },
    {
      what: 'no Keycloak URL',
      values: { keycloak: { url: '' } },
      message: 'keycloak.url: is not set',
    },
  ])('refuse $what', ({ values, message }) => {
    const stderr = refusal(values);
    expect(stderr).toContain('The values contradict each other or miss something:');
    expect(stderr).toContain(message);
  });

  it('list every problem at once', () => {
    const stderr = refusal({
      ingress: { enabled: true },
      web: { replicaCount: 3 },
      temporal: { address: '' },
    });
    expect(stderr).toContain('ingress.api.host: is not set');
    expect(stderr).toContain('ingress.web.host: is not set');
    expect(stderr).toContain('ingress.tls.secretName: is not set');
    expect(stderr).toContain("sign-in sessions in one pod's memory");
    expect(stderr).toContain('temporal.address: is not set');
  });

  it('the schema refuses a wrong type or an unknown key, naming it', () => {
    expect(refusal({ api: { replicaCount: 'two' } })).toMatch(/api\.replicaCount|replicaCount/);
    expect(refusal({ api: { replicas: 2 } })).toMatch(/replicas/);
    expect(
      refusal({
        stripe: { existingSecret: '', secretKey: 'pk_live_oops', webhookSecret: 'whsec_x' },
      }),
    ).toMatch(/secretKey/);
  });

  it('a dashboard left out needs no OIDC client secret', () => {
    const r = helmTemplateRaw({
      values: { web: { enabled: false }, keycloak: { existingSecret: '' } },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
