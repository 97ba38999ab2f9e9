// An operator reads values.yaml to configure Canopy: every setting says what
// it does, and the Ingresses do what the values promise.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { chartDir, find, helmTemplate, kinds } from './kube.ts';

/**
 * Paths of settings (scalars, lists of scalars, empty maps, resources blocks)
 * with no helm-docs style `# --` comment above them.
 */
function undocumented(): string[] {
  const doc = parseDocument(readFileSync(join(chartDir, 'values.yaml'), 'utf8'));
  const missing: string[] = [];
  const isLeaf = (node: unknown) =>
    isScalar(node) ||
    (isSeq(node) && node.items.every((i) => isScalar(i))) ||
    (isMap(node) && node.items.length === 0);
  const walk = (node: unknown, path: string) => {
    if (isMap(node)) {
      node.items.forEach((pair, i) => {
        const key = isScalar(pair.key) ? String(pair.key.value) : '?';
        const here = path ? `${path}.${key}` : key;
        // A Kubernetes resources block is one setting, described as a whole.
        if (isLeaf(pair.value) || key === 'resources') {
          const comment =
            (pair.key as { commentBefore?: string | null }).commentBefore ??
            (i === 0 ? node.commentBefore : undefined) ??
            '';
          if (!/(^|\n)\s*-- \S/.test(comment)) missing.push(here);
        } else {
          walk(pair.value, here);
        }
      });
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, `${path}[${i}]`));
    }
  };
  walk(doc.contents, '');
  return missing;
}

describe('values.yaml', () => {
  it('documents every setting with a `# --` comment above it', () => {
    expect(undocumented()).toEqual([]);
  });
});

describe('ingress', () => {
  const manifests = helmTemplate({ valuesFiles: ['ci/full-values.yaml'] });

  it('serves the API and the dashboard on their own hosts over TLS', () => {
    const hosts = kinds(manifests, 'Ingress').map((i) => {
      const spec = i.spec as {
        ingressClassName: string;
        tls: { hosts: string[]; secretName: string }[];
        rules: {
          host: string;
          http: { paths: { backend: { service: { name: string; port: { number: number } } } }[] };
        }[];
      };
      const rule = spec.rules[0];
      return {
        host: rule?.host,
        tls: spec.tls,
        backend: rule?.http.paths[0]?.backend.service,
        className: spec.ingressClassName,
      };
    });
    expect(hosts).toEqual([
      {
        host: 'api.canopy.example.org',
        tls: [{ hosts: ['api.canopy.example.org'], secretName: 'canopy-tls' }],
        backend: { name: 'canopy-api', port: { number: 80 } },
        className: 'nginx',
      },
      {
        host: 'canopy.example.org',
        tls: [{ hosts: ['canopy.example.org'], secretName: 'canopy-tls' }],
        backend: { name: 'canopy-web', port: { number: 80 } },
        className: 'nginx',
      },
    ]);
  });

  it('puts the sticky-session cookie on the dashboard only, never on the API', () => {
    const web = find(manifests, 'Ingress', 'canopy-web').metadata.annotations ?? {};
    const api = find(manifests, 'Ingress', 'canopy-api').metadata.annotations ?? {};
    expect(web['nginx.ingress.kubernetes.io/affinity']).toBe('cookie');
    expect(web['nginx.ingress.kubernetes.io/session-cookie-secure']).toBe('true');
    expect(Object.keys(api).filter((k) => k.includes('affinity'))).toEqual([]);
  });

  it('is left out by default, when the operator brings their own', () => {
    expect(kinds(helmTemplate(), 'Ingress')).toEqual([]);
  });
});
