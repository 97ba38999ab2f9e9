// Invitation emails link to the dashboard: the worker is told its public
// address, from the operator's value or from the web Ingress.
import { describe, expect, it } from 'vitest';
import { find, helmTemplate, helmTemplateRaw, kustomizeBuild, parseManifests } from './kube.ts';

const publicUrlOf = (values: Record<string, unknown>) => {
  const config = find(helmTemplate({ values }), 'ConfigMap', 'canopy-config');
  return (config.data as Record<string, string>).WEB_PUBLIC_URL;
};

describe("the dashboard's public address given to the worker", () => {
  it('is web.publicUrl when set, without a trailing slash', () => {
    expect(
      publicUrlOf({
        web: { publicUrl: 'https://green.example.org/canopy/' },
        ingress: {
          enabled: true,
          web: { host: 'o.org' },
          api: { host: 'a.org' },
          tls: { enabled: false },
        },
      }),
    ).toBe('https://green.example.org/canopy');
  });

  it("is the web Ingress's host otherwise, over https only with TLS on", () => {
    const ingress = { enabled: true, api: { host: 'api.example.org' }, web: { host: 'c.org' } };
    expect(publicUrlOf({ ingress: { ...ingress, tls: { secretName: 'tls' } } })).toBe(
      'https://c.org',
    );
    expect(publicUrlOf({ ingress: { ...ingress, tls: { enabled: false } } })).toBe('http://c.org');
  });

  it('is the port-forward of the install notes without an Ingress', () => {
    expect(publicUrlOf({})).toBe('http://localhost:8080');
  });

  it('refuses a value that is not an http(s) address, naming it', () => {
    const r = helmTemplateRaw({ values: { web: { publicUrl: 'javascript:alert(1)' } } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/publicUrl/);
  });

  it('is the production host in the production kustomize overlay', () => {
    const r = kustomizeBuild('production');
    expect(r.status, r.stderr).toBe(0);
    const config = parseManifests(r.stdout).find(
      (m) => m.kind === 'ConfigMap' && m.metadata.name.startsWith('canopy-config-'),
    );
    expect(config?.data).toMatchObject({ WEB_PUBLIC_URL: 'https://canopy.example.org' });
  });
});
