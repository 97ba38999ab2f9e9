import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request } from 'node:https';
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import {
  checkWebhookUrl,
  httpFailure,
  isPublicAddress,
  parseIpAddress,
  webhookFailures,
} from '@canopy/domain';
import { openProxyTunnel } from './webhook-proxy-tunnel.ts';

/** Every address a host name resolves to, as `dns.lookup(name, { all: true })` gives them. */
export type WebhookResolver = (hostname: string) => Promise<LookupAddress[]>;

export interface WebhookClientOptions {
  /** Resolves the endpoint's name once per delivery; tests map names to their own listeners. */
  resolve?: WebhookResolver;
  /**
   * Which resolved addresses may be connected to: public ones. Only tests
   * widen it, to reach a listener on loopback; the worker never sets it.
   */
  isAllowedAddress?: (address: string) => boolean;
  /** Extra certificate authorities to trust (tests' self-signed endpoint). */
  ca?: string;
  /** The whole delivery, lookup to last byte read. */
  timeoutMs?: number;
  /** Reply bytes read before the connection is dropped; the reply itself is never used. */
  maxResponseBytes?: number;
  /**
   * The operator's HTTP forward proxy (http://host:port, optionally with
   * user:password). Set, every webhook leaves through a CONNECT tunnel to the
   * address checked here; unset, the worker connects to that address itself.
   */
  proxyUrl?: string;
}

export type WebhookOutcome =
  { ok: true; status: number } | { ok: false; category: string; retryable: boolean };

const defaultResolve: WebhookResolver = (hostname) =>
  dnsLookup(hostname, { all: true, verbatim: true });

const failed = (category: string, retryable: boolean): WebhookOutcome => ({
  ok: false,
  category,
  retryable,
});

/** An HTTP status that may pass on a later attempt: a timeout, a rate limit, a server's trouble. */
const mayPassLater = (status: number) => status === 408 || status === 429 || status >= 500;

/** The addresses as the connect step is given them, every one of them already checked. */
function pinnedLookup(addresses: LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) {
      (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
    } else {
      callback(null, addresses[0]!.address, addresses[0]!.family);
    }
  };
}

/** Canonical text, so "::FFFF:7F00:1" and the socket's "::ffff:7f00:1" compare equal. */
function canonical(address: string): string {
  const parsed = parseIpAddress(address);
  return parsed ? JSON.stringify(parsed) : address;
}

/**
 * POSTs a signed webhook to a member's endpoint without letting the endpoint
 * choose where the worker connects: the URL is checked as the API checks it,
 * the name is resolved once here, the delivery is refused if ANY address it
 * resolves to is not public, and the socket is handed exactly the addresses
 * that were checked (no second lookup for DNS rebinding to answer), while TLS
 * still verifies the certificate for the name. Redirects are not followed, the
 * whole exchange has one deadline, at most a few KB of the reply are read and
 * none of it is kept: the outcome is a category a member may see. Through the
 * operator's proxy, the same holds: the proxy is asked for a tunnel to the
 * checked address, never to the name, and TLS runs inside it end to end.
 */
export async function postWebhook(
  url: string,
  delivery: { headers: Record<string, string>; body: string },
  options: WebhookClientOptions = {},
): Promise<WebhookOutcome> {
  const check = checkWebhookUrl(url);
  if (!check.ok) return failed(webhookFailures.refusedUrl, false);
  const target = check.url;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxResponseBytes = options.maxResponseBytes ?? 4096;
  const isAllowed = options.isAllowedAddress ?? isPublicAddress;
  const deadline = AbortSignal.timeout(timeoutMs);

  let addresses: LookupAddress[];
  try {
    addresses = await Promise.race([
      (options.resolve ?? defaultResolve)(target.hostname),
      new Promise<never>((_, reject) =>
        deadline.addEventListener('abort', () => reject(deadline.reason as Error)),
      ),
    ]);
  } catch {
    return deadline.aborted
      ? failed(webhookFailures.timedOut, true)
      : failed(webhookFailures.dns, true);
  }
  if (addresses.length === 0) return failed(webhookFailures.dns, true);
  if (!addresses.every((a) => isAllowed(a.address))) {
    return failed(webhookFailures.nonPublicAddress, false);
  }
  const checked = new Set(addresses.map((a) => canonical(a.address)));
  const port = Number(target.port || 443);

  let tunnel: Awaited<ReturnType<typeof openProxyTunnel>> | undefined;
  if (options.proxyUrl) {
    try {
      tunnel = await openProxyTunnel(
        new URL(options.proxyUrl),
        { address: addresses[0]!.address, port, servername: target.hostname },
        {
          signal: deadline,
          maxHeaderBytes: maxResponseBytes,
          ...(options.ca && { ca: options.ca }),
        },
      );
    } catch {
      return deadline.aborted
        ? failed(webhookFailures.timedOut, true)
        : failed(webhookFailures.connection, true);
    }
    if (!tunnel.ok) return failed(webhookFailures.proxyRefused, mayPassLater(tunnel.proxyStatus));
  }
  const tunnelSocket = tunnel?.ok ? tunnel.socket : undefined;

  return new Promise<WebhookOutcome>((resolve) => {
    let settled = false;
    const settle = (outcome: WebhookOutcome) => {
      if (settled) return;
      settled = true;
      deadline.removeEventListener('abort', onDeadline);
      req.destroy();
      resolve(outcome);
    };
    const onDeadline = () => settle(failed(webhookFailures.timedOut, true));

    const message = {
      path: `${target.pathname}${target.search}`,
      method: 'POST',
      headers: {
        ...delivery.headers,
        host: target.host,
        'content-length': String(Buffer.byteLength(delivery.body)),
      },
    };
    const req = tunnelSocket
      ? // TLS is already up inside the tunnel: plain HTTP over it, no agent, no lookup.
        httpRequest({ ...message, createConnection: () => tunnelSocket })
      : request({
          ...message,
          protocol: 'https:',
          host: target.hostname,
          servername: target.hostname,
          port,
          lookup: pinnedLookup(addresses),
          agent: false,
          ...(options.ca && { ca: options.ca }),
        });
    deadline.addEventListener('abort', onDeadline);
    if (deadline.aborted) onDeadline();

    // The lookup above is the only way this socket gets an address; this makes
    // sure of it before a byte is sent.
    req.on('socket', (socket) => {
      if (tunnelSocket) return; // its far end is the proxy; the tunnel's target was checked
      socket.once('connect', () => {
        if (!checked.has(canonical(socket.remoteAddress ?? ''))) {
          settle(failed(webhookFailures.nonPublicAddress, false));
        }
      });
    });
    req.on('error', () => settle(failed(webhookFailures.connection, true)));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      let read = 0;
      const done = () => {
        if (status >= 200 && status < 300) return settle({ ok: true, status });
        if (status >= 300 && status < 400) return settle(failed(webhookFailures.redirect, false));
        // The endpoint said the request itself is wrong: retrying will not help,
        // except after a timeout or rate limit.
        return settle(failed(httpFailure(status), mayPassLater(status)));
      };
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read >= maxResponseBytes) done();
      });
      res.on('end', done);
      res.on('error', done);
    });
    req.end(delivery.body);
  });
}
