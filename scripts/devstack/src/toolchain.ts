import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { StackConfig } from './config.ts';

export class MissingToolError extends Error {}

export function have(command: string, args: string[] = ['--version']): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

export function log(message: string) {
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
