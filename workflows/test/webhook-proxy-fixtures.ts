// The operator's egress proxy for the tests: a real HTTP forward proxy (the
// `proxy` package, which tunnels CONNECT like Squid) on loopback, recording
// every tunnel it is asked for, with an optional destination rule answered by
// 403 as Squid answers a denied `http_access`, and optional credentials.
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createProxy } from 'proxy';

export interface EgressProxy {
  url: string;
  /** Every CONNECT target, as the proxy received it (`host:port`). */
  connects: string[];
  /** TCP connections the proxy accepted, whatever they carried. */
  connections(): number;
  close(): Promise<void>;
}

export async function startEgressProxy(
  options: {
    /** Which CONNECT targets the proxy's own rule lets through; all when unset. */
    allow?: (target: string) => boolean;
    /** user:password the proxy asks for (407 without them). */
    credentials?: string;
  } = {},
): Promise<EgressProxy> {
  const server = createProxy(createServer());
  if (options.credentials) {
    const expected = `Basic ${Buffer.from(options.credentials).toString('base64')}`;
    server.authenticate = (req) => req.headers['proxy-authorization'] === expected;
  }
  const connects: string[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  server.on('connection', (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // The package's own tunnel handler, run only for targets the rule allows.
  const tunnel = server.listeners('connect')[0] as (
    req: IncomingMessage,
    socket: Socket,
    head: Buffer,
  ) => void;
  server.removeAllListeners('connect');
  server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    connects.push(req.url ?? '');
    if (options.allow && !options.allow(req.url ?? '')) {
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      return;
    }
    tunnel.call(server, req, socket, head);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        // Tunnels are no longer the HTTP server's to close.
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
