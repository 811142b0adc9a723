// Real SDK clients against a loopback HTTP server: endpoint overrides, retries, profiles, region
// lookup and IAM's URL-encoded policy documents, as the installed SDK version actually behaves.

import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ListIdentityPoolsCommand } from '@aws-sdk/client-cognito-identity';
import { ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useIsolatedAwsEnvironment } from '../../test/support/aws-unit-env.js';
import { replyJson, startLoopbackAws, type LoopbackAws, type Responder } from '../../test/support/loopback-aws.js';
import { isUserError } from '../core/errors.js';
import { createAwsClients } from './clients.js';
import { resolveRegion } from './region.js';
import { CognitoDiscovery } from './cognito-discovery.js';

/** Answers ListUserPools, ListIdentityPools and GetRole with empty but valid results. */
const answerEveryService: Responder = (request, response) => {
  if (request.target.endsWith('.ListUserPools')) return replyJson(response, 200, { UserPools: [] });
  if (request.target.endsWith('.ListIdentityPools')) return replyJson(response, 200, { IdentityPools: [] });
  if (request.target === 'GetRole') {
    response.writeHead(200, { 'content-type': 'text/xml' });
    return response.end(getRoleXml('arn:aws:iam::123456789012:role/r', 'r', encodeURIComponent('{"Statement":[]}')));
  }
  replyJson(response, 400, { __type: 'UnknownOperationException', message: request.target });
};

function getRoleXml(arn: string, name: string, encodedPolicy: string): string {
  return `<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role>
<Path>/</Path><RoleName>${name}</RoleName><RoleId>AROAEXAMPLE</RoleId><Arn>${arn}</Arn>
<CreateDate>2024-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>${encodedPolicy}</AssumeRolePolicyDocument>
</Role></GetRoleResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetRoleResponse>`;
}

const awsEnvironment = useIsolatedAwsEnvironment('clients');
const servers: LoopbackAws[] = [];

beforeEach(() => {
  // Region and profile lookups are under test here, so no ambient region, profile or session may leak in either.
  for (const name of ['AWS_DEFAULT_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_SESSION_TOKEN']) vi.stubEnv(name, undefined);
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
  await rm(join(awsEnvironment.home(), 'config'), { force: true });
  await rm(join(awsEnvironment.home(), 'credentials'), { force: true });
});

async function loopback(respond: Responder) {
  const started = await startLoopbackAws(respond);
  servers.push(started);
  return started;
}

describe('createAwsClients endpoint overrides', () => {
  it('sends each service to its AWS_ENDPOINT_URL_<SERVICE>', async () => {
    const idp = await loopback(answerEveryService);
    const identity = await loopback(answerEveryService);
    const iam = await loopback(answerEveryService);
    vi.stubEnv('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', idp.url);
    vi.stubEnv('AWS_ENDPOINT_URL_COGNITO_IDENTITY', identity.url);
    vi.stubEnv('AWS_ENDPOINT_URL_IAM', iam.url);

    const clients = createAwsClients({ region: 'eu-west-1', maxAttempts: 1 });
    await clients.cognitoIdp.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    await clients.cognitoIdentity.send(new ListIdentityPoolsCommand({ MaxResults: 60 }));
    await clients.iam.send(new GetRoleCommand({ RoleName: 'r' }));

    expect(idp.requests.map((request) => request.target)).toEqual(['AWSCognitoIdentityProviderService.ListUserPools']);
    expect(identity.requests.map((request) => request.target)).toEqual(['AWSCognitoIdentityService.ListIdentityPools']);
    expect(iam.requests.map((request) => request.target)).toEqual(['GetRole']);
    // Signed for the configured region (IAM signs for us-east-1, the global endpoint's region).
    expect(idp.requests[0]!.authorization).toContain('/eu-west-1/cognito-idp/aws4_request');
  });

  it('sends every service to AWS_ENDPOINT_URL when no service-specific variable is set', async () => {
    const shared = await loopback(answerEveryService);
    vi.stubEnv('AWS_ENDPOINT_URL', shared.url);

    const clients = createAwsClients({ region: 'us-east-1', maxAttempts: 1 });
    await clients.cognitoIdp.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    await clients.cognitoIdentity.send(new ListIdentityPoolsCommand({ MaxResults: 60 }));
    await clients.iam.send(new GetRoleCommand({ RoleName: 'r' }));

    expect(shared.requests.map((request) => request.target)).toEqual([
      'AWSCognitoIdentityProviderService.ListUserPools',
      'AWSCognitoIdentityService.ListIdentityPools',
      'GetRole',
    ]);
  });

  it('resolves the real AWS endpoints when nothing is overridden (IAM: the global endpoint)', async () => {
    const clients = createAwsClients({ region: 'eu-west-1' });
    const params = { Region: 'eu-west-1', UseFIPS: false, UseDualStack: false };

    expect(clients.cognitoIdp.config.endpointProvider(params).url.host).toBe('cognito-idp.eu-west-1.amazonaws.com');
    expect(clients.cognitoIdentity.config.endpointProvider(params).url.host).toBe('cognito-identity.eu-west-1.amazonaws.com');
    expect(clients.iam.config.endpointProvider(params).url.host).toBe('iam.amazonaws.com');
  });
});

describe('createAwsClients retries and credentials', () => {
  it('uses adaptive retry with 8 attempts unless told otherwise', async () => {
    const clients = createAwsClients({ region: 'us-east-1' });
    for (const client of [clients.cognitoIdp, clients.cognitoIdentity, clients.iam]) {
      expect(await client.config.maxAttempts()).toBe(8);
      expect(await client.config.retryStrategy()).toHaveProperty('mode', 'adaptive');
    }
    expect(await createAwsClients({ region: 'us-east-1', maxAttempts: 2 }).iam.config.maxAttempts()).toBe(2);
    expect(await clients.iam.config.region()).toBe('us-east-1');
  });

  // After a throttle the adaptive rate limiter refills at its minimum rate (0.5/s): the retry waits ~2 s.
  it('retries a throttled call (adaptive retry) and then succeeds', async () => {
    let calls = 0;
    const idp = await loopback((_request, response) => {
      calls++;
      if (calls === 1) {
        return replyJson(
          response,
          400,
          { __type: 'TooManyRequestsException', message: 'slow down' },
          { 'x-amzn-errortype': 'TooManyRequestsException' },
        );
      }
      replyJson(response, 200, { UserPools: [{ Id: 'us-east-1_abc', Name: 'pool' }] });
    });
    vi.stubEnv('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', idp.url);

    const discovery = new CognitoDiscovery(createAwsClients({ region: 'us-east-1', maxAttempts: 3 }));
    await expect(discovery.listUserPools()).resolves.toEqual([{ id: 'us-east-1_abc', name: 'pool' }]);
    expect(calls).toBe(2);
  });

  it('paced clients hand a throttling reply straight back (the caller paces), with no adaptive limiter', async () => {
    const identity = await loopback((_request, response) =>
      replyJson(response, 400, { __type: 'TooManyRequestsException', message: 'Rate exceeded' }, { 'x-amzn-errortype': 'TooManyRequestsException' }),
    );
    vi.stubEnv('AWS_ENDPOINT_URL_COGNITO_IDENTITY', identity.url);

    const { paced } = createAwsClients({ region: 'us-east-1', maxAttempts: 5 });
    for (const client of [paced.cognitoIdp, paced.cognitoIdentity]) {
      expect(await client.config.retryStrategy()).toHaveProperty('mode', 'standard');
    }
    const error = await paced.cognitoIdentity.send(new ListIdentityPoolsCommand({ MaxResults: 60 })).catch((caught: unknown) => caught);
    expect(error).toHaveProperty('name', 'TooManyRequestsException');
    expect(identity.requests).toHaveLength(1);
  });

  it('paced clients still retry what is not throttling (a 5xx reply)', async () => {
    let calls = 0;
    const identity = await loopback((_request, response) => {
      calls++;
      if (calls === 1) return replyJson(response, 500, { __type: 'InternalErrorException', message: 'oops' }, { 'x-amzn-errortype': 'InternalErrorException' });
      replyJson(response, 200, { IdentityPools: [] });
    });
    vi.stubEnv('AWS_ENDPOINT_URL_COGNITO_IDENTITY', identity.url);

    const { paced } = createAwsClients({ region: 'us-east-1', maxAttempts: 3 });
    await expect(paced.cognitoIdentity.send(new ListIdentityPoolsCommand({ MaxResults: 60 }))).resolves.toMatchObject({ IdentityPools: [] });
    expect(calls).toBe(2);
  });

  it('maps a throttle that is not retried (maxAttempts 1) to AwsThrottled', async () => {
    const idp = await loopback((_request, response) =>
      replyJson(response, 400, { __type: 'TooManyRequestsException', message: 'slow down' }, { 'x-amzn-errortype': 'TooManyRequestsException' }),
    );
    vi.stubEnv('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', idp.url);

    const discovery = new CognitoDiscovery(createAwsClients({ region: 'us-east-1', maxAttempts: 1 }));
    const error = await discovery.listUserPools().catch((caught: unknown) => caught);
    expect(isUserError(error) && error.kind).toBe('AwsThrottled');
    expect(idp.requests).toHaveLength(1);
  });

  it('signs with the named profile from the shared credentials file', async () => {
    // A file of its own: the SDK caches each shared file it has read (or failed to read) per path.
    const credentialsFile = join(awsEnvironment.home(), 'profile-credentials');
    await writeFile(credentialsFile, '[dev]\naws_access_key_id = AKIDDEVPROFILE\naws_secret_access_key = secret\n');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', credentialsFile);
    // Static keys in the environment are what --profile must win over.
    const idp = await loopback(answerEveryService);
    vi.stubEnv('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', idp.url);

    const clients = createAwsClients({ region: 'us-east-1', profile: 'dev', maxAttempts: 1 });
    await clients.cognitoIdp.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    expect(idp.requests[0]!.authorization).toContain('Credential=AKIDDEVPROFILE/');
  });

  it('maps a refused connection to AwsError naming the endpoint override', async () => {
    const closed = await startLoopbackAws(answerEveryService);
    await new Promise((resolve) => closed.server.close(resolve));
    vi.stubEnv('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', closed.url);

    const discovery = new CognitoDiscovery(createAwsClients({ region: 'us-east-1', maxAttempts: 1 }));
    const error = await discovery.describeUserPool('us-east-1_abc').catch((caught: unknown) => caught);
    expect(isUserError(error) && error.kind).toBe('AwsError');
    if (!isUserError(error)) throw error;
    expect(error.message).toContain('user pool us-east-1_abc');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain(closed.url.replace('http://', ''));
    expect(error.resolution).toContain('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER');
  });
});

describe('CognitoDiscovery.getRole through the real IAM client', () => {
  it('decodes the URL-encoded trust policy exactly once', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: 'cognito-identity.amazonaws.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:0000-1111' },
            'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
          },
        },
      ],
    };
    const arn = 'arn:aws:iam::123456789012:role/service-role/auth-role';
    const iam = await loopback((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.end(getRoleXml(arn, 'auth-role', encodeURIComponent(JSON.stringify(policy))));
    });
    vi.stubEnv('AWS_ENDPOINT_URL_IAM', iam.url);

    const discovery = new CognitoDiscovery(createAwsClients({ region: 'us-east-1', maxAttempts: 1 }));
    await expect(discovery.getRole(arn)).resolves.toEqual({ arn, name: 'auth-role', exists: true, trustPolicy: policy });
    expect(new URLSearchParams(iam.requests[0]!.body).get('RoleName')).toBe('auth-role');
  });

  it('reports a role IAM does not have as exists: false', async () => {
    const iam = await loopback((_request, response) => {
      response.writeHead(404, { 'content-type': 'text/xml' });
      response.end(
        '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>' +
          '<Message>The role with name gone cannot be found.</Message></Error><RequestId>req-2</RequestId></ErrorResponse>',
      );
    });
    vi.stubEnv('AWS_ENDPOINT_URL_IAM', iam.url);

    const discovery = new CognitoDiscovery(createAwsClients({ region: 'us-east-1', maxAttempts: 1 }));
    const arn = 'arn:aws:iam::123456789012:role/gone';
    await expect(discovery.getRole(arn)).resolves.toEqual({ arn, name: 'gone', exists: false });
  });
});

describe('resolveRegion', () => {
  it('prefers the flag, then AWS_REGION, then AWS_DEFAULT_REGION', async () => {
    await writeFile(join(awsEnvironment.home(), 'config'), '[default]\nregion = ap-south-1\n');
    vi.stubEnv('AWS_REGION', 'eu-central-1');
    vi.stubEnv('AWS_DEFAULT_REGION', 'eu-north-1');
    expect(await resolveRegion({ region: 'us-west-2' })).toBe('us-west-2');
    expect(await resolveRegion({})).toBe('eu-central-1');
    vi.stubEnv('AWS_REGION', undefined);
    expect(await resolveRegion({})).toBe('eu-north-1');
  });

  it("falls back to the profile's region in AWS_CONFIG_FILE (flag profile, then AWS_PROFILE, then default)", async () => {
    await writeFile(
      join(awsEnvironment.home(), 'config'),
      '[default]\nregion = ap-south-1\n\n[profile dev]\nregion = ca-central-1\n\n[profile ops]\nregion = sa-east-1\n',
    );
    expect(await resolveRegion({})).toBe('ap-south-1');
    expect(await resolveRegion({ profile: 'dev' })).toBe('ca-central-1');
    vi.stubEnv('AWS_PROFILE', 'ops');
    expect(await resolveRegion({})).toBe('sa-east-1');
    expect(await resolveRegion({ profile: 'dev' })).toBe('ca-central-1');
  });

  it('returns undefined when nothing names a region', async () => {
    await writeFile(join(awsEnvironment.home(), 'config'), '[profile dev]\noutput = json\n');
    expect(await resolveRegion({ profile: 'dev' })).toBeUndefined();
  });

  it('refuses a profile the shared files do not have, rather than finding no region in it', async () => {
    await writeFile(join(awsEnvironment.home(), 'config'), '[profile dev]\noutput = json\n');
    await expect(resolveRegion({ profile: 'missing' })).rejects.toThrow("No profile named 'missing'");
  });
});
