// Decides, from rendered NetworkPolicies, whether one endpoint may open a TCP
// connection to another, following the Kubernetes semantics: a pod selected by
// no policy of a direction is open in it; a selected pod allows only what some
// rule of a selecting policy allows; both ends must allow. Covers what the
// chart uses: matchLabels selectors, namespace and pod selectors, ipBlock.
import type { Manifest } from './kube.ts';

export interface Endpoint {
  namespace?: string;
  labels?: Record<string, string>;
  /** Named container ports, for rules that say `port: http`. */
  ports?: Record<string, number>;
  ip?: string;
}

interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: unknown[];
}
interface Peer {
  podSelector?: Selector;
  namespaceSelector?: Selector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface Rule {
  ports?: { port?: number | string; protocol?: string }[];
  to?: Peer[];
  from?: Peer[];
}
interface PolicySpec {
  podSelector: Selector;
  policyTypes?: string[];
  ingress?: Rule[];
  egress?: Rule[];
}

function matches(selector: Selector, labels: Record<string, string> = {}): boolean {
  if (selector.matchExpressions?.length) throw new Error('matchExpressions not modelled');
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

const ipToInt = (ip: string) => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);

function inCidr(ip: string, cidr: string): boolean {
  const [base = '', bits = '32'] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipToInt(base) / size) * size;
  const n = ipToInt(ip);
  return n >= start && n < start + size;
}

function peerMatches(peer: Peer, policyNamespace: string, other: Endpoint): boolean {
  if (peer.ipBlock) {
    if (!other.ip) return false;
    return (
      inCidr(other.ip, peer.ipBlock.cidr) &&
      !(peer.ipBlock.except ?? []).some((c) => inCidr(other.ip ?? '', c))
    );
  }
  if (!other.namespace) return false; // an address outside the cluster is not a pod
  const nsLabels = { 'kubernetes.io/metadata.name': other.namespace };
  const nsOk = peer.namespaceSelector
    ? matches(peer.namespaceSelector, nsLabels)
    : other.namespace === policyNamespace;
  const podOk = peer.podSelector ? matches(peer.podSelector, other.labels) : true;
  return nsOk && podOk;
}

function portMatches(rule: Rule, port: number, target: Endpoint): boolean {
  if (!rule.ports?.length) return true;
  return rule.ports.some(
    (p) =>
      (p.protocol ?? 'TCP') === 'TCP' &&
      (p.port === undefined ||
        p.port === port ||
        (typeof p.port === 'string' && target.ports?.[p.port] === port)),
  );
}

function allows(
  policies: { namespace: string; spec: PolicySpec }[],
  direction: 'Ingress' | 'Egress',
  self: Endpoint,
  other: Endpoint,
  port: number,
  portOwner: Endpoint,
): boolean {
  if (!self.namespace) return true; // outside the cluster: no policy applies
  const selecting = policies.filter(
    (p) =>
      p.namespace === self.namespace &&
      matches(p.spec.podSelector, self.labels) &&
      (p.spec.policyTypes ?? ['Ingress']).includes(direction),
  );
  if (!selecting.length) return true;
  return selecting.some((p) =>
    (direction === 'Ingress' ? p.spec.ingress : p.spec.egress)?.some((rule) => {
      const peers = direction === 'Ingress' ? rule.from : rule.to;
      return (
        portMatches(rule, port, portOwner) &&
        (!peers?.length || peers.some((peer) => peerMatches(peer, p.namespace, other)))
      );
    }),
  );
}

/** Whether `from` may connect to `to` on TCP `port` under the given policies. */
export function canConnect(
  manifests: Manifest[],
  namespace: string,
  from: Endpoint,
  to: Endpoint,
  port: number,
): boolean {
  const policies = manifests
    .filter((m) => m.kind === 'NetworkPolicy')
    .map((m) => ({
      namespace: (m.metadata as { namespace?: string }).namespace ?? namespace,
      spec: m.spec as PolicySpec,
    }));
  return (
    allows(policies, 'Egress', from, to, port, to) &&
    allows(policies, 'Ingress', to, from, port, to)
  );
}
