// Every pod the chart (or an overlay) can run meets the restricted Pod
// Security Standard, writes only to /tmp, and the API is probed where it says.
import { describe, expect, it } from 'vitest';
import type { Manifest } from './kube.ts';
import { find, helmTemplate, kustomizeBuild, parseManifests } from './kube.ts';
import { container, podSpecs } from './pods.ts';

const everything = () => helmTemplate({ valuesFiles: ['ci/full-values.yaml'] });

function expectRestricted(manifests: Manifest[], options: { containerSeccomp: boolean }) {
  const pods = podSpecs(manifests);
  expect(pods.length).toBeGreaterThan(0);
  for (const { owner, pod } of pods) {
    expect(pod.securityContext, owner).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(Number(pod.securityContext?.runAsUser), owner).toBeGreaterThan(0);
    expect(pod.automountServiceAccountToken, owner).toBe(false);
    for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
      const where = `${owner} container ${c.name}`;
      expect(c.securityContext, where).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      if (options.containerSeccomp) {
        expect(c.securityContext?.seccompProfile, where).toEqual({ type: 'RuntimeDefault' });
      }
      // A read-only root needs somewhere to write temporary files.
      expect(c.volumeMounts ?? [], where).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
      expect(c.resources?.requests, where).toBeDefined();
      expect(c.resources?.limits?.memory, where).toBeDefined();
    }
    expect(pod.volumes?.find((v) => v.name === 'tmp')?.emptyDir, owner).toBeDefined();
  }
}

describe('pod security', () => {
  it('every pod of the chart runs restricted: non-root, no privilege escalation, no capabilities, RuntimeDefault seccomp, read-only root', () => {
    const manifests = everything();
    expect(podSpecs(manifests).map((p) => p.owner)).toEqual(
      expect.arrayContaining([
        'Deployment/canopy-api',
        'Deployment/canopy-web',
        'Deployment/canopy-worker-all',
        'Job/canopy-migrate',
        'Pod/canopy-test',
      ]),
    );
    expectRestricted(manifests, { containerSeccomp: true });
  });

  it('holds for the production-like values too (one Deployment per worker pool)', () => {
    expectRestricted(helmTemplate({ valuesFiles: ['ci/production-values.yaml'] }), {
      containerSeccomp: true,
    });
  });

  it("holds for Canopy's own pods in both kustomize overlays", () => {
    for (const overlay of ['dev', 'production']) {
      const built = kustomizeBuild(overlay);
      expect(built.status, built.stderr).toBe(0);
      // The dev overlay's Postgres, Keycloak and MinIO are third-party images held to baseline.
      const canopy = parseManifests(built.stdout).filter(
        (m) =>
          m.metadata.labels?.['app.kubernetes.io/name'] === 'canopy' &&
          m.metadata.labels['app.kubernetes.io/component'] !== 'demo-seed',
      );
      expectRestricted(canopy, { containerSeccomp: false });
    }
  });

  it('takes the user and group from values, never root', () => {
    const manifests = helmTemplate({
      values: { securityContext: { runAsUser: 10001, runAsGroup: 10001 } },
    });
    for (const { pod } of podSpecs(manifests)) {
      expect(pod.securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10001 });
    }
  });
});

describe('probes', () => {
  it('the API is live on /healthz and ready on /readyz (which checks its dependencies)', () => {
    const api = container(find(everything(), 'Deployment', 'canopy-api'));
    expect(api.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(api.startupProbe?.httpGet?.path).toBe('/healthz');
    expect(api.readinessProbe?.httpGet?.path).toBe('/readyz');
  });

  it('the dashboard is probed on a page that needs no session', () => {
    const web = container(find(everything(), 'Deployment', 'canopy-web'));
    expect(web.livenessProbe?.httpGet?.path).toBe('/signed-out');
    expect(web.readinessProbe?.httpGet?.path).toBe('/signed-out');
  });

  it('helm test calls the API Service on /healthz', () => {
    const test = find(everything(), 'Pod', 'canopy-test');
    expect(test.metadata.annotations?.['helm.sh/hook']).toBe('test');
    const c = container(test);
    expect(c.image).toMatch(/canopy\/api@sha256:/);
    expect((c as unknown as { command: string[] }).command.at(-1)).toBe(
      'http://canopy-api:80/healthz',
    );
  });
});
