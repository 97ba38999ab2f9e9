// The environment the chart gives each process is one that process accepts:
// its own configuration parser reads the rendered ConfigMap, env and Secret.
import { parseApiEnv } from '@canopy/api';
import { describe, expect, it } from 'vitest';
// The worker's parser is not part of @canopy/workflows' exports.
import { parseWorkerEnv } from '../../workflows/src/worker-env.ts';
import type { Manifest } from './kube.ts';
import { find, helmTemplate, kinds } from './kube.ts';
import { container } from './pods.ts';

const manifests = helmTemplate({ valuesFiles: ['ci/minimal-values.yaml'] });

/** The environment a container starts with, Secrets resolved from the chart's own Secret. */
function environment(workload: Manifest): NodeJS.ProcessEnv {
  const secrets = Object.fromEntries(
    kinds(manifests, 'Secret').map((s) => [
      s.metadata.name,
      Object.fromEntries(
        Object.entries(s.data as Record<string, string>).map(([k, v]) => [
          k,
          Buffer.from(v, 'base64').toString('utf8'),
        ]),
      ),
    ]),
  );
  const c = container(workload);
  const env: NodeJS.ProcessEnv = {};
  for (const from of c.envFrom ?? []) {
    const name = from.configMapRef?.name;
    if (name) Object.assign(env, find(manifests, 'ConfigMap', name).data);
  }
  for (const e of c.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    env[e.name] = ref ? secrets[ref.name]?.[ref.key] : e.value;
  }
  return env;
}

describe('the rendered environment', () => {
  it("is accepted by the API's configuration parser", () => {
    const env = parseApiEnv(environment(find(manifests, 'Deployment', 'canopy-api')));
    expect(env).toMatchObject({
      PORT: 3000,
      DATABASE_URL: 'postgres://canopy:trial-password@postgres.canopy-deps.svc:5432/canopy',
      KEYCLOAK_URL: 'http://keycloak.canopy-deps.svc:8080',
      TEMPORAL_ADDRESS: 'temporal.canopy-deps.svc:7233',
      S3_ENDPOINT: 'http://minio.canopy-deps.svc:9000',
      STRIPE_SECRET_KEY: 'sk_test_trial',
      STRIPE_WEBHOOK_SECRET: 'whsec_trial',
    });
  });

  it("is accepted by the worker's, which then polls every task queue", () => {
    const env = parseWorkerEnv(environment(find(manifests, 'Deployment', 'canopy-worker-all')));
    expect(env.SMTP_URL).toBe('smtp://mail.canopy-deps.svc:1025');
    expect(env.S3_ACCESS_KEY).toBe('canopy-trial');
    expect(env.WORKER_TASK_QUEUES).toEqual([
      'canopy-system',
      'canopy-payments',
      'canopy-goals',
      'canopy-notify',
      'canopy-ingest',
    ]);
  });

  it('would be refused by the API were a credential missing, so the check means something', () => {
    const env = environment(find(manifests, 'Deployment', 'canopy-api'));
    delete env.STRIPE_WEBHOOK_SECRET;
    expect(() => parseApiEnv(env)).toThrow(/STRIPE_WEBHOOK_SECRET: is not set/);
  });
});
