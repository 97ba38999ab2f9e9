// The migration Job runs before anything else on install and before the new
// pods on upgrade, and everything it needs exists by then.
import { describe, expect, it } from 'vitest';
import type { Manifest } from './kube.ts';
import { find, helmTemplate, kinds } from './kube.ts';
import { container, podSpecOf } from './pods.ts';

const hook = (m: Manifest) => m.metadata.annotations?.['helm.sh/hook'];
const weight = (m: Manifest) => Number(m.metadata.annotations?.['helm.sh/hook-weight'] ?? 0);

describe.each([
  {
    name: 'inline database URL',
    values: { database: { existingSecret: '', url: 'postgres://u:p@db:5432/c' } },
  },
  { name: 'existing Secret', values: {} },
])('the migration hook with an $name', ({ values }) => {
  const manifests = helmTemplate({ values });
  const job = find(manifests, 'Job', 'canopy-migrate');

  it('is a pre-install and pre-upgrade hook, replaced on each run and removed once it succeeded', () => {
    expect(hook(job)).toBe('pre-install,pre-upgrade');
    expect(job.metadata.annotations?.['helm.sh/hook-delete-policy']).toBe(
      'before-hook-creation,hook-succeeded',
    );
    const c = container(job);
    expect(c.image).toBe('canopy/migrate:0.1.0');
    expect((c as unknown as { args: string[] }).args).toEqual(['migrate', 'latest']);
    const spec = job.spec as {
      backoffLimit: number;
      template: { spec: { restartPolicy: string } };
    };
    expect(spec.template.spec.restartPolicy).toBe('Never');
    expect(spec.backoffLimit).toBeGreaterThanOrEqual(0);
  });

  it('only uses objects that exist before it: lighter hooks of the same phases, or Secrets the operator made', () => {
    const pod = podSpecOf(job);
    const refs: { kind: string; name: string }[] = [
      { kind: 'ServiceAccount', name: pod.serviceAccountName ?? 'default' },
    ];
    for (const c of pod.containers) {
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef;
        if (ref) refs.push({ kind: 'Secret', name: ref.name });
      }
      for (const from of c.envFrom ?? []) {
        if (from.configMapRef) refs.push({ kind: 'ConfigMap', name: from.configMapRef.name });
        if (from.secretRef) refs.push({ kind: 'Secret', name: from.secretRef.name });
      }
    }
    for (const ref of refs) {
      const rendered = manifests.find((m) => m.kind === ref.kind && m.metadata.name === ref.name);
      if (!rendered) {
        // Not the chart's: must be the operator's existingSecret.
        expect(ref).toEqual({ kind: 'Secret', name: 'canopy-db-app' });
        continue;
      }
      expect(hook(rendered), `${ref.kind}/${ref.name}`).toBe('pre-install,pre-upgrade');
      expect(weight(rendered), `${ref.kind}/${ref.name}`).toBeLessThan(weight(job));
    }
  });
});

describe('hooks', () => {
  it('the release Secret is never what the migration reads (it does not exist at pre-install)', () => {
    const manifests = helmTemplate({ valuesFiles: ['ci/minimal-values.yaml'] });
    const env = container(find(manifests, 'Job', 'canopy-migrate')).env ?? [];
    expect(env.map((e) => e.valueFrom?.secretKeyRef?.name)).toEqual(['canopy-migrate']);
    expect(hook(find(manifests, 'Secret', 'canopy-secrets'))).toBeUndefined();
  });

  it('only the migration objects and the test pod are hooks', () => {
    const manifests = helmTemplate({ valuesFiles: ['ci/minimal-values.yaml'] });
    const hooks = manifests.filter(hook).map((m) => `${m.kind}/${m.metadata.name}:${hook(m)}`);
    expect(hooks.sort()).toEqual([
      'Job/canopy-migrate:pre-install,pre-upgrade',
      'Pod/canopy-test:test',
      'Secret/canopy-migrate:pre-install,pre-upgrade',
      'ServiceAccount/canopy-migrate:pre-install,pre-upgrade',
    ]);
  });

  it('migrations.enabled=false leaves the job and its hook objects out', () => {
    const manifests = helmTemplate({ values: { migrations: { enabled: false } } });
    expect(kinds(manifests, 'Job')).toEqual([]);
    expect(manifests.filter((m) => m.metadata.name === 'canopy-migrate')).toEqual([]);
  });
});
