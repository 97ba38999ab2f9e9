import { parseIpAddress } from './ip-address.ts';

/**
 * Names that never lead to a public host: special-use and de-facto local
 * suffixes (RFC 6761, 6762, 8375, ICANN's .internal) and the ones Kubernetes,
 * home routers and cloud metadata services answer for.
 */
const localSuffixes = [
  'localhost',
  'localdomain',
  'local',
  'internal',
  'intranet',
  'svc',
  'cluster.local',
  'home.arpa',
  'arpa',
  'lan',
  'home',
  'corp',
  'private',
  'test',
  'invalid',
  'example',
  'onion',
];

export type WebhookUrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

const refuse = (reason: string): WebhookUrlCheck => ({ ok: false, reason });

/**
 * Whether a member's webhook URL names a public HTTPS endpoint, judged from the
 * text alone: the API refuses to store one that does not, and the worker checks
 * again before every delivery. What the name resolves to is checked at
 * delivery, where the connection is made (see the worker's webhook client).
 * Reasons complete "webhookUrl …" for a field error.
 */
export function checkWebhookUrl(text: string): WebhookUrlCheck {
  // The URL parser silently drops tabs and line breaks and trims control
  // characters, so such a URL would be stored (and shown) as one text and
  // delivered to another.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) return refuse('must not contain control characters');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse('must be an https:// URL');
  }
  if (url.protocol !== 'https:') return refuse('must be an https:// URL');
  if (url.username || url.password) return refuse('must not carry a user name or password');
  // The URL parser has already read every IPv4 notation (2130706433, 0x7f.1,
  // 0177.0.0.1, 127.1) into a dotted quad; the raw check is for the parsers that do not.
  const host = url.hostname.toLowerCase();
  if (host.endsWith('.')) return refuse('must not end its host name with a dot');
  if (host.startsWith('[') || parseIpAddress(host) || parseIpAddress(rawHost(text))) {
    return refuse('must name a host, not an IP address');
  }
  const local = localSuffixes.find((s) => host === s || host.endsWith(`.${s}`));
  if (local) return refuse(`must name a public host, not a local one (.${local})`);
  const labels = host.split('.');
  if (labels.length < 2 || labels.some((l) => l === '')) {
    return refuse('must name a public host with a domain (like hooks.example.com)');
  }
  // 443, or an unprivileged port: not SSH, SMTP, LDAP and the like on a public host.
  const port = url.port === '' ? 443 : Number(url.port);
  if (port !== 443 && port < 1024) return refuse('must use port 443 or a port from 1024 up');
  return { ok: true, url };
}

/** The host part of a URL's text as typed, before any parser normalised it. */
function rawHost(text: string): string {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(text.trim())?.[1] ?? '';
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '');
}
