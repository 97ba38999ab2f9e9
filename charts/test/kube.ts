// Runs helm, kustomize and kubeconform for the tests and parses what they print.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';
import { parseAllDocuments } from 'yaml';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const chartDir = join(repoRoot, 'charts/canopy');

/** The oldest Kubernetes the chart supports (Chart.yaml kubeVersion) and the newest release. */
export const kubernetesVersions = ['1.30.0', '1.37.0'] as const;

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

export function parseManifests(text: string): Manifest[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length) throw new Error(`unparsable YAML: ${doc.errors[0]?.message}`);
      return doc.toJS() as Manifest | null;
    })
    .filter((m): m is Manifest => m !== null);
}

export interface RenderOptions {
  valuesFiles?: string[];
  /** Values as YAML-able objects, written to a temporary file and passed after valuesFiles. */
  values?: Record<string, unknown>;
}

/** `helm template` of the chart; status and stderr so tests can read refusals. */
export function helmTemplateRaw(opts: RenderOptions = {}) {
  const { helm } = inject('k8sTools');
  const dir = mkdtempSync(join(tmpdir(), 'canopy-chart-'));
  try {
    const args = ['template', 'canopy', chartDir, '--namespace', 'canopy'];
    args.push('--kube-version', kubernetesVersions[1]);
    for (const f of opts.valuesFiles ?? []) args.push('--values', join(chartDir, f));
    if (opts.values) {
      const file = join(dir, 'values.json');
      writeFileSync(file, JSON.stringify(opts.values));
      args.push('--values', file);
    }
    return run(helm, args);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `helm template` that must succeed, parsed into manifests. */
export function helmTemplate(opts: RenderOptions = {}): Manifest[] {
  const result = helmTemplateRaw(opts);
  if (result.status !== 0) throw new Error(`helm template failed:\n${result.stderr}`);
  return parseManifests(result.stdout);
}

export function helmLint(valuesFiles: string[] = []) {
  const { helm } = inject('k8sTools');
  const args = ['lint', chartDir, '--strict', '--kube-version', kubernetesVersions[1]];
  for (const f of valuesFiles) args.push('--values', join(chartDir, f));
  return run(helm, args);
}

export function kustomizeBuild(overlay: string) {
  const { kustomize } = inject('k8sTools');
  return run(kustomize, ['build', join(repoRoot, 'k8s/overlays', overlay)]);
}

export interface Conformance {
  valid: number;
  invalid: string[];
  skipped: string[];
}

/**
 * Validates sets of manifests with kubeconform in strict mode (unknown fields
 * fail) against the JSON schemas of one Kubernetes release, in one run: it
 * compiles each kind's schema once, which is most of its time. Kinds without a
 * schema there (CRDs such as ServiceMonitor) are errors unless in skipKinds.
 */
export function kubeconform(
  sets: Record<string, string>,
  kubernetesVersion: string,
  skipKinds: string[] = [],
): Record<string, Conformance> {
  const { kubeconform: bin, schemaDir } = inject('k8sTools');
  const dir = mkdtempSync(join(tmpdir(), 'canopy-kubeconform-'));
  try {
    const names = Object.keys(sets);
    const files = names.map((name, i) => {
      const file = join(dir, `${i}.yaml`);
      writeFileSync(file, sets[name] ?? '');
      return file;
    });
    const args = [
      '-strict',
      '-output',
      'json',
      '-verbose',
      '-kubernetes-version',
      kubernetesVersion,
      '-schema-location',
      `${schemaDir}/{{ .NormalizedKubernetesVersion }}-local-strict/{{ .ResourceKind }}{{ .KindSuffix }}.json`,
    ];
    if (skipKinds.length) args.push('-skip', skipKinds.join(','));
    const result = run(bin, [...args, ...files]);
    const report = JSON.parse(result.stdout) as {
      resources: { filename: string; kind: string; name: string; status: string; msg: string }[];
    };
    return Object.fromEntries(
      names.map((name, i) => {
        const resources = (report.resources ?? []).filter((r) => r.filename === files[i]);
        return [
          name,
          {
            valid: resources.filter((r) => r.status === 'statusValid').length,
            invalid: resources
              .filter((r) => r.status === 'statusInvalid' || r.status === 'statusError')
              .map((r) => `${r.kind}/${r.name}: ${r.msg}`),
            skipped: resources.filter((r) => r.status === 'statusSkipped').map((r) => r.kind),
          },
        ];
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const kinds = (manifests: Manifest[], kind: string) =>
  manifests.filter((m) => m.kind === kind);

export function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) {
    const names = kinds(manifests, kind).map((m) => m.metadata.name);
    throw new Error(`no ${kind} named ${name} (have: ${names.join(', ') || 'none'})`);
  }
  return found;
}
