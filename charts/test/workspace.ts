// The workspace's packages and the production dependency graph between them.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from './kube.ts';

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
}

/** Package name → directory (relative to the repository root) of every workspace package. */
export function workspacePackages(): Map<string, string> {
  const files = execFileSync('git', ['ls-files', '*package.json'], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => f && f !== 'package.json' && !f.includes('node_modules'));
  const out = new Map<string, string>();
  for (const file of files) {
    const manifest = JSON.parse(readFileSync(join(repoRoot, file), 'utf8')) as Manifest;
    out.set(manifest.name, dirname(file));
  }
  return out;
}

/** Directories of a package and every workspace package it needs at run time. */
export function productionClosure(name: string): string[] {
  const packages = workspacePackages();
  const seen = new Set<string>();
  const visit = (pkg: string) => {
    const dir = packages.get(pkg);
    if (!dir || seen.has(dir)) return;
    seen.add(dir);
    const manifest = JSON.parse(
      readFileSync(join(repoRoot, dir, 'package.json'), 'utf8'),
    ) as Manifest;
    for (const [dep, spec] of Object.entries(manifest.dependencies ?? {})) {
      if (spec.startsWith('workspace:')) visit(dep);
    }
  };
  visit(name);
  return [...seen].sort();
}
