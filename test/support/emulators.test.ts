// Proves the local stand-ins speak the real wire protocols: every call below goes through the real
// AWS SDK v3 clients (or aws-amplify), pointed at the stand-ins only through the environment.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CognitoIdentityClient,
  DescribeIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetIdentityPoolRolesCommand,
  ListIdentityPoolsCommand,
} from '@aws-sdk/client-cognito-identity';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetBucketLocationCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteParameterCommand, GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { SsmParameters } from '../../src/aws/ssm-parameters.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCognitoLocal } from './cognito-local.js';
import { startEmulators, type Emulators } from './emulators.js';
import { runCli, runCliInTerminal } from './run-cli.js';
import { cognitoTrustPolicy, DEMO_IDS, demoWorld, type World } from './world.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const BULK_IDENTITY_POOLS = 65;
const OTHER_REGION_POOL_ID = 'eu-west-1:0b7e4d2a-9c1f-4a3e-8d5b-6f2a1c9e7b40';

function testWorld(): World {
  const world = demoWorld();
  for (let n = 0; n < BULK_IDENTITY_POOLS; n += 1) {
    world.identityPools.push({
      id: `us-east-1:00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      name: `bulk_pool_${n}`,
      allowUnauthenticatedIdentities: false,
      providers: [],
      roles: {},
    });
  }
  world.identityPools.push({ id: OTHER_REGION_POOL_ID, name: 'ireland_pool', allowUnauthenticatedIdentities: false, providers: [], roles: {} });
  return world;
}

async function errorOf(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

function jwtPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

let workDir: string;
let emulators: Emulators;
const world = testWorld();
const savedEnv = new Map<string, string | undefined>();

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'mycli-emulators-'));
  emulators = await startEmulators(world, workDir);
  for (const [name, value] of Object.entries(emulators.env)) {
    savedEnv.set(name, process.env[name]);
    process.env[name] = value;
  }
});

afterAll(async () => {
  for (const [name, value] of savedEnv) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await emulators?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('cognito-local (user pools)', () => {
  const idp = () => new CognitoIdentityProviderClient({});

  it('lists and describes the seeded pools', async () => {
    const { UserPools } = await idp().send(new ListUserPoolsCommand({ MaxResults: 60 }));
    expect(UserPools?.map((pool) => pool.Name).sort()).toEqual(['acme-users', 'legacy-admin']);

    const { UserPool } = await idp().send(new DescribeUserPoolCommand({ UserPoolId: DEMO_IDS.userPoolId }));
    expect(UserPool).toMatchObject({
      Id: DEMO_IDS.userPoolId,
      Name: 'acme-users',
      Arn: `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${DEMO_IDS.userPoolId}`,
      UsernameAttributes: ['email', 'phone_number'],
      AutoVerifiedAttributes: ['email'],
      MfaConfiguration: 'OPTIONAL',
      Policies: { PasswordPolicy: { MinimumLength: 8, RequireSymbols: true } },
    });
    expect(UserPool?.SchemaAttributes?.find((attribute) => attribute.Name === 'email')?.Required).toBe(true);
    expect(UserPool?.CreationDate).toBeInstanceOf(Date);
  });

  it('lists clients and shows the secret only of the client that has one', async () => {
    const { UserPoolClients } = await idp().send(new ListUserPoolClientsCommand({ UserPoolId: DEMO_IDS.userPoolId, MaxResults: 60 }));
    expect(UserPoolClients?.map((client) => client.ClientName).sort()).toEqual(['acme-native', 'acme-web']);

    const native = await idp().send(new DescribeUserPoolClientCommand({ UserPoolId: DEMO_IDS.userPoolId, ClientId: DEMO_IDS.nativeClientId }));
    expect(native.UserPoolClient?.ClientSecret).toMatch(/^\w{40,}$/);
    const web = await idp().send(new DescribeUserPoolClientCommand({ UserPoolId: DEMO_IDS.userPoolId, ClientId: DEMO_IDS.webClientId }));
    expect(web.UserPoolClient).toMatchObject({ ClientName: 'acme-web', SupportedIdentityProviders: ['COGNITO'] });
    expect(web.UserPoolClient?.ClientSecret).toBeUndefined();
  });

  it('signs the demo user in with USER_PASSWORD_AUTH and issues tokens with the real issuer shape', async () => {
    const { AuthenticationResult } = await idp().send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: DEMO_IDS.webClientId,
        AuthParameters: { USERNAME: DEMO_IDS.demoUser.username, PASSWORD: DEMO_IDS.demoUser.password },
      }),
    );
    const claims = jwtPayload(AuthenticationResult?.IdToken ?? '');
    expect(claims).toMatchObject({
      email: DEMO_IDS.demoUser.username,
      aud: DEMO_IDS.webClientId,
      iss: `https://cognito-idp.us-east-1.amazonaws.com/${DEMO_IDS.userPoolId}`,
    });
    expect(AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('answers an unknown pool with ResourceNotFoundException', async () => {
    const error = await errorOf(idp().send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_Missing01' })));
    expect(error.name).toBe('ResourceNotFoundException');
  });
});

describe('startCognitoLocal failures', () => {
  it('reports cognito-local dying at startup with its own output', async () => {
    const brokenWorld = demoWorld();
    // cognito-local revives every "...Date" field as a date and exits when one is not.
    brokenWorld.userPools[0]!.options = { ExpiryDate: { not: 'a date' } };
    const brokenDir = await mkdtemp(path.join(os.tmpdir(), 'mycli-cognito-local-broken-'));
    try {
      await expect(startCognitoLocal(brokenWorld, brokenDir)).rejects.toThrow(/exited with 1 before answering[\s\S]*Failed to load StormDB database file/);
    } finally {
      await rm(brokenDir, { recursive: true, force: true });
    }
  });
});

describe('identity/IAM stub: Cognito Identity', () => {
  const identity = () => new CognitoIdentityClient({});

  it('paginates ListIdentityPools with an opaque NextToken, 60 at most per page, in the signing region only', async () => {
    const pages: string[][] = [];
    let nextToken: string | undefined;
    do {
      const page = await identity().send(new ListIdentityPoolsCommand({ MaxResults: 100, NextToken: nextToken }));
      pages.push(page.IdentityPools?.map((pool) => pool.IdentityPoolName ?? '') ?? []);
      nextToken = page.NextToken;
      if (nextToken) expect(Number.isNaN(Number(nextToken))).toBe(true);
    } while (nextToken);
    expect(pages.map((page) => page.length)).toEqual([60, BULK_IDENTITY_POOLS + 2 - 60]);
    const names = pages.flat();
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['acme_identities', 'partner_identities', 'bulk_pool_64']));
    expect(names).not.toContain('ireland_pool');
  });

  it('describes an identity pool and its roles', async () => {
    const pool = await identity().send(new DescribeIdentityPoolCommand({ IdentityPoolId: DEMO_IDS.identityPoolId }));
    expect(pool).toMatchObject({
      IdentityPoolName: 'acme_identities',
      AllowUnauthenticatedIdentities: true,
      CognitoIdentityProviders: [
        { ProviderName: `cognito-idp.us-east-1.amazonaws.com/${DEMO_IDS.userPoolId}`, ClientId: DEMO_IDS.webClientId, ServerSideTokenCheck: false },
      ],
    });
    const { Roles } = await identity().send(new GetIdentityPoolRolesCommand({ IdentityPoolId: DEMO_IDS.identityPoolId }));
    expect(Roles).toEqual({
      authenticated: `arn:aws:iam::123456789012:role/${DEMO_IDS.authRoleName}`,
      unauthenticated: `arn:aws:iam::123456789012:role/${DEMO_IDS.unauthRoleName}`,
    });
  });

  it('answers an unknown identity pool (or one of another region) with ResourceNotFoundException', async () => {
    const missing = await errorOf(identity().send(new DescribeIdentityPoolCommand({ IdentityPoolId: 'us-east-1:11111111-2222-4333-8444-555555555555' })));
    expect(missing.name).toBe('ResourceNotFoundException');
    expect(missing.message).toContain('us-east-1:11111111-2222-4333-8444-555555555555');
    const otherRegion = await errorOf(identity().send(new GetIdentityPoolRolesCommand({ IdentityPoolId: OTHER_REGION_POOL_ID })));
    expect(otherRegion.name).toBe('ResourceNotFoundException');
  });

  it('limits an operation with a token bucket when paced, answering the excess with TooManyRequestsException', async () => {
    emulators.stub.setPacing({ limits: { DescribeIdentityPool: { perSecond: 1, burst: 2 } } });
    emulators.stub.resetCalls();
    try {
      const client = new CognitoIdentityClient({ maxAttempts: 1 });
      const describe = () => client.send(new DescribeIdentityPoolCommand({ IdentityPoolId: DEMO_IDS.identityPoolId }));
      await describe();
      await describe();
      const throttled = await errorOf(describe());
      expect(throttled.name).toBe('TooManyRequestsException');
      expect(throttled.$metadata?.httpStatusCode).toBe(400);
      // Other operations are not limited.
      await identity().send(new ListIdentityPoolsCommand({ MaxResults: 60 }));
      expect(emulators.stub.calls.map((call) => [call.operation, call.throttled ?? false])).toEqual([
        ['DescribeIdentityPool', false],
        ['DescribeIdentityPool', false],
        ['DescribeIdentityPool', true],
        ['ListIdentityPools', false],
      ]);
    } finally {
      emulators.stub.setPacing({});
    }
  });

  it('gives guests and signed-in users identities and credentials, as GetId/GetCredentialsForIdentity do', async () => {
    const guest = await identity().send(new GetIdCommand({ IdentityPoolId: DEMO_IDS.identityPoolId }));
    expect(guest.IdentityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    const guestCredentials = await identity().send(new GetCredentialsForIdentityCommand({ IdentityId: guest.IdentityId }));
    expect(guestCredentials.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(guestCredentials.Credentials?.Expiration?.getTime()).toBeGreaterThan(Date.now());

    const signIn = await new CognitoIdentityProviderClient({}).send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: DEMO_IDS.webClientId,
        AuthParameters: { USERNAME: DEMO_IDS.demoUser.username, PASSWORD: DEMO_IDS.demoUser.password },
      }),
    );
    const logins = { [`cognito-idp.us-east-1.amazonaws.com/${DEMO_IDS.userPoolId}`]: signIn.AuthenticationResult?.IdToken ?? '' };
    const first = await identity().send(new GetIdCommand({ IdentityPoolId: DEMO_IDS.identityPoolId, Logins: logins }));
    const again = await identity().send(new GetIdCommand({ IdentityPoolId: DEMO_IDS.identityPoolId, Logins: logins }));
    expect(again.IdentityId).toBe(first.IdentityId);
    const credentials = await identity().send(new GetCredentialsForIdentityCommand({ IdentityId: first.IdentityId, Logins: logins }));
    expect(credentials.Credentials?.SessionToken).toBeTruthy();

    const partnerGuest = await errorOf(identity().send(new GetIdCommand({ IdentityPoolId: DEMO_IDS.partnerIdentityPoolId })));
    expect(partnerGuest.name).toBe('NotAuthorizedException');
    const wrongProvider = await errorOf(identity().send(new GetIdCommand({ IdentityPoolId: DEMO_IDS.partnerIdentityPoolId, Logins: logins })));
    expect(wrongProvider.name).toBe('NotAuthorizedException');
  });

  it('lets aws-amplify fetch guest and signed-in sessions, and refuses a role whose trust policy drifted', async () => {
    const { Amplify } = await import('aws-amplify');
    const auth = await import('aws-amplify/auth');
    Amplify.configure({
      Auth: {
        Cognito: {
          userPoolId: DEMO_IDS.userPoolId,
          userPoolClientId: DEMO_IDS.webClientId,
          identityPoolId: DEMO_IDS.identityPoolId,
          allowGuestAccess: true,
          userPoolEndpoint: emulators.cognitoLocal.endpoint,
          identityPoolEndpoint: emulators.stub.endpoint,
        },
      },
    });
    const guest = await auth.fetchAuthSession();
    expect(guest.credentials?.accessKeyId).toMatch(/^ASIA/);

    const authRole = emulators.stub.state.roles.get(DEMO_IDS.authRoleName);
    if (!authRole) throw new Error('auth role missing from the stub');
    const seededTrust = authRole.trustPolicy;
    authRole.trustPolicy = cognitoTrustPolicy(DEMO_IDS.partnerIdentityPoolId, 'authenticated');
    try {
      await auth.signIn({ username: DEMO_IDS.demoUser.username, password: DEMO_IDS.demoUser.password, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
      const drifted = await errorOf(auth.fetchAuthSession());
      expect(drifted.name).toBe('InvalidIdentityPoolConfigurationException');
      authRole.trustPolicy = seededTrust;
      const session = await auth.fetchAuthSession();
      expect(session.identityId).toBe(guest.identityId);
      expect(session.tokens?.idToken?.payload.email).toBe(DEMO_IDS.demoUser.username);
      expect(session.credentials?.sessionToken).toBeTruthy();
    } finally {
      authRole.trustPolicy = seededTrust;
      await auth.signOut();
    }
  });
});

describe('identity/IAM stub: IAM', () => {
  const iam = () => new IAMClient({});

  it('returns the role with its trust policy URL-encoded, which decodes to the seed', async () => {
    const { Role } = await iam().send(new GetRoleCommand({ RoleName: DEMO_IDS.authRoleName }));
    expect(Role).toMatchObject({ RoleName: DEMO_IDS.authRoleName, Path: '/', Arn: `arn:aws:iam::123456789012:role/${DEMO_IDS.authRoleName}` });
    expect(Role?.AssumeRolePolicyDocument).toMatch(/^%7B/);
    expect(JSON.parse(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? ''))).toEqual(cognitoTrustPolicy(DEMO_IDS.identityPoolId, 'authenticated'));
    expect(Role?.CreateDate).toBeInstanceOf(Date);
  });

  it('round-trips an inline policy through Put/List/Get/DeleteRolePolicy, paging ListRolePolicies with Marker', async () => {
    const document = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-bucket/public/<&>*' }],
    };
    const roleName = DEMO_IDS.authRoleName;
    await iam().send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'mycli-storage', PolicyDocument: JSON.stringify(document) }));

    const firstPage = await iam().send(new ListRolePoliciesCommand({ RoleName: roleName, MaxItems: 1 }));
    expect(firstPage).toMatchObject({ PolicyNames: ['acme-identities-auth-base'], IsTruncated: true });
    const secondPage = await iam().send(new ListRolePoliciesCommand({ RoleName: roleName, MaxItems: 1, Marker: firstPage.Marker }));
    expect(secondPage).toMatchObject({ PolicyNames: ['mycli-storage'], IsTruncated: false });

    const stored = await iam().send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: 'mycli-storage' }));
    expect(JSON.parse(decodeURIComponent(stored.PolicyDocument ?? ''))).toEqual(document);
    expect(emulators.stub.state.roles.get(roleName)?.inlinePolicies['mycli-storage']).toEqual(document);

    await iam().send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: 'mycli-storage' }));
    const afterDelete = await iam().send(new ListRolePoliciesCommand({ RoleName: roleName }));
    expect(afterDelete.PolicyNames).toEqual(['acme-identities-auth-base']);
  });

  it('answers a missing role or policy with NoSuchEntity, which the SDK names NoSuchEntityException', async () => {
    const missingRole = await errorOf(iam().send(new GetRoleCommand({ RoleName: 'no-such-role' })));
    expect(missingRole.name).toBe('NoSuchEntityException');
    expect(missingRole.message).toBe('The role with name no-such-role cannot be found.');
    expect(missingRole.$metadata?.httpStatusCode).toBe(404);
    const missingPolicy = await errorOf(iam().send(new DeleteRolePolicyCommand({ RoleName: DEMO_IDS.authRoleName, PolicyName: 'never-put' })));
    expect(missingPolicy.name).toBe('NoSuchEntityException');
  });

  it('records every call with its service, operation, parameters and signing region', async () => {
    emulators.stub.resetCalls();
    await iam().send(new GetRoleCommand({ RoleName: DEMO_IDS.unauthRoleName }));
    await new CognitoIdentityClient({}).send(new GetIdentityPoolRolesCommand({ IdentityPoolId: DEMO_IDS.identityPoolId }));
    expect(emulators.stub.calls).toEqual([
      { service: 'iam', operation: 'GetRole', params: { RoleName: DEMO_IDS.unauthRoleName }, region: 'us-east-1' },
      { service: 'cognito-identity', operation: 'GetIdentityPoolRoles', params: { IdentityPoolId: DEMO_IDS.identityPoolId }, region: 'us-east-1' },
    ]);
  });
});

describe('identity/IAM stub: S3 and Lambda', () => {
  it('serves S3 and Lambda to clients configured only by the environment, recording each call', async () => {
    emulators.stub.resetCalls();
    const { Buckets } = await new S3Client({ forcePathStyle: true }).send(new ListBucketsCommand({}));
    expect(Buckets?.map((bucket) => bucket.Name)).toEqual([DEMO_IDS.archiveBucket, DEMO_IDS.mediaBucket]);
    const location = await new S3Client({ forcePathStyle: true }).send(new GetBucketLocationCommand({ Bucket: DEMO_IDS.archiveBucket }));
    expect(location.LocationConstraint).toBe('eu-west-1');

    const { Configuration } = await new LambdaClient({}).send(new GetFunctionCommand({ FunctionName: DEMO_IDS.adminFunction }));
    expect(Configuration).toMatchObject({
      FunctionName: DEMO_IDS.adminFunction,
      Role: `arn:aws:iam::123456789012:role/service-role/${DEMO_IDS.adminFunctionRoleName}`,
      Environment: { Variables: { STAGE: 'dev' } },
    });
    expect(emulators.stub.calls.map((call) => [call.service, call.operation])).toEqual([
      ['s3', 'ListBuckets'],
      ['s3', 'GetBucketLocation'],
      ['lambda', 'GetFunction'],
    ]);
  });
});

describe('identity/IAM stub: SSM Parameter Store', () => {
  it('creates a parameter only when absent (ParameterAlreadyExists), gets and deletes it (ParameterNotFound), per region', async () => {
    const ssm = new SSMClient({});
    const name = '/mycli/stubtest/dev/push-lock';
    await ssm.send(new PutParameterCommand({ Name: name, Value: 'first', Type: 'String', Overwrite: false }));
    expect((await errorOf(ssm.send(new PutParameterCommand({ Name: name, Value: 'second', Type: 'String', Overwrite: false })))).name).toBe('ParameterAlreadyExists');
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name }));
    expect(Parameter).toMatchObject({ Name: name, Value: 'first', Version: 1, Type: 'String', ARN: `arn:aws:ssm:us-east-1:123456789012:parameter${name}` });
    expect(Parameter?.LastModifiedDate).toBeInstanceOf(Date);
    await ssm.send(new PutParameterCommand({ Name: name, Value: 'third', Type: 'String', Overwrite: true }));
    expect((await ssm.send(new GetParameterCommand({ Name: name }))).Parameter).toMatchObject({ Value: 'third', Version: 2 });

    expect((await errorOf(new SSMClient({ region: 'eu-west-1' }).send(new GetParameterCommand({ Name: name })))).name).toBe('ParameterNotFound');
    expect((await errorOf(ssm.send(new PutParameterCommand({ Name: '/big', Value: 'x'.repeat(4097), Type: 'String' })))).name).toBe('ValidationException');
    await ssm.send(new DeleteParameterCommand({ Name: name }));
    expect((await errorOf(ssm.send(new DeleteParameterCommand({ Name: name })))).name).toBe('ParameterNotFound');
  });

  it('through SsmParameters: create-if-absent, get, put, delete; a denied operation is an access error naming the action', async () => {
    const parameters = new SsmParameters(new SSMClient({}));
    const name = '/mycli/stubtest/dev/pushed-state';
    expect(await parameters.get(name)).toBeUndefined();
    expect(await parameters.create(name, 'a')).toBe('created');
    expect(await parameters.create(name, 'b')).toBe('exists');
    await parameters.put(name, 'c');
    expect(await parameters.get(name)).toMatchObject({ value: 'c', version: 2 });
    expect(await parameters.delete(name)).toBe('deleted');
    expect(await parameters.delete(name)).toBe('absent');

    emulators.stub.state.ssm.deniedOperations.add('PutParameter');
    try {
      const denied = await errorOf(parameters.create(name, 'd'));
      expect(denied).toMatchObject({ kind: 'AwsAccessDenied', message: `Access denied: ssm:PutParameter on SSM parameter ${name}.` });
    } finally {
      emulators.stub.state.ssm.deniedOperations.clear();
    }
    expect(emulators.stub.calls.filter((call) => call.service === 'ssm').length).toBeGreaterThan(0);
  });
});

describe('CLI runners', () => {
  it('runCli passes only the given environment plus PATH, feeds stdin and returns the exit code', async () => {
    const result = await runCli(['--flag', "it's"], {
      cwd: workDir,
      env: { ONLY_THIS: 'yes' },
      input: 'typed input',
      entry: path.join(fixtures, 'report-process.mjs'),
    });
    const report = JSON.parse(result.stdout) as { args: string[]; env: Record<string, string>; input: string; cwd: string };
    expect(result.code).toBe(7);
    expect(result.stderr).toBe('report-process: done\n');
    expect(report.args).toEqual(['--flag', "it's"]);
    expect(report.input).toBe('typed input');
    expect(Object.keys(report.env).sort()).toEqual(['ONLY_THIS', 'PATH']);
    expect(process.env.AWS_ACCESS_KEY_ID).toBe('test');
  });

  it('runCliInTerminal drives @inquirer/prompts select and confirm under a pseudo-terminal', async () => {
    const result = await runCliInTerminal([], {
      cwd: workDir,
      env: { ...emulators.env },
      entry: path.join(fixtures, 'prompt-fixture.mjs'),
      steps: [
        { expect: /Pick a user pool/, send: '\x1b[B' },
        { expect: /❯ legacy-admin/, send: '\r' },
        { expect: /Import us-east-1_LegacyAdm1\? \(y\/N\)/, send: 'y\r' },
      ],
    });
    expect(result.output).toContain('RESULT {"pool":"us-east-1_LegacyAdm1","proceed":true,"stdinIsTTY":true,"ci":null}');
    expect(result.code).toBe(0);
  });

  it('runCliInTerminal fails with the captured screen when an expectation never appears', async () => {
    const failure = runCliInTerminal([], {
      cwd: workDir,
      env: {},
      entry: path.join(fixtures, 'prompt-fixture.mjs'),
      timeoutMs: 2_000,
      steps: [{ expect: /a question never asked/, send: '\r' }],
    });
    await expect(failure).rejects.toThrow(/Timed out after 2000 ms waiting for step 1[\s\S]*Pick a user pool/);
  });
});
