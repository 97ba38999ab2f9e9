import { request } from 'node:http';
import { connect as tlsConnect } from 'node:tls';
import type { TLSSocket } from 'node:tls';

export type ProxyTunnel = { ok: true; socket: TLSSocket } | { ok: false; proxyStatus: number };

export interface ProxyTunnelTarget {
  /** An address the worker resolved and checked itself: the proxy is never given the name. */
  address: string;
  port: number;
  /** The endpoint's name, for SNI and certificate verification. */
  servername: string;
}

/** `host:port` as CONNECT names it, with an IPv6 address in brackets. */
const authority = (address: string, port: number) =>
  `${address.includes(':') ? `[${address}]` : address}:${port}`;

/** The Proxy-Authorization header a proxy URL's user and password stand for. */
function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username) return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'proxy-authorization': `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/**
 * Asks the operator's HTTP forward proxy for a tunnel to one checked address
 * (`CONNECT 203.0.113.9:443`), so the proxy's own DNS never decides where a
 * webhook goes and a rebinding answer has nothing to steer; then runs TLS over
 * the tunnel, verifying the certificate for the endpoint's name. A proxy that
 * answers anything but 200 is reported by its status; a failure to reach it,
 * a TLS failure or the deadline rejects. The proxy's answer is read up to
 * `maxHeaderBytes` and none of it is kept.
 */
export function openProxyTunnel(
  proxy: URL,
  target: ProxyTunnelTarget,
  options: { signal: AbortSignal; maxHeaderBytes: number; ca?: string },
): Promise<ProxyTunnel> {
  return new Promise<ProxyTunnel>((resolve, reject) => {
    const path = authority(target.address, target.port);
    const connectRequest = request({
      host: proxy.hostname.replace(/^\[|\]$/g, ''),
      port: Number(proxy.port || 80),
      method: 'CONNECT',
      path,
      headers: { host: path, ...proxyAuthorization(proxy) },
      agent: false,
      maxHeaderSize: options.maxHeaderBytes,
      signal: options.signal,
    });
    let tls: TLSSocket | undefined;
    let settled = false;
    const onAbort = () => fail(options.signal.reason);
    const fail = (error: unknown) => {
      // Once the tunnel is handed over, its errors are the request's to handle.
      if (settled) return;
      settled = true;
      options.signal.removeEventListener('abort', onAbort);
      tls?.destroy();
      connectRequest.destroy();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    connectRequest.on('error', fail);
    connectRequest.on('connect', (answer, socket, head) => {
      if (answer.statusCode !== 200) {
        settled = true;
        socket.destroy();
        resolve({ ok: false, proxyStatus: answer.statusCode ?? 0 });
        return;
      }
      // A TLS server speaks only after the client's hello: nothing may come first.
      if (head.length > 0) {
        socket.destroy();
        return fail(new Error('the proxy sent data before the tunnel opened'));
      }
      if (options.signal.aborted) {
        socket.destroy();
        return fail(options.signal.reason);
      }
      options.signal.addEventListener('abort', onAbort, { once: true });
      tls = tlsConnect({
        socket,
        servername: target.servername,
        host: target.servername,
        ...(options.ca && { ca: options.ca }),
      });
      tls.on('error', fail);
      tls.once('secureConnect', () => {
        if (settled) return;
        settled = true;
        options.signal.removeEventListener('abort', onAbort);
        resolve({ ok: true, socket: tls! });
      });
    });
    connectRequest.end();
  });
}
