// What API Gateway and AppSync check of a SigV4-signed request before authorizing it: the access key is one that
// was issued (here: by the identity stub's GetCredentialsForIdentity), the session token is the one issued with it,
// the credential scope names the service and region, and the signature recomputes with the issued secret.
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { IssuedCredentials } from './identity-iam-stub.js';

export type SigV4Result =
  | { ok: true; credentials: IssuedCredentials }
  | { ok: false; status: 401 | 403; code: string; message: string };

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/;

export function isSigV4(authorization: string | undefined): boolean {
  return authorization?.startsWith('AWS4-HMAC-SHA256 ') === true;
}

export async function checkSigV4(
  request: { method: string; url: URL; headers: IncomingHttpHeaders; body: string },
  expected: { service: string; region: string },
  issued: ReadonlyMap<string, IssuedCredentials>,
): Promise<SigV4Result> {
  const denied = (code: string, message: string, status: 401 | 403 = 403): SigV4Result => ({ ok: false, status, code, message });
  const match = AUTHORIZATION.exec(String(request.headers.authorization ?? ''));
  if (!match) return denied('IncompleteSignatureException', 'Authorization header requires Credential, SignedHeaders and Signature.');
  const [, accessKeyId = '', , region, service, signedHeaders = '', signature] = match;
  const credentials = issued.get(accessKeyId);
  if (!credentials) return denied('UnrecognizedClientException', 'The security token included in the request is invalid.');
  if (request.headers['x-amz-security-token'] !== credentials.sessionToken) return denied('InvalidSignatureException', 'The security token does not match the access key.');
  if (credentials.expiration * 1000 < Date.now()) return denied('ExpiredTokenException', 'The security token included in the request is expired.');
  if (service !== expected.service || region !== expected.region) {
    return denied('InvalidSignatureException', `Credential should be scoped to correct service/region: '${expected.region}/${expected.service}', not '${region}/${service}'.`);
  }

  // Recompute the signature over exactly the headers the client signed.
  const headers = Object.fromEntries(signedHeaders.split(';').map((name) => [name, String(request.headers[name] ?? '')]));
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken },
    region: expected.region,
    service: expected.service,
    sha256: NodeSha256,
    // The client decides whether to send x-amz-content-sha256; only the headers it signed are signed again.
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: request.url.protocol,
      hostname: request.url.hostname,
      port: Number(request.url.port) || undefined,
      path: request.url.pathname,
      query: Object.fromEntries(request.url.searchParams),
      headers,
      body: request.body === '' ? undefined : request.body,
    },
    { signingDate },
  );
  const recomputed = /Signature=([0-9a-f]{64})/.exec(String(signed.headers['authorization'] ?? ''))?.[1];
  if (recomputed !== signature) {
    return denied('InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.');
  }
  return { ok: true, credentials };
}

/** The SHA-256 and HMAC-SHA256 the signer needs, from node:crypto. */
export class NodeSha256 {
  private readonly hash: Hash | Hmac;

  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }

  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data));
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }

  reset(): void {
    throw new Error('NodeSha256 is single-use');
  }
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}
