// A programmable loopback HTTP server standing in for one AWS endpoint in unit tests of the real SDK clients: it
// records each request (operation, body, signature header) and answers with whatever the test's responder writes.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** The request's path and query. */
  path: string;
  target: string;
  body: string;
  authorization: string;
  /** The `amz-sdk-request` header: `attempt=N; max=M`. */
  sdkRequest: string;
}

export type Responder = (request: RecordedRequest, response: ServerResponse) => void;

export interface LoopbackAws {
  url: string;
  requests: RecordedRequest[];
  server: Server;
  /** Closes the server and any connection a silent responder left open. */
  stop(): Promise<void>;
}

export async function startLoopbackAws(respond: Responder): Promise<LoopbackAws> {
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      // JSON protocols name the operation in X-Amz-Target; IAM's query protocol in the form body.
      const target = String(incoming.headers['x-amz-target'] ?? new URLSearchParams(body).get('Action') ?? '');
      const request = {
        method: incoming.method ?? '',
        path: incoming.url ?? '',
        target,
        body,
        authorization: String(incoming.headers.authorization ?? ''),
        sdkRequest: String(incoming.headers['amz-sdk-request'] ?? ''),
      };
      requests.push(request);
      respond(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function replyJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...headers });
  response.end(JSON.stringify(body));
}

/** Never answers: the connection is accepted and the request read, then nothing (a hung endpoint). */
export const neverAnswer: Responder = () => undefined;
