// The chart lints and renders for its default values and every CI values file,
// and every object it renders — and every object the kustomize overlays build —
// is valid for the oldest supported and the newest Kubernetes release.
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Conformance } from './kube.ts';
import {
  helmLint,
  helmTemplate,
  helmTemplateRaw,
  kinds,
  kubeconform,
  kubernetesVersions,
  kustomizeBuild,
} from './kube.ts';

const valueSets = [
  { name: 'default values', files: [] },
  { name: 'minimal', files: ['ci/minimal-values.yaml'] },
  { name: 'production-like', files: ['ci/production-values.yaml'] },
  { name: 'everything enabled', files: ['ci/full-values.yaml'] },
];
const overlays = ['dev', 'production'];

const rendered: Record<string, string> = {};
const results: Record<string, Record<string, Conformance>> = {};

beforeAll(() => {
  for (const set of valueSets) {
    const out = helmTemplateRaw({ valuesFiles: set.files });
    if (out.status !== 0) throw new Error(`helm template (${set.name}) failed:\n${out.stderr}`);
    rendered[`chart, ${set.name}`] = out.stdout;
  }
  for (const overlay of overlays) {
    const out = kustomizeBuild(overlay);
    if (out.status !== 0)
      throw new Error(`kustomize build k8s/overlays/${overlay} failed:\n${out.stderr}`);
    rendered[`k8s/overlays/${overlay}`] = out.stdout;
  }
  // A misspelt field, to show the validation can fail at all.
  const deployment = helmTemplate().find((m) => m.kind === 'Deployment');
  rendered['misspelt'] = stringify({
    ...deployment,
    spec: { ...(deployment?.spec as object), replica: 2 },
  });
  for (const version of kubernetesVersions) {
    // ServiceMonitor is a Prometheus Operator CRD: no schema in Kubernetes' own set.
    results[version] = kubeconform(rendered, version, ['ServiceMonitor']);
  }
});

describe.each(valueSets)('chart with $name', ({ name, files }) => {
  it('passes helm lint --strict', () => {
    const result = helmLint(files);
    expect(result.stderr + result.stdout).toContain('0 chart(s) failed');
    expect(result.status).toBe(0);
  });

  it.each(kubernetesVersions)('renders objects valid for Kubernetes %s', (version) => {
    const result = results[version]?.[`chart, ${name}`];
    expect(result?.invalid).toEqual([]);
    expect(result?.valid).toBeGreaterThanOrEqual(12);
  });
});

describe.each(overlays)('kustomize overlay %s', (overlay) => {
  it.each(kubernetesVersions)('builds objects valid for Kubernetes %s', (version) => {
    const result = results[version]?.[`k8s/overlays/${overlay}`];
    expect(result?.invalid).toEqual([]);
    expect(result?.skipped).toEqual([]);
    expect(result?.valid).toBeGreaterThanOrEqual(10);
  });
});

describe('the schema validation itself', () => {
  it('rejects a misspelt field, so a valid result means something', () => {
    for (const version of kubernetesVersions) {
      expect(results[version]?.['misspelt']?.invalid.join('\n')).toMatch(/replica/);
    }
  });
});

describe('the ServiceMonitor, a Prometheus Operator CRD outside the Kubernetes schemas', () => {
  const render = (interval: string) =>
    helmTemplate({
      valuesFiles: ['ci/full-values.yaml'],
      values: { serviceMonitor: { interval } },
    }).find((m) => m.kind === 'ServiceMonitor');

  it("is valid for the Prometheus Operator's own schema (kubernetes-models)", () => {
    const monitor = render('30s');
    expect(monitor?.spec).toMatchObject({ endpoints: [{ port: 'metrics', path: '/metrics' }] });
    expect(() => new ServiceMonitor(monitor as never).validate()).not.toThrow();
  });

  it('would be refused with a malformed interval, so the check means something', () => {
    // The chart's own schema refuses it first; render with a value it allows
    // and break the object afterwards.
    const monitor = render('1m') as unknown as { spec: { endpoints: { interval: string }[] } };
    const endpoint = monitor.spec.endpoints[0];
    if (endpoint) endpoint.interval = 'every minute';
    expect(() => new ServiceMonitor(monitor as never).validate()).toThrow(/interval/);
  });
});

describe('what each values file turns on', () => {
  it('the everything-enabled file renders every kind the chart has', () => {
    const manifests = helmTemplate({ valuesFiles: ['ci/full-values.yaml'] });
    const present = new Set(manifests.map((m) => m.kind));
    for (const kind of [
      'ConfigMap',
      'Deployment',
      'Service',
      'ServiceAccount',
      'Job',
      'Pod',
      'Ingress',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'NetworkPolicy',
      'ServiceMonitor',
    ]) {
      expect(present, kind).toContain(kind);
    }
    expect(kinds(manifests, 'HorizontalPodAutoscaler').map((m) => m.metadata.name)).toEqual(
      expect.arrayContaining(['canopy-api', 'canopy-web', 'canopy-worker-all']),
    );
  });

  it('the production-like file runs one worker Deployment per pool with its own queues', () => {
    const manifests = helmTemplate({ valuesFiles: ['ci/production-values.yaml'] });
    const workers = kinds(manifests, 'Deployment').filter((d) =>
      d.metadata.name.startsWith('canopy-worker-'),
    );
    const queues = Object.fromEntries(
      workers.map((d) => {
        const spec = d.spec as {
          template: { spec: { containers: { env: { name: string; value?: string }[] }[] } };
        };
        const env = spec.template.spec.containers[0]?.env ?? [];
        return [d.metadata.name, env.find((e) => e.name === 'WORKER_TASK_QUEUES')?.value];
      }),
    );
    expect(queues).toEqual({
      'canopy-worker-ingest': 'canopy-ingest',
      'canopy-worker-core': 'canopy-system,canopy-payments,canopy-goals,canopy-notify',
    });
  });
});
