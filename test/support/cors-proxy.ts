// A loopback CORS proxy for the browser test: the identity/IAM stub speaks the AWS wire protocols but, unlike
// cognito-local, answers no CORS preflight, and a page's POST with x-amz-target needs one. The proxy answers the
// preflight itself and forwards every other request unchanged to the stub, adding the CORS response headers.
import { once } from 'node:events';
import { createServer, request as httpRequest } from 'node:http';

export interface CorsProxy {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  /** Requests forwarded to the target (preflights not counted). */
  forwarded: number;
  stop(): Promise<void>;
}

export async function startCorsProxy(target: string): Promise<CorsProxy> {
  const targetUrl = new URL(target);
  if (targetUrl.hostname !== '127.0.0.1') throw new Error(`The CORS proxy forwards to loopback only, not to ${target}`);
  const state = { forwarded: 0 };
  const server = createServer((req, res) => {
    const cors = {
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
      'access-control-expose-headers': 'x-amzn-requestid, x-amzn-errortype, x-amz-request-id',
      'access-control-max-age': '600',
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    state.forwarded += 1;
    const upstream = httpRequest(
      { host: '127.0.0.1', port: targetUrl.port, path: req.url, method: req.method, headers: { ...req.headers, host: targetUrl.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, ...cors });
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => res.writeHead(502, cors).end(String(error)));
    req.pipe(upstream);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('CORS proxy has no port');
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    get forwarded() {
      return state.forwarded;
    },
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
