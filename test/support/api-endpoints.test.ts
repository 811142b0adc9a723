// The loopback API endpoints refuse what AppSync and API Gateway refuse: a signature by keys the identity stub did
// not issue or with the wrong secret, a request outside the role's policies, a token not signed by cognito-local,
// another pool's token. Without these, the real-client test could pass against endpoints that accept anything.
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdentityIamStub, type IdentityIamStub } from './identity-iam-stub.js';
import { NodeSha256 } from './sigv4-check.js';
import { DEMO_IDS, demoWorld } from './world.js';

let stub: IdentityIamStub;
beforeAll(async () => {
  stub = await startIdentityIamStub(demoWorld());
});
afterAll(async () => {
  await stub?.stop();
});

async function guestCredentials(): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken: string }> {
  const call = async (operation: string, body: object) => {
    const response = await fetch(stub.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityService.${operation}` },
      body: JSON.stringify(body),
    });
    return (await response.json()) as Record<string, any>;
  };
  const { IdentityId } = await call('GetId', { IdentityPoolId: DEMO_IDS.identityPoolId });
  const { Credentials } = await call('GetCredentialsForIdentity', { IdentityId });
  return { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretKey, sessionToken: Credentials.SessionToken };
}

async function signedGet(path: string, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string }): Promise<number> {
  const url = new URL(`${stub.endpoint}/${DEMO_IDS.restApiId}.execute-api.us-east-1.amazonaws.com/dev${path}`);
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'execute-api', sha256: NodeSha256, applyChecksum: false });
  const signed = await signer.sign({ method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {}, headers: { host: url.host } });
  const response = await fetch(url, { headers: signed.headers as Record<string, string> });
  return response.status;
}

describe('the execute-api endpoint', () => {
  const guestGrant = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['execute-api:Invoke'], Resource: [`arn:aws:execute-api:us-east-1:123456789012:${DEMO_IDS.restApiId}/dev/GET/public/*`] }] };

  it('allows what the role of issued credentials may invoke, and nothing else', async () => {
    stub.state.roles.get(DEMO_IDS.unauthRoleName)!.inlinePolicies['grant'] = guestGrant;
    const credentials = await guestCredentials();
    expect(await signedGet('/public/catalog', credentials)).toBe(200);
    expect(await signedGet('/items', credentials)).toBe(403);
    delete stub.state.roles.get(DEMO_IDS.unauthRoleName)!.inlinePolicies['grant'];
    expect(await signedGet('/public/catalog', credentials)).toBe(403);
  });

  it('refuses keys it never issued, a wrong secret, and an unsigned IAM call', async () => {
    stub.state.roles.get(DEMO_IDS.unauthRoleName)!.inlinePolicies['grant'] = guestGrant;
    const credentials = await guestCredentials();
    expect(await signedGet('/public/catalog', { ...credentials, accessKeyId: 'ASIANOTISSUED000' })).toBe(403);
    expect(await signedGet('/public/catalog', { ...credentials, secretAccessKey: 'wrong' })).toBe(403);
    expect((await fetch(`${stub.endpoint}/${DEMO_IDS.restApiId}.execute-api.us-east-1.amazonaws.com/dev/public/catalog`)).status).toBe(403);
    // The open route answers anyone; a path with no route gets API Gateway's "Missing Authentication Token".
    expect((await fetch(`${stub.endpoint}/${DEMO_IDS.restApiId}.execute-api.us-east-1.amazonaws.com/dev/health`)).status).toBe(200);
    expect((await fetch(`${stub.endpoint}/${DEMO_IDS.restApiId}.execute-api.us-east-1.amazonaws.com/dev/nowhere`)).status).toBe(403);
  });
});

describe('the GraphQL endpoint', () => {
  const post = (headers: Record<string, string>) =>
    fetch(`${stub.endpoint}/${DEMO_IDS.graphqlApiId}.appsync-api.us-east-1.amazonaws.com/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ catalog { name } }' }),
    });

  it('refuses a token cognito-local did not sign, and takes the API key only while it is valid', async () => {
    const forged = [{ alg: 'RS256', kid: 'CognitoLocal' }, { sub: 'x', iss: `https://cognito-idp.us-east-1.amazonaws.com/${DEMO_IDS.userPoolId}`, token_use: 'access', client_id: DEMO_IDS.webClientId, exp: 4_102_444_800 }]
      .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
      .join('.');
    expect((await post({ authorization: `${forged}.c2lnbmF0dXJl` })).status).toBe(401);
    expect((await post({ 'x-api-key': DEMO_IDS.graphqlApiKey })).status).toBe(200);
    expect((await post({ 'x-api-key': 'da2-someotherkey' })).status).toBe(401);
  });
});
