// A tiny HTTP proxy on 127.0.0.1 for the proxy tests: CONNECT tunnels (what an HTTPS_PROXY gets for https:// endpoints)
// and forwarded absolute-URI requests (what an HTTP_PROXY gets for http:// endpoints). It records every request it
// relays and refuses any target that is not on the loopback interface, so no test can reach beyond this machine.

import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ProxiedRequest {
  kind: 'connect' | 'forward';
  /** `host:port` for CONNECT, the absolute URL for a forwarded request. */
  target: string;
  /** The Proxy-Authorization header, when the client sent one. */
  proxyAuthorization?: string;
}

export interface LoopbackProxy {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  requests: ProxiedRequest[];
  stop(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export async function startLoopbackProxy(): Promise<LoopbackProxy> {
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const record = (kind: ProxiedRequest['kind'], target: string, incoming: IncomingMessage) => {
    const authorization = incoming.headers['proxy-authorization'];
    requests.push({ kind, target, ...(authorization ? { proxyAuthorization: authorization } : {}) });
  };

  const server: Server = createServer((incoming, response) => {
    let target: URL;
    try {
      target = new URL(incoming.url ?? '');
    } catch {
      response.writeHead(400).end('a proxy request needs an absolute URL');
      return;
    }
    if (!LOOPBACK_HOSTS.has(target.hostname)) {
      response.writeHead(403).end('this test proxy only reaches 127.0.0.1');
      return;
    }
    record('forward', target.href, incoming);
    const { 'proxy-authorization': _auth, 'proxy-connection': _connection, ...headers } = incoming.headers;
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      // A connection of its own per request (agent: false), the body relayed whole.
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: incoming.method, headers, agent: false },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on('error', () => response.writeHead(502).end());
      upstream.end(Buffer.concat(chunks));
    });
  });

  server.on('connect', (incoming: IncomingMessage, client: Socket, head: Buffer) => {
    const [host, port] = splitHostPort(incoming.url ?? '');
    if (!host || !LOOPBACK_HOSTS.has(host)) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    record('connect', `${host}:${port}`, incoming);
    const upstream = connect(port, host === 'localhost' ? '127.0.0.1' : host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function splitHostPort(authority: string): [string | undefined, number] {
  const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(authority);
  return match ? [match[1], Number(match[2])] : [undefined, 0];
}
