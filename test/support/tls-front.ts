// An HTTPS front for a loopback http:// service (cognito-local, the stub), with a test-only certificate for 127.0.0.1
// (fixtures/loopback-tls-*.pem, self-signed, trusted by the CLI through NODE_EXTRA_CA_CERTS). It lets the proxy tests
// send real HTTPS through an HTTPS_PROXY tunnel, as calls to AWS do.

import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export const LOOPBACK_TLS_CERT = fileURLToPath(new URL('./fixtures/loopback-tls-cert.pem', import.meta.url));
const LOOPBACK_TLS_KEY = fileURLToPath(new URL('./fixtures/loopback-tls-key.pem', import.meta.url));

export interface TlsFront {
  /** `https://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** How many requests it relayed. */
  requestCount(): number;
  stop(): Promise<void>;
}

export async function startTlsFront(target: string): Promise<TlsFront> {
  const upstream = new URL(target);
  let count = 0;
  const server = createServer({ cert: readFileSync(LOOPBACK_TLS_CERT), key: readFileSync(LOOPBACK_TLS_KEY) }, (incoming, response) => {
    count++;
    const relay = httpRequest(
      { host: upstream.hostname, port: upstream.port, path: incoming.url, method: incoming.method, headers: { ...incoming.headers, host: upstream.host } },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    relay.on('error', () => response.writeHead(502).end());
    incoming.pipe(relay);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    requestCount: () => count,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
