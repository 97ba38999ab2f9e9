// What the webhook egress tests connect from and to: Canopy's pods as the chart
// labels them, a public endpoint, and the private addresses no webhook may reach.
import type { Manifest } from './kube.ts';
import type { Endpoint } from './netpol.ts';

export const ns = 'canopy';

/** The worker as the chart labels it (release "canopy"). */
export const chartWorker: Endpoint = {
  namespace: ns,
  labels: {
    'app.kubernetes.io/name': 'canopy',
    'app.kubernetes.io/instance': 'canopy',
    'app.kubernetes.io/component': 'worker',
  },
};

export const chartApi: Endpoint = {
  ...chartWorker,
  labels: { ...chartWorker.labels, 'app.kubernetes.io/component': 'api' },
};

export const publicHook: Endpoint = { ip: '93.184.216.34' };

export const privateAddresses = [
  '10.0.0.1',
  '10.96.0.1', // a typical Service CIDR
  '172.16.5.4',
  '192.168.1.1',
  '169.254.169.254', // cloud metadata
  '100.64.0.10', // CGNAT, pod networks of some providers
  '127.0.0.1',
  '0.0.0.0',
  '224.0.0.1',
  '240.0.0.1',
];

export interface IpBlock {
  cidr: string;
  except?: string[];
}
export interface EgressRule {
  ports?: { port: number | string; protocol?: string }[];
  to?: { ipBlock?: IpBlock }[];
}

/** A NetworkPolicy's egress rules. */
export const egressRules = (policy: Manifest): EgressRule[] =>
  (policy.spec as { egress?: EgressRule[] }).egress ?? [];
