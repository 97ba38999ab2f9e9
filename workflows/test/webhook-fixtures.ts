// A member's webhook endpoint for the tests: a real HTTPS server on a
// loopback address with a certificate for a public-looking name, a resolver
// that maps that name to it, and a plain TCP listener that counts every
// connection made to an address the worker must never reach.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { WebhookClientOptions } from '../src/activities/webhook-client.ts';

/** The name the member's endpoint goes by; it has no DNS record here, only the tests' resolver knows it. */
export const hookHost = 'hooks.example.com';

let cached: { key: string; cert: string } | undefined;

/** A self-signed certificate for `hookHost`, made once per test run with openssl. */
export function hookCertificate(): { key: string; cert: string } {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'canopy-hook-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${hookHost}`,
        '-addext',
        `subjectAltName=DNS:${hookHost}`,
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    cached = {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
  /** The name the client asked for in TLS (SNI). */
  servername: string | false | null;
  /** The address the connection arrived at. */
  localAddress: string | undefined;
}

export interface HookEndpoint {
  url: string;
  port: number;
  received: ReceivedHook[];
  close(): Promise<void>;
}

export interface HookAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Keep sending the reply until the client hangs up. */
  endless?: boolean;
  /** Never answer. */
  hold?: boolean;
}

/**
 * A member's HTTPS endpoint on `address`: answers the n-th POST (0-based) with
 * `respond(n)`'s status, headers and body, and keeps what it received.
 */
export async function startHookEndpoint(
  respond: (n: number) => HookAnswer = () => ({ status: 204 }),
  listen: { address?: string; port?: number } = {},
): Promise<HookEndpoint> {
  const received: ReceivedHook[] = [];
  const server = createServer(hookCertificate(), (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = respond(received.length);
      const socket = req.socket as TLSSocket;
      received.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
        servername: socket.servername,
        localAddress: socket.localAddress,
      });
      if (answer.hold) return;
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      if (!answer.endless) {
        res.end(answer.body ?? (answer.status < 300 ? 'ok' : 'nope'));
        return;
      }
      const chunk = 'internal secret reply '.repeat(3000);
      const more = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', more);
      };
      more();
    });
  });
  // A reply cut short by the client is expected, not a test failure.
  server.on('clientError', () => {});
  // Close drops every connection, also one a proxy left open after its client
  // hung up mid-handshake (the HTTP server only tracks those that got that far).
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) =>
    server.listen(listen.port ?? 0, listen.address ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://${hookHost}:${port}/hooks/canopy`,
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A TCP listener that only counts who connects: where a delivery must never arrive. */
export async function startTrap(address = '127.0.0.1', port = 0) {
  let connections = 0;
  const server = createTcpServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A resolver that answers every name with the given addresses, counting its calls. */
export function resolverTo(...answers: string[][]) {
  const calls: string[] = [];
  const resolve: NonNullable<WebhookClientOptions['resolve']> = async (hostname) => {
    calls.push(hostname);
    const addresses = answers[Math.min(calls.length, answers.length) - 1] ?? [];
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolve, calls };
}

/**
 * How the tests' worker reaches an endpoint on loopback: `hookHost` resolves
 * to 127.0.0.1, which only this policy lets through, and the endpoint's
 * certificate is trusted. Everything else is production's client.
 */
export function loopbackWebhooks(): WebhookClientOptions {
  return {
    resolve: resolverTo(['127.0.0.1']).resolve,
    isAllowedAddress: (address) => address === '127.0.0.1',
    ca: hookCertificate().cert,
  };
}
