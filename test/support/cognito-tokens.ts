// Verifying a user pool token the way AppSync and API Gateway do: an RS256 signature by the pool's key (cognito-local
// signs every token with the one key pair its package ships, published at /<poolId>/.well-known/jwks.json), not
// expired, the issuer `https://cognito-idp.<region>.amazonaws.com/<poolId>`, and issued to an accepted app client
// (`client_id` of an access token, `aud` of an ID token).
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let publicKey: KeyObject | undefined;

function cognitoLocalKey(): KeyObject {
  if (!publicKey) {
    const { jwk } = JSON.parse(readFileSync(require.resolve('cognito-local/lib/keys/cognitoLocal.public.json'), 'utf8')) as { jwk: object };
    publicKey = createPublicKey({ key: jwk as never, format: 'jwk' });
  }
  return publicKey;
}

export interface TokenClaims {
  sub: string;
  iss: string;
  token_use: 'id' | 'access';
  client_id?: string;
  aud?: string;
  username?: string;
  'cognito:username'?: string;
  email?: string;
  exp: number;
}

export type TokenCheck = { ok: true; claims: TokenClaims; clientId: string } | { ok: false; reason: string };

/** `acceptClient` decides on the token's app client id; `tokenUse` limits which tokens count (REST authorizers take ID tokens). */
export function verifyUserPoolToken(
  token: string,
  expected: { issuers: string[]; acceptClient: (clientId: string) => boolean; tokenUse?: Array<'id' | 'access'> },
): TokenCheck {
  const parts = token.replace(/^Bearer /, '').split('.');
  if (parts.length !== 3) return { ok: false, reason: 'not a JWT' };
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  let header: { alg?: string; kid?: string };
  let claims: TokenClaims;
  try {
    header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8')) as typeof header;
    claims = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    return { ok: false, reason: 'not a JWT' };
  }
  if (header.alg !== 'RS256') return { ok: false, reason: `algorithm ${String(header.alg)}` };
  const signed = verify('RSA-SHA256', Buffer.from(`${headerPart}.${payloadPart}`), cognitoLocalKey(), Buffer.from(signaturePart, 'base64url'));
  if (!signed) return { ok: false, reason: 'bad signature' };
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) return { ok: false, reason: 'expired' };
  if (!expected.issuers.includes(claims.iss)) return { ok: false, reason: `issuer ${claims.iss}` };
  if (expected.tokenUse && !expected.tokenUse.includes(claims.token_use)) return { ok: false, reason: `a ${claims.token_use} token` };
  const clientId = claims.token_use === 'access' ? claims.client_id : claims.aud;
  if (typeof clientId !== 'string' || !expected.acceptClient(clientId)) return { ok: false, reason: `client ${String(clientId)}` };
  return { ok: true, claims, clientId };
}
