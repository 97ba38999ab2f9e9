// Members' webhooks leave from the worker: the NetworkPolicies, evaluated, let
// them reach public addresses on 443 and nothing private, while the worker
// keeps every dependency it had; and the install notes say when another rule
// undoes that limit.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { chartDir, find, helmTemplate, kubernetesVersions, parseManifests } from './kube.ts';
import type { Endpoint } from './netpol.ts';
import { canConnect } from './netpol.ts';
import {
  chartApi as api,
  chartWorker as worker,
  egressRules,
  ns,
  privateAddresses,
  publicHook,
} from './webhook-endpoints.ts';

const postgres: Endpoint = { namespace: ns, labels: { 'cnpg.io/cluster': 'canopy-db' } };
const temporal: Endpoint = {
  namespace: 'temporal',
  labels: { 'app.kubernetes.io/component': 'frontend' },
};
const minio: Endpoint = { namespace: 'minio', labels: { 'v1.min.io/tenant': 'minio' } };
const smtpRelay: Endpoint = { ip: '192.0.2.25' };
const inClusterService: Endpoint = { namespace: 'default', labels: { app: 'kubernetes-api' } };

describe('webhook egress with the production-like values', () => {
  const manifests = helmTemplate({ valuesFiles: ['ci/production-values.yaml'] });
  const can = (from: Endpoint, to: Endpoint, port: number) =>
    canConnect(manifests, ns, from, to, port);

  it('lets the worker post to a public address on 443', () => {
    expect(can(worker, publicHook, 443)).toBe(true);
  });

  it.each(privateAddresses)('keeps the worker off %s on 443 and 80', (ip) => {
    expect(can(worker, { ip }, 443)).toBe(false);
    expect(can(worker, { ip }, 80)).toBe(false);
  });

  it('keeps the worker off public addresses on other ports, and off pods', () => {
    expect(can(worker, publicHook, 8443)).toBe(false);
    expect(can(worker, publicHook, 22)).toBe(false);
    expect(can(worker, inClusterService, 443)).toBe(false);
  });

  it('keeps every dependency the worker had', () => {
    expect(can(worker, postgres, 5432)).toBe(true);
    expect(can(worker, temporal, 7233)).toBe(true);
    expect(can(worker, minio, 9000)).toBe(true);
    expect(can(worker, smtpRelay, 587)).toBe(true);
  });

  it('gives webhooks to the worker only', () => {
    expect(can(api, { ip: '8.8.8.8' }, 443)).toBe(true); // the API's own Stripe rule
    expect(can(api, { ip: '10.0.0.1' }, 443)).toBe(false);
  });

  it('refuses IPv6 ranges that are not public as well', () => {
    const policy = find(manifests, 'NetworkPolicy', 'canopy-worker');
    const blocks = egressRules(policy)
      .flatMap((r) => r.to ?? [])
      .flatMap((p) => p.ipBlock ?? []);
    const v6 = blocks.find((b) => b.cidr.includes(':'));
    // Global unicast only: no ULA (fc00::/7), link-local (fe80::/10), multicast,
    // loopback, IPv4-mapped (::ffff:0:0/96) or NAT64 (64:ff9b::/96).
    expect(v6).toEqual({
      cidr: '2000::/3',
      except: ['2001::/23', '2001:db8::/32', '2002::/16', '3fff::/20'],
    });
  });
});

describe('webhook egress values', () => {
  it('turned off, leaves the worker no way to a public address on 443 but its pinned dependencies', () => {
    const manifests = helmTemplate({
      valuesFiles: ['ci/production-values.yaml'],
      values: {
        networkPolicy: {
          egress: {
            webhooks: { enabled: false },
            stripe: { ports: [443], to: [{ ipBlock: { cidr: '203.0.113.80/32' } }] },
          },
        },
      },
    });
    expect(canConnect(manifests, ns, worker, publicHook, 443)).toBe(false);
    expect(canConnect(manifests, ns, worker, postgres, 5432)).toBe(true);
  });

  it('opens the ports the operator lists', () => {
    const manifests = helmTemplate({
      valuesFiles: ['ci/production-values.yaml'],
      values: { networkPolicy: { egress: { webhooks: { ports: [443, 8443] } } } },
    });
    expect(canConnect(manifests, ns, worker, publicHook, 8443)).toBe(true);
    expect(canConnect(manifests, ns, worker, { ip: '10.0.0.1' }, 8443)).toBe(false);
  });

  it('keeps the worker off the public ranges the operator adds', () => {
    const manifests = helmTemplate({
      valuesFiles: ['ci/production-values.yaml'],
      values: {
        networkPolicy: {
          egress: {
            webhooks: { exceptIPv4: ['10.0.0.0/8', '93.184.216.0/24'], exceptIPv6: [] },
            stripe: { ports: [443], to: [{ ipBlock: { cidr: '203.0.113.80/32' } }] },
          },
        },
      },
    });
    expect(canConnect(manifests, ns, worker, publicHook, 443)).toBe(false);
    expect(canConnect(manifests, ns, worker, { ip: '10.1.1.1' }, 443)).toBe(false);
    expect(canConnect(manifests, ns, worker, { ip: '8.8.8.8' }, 443)).toBe(true);
  });
});

/** The warnings NOTES.txt prints, rendered through a copy of the chart. */
function webhookWarnings(valuesFiles: string[]): string {
  const { helm } = inject('k8sTools');
  const dir = mkdtempSync(join(tmpdir(), 'canopy-chart-notes-'));
  try {
    const copy = join(dir, 'canopy');
    cpSync(chartDir, copy, { recursive: true });
    writeFileSync(
      join(copy, 'templates', 'zz-notes-probe.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes-probe\ndata:\n  warnings: {{ include "canopy.webhookEgressWarnings" . | toJson }}\n',
    );
    const args = ['template', 'canopy', copy, '--namespace', ns];
    args.push(
      '--kube-version',
      kubernetesVersions[1],
      '--show-only',
      'templates/zz-notes-probe.yaml',
    );
    for (const f of valuesFiles) args.push('--values', join(chartDir, f));
    const result = spawnSync(helm, args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(result.stderr);
    const [probe] = parseManifests(result.stdout);
    return (probe as unknown as { data: { warnings: string } }).data.warnings;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('install notes', () => {
  it('warn when another worker rule opens the webhook port to every address', () => {
    const warnings = webhookWarnings([]);
    expect(warnings).toMatch(/networkPolicy\.egress\.objectStore\.to is empty.*port 443/);
    expect(warnings).toMatch(/networkPolicy\.egress\.stripe\.to is empty.*port 443/);
    expect(warnings).not.toMatch(/smtp|postgres|temporal/);
  });

  it('stay quiet when every such rule names where it goes', () => {
    expect(webhookWarnings(['ci/production-values.yaml'])).toBe('');
  });
});
