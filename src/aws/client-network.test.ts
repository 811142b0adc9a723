// The factory's clients on the wire, against loopback servers: timeouts, retry caps, proxies, endpoints from the shared
// config file, and the --debug request lines (with nothing secret in them).

import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeUserPoolCommand, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useIsolatedAwsEnvironment, userErrorOf } from '../../test/support/aws-unit-env.js';
import { neverAnswer, replyJson, startLoopbackAws, type LoopbackAws, type Responder } from '../../test/support/loopback-aws.js';
import { startLoopbackProxy, type LoopbackProxy } from '../../test/support/loopback-proxy.js';
import { createAwsClients, type AwsClientOptions } from './clients.js';
import { CognitoDiscovery } from './cognito-discovery.js';
import { toUserError } from './errors.js';

const awsEnvironment = useIsolatedAwsEnvironment('network');
const started: Array<LoopbackAws | LoopbackProxy> = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
});

async function loopback(respond: Responder): Promise<LoopbackAws> {
  const server = await startLoopbackAws(respond);
  started.push(server);
  return server;
}

async function proxy(): Promise<LoopbackProxy> {
  const server = await startLoopbackProxy();
  started.push(server);
  return server;
}

const emptyPoolList: Responder = (_request, response) => replyJson(response, 200, { UserPools: [] });
const describedPool: Responder = (_request, response) =>
  replyJson(response, 200, { UserPool: { Id: 'us-east-1_abc', Name: 'pool', MfaConfiguration: 'OFF' } });

function discovery(options: Partial<AwsClientOptions> = {}): CognitoDiscovery {
  return new CognitoDiscovery(createAwsClients({ region: 'us-east-1', ...options }));
}

describe('timeouts and retries', () => {
  it('ends a call to an endpoint that accepts but never answers within the timeout, in 3 attempts, naming the endpoint and operation', async () => {
    const silent = await loopback(neverAnswer);
    vi.stubEnv('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', silent.url);

    const error = await userErrorOf(discovery({ timeoutSeconds: 0.5 }).listUserPools());
    expect(error.kind).toBe('AwsTimeout');
    expect(error.message).toBe(`No answer from ${silent.url} for cognito-idp:ListUserPools on user pools in the region within the 0.5 s timeout (3 attempts).`);
    expect(error.resolution).toContain('The endpoint comes from AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER');
    expect(error.resolution).toContain('--timeout <seconds> (now 0.5)');
    expect(silent.requests.map((request) => request.sdkRequest)).toEqual(['attempt=1; max=8', 'attempt=2; max=8', 'attempt=3; max=8']);
  });

  it('retries a 5xx at most 3 times in all and reports it as a fault on AWS\'s side', async () => {
    const failing = await loopback((_request, response) =>
      replyJson(response, 500, { __type: 'InternalErrorException', message: 'internal' }, { 'x-amzn-errortype': 'InternalErrorException' }),
    );
    vi.stubEnv('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', failing.url);

    const error = await userErrorOf(discovery().describeUserPool('us-east-1_abc'));
    expect(error.kind).toBe('AwsServerFault');
    expect(error.message).toContain('cognito-idp:DescribeUserPool on user pool us-east-1_abc: InternalErrorException (HTTP 500)');
    expect(error.resolution).toContain('mycli tried 3 times');
    expect(failing.requests).toHaveLength(3);
  });

  it('keeps retrying throttles past the 3-attempt cap (standard mode: no client-side rate limiter)', async () => {
    let calls = 0;
    const throttling = await loopback((_request, response) => {
      calls++;
      if (calls <= 3) {
        return replyJson(response, 400, { __type: 'TooManyRequestsException', message: 'slow down' }, { 'x-amzn-errortype': 'TooManyRequestsException' });
      }
      emptyPoolList(_request, response);
    });
    vi.stubEnv('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', throttling.url);

    const clients = createAwsClients({ region: 'us-east-1', retryMode: 'standard' });
    expect(await clients.cognitoIdp.config.retryStrategy()).toHaveProperty('mode', 'standard');
    await expect(new CognitoDiscovery(clients).listUserPools()).resolves.toEqual([]);
    expect(throttling.requests).toHaveLength(4);
  });
});

describe('proxies', () => {
  it('sends every call through HTTP_PROXY for an http:// endpoint, and the --debug line says so', async () => {
    const aws = await loopback(emptyPoolList);
    const forwarder = await proxy();
    vi.stubEnv('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', aws.url);
    vi.stubEnv('HTTP_PROXY', forwarder.url);
    const lines: string[] = [];

    await discovery({ requestLog: (line) => lines.push(line) }).listUserPools();
    expect(forwarder.requests).toEqual([{ kind: 'forward', target: `${aws.url}/` }]);
    expect(aws.requests).toHaveLength(1);
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^AWS cognito-idp ListUserPools → HTTP 200, \\d+ ms, retry 0, via proxy 127\\.0\\.0\\.1:${forwarder.port}$`))]);
  });

  it('reads lower-case http_proxy and a proxy given without a scheme', async () => {
    const aws = await loopback(emptyPoolList);
    const forwarder = await proxy();
    vi.stubEnv('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', aws.url);
    vi.stubEnv('http_proxy', `127.0.0.1:${forwarder.port}`);

    await discovery().listUserPools();
    expect(forwarder.requests.map((request) => request.kind)).toEqual(['forward']);
  });

  it('goes direct to a host listed in NO_PROXY', async () => {
    const aws = await loopback(emptyPoolList);
    const forwarder = await proxy();
    vi.stubEnv('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', aws.url);
    vi.stubEnv('HTTP_PROXY', forwarder.url);
    vi.stubEnv('NO_PROXY', 'example.com,127.0.0.1');
    const lines: string[] = [];

    await discovery({ requestLog: (line) => lines.push(line) }).listUserPools();
    expect(forwarder.requests).toEqual([]);
    expect(aws.requests).toHaveLength(1);
    expect(lines[0]).toMatch(/, direct$/);
  });

  it('names the proxy when it refuses the connection', async () => {
    const aws = await loopback(emptyPoolList);
    const gone = await proxy();
    await gone.stop();
    started.splice(started.indexOf(gone), 1);
    vi.stubEnv('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', aws.url);
    vi.stubEnv('HTTPS_PROXY', gone.url);
    vi.stubEnv('HTTP_PROXY', gone.url);

    const error = await userErrorOf(discovery({ maxAttempts: 1 }).listUserPools());
    expect(error.message).toBe(`Could not reach the proxy 127.0.0.1:${gone.port} for cognito-idp:ListUserPools on user pools in the region: ECONNREFUSED.`);
    expect(aws.requests).toEqual([]);
  });

  it('refuses a proxy variable that is not a URL before any call, without echoing its password', async () => {
    vi.stubEnv('HTTPS_PROXY', 'ftp://user:hunter2@proxy.corp:21');
    const error = await userErrorOf(Promise.resolve().then(() => createAwsClients({ region: 'us-east-1' })));
    expect(error.message).toBe("HTTPS_PROXY is set to 'ftp://***@proxy.corp:21', which is not an HTTP proxy URL.");
    expect(error.exitCode).toBe(2);
  });
});

describe("the credential chain's own requests", () => {
  /** A legacy SSO profile whose `aws sso login` token is cached, and an SSO portal on loopback that hands out role credentials. */
  async function ssoProfile(respond: Responder = ssoRoleCredentials): Promise<LoopbackAws> {
    const portal = await loopback(respond);
    const startUrl = 'https://acme.awsapps.com/start';
    const cache = join(awsEnvironment.home(), '.aws', 'sso', 'cache');
    await mkdir(cache, { recursive: true });
    await writeFile(
      join(cache, `${createHash('sha1').update(startUrl).digest('hex')}.json`),
      JSON.stringify({ startUrl, region: 'us-east-1', accessToken: 'sso-bearer-token', expiresAt: new Date(Date.now() + 3_600_000).toISOString() }),
    );
    await writeFile(
      join(awsEnvironment.home(), 'config'),
      `[profile sso]\nsso_start_url = ${startUrl}\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Dev\n`,
    );
    vi.stubEnv('AWS_ENDPOINT_URL_SSO', portal.url);
    return portal;
  }

  const ssoRoleCredentials: Responder = (_request, response) =>
    replyJson(response, 200, { roleCredentials: { accessKeyId: 'ASIASSOROLE', secretAccessKey: 'sso-secret', sessionToken: 'sso-session', expiration: Date.now() + 3_600_000 } });

  it('an SSO profile gets its role credentials through HTTP_PROXY too, and the calls are signed with them', async () => {
    const portal = await ssoProfile();
    const aws = await loopback(emptyPoolList);
    const forwarder = await proxy();
    vi.stubEnv('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', aws.url);
    vi.stubEnv('HTTP_PROXY', forwarder.url);

    await discovery({ profile: 'sso' }).listUserPools();
    expect(portal.requests.map((request) => request.path)).toEqual(['/federation/credentials?account_id=123456789012&role_name=Dev']);
    expect(forwarder.requests.map((request) => request.target)).toEqual([`${portal.url}/federation/credentials?account_id=123456789012&role_name=Dev`, `${aws.url}/`]);
    expect(aws.requests[0]!.authorization).toContain('Credential=ASIASSOROLE/');
  });

  it('an SSO portal that never answers ends within the timeout', async () => {
    await ssoProfile(neverAnswer);
    const aws = await loopback(emptyPoolList);
    vi.stubEnv('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', aws.url);

    // Without the timeout on the chain's own requests this waits for ever (the test's own time limit fails it).
    const error = await userErrorOf(discovery({ profile: 'sso', timeoutSeconds: 0.3 }).listUserPools());
    expect(error.kind).toBe('AwsCredentials');
    expect(error.details.join('\n')).toContain('timed out after 300 ms');
    expect(aws.requests).toEqual([]);
  });
});

describe('endpoints from the shared config file', () => {
  it('a connection error names the services section of the config file the endpoint came from', async () => {
    const closed = await loopback(emptyPoolList);
    await closed.stop();
    started.splice(started.indexOf(closed), 1);
    const configFile = join(awsEnvironment.home(), 'services-config');
    await writeFile(configFile, `[default]\nservices = local\n\n[services local]\ncognito_identity_provider =\n  endpoint_url = ${closed.url}\n`);
    vi.stubEnv('AWS_CONFIG_FILE', configFile);

    const error = await userErrorOf(discovery({ maxAttempts: 1 }).listUserPools());
    expect(error.message).toContain(`Could not reach the AWS endpoint ${closed.url} for cognito-idp:ListUserPools on user pools in the region: ECONNREFUSED.`);
    expect(error.resolution).toContain(`The endpoint comes from cognito_identity_provider endpoint_url in the [services local] section of ~/services-config (profile default)`);
  });

  it("names a profile's own endpoint_url", async () => {
    const closed = await loopback(emptyPoolList);
    await closed.stop();
    started.splice(started.indexOf(closed), 1);
    const configFile = join(awsEnvironment.home(), 'endpoint-config');
    await writeFile(configFile, `[default]\nendpoint_url = ${closed.url}\n`);
    vi.stubEnv('AWS_CONFIG_FILE', configFile);

    const error = await userErrorOf(discovery({ maxAttempts: 1 }).listUserPools());
    expect(error.resolution).toContain(`The endpoint comes from endpoint_url of profile default in ~/endpoint-config`);
  });
});

describe('--debug request lines', () => {
  it('one line per attempt with the service, operation, resource ids, status, ms and retry number', async () => {
    let calls = 0;
    const flaky = await loopback((request, response) => {
      calls++;
      if (calls === 1) return replyJson(response, 503, { __type: 'ServiceUnavailable', message: 'later' });
      describedPool(request, response);
    });
    vi.stubEnv('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', flaky.url);
    const lines: string[] = [];

    await discovery({ requestLog: (line) => lines.push(line) }).describeUserPool('us-east-1_abc');
    expect(lines).toEqual([
      expect.stringMatching(/^AWS cognito-idp DescribeUserPool UserPoolId=us-east-1_abc → HTTP 503, \d+ ms, retry 0, direct$/),
      expect.stringMatching(/^AWS cognito-idp DescribeUserPool UserPoolId=us-east-1_abc → HTTP 200, \d+ ms, retry 1, direct$/),
    ]);
  });

  it('never shows credentials, session tokens or policy documents', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDSHOULDNOTLEAK');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret-should-not-leak');
    vi.stubEnv('AWS_SESSION_TOKEN', 'session-token-should-not-leak');
    const iam = await loopback((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.end('<PutRolePolicyResponse><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PutRolePolicyResponse>');
    });
    vi.stubEnv('AWS_ENDPOINT_URL_IAM', iam.url);
    const lines: string[] = [];
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::policy-should-not-leak/*' }] });

    const { iam: client } = createAwsClients({ region: 'us-east-1', requestLog: (line) => lines.push(line) });
    await client.send(new PutRolePolicyCommand({ RoleName: 'auth-role', PolicyName: 'mycli-shop.dev.storage', PolicyDocument: document }));
    expect(iam.requests[0]!.authorization).toContain('AKIDSHOULDNOTLEAK');
    expect(lines).toEqual([expect.stringMatching(/^AWS iam PutRolePolicy RoleName=auth-role PolicyName=mycli-shop\.dev\.storage → HTTP 200, /)]);
    expect(lines.join('\n')).not.toMatch(/SHOULDNOTLEAK|should-not-leak|Statement/);
  });

  it('a network failure is a line too, and the request log escapes what it shows', async () => {
    const closed = await loopback(emptyPoolList);
    await closed.stop();
    started.splice(started.indexOf(closed), 1);
    vi.stubEnv('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', closed.url);
    const lines: string[] = [];

    const { cognitoIdp } = createAwsClients({ region: 'us-east-1', maxAttempts: 1, requestLog: (line) => lines.push(line) });
    const error = await cognitoIdp.send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_x\nfake line' })).catch((caught: unknown) => caught);
    expect(toUserError(error, { action: 'cognito-idp:DescribeUserPool' })).toHaveProperty('kind', 'AwsError');
    expect(lines).toEqual([expect.stringMatching(/^AWS cognito-idp DescribeUserPool UserPoolId=us-east-1_x\\nfake line → ECONNREFUSED, \d+ ms, retry 0, direct$/)]);
  });

  it('lists calls without resource ids by operation alone', async () => {
    const aws = await loopback(emptyPoolList);
    vi.stubEnv('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', aws.url);
    const lines: string[] = [];
    const { cognitoIdp } = createAwsClients({ region: 'us-east-1', requestLog: (line) => lines.push(line) });
    await cognitoIdp.send(new ListUserPoolsCommand({ MaxResults: 60, NextToken: 'token-should-not-leak' }));
    expect(lines[0]).toMatch(/^AWS cognito-idp ListUserPools → HTTP 200/);
  });
});
