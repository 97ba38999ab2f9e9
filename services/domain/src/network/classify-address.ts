import type { IpAddress } from './ip-address.ts';
import { parseIpAddress } from './ip-address.ts';

/** Why an address is not one a webhook may be sent to. */
export type NonPublicRange =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'documentation'
  | 'tunnel'
  | 'not an address';

export type AddressClass = { public: true } | { public: false; range: NonPublicRange };

// IANA's IPv4 special-purpose registry, everything in it refused (even the few
// globally reachable anycast blocks of 192.0.0.0/24: no webhook lives there).
const ipv4Ranges: [cidr: string, range: NonPublicRange][] = [
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'shared'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'documentation'],
  ['192.31.196.0/24', 'reserved'],
  ['192.52.193.0/24', 'reserved'],
  ['192.88.99.0/24', 'reserved'],
  ['192.168.0.0/16', 'private'],
  ['192.175.48.0/24', 'reserved'],
  ['198.18.0.0/15', 'reserved'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
];

const parsedIPv4Ranges = ipv4Ranges.map(([cidr, range]) => {
  const [base = '', bits = '32'] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = parseIpAddress(base) as { version: 4; value: number };
  return { start: start.value, end: start.value + size, range };
});

function classifyIPv4(value: number): AddressClass {
  const hit = parsedIPv4Ranges.find((r) => value >= r.start && value < r.end);
  return hit ? { public: false, range: hit.range } : { public: true };
}

/** The IPv4 address in the last 32 bits of an IPv6 address. */
const lowIPv4 = (g: number[]) => g[6]! * 65536 + g[7]!;

function classifyIPv6(g: number[]): AddressClass {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const upperZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (upperZero && g5 === 0 && g6 === 0 && g7 === 0) return { public: false, range: 'unspecified' };
  if (upperZero && g5 === 0 && g6 === 0 && g7 === 1) return { public: false, range: 'loopback' };
  // IPv4-mapped (::ffff:a.b.c.d) reaches the IPv4 address itself.
  if (upperZero && g5 === 0xffff) return classifyIPv4(lowIPv4(g));
  // IPv4-compatible (::a.b.c.d, deprecated) and IPv4-translated (::ffff:0:a.b.c.d).
  if (upperZero) return { public: false, range: 'reserved' };
  // NAT64's well-known prefix may only carry public IPv4 addresses (RFC 6052):
  // one embedding a private address is a way into the cluster's own network.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return classifyIPv4(lowIPv4(g));
  }
  // Local-use NAT64 (64:ff9b:1::/48) translates into the operator's own network.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return { public: false, range: 'private' };
  // Only global unicast (2000::/3) is public; that leaves out ULA fc00::/7,
  // link-local fe80::/10, site-local fec0::/10, multicast ff00::/8, discard 100::/64.
  if ((g0 & 0xe000) !== 0x2000) {
    if ((g0 & 0xfe00) === 0xfc00) return { public: false, range: 'private' };
    if ((g0 & 0xffc0) === 0xfe80 || (g0 & 0xffc0) === 0xfec0) {
      return { public: false, range: 'link-local' };
    }
    if ((g0 & 0xff00) === 0xff00) return { public: false, range: 'multicast' };
    return { public: false, range: 'reserved' };
  }
  // 6to4 (2002::/16) and Teredo (2001::/32) tunnel to an embedded IPv4
  // address, which may be a private one; both are retired, so all refused.
  if (g0 === 0x2002 || (g0 === 0x2001 && g1 === 0)) return { public: false, range: 'tunnel' };
  if (g0 === 0x2001 && g1 === 0xdb8) return { public: false, range: 'documentation' };
  if (g0 === 0x3fff && g1 < 0x1000) return { public: false, range: 'documentation' };
  // The rest of 2001::/23: IETF protocol assignments (benchmarking, ORCHID, …).
  if (g0 === 0x2001 && g1 < 0x200) return { public: false, range: 'reserved' };
  return { public: true };
}

/** Whether a parsed address is one a webhook may be delivered to. */
export function classifyIpAddress(address: IpAddress): AddressClass {
  return address.version === 4 ? classifyIPv4(address.value) : classifyIPv6(address.groups);
}

/**
 * Classifies an address given as text: what a resolver returned, or a URL's
 * hostname (bracketed IPv6, IPv4 in any notation). Text that is no address at
 * all is refused too, so a caller can never mistake a name for a checked address.
 */
export function classifyAddress(text: string): AddressClass {
  const address = parseIpAddress(text);
  return address ? classifyIpAddress(address) : { public: false, range: 'not an address' };
}

export function isPublicAddress(text: string): boolean {
  return classifyAddress(text).public;
}
