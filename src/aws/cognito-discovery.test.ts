import {
  CognitoIdentityClient,
  CognitoIdentityServiceException,
  DescribeIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
  ListIdentityPoolsCommand,
  ResourceNotFoundException as IdentityPoolNotFound,
} from '@aws-sdk/client-cognito-identity';
import {
  CognitoIdentityProviderClient,
  CognitoIdentityProviderServiceException,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  InternalErrorException,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetRoleCommand, IAMClient, IAMServiceException, NoSuchEntityException } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AWS_ERROR_METADATA, useIsolatedAwsEnvironment, userErrorOf } from '../../test/support/aws-unit-env.js';
import type { AwsClients } from './clients.js';
import { FakeClock } from '../../test/support/fake-clock.js';
import { CognitoDiscovery, REQUIRED_IAM_PERMISSIONS, type CognitoDiscoveryOptions } from './cognito-discovery.js';
import { IdentityPoolScan, ScanCancelledError, type ScanStatus } from './identity-pool-scan.js';

const REGION = 'us-east-1';
const POOL_ID = 'us-east-1_Pool1';

const idpMock = mockClient(CognitoIdentityProviderClient);
const identityMock = mockClient(CognitoIdentityClient);
const iamMock = mockClient(IAMClient);

function discovery(options: CognitoDiscoveryOptions = {}): CognitoDiscovery {
  const clients: AwsClients = {
    cognitoIdp: new CognitoIdentityProviderClient({ region: REGION }),
    cognitoIdentity: new CognitoIdentityClient({ region: REGION }),
    iam: new IAMClient({ region: REGION }),
    paced: { cognitoIdp: new CognitoIdentityProviderClient({ region: REGION }), cognitoIdentity: new CognitoIdentityClient({ region: REGION }) },
  };
  return new CognitoDiscovery(clients, options);
}

/** Runs the fake clock until `work` settles (the mocked calls answer at once; only the pacing waits). */
async function onFakeClock<T>(clock: FakeClock, work: Promise<T>): Promise<T> {
  let settled = false;
  const watched = work.finally(() => {
    settled = true;
  });
  while (!settled) {
    await clock.run();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return watched;
}

function accessDenied(): CognitoIdentityProviderServiceException {
  return new CognitoIdentityProviderServiceException({
    name: 'AccessDeniedException',
    message: 'not allowed',
    $fault: 'client',
    $metadata: AWS_ERROR_METADATA,
  });
}

/** Tracks how many calls are in flight at once; each call takes a few ms so they overlap. */
function inFlightCounter() {
  let current = 0;
  const counter = {
    max: 0,
    async around<T>(result: T): Promise<T> {
      current++;
      counter.max = Math.max(counter.max, current);
      await new Promise((resolve) => setTimeout(resolve, 5));
      current--;
      return result;
    },
  };
  return counter;
}

useIsolatedAwsEnvironment('discovery');

beforeEach(() => {
  idpMock.reset();
  identityMock.reset();
  iamMock.reset();
});

describe('listUserPools', () => {
  it('follows NextToken over several pages with MaxResults 60 and reports the running count', async () => {
    idpMock
      .on(ListUserPoolsCommand, { NextToken: undefined })
      .resolves({ UserPools: [{ Id: 'us-east-1_a', Name: 'a' }, { Id: 'us-east-1_b', Name: 'b' }], NextToken: 't1' })
      .on(ListUserPoolsCommand, { NextToken: 't1' })
      .resolves({ UserPools: [{ Id: 'us-east-1_c', Name: 'c' }], NextToken: 't2' })
      .on(ListUserPoolsCommand, { NextToken: 't2' })
      .resolves({ UserPools: [{ Id: 'us-east-1_d', Name: 'd' }] });

    const counts: number[] = [];
    const pools = await discovery().listUserPools((count) => counts.push(count));

    expect(pools.map((pool) => pool.id)).toEqual(['us-east-1_a', 'us-east-1_b', 'us-east-1_c', 'us-east-1_d']);
    expect(counts).toEqual([2, 3, 4]);
    const inputs = idpMock.commandCalls(ListUserPoolsCommand).map((call) => call.args[0].input);
    expect(inputs).toEqual([{ MaxResults: 60 }, { MaxResults: 60, NextToken: 't1' }, { MaxResults: 60, NextToken: 't2' }]);
  });

  it('stops when the service repeats the token it was given', async () => {
    idpMock
      .on(ListUserPoolsCommand, { NextToken: undefined })
      .resolves({ UserPools: [{ Id: 'us-east-1_a', Name: 'a' }], NextToken: 'same' })
      .on(ListUserPoolsCommand, { NextToken: 'same' })
      .resolves({ UserPools: [{ Id: 'us-east-1_b', Name: 'b' }], NextToken: 'same' });

    expect(await discovery().listUserPools()).toHaveLength(2);
    expect(idpMock.commandCalls(ListUserPoolsCommand)).toHaveLength(2);
  });

  it('maps access denied to a UserError naming cognito-idp:ListUserPools', async () => {
    idpMock.on(ListUserPoolsCommand).rejects(accessDenied());
    const error = await userErrorOf(discovery().listUserPools());
    expect(error.kind).toBe('AwsAccessDenied');
    expect(error.resolution).toContain('cognito-idp:ListUserPools');
  });
});

describe('describeUserPool', () => {
  const pool: UserPoolType = {
    Id: POOL_ID,
    Name: 'my-pool',
    Arn: `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${POOL_ID}`,
    Domain: 'myapp',
    CustomDomain: 'auth.example.com',
    UsernameAttributes: ['email'],
    AutoVerifiedAttributes: ['email'],
    SchemaAttributes: [
      { Name: 'sub', Required: true },
      { Name: 'email', Required: true },
      { Name: 'phone_number', Required: false },
      { Name: 'custom:tenant', Required: true },
    ],
    Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: false, RequireNumbers: true, RequireSymbols: false } },
    MfaConfiguration: 'OFF',
    LambdaConfig: {
      DefineAuthChallenge: 'arn:aws:lambda:us-east-1:123456789012:function:define',
      CreateAuthChallenge: 'arn:aws:lambda:us-east-1:123456789012:function:create',
      VerifyAuthChallengeResponse: 'arn:aws:lambda:us-east-1:123456789012:function:verify',
    },
  };

  it('maps the pool and skips GetUserPoolMfaConfig when MFA is OFF', async () => {
    idpMock.on(DescribeUserPoolCommand, { UserPoolId: POOL_ID }).resolves({ UserPool: pool });

    expect(await discovery().describeUserPool(POOL_ID)).toEqual({
      id: POOL_ID,
      name: 'my-pool',
      arn: pool.Arn,
      domain: 'myapp',
      customDomain: 'auth.example.com',
      usernameAttributes: ['email'],
      aliasAttributes: [],
      autoVerifiedAttributes: ['email'],
      requiredAttributes: ['email', 'custom:tenant'],
      passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: false, requireNumbers: true, requireSymbols: false },
      mfaConfiguration: 'OFF',
      mfaTypes: [],
      customAuth: true,
    });
    expect(idpMock.commandCalls(GetUserPoolMfaConfigCommand)).toHaveLength(0);
  });

  it('defaults the password policy and needs all three challenge triggers for customAuth', async () => {
    const { Policies: _policies, ...withoutPolicies } = pool;
    idpMock.on(DescribeUserPoolCommand).resolves({
      UserPool: { ...withoutPolicies, LambdaConfig: { DefineAuthChallenge: 'arn:define', CreateAuthChallenge: 'arn:create' } },
    });

    const details = await discovery().describeUserPool(POOL_ID);
    expect(details.passwordPolicy).toEqual({
      minLength: 8,
      requireLowercase: false,
      requireUppercase: false,
      requireNumbers: false,
      requireSymbols: false,
    });
    expect(details.customAuth).toBe(false);
  });

  it('reports the factors GetUserPoolMfaConfig says are enabled, not those merely configured', async () => {
    // SMS is configured on the pool (SmsConfiguration) but only TOTP is enabled as a factor.
    idpMock.on(DescribeUserPoolCommand).resolves({
      UserPool: { ...pool, MfaConfiguration: 'OPTIONAL', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns' } },
    });
    idpMock.on(GetUserPoolMfaConfigCommand, { UserPoolId: POOL_ID }).resolves({
      MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    });

    const details = await discovery().describeUserPool(POOL_ID);
    expect(details.mfaConfiguration).toBe('OPTIONAL');
    expect(details.mfaTypes).toEqual(['TOTP']);
  });

  it('reads SMS, TOTP and EMAIL factors and ignores a TOTP configuration that is disabled', async () => {
    idpMock.on(DescribeUserPoolCommand).resolves({ UserPool: { ...pool, MfaConfiguration: 'ON' } });
    idpMock
      .on(GetUserPoolMfaConfigCommand)
      .resolvesOnce({
        SmsMfaConfiguration: { SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns' } },
        SoftwareTokenMfaConfiguration: { Enabled: true },
        EmailMfaConfiguration: { Message: '{####}' },
      })
      .resolvesOnce({ SmsMfaConfiguration: {}, SoftwareTokenMfaConfiguration: { Enabled: false } });

    expect((await discovery().describeUserPool(POOL_ID)).mfaTypes).toEqual(['SMS', 'TOTP', 'EMAIL']);
    expect((await discovery().describeUserPool(POOL_ID)).mfaTypes).toEqual(['SMS']);
  });

  it('fails with AwsAccessDenied naming GetUserPoolMfaConfig when it is denied, rather than guess the MFA types', async () => {
    idpMock.on(DescribeUserPoolCommand).resolves({
      UserPool: { ...pool, MfaConfiguration: 'ON', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns' } },
    });
    idpMock.on(GetUserPoolMfaConfigCommand).rejects(accessDenied());

    const error = await userErrorOf(discovery().describeUserPool(POOL_ID));
    expect(error.kind).toBe('AwsAccessDenied');
    expect(error.resolution).toContain(`cognito-idp:GetUserPoolMfaConfig for user pool ${POOL_ID}`);
  });

  it('rethrows other GetUserPoolMfaConfig failures as mapped UserErrors', async () => {
    idpMock.on(DescribeUserPoolCommand).resolves({ UserPool: { ...pool, MfaConfiguration: 'ON' } });
    idpMock.on(GetUserPoolMfaConfigCommand).rejects(new InternalErrorException({ message: 'boom', $metadata: AWS_ERROR_METADATA }));

    const error = await userErrorOf(discovery().describeUserPool(POOL_ID));
    expect(error.kind).toBe('AwsServerFault');
    expect(error.message).toContain(`user pool ${POOL_ID}`);
    expect(error.message).toContain('cognito-idp:GetUserPoolMfaConfig');
  });
});

describe('listAppClients', () => {
  const clientIds = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'];

  function mockClients(counter = inFlightCounter()) {
    idpMock
      .on(ListUserPoolClientsCommand, { UserPoolId: POOL_ID, NextToken: undefined })
      .resolves({ UserPoolClients: clientIds.slice(0, 4).map((id) => ({ ClientId: id, UserPoolId: POOL_ID, ClientName: id })), NextToken: 'p2' })
      .on(ListUserPoolClientsCommand, { UserPoolId: POOL_ID, NextToken: 'p2' })
      .resolves({ UserPoolClients: clientIds.slice(4).map((id) => ({ ClientId: id, UserPoolId: POOL_ID, ClientName: id })) });
    idpMock.on(DescribeUserPoolClientCommand).callsFake((input: { ClientId: string }) =>
      counter.around({
        UserPoolClient: {
          ClientId: input.ClientId,
          ClientName: `name-${input.ClientId}`,
          UserPoolId: POOL_ID,
          // Odd-numbered clients have a secret.
          ...(Number(input.ClientId.slice(1)) % 2 === 1 ? { ClientSecret: `secret-value-${input.ClientId}` } : {}),
          SupportedIdentityProviders: ['COGNITO'],
          CallbackURLs: ['https://example.com/'],
          AllowedOAuthFlows: ['code'],
          AllowedOAuthScopes: ['openid'],
          AllowedOAuthFlowsUserPoolClient: true,
          ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        },
      }),
    );
    return counter;
  }

  it('pages the list, describes every client and detects secrets', async () => {
    mockClients();
    const clients = await discovery().listAppClients(POOL_ID);

    expect(clients.map((client) => [client.id, client.hasSecret])).toEqual([
      ['c1', true],
      ['c2', false],
      ['c3', true],
      ['c4', false],
      ['c5', true],
      ['c6', false],
      ['c7', true],
    ]);
    expect(idpMock.commandCalls(ListUserPoolClientsCommand).map((call) => call.args[0].input)).toEqual([
      { UserPoolId: POOL_ID, MaxResults: 60 },
      { UserPoolId: POOL_ID, MaxResults: 60, NextToken: 'p2' },
    ]);
    expect(clients[1]).toEqual({
      id: 'c2',
      name: 'name-c2',
      userPoolId: POOL_ID,
      hasSecret: false,
      supportedIdentityProviders: ['COGNITO'],
      callbackUrls: ['https://example.com/'],
      logoutUrls: [],
      allowedOAuthFlows: ['code'],
      allowedOAuthScopes: ['openid'],
      allowedOAuthFlowsUserPoolClient: true,
      explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
    });
  });

  it('never keeps the secret value', async () => {
    mockClients();
    const clients = await discovery().listAppClients(POOL_ID);
    expect(JSON.stringify(clients)).not.toContain('secret-value');
  });

  it('reads app clients at the documented 5 per second of each user pool, after a burst of 5', async () => {
    const clock = new FakeClock();
    const readAt: Array<[string, number]> = [];
    for (const pool of [POOL_ID, 'us-east-1_Pool2']) {
      idpMock.on(ListUserPoolClientsCommand, { UserPoolId: pool }).callsFake(() => {
        readAt.push([pool, clock.now()]);
        return { UserPoolClients: clientIds.map((id) => ({ ClientId: id, UserPoolId: pool })) };
      });
    }
    idpMock.on(DescribeUserPoolClientCommand).callsFake((input: { UserPoolId: string; ClientId: string }) => {
      readAt.push([input.UserPoolId, clock.now()]);
      return { UserPoolClient: { ClientId: input.ClientId, UserPoolId: input.UserPoolId } };
    });
    const subject = discovery({ clock });
    const [first, second] = await onFakeClock(clock, Promise.all([subject.listAppClients(POOL_ID), subject.listAppClients('us-east-1_Pool2')]));

    expect(first).toHaveLength(7);
    expect(second).toHaveLength(7);
    for (const pool of [POOL_ID, 'us-east-1_Pool2']) {
      const times = readAt.filter(([name]) => name === pool).map(([, at]) => at);
      expect(times).toHaveLength(8);
      // The burst, then one read every 200 ms: each pool on its own pace, side by side.
      expect(times.filter((at) => at === 0)).toHaveLength(5);
      expect(Math.max(...times)).toBeGreaterThanOrEqual(600);
      for (let index = 6; index < times.length; index++) {
        expect((times[index] as number) - (times[index - 1] as number)).toBeGreaterThanOrEqual(199);
      }
    }
  });

  it('sends a throttled describe again later (the paced client does not retry it itself)', async () => {
    mockClients();
    let throttledOnce = false;
    idpMock.on(DescribeUserPoolClientCommand, { ClientId: 'c2' }).callsFake(() => {
      if (!throttledOnce) {
        throttledOnce = true;
        throw new CognitoIdentityProviderServiceException({ name: 'TooManyRequestsException', message: 'Rate exceeded', $fault: 'client', $metadata: AWS_ERROR_METADATA });
      }
      return { UserPoolClient: { ClientId: 'c2', UserPoolId: POOL_ID, ClientName: 'name-c2' } };
    });
    const clients = await discovery().listAppClients(POOL_ID);
    expect(clients.map((client) => client.id)).toEqual(clientIds);
    expect(idpMock.commandCalls(DescribeUserPoolClientCommand, { ClientId: 'c2' })).toHaveLength(2);
  });

  it('names the client and the pool when a describe fails', async () => {
    idpMock.on(ListUserPoolClientsCommand).resolves({ UserPoolClients: [{ ClientId: 'c1', UserPoolId: POOL_ID }] });
    idpMock.on(DescribeUserPoolClientCommand).rejects(accessDenied());
    const error = await userErrorOf(discovery().listAppClients(POOL_ID));
    expect(error.kind).toBe('AwsAccessDenied');
    expect(error.message).toContain(`app client c1 of user pool ${POOL_ID}`);
    expect(error.resolution).toContain('cognito-idp:DescribeUserPoolClient');
  });
});

describe('identity pools', () => {
  const trustedProvider = `cognito-idp.${REGION}.amazonaws.com/${POOL_ID}`;
  const identityPools = {
    'us-east-1:0001': [{ ProviderName: trustedProvider, ClientId: 'web', ServerSideTokenCheck: false }],
    'us-east-1:0002': [{ ProviderName: `cognito-idp.us-west-2.amazonaws.com/${POOL_ID}`, ClientId: 'web' }],
    'us-east-1:0003': [{ ProviderName: `cognito-idp.${REGION}.amazonaws.com/${POOL_ID}Other`, ClientId: 'web' }],
    'us-east-1:0004': [],
    'us-east-1:0005': [
      { ProviderName: `cognito-idp.${REGION}.amazonaws.com/us-east-1_Else`, ClientId: 'x' },
      { ProviderName: trustedProvider, ClientId: 'native' },
    ],
    'us-east-1:0006': [{ ProviderName: trustedProvider, ClientId: 'web' }],
  } as const;
  const ids = Object.keys(identityPools) as Array<keyof typeof identityPools>;

  function mockIdentityPools(counter = inFlightCounter()) {
    identityMock
      .on(ListIdentityPoolsCommand, { NextToken: undefined })
      .resolves({ IdentityPools: ids.slice(0, 2).map((id) => ({ IdentityPoolId: id, IdentityPoolName: `name-${id}` })), NextToken: 'n1' })
      .on(ListIdentityPoolsCommand, { NextToken: 'n1' })
      .resolves({ IdentityPools: ids.slice(2, 4).map((id) => ({ IdentityPoolId: id, IdentityPoolName: `name-${id}` })), NextToken: 'n2' })
      .on(ListIdentityPoolsCommand, { NextToken: 'n2' })
      .resolves({ IdentityPools: ids.slice(4).map((id) => ({ IdentityPoolId: id, IdentityPoolName: `name-${id}` })) });
    identityMock.on(DescribeIdentityPoolCommand).callsFake((input: { IdentityPoolId: keyof typeof identityPools }) =>
      counter.around({
        IdentityPoolId: input.IdentityPoolId,
        IdentityPoolName: `name-${input.IdentityPoolId}`,
        AllowUnauthenticatedIdentities: input.IdentityPoolId === 'us-east-1:0001',
        CognitoIdentityProviders: [...identityPools[input.IdentityPoolId]],
        SupportedLoginProviders: input.IdentityPoolId === 'us-east-1:0001' ? { 'accounts.google.com': 'google-client' } : undefined,
      }),
    );
    return counter;
  }

  it('listIdentityPools follows NextToken with MaxResults 60', async () => {
    mockIdentityPools();
    const pages: Array<[string[], number]> = [];
    const pools = await discovery().listIdentityPools((page, listed) => pages.push([page.map((pool) => pool.id), listed]));
    expect(pools.map((pool) => pool.id)).toEqual(ids);
    expect(pages).toEqual([
      [ids.slice(0, 2), 2],
      [ids.slice(2, 4), 4],
      [ids.slice(4), 6],
    ]);
    expect(identityMock.commandCalls(ListIdentityPoolsCommand).map((call) => call.args[0].input)).toEqual([
      { MaxResults: 60 },
      { MaxResults: 60, NextToken: 'n1' },
      { MaxResults: 60, NextToken: 'n2' },
    ]);
  });

  it('describeIdentityPool maps providers and login providers', async () => {
    mockIdentityPools();
    expect(await discovery().describeIdentityPool('us-east-1:0001')).toEqual({
      id: 'us-east-1:0001',
      name: 'name-us-east-1:0001',
      allowUnauthenticatedIdentities: true,
      cognitoProviders: [{ providerName: trustedProvider, clientId: 'web', serverSideTokenCheck: false }],
      supportedLoginProviders: { 'accounts.google.com': 'google-client' },
    });
  });

  it('a scan lists and describes every pool, reporting each as it is described, and counts honestly', async () => {
    mockIdentityPools();
    const scan = IdentityPoolScan.start(discovery());
    const seen: string[] = [];
    const statuses: ScanStatus[] = [];
    scan.subscribe({ described: (pool) => seen.push(pool.id), changed: (status) => statuses.push(status) });
    const pools = await scan.finished;

    expect(pools.map((pool) => pool.id)).toEqual(ids);
    expect([...seen].sort()).toEqual([...ids]);
    // While listing, the count is of what was listed so far; the total only once the listing is complete.
    expect(statuses.filter((status) => status.listing).map((status) => status.listed)).toEqual(expect.arrayContaining([2, 4]));
    expect(statuses.filter((status) => !status.listing).every((status) => status.listed === 6)).toBe(true);
    expect(scan.status).toMatchObject({ done: true, listing: false, listed: 6, checked: 6, fromCache: 0 });
    // A late subscriber is told about every pool described so far.
    const replayed: string[] = [];
    scan.subscribe({ described: (pool) => replayed.push(pool.id) });
    expect(replayed.sort()).toEqual([...ids]);
  });

  it('a scan describes the first page while it is still listing the next ones', async () => {
    mockIdentityPools();
    let describedBeforeLastPage = false;
    let describeSeen: () => void = () => undefined;
    const firstDescribe = new Promise<void>((resolve) => (describeSeen = resolve));
    identityMock.on(ListIdentityPoolsCommand, { NextToken: 'n2' }).callsFake(async () => {
      // Deadlock guard: a scan that waited for the whole listing would never get here.
      await Promise.race([firstDescribe, new Promise((_resolve, reject) => setTimeout(() => reject(new Error('no describe before the last page')), 5000))]);
      describedBeforeLastPage = true;
      return { IdentityPools: ids.slice(4).map((id) => ({ IdentityPoolId: id, IdentityPoolName: `name-${id}` })) };
    });
    const scan = IdentityPoolScan.start(discovery());
    scan.subscribe({ described: () => describeSeen() });
    await expect(scan.finished).resolves.toHaveLength(6);
    expect(describedBeforeLastPage).toBe(true);
  });

  it('a scan skips a pool deleted between the list and its describe', async () => {
    mockIdentityPools();
    identityMock
      .on(DescribeIdentityPoolCommand, { IdentityPoolId: 'us-east-1:0001' })
      .rejects(new IdentityPoolNotFound({ message: 'gone', $metadata: AWS_ERROR_METADATA }));
    const scan = IdentityPoolScan.start(discovery());
    expect((await scan.finished).map((pool) => pool.id)).toEqual(ids.filter((id) => id !== 'us-east-1:0001'));
    expect(scan.status.checked).toBe(6);
  });

  it('a scan fails with a mapped error when a describe is denied', async () => {
    mockIdentityPools();
    identityMock
      .on(DescribeIdentityPoolCommand, { IdentityPoolId: 'us-east-1:0003' })
      .rejects(new CognitoIdentityServiceException({ name: 'NotAuthorizedException', message: 'no', $fault: 'client', $metadata: AWS_ERROR_METADATA }));
    const error = await userErrorOf(IdentityPoolScan.start(discovery()).finished);
    expect(error.kind).toBe('AwsAccessDenied');
    expect(error.message).toContain('identity pool us-east-1:0003');
    expect(error.resolution).toContain('cognito-identity:DescribeIdentityPool');
  });

  it('a cancelled scan sends no more describes', async () => {
    mockIdentityPools();
    const scan = IdentityPoolScan.start(discovery());
    let cancelled = false;
    scan.subscribe({
      described: () => {
        if (!cancelled) {
          cancelled = true;
          scan.cancel();
        }
      },
    });
    await expect(scan.finished).rejects.toBeInstanceOf(ScanCancelledError);
    const sentAtCancel = identityMock.commandCalls(DescribeIdentityPoolCommand).length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(identityMock.commandCalls(DescribeIdentityPoolCommand).length).toBe(sentAtCancel);
    expect(sentAtCancel).toBeLessThan(6);
  });

  it('a scan takes what the describe cache remembers and asks the service only for the rest', async () => {
    mockIdentityPools();
    const remembered = new Map([['us-east-1:0002', { id: 'us-east-1:0002', name: 'cached', allowUnauthenticatedIdentities: false, cognitoProviders: [], supportedLoginProviders: {} }]]);
    const stored: string[] = [];
    const scan = IdentityPoolScan.start(discovery(), { cache: { get: (id) => remembered.get(id), put: (pool) => stored.push(pool.id) } });
    const pools = await scan.finished;
    expect(pools.find((pool) => pool.id === 'us-east-1:0002')?.name).toBe('cached');
    expect(identityMock.commandCalls(DescribeIdentityPoolCommand).map((call) => call.args[0].input.IdentityPoolId)).not.toContain('us-east-1:0002');
    expect(stored.sort()).toEqual(ids.filter((id) => id !== 'us-east-1:0002'));
    expect(scan.status).toMatchObject({ checked: 6, fromCache: 1 });
  });

  it('getIdentityPoolRoles returns the role ARNs that are set', async () => {
    identityMock
      .on(GetIdentityPoolRolesCommand, { IdentityPoolId: 'us-east-1:0001' })
      .resolves({ IdentityPoolId: 'us-east-1:0001', Roles: { authenticated: 'arn:aws:iam::123456789012:role/auth' } });
    expect(await discovery().getIdentityPoolRoles('us-east-1:0001')).toEqual({ authenticated: 'arn:aws:iam::123456789012:role/auth' });
  });
});

describe('getRole', () => {
  const arn = 'arn:aws:iam::123456789012:role/amplify/unauth-role';
  const trustPolicy = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:0001' },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' },
        },
      },
    ],
  };

  it('reads the role by the name from the ARN and decodes the URL-encoded trust policy', async () => {
    iamMock.on(GetRoleCommand, { RoleName: 'unauth-role' }).resolves({
      Role: {
        Arn: arn,
        RoleName: 'unauth-role',
        Path: '/amplify/',
        RoleId: 'AROA',
        CreateDate: new Date(0),
        AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trustPolicy)),
      },
    });
    expect(await discovery().getRole(arn)).toEqual({ arn, name: 'unauth-role', exists: true, trustPolicy });
  });

  it('returns exists: false for NoSuchEntity', async () => {
    iamMock.on(GetRoleCommand).rejects(new NoSuchEntityException({ message: 'no such role', $metadata: AWS_ERROR_METADATA }));
    expect(await discovery().getRole(arn)).toEqual({ arn, name: 'unauth-role', exists: false });
  });

  it('maps access denied to a UserError naming iam:GetRole and the role', async () => {
    iamMock.on(GetRoleCommand).rejects(new IAMServiceException({ name: 'AccessDenied', message: 'no', $fault: 'client', $metadata: AWS_ERROR_METADATA }));
    const error = await userErrorOf(discovery().getRole(arn));
    expect(error.kind).toBe('AwsAccessDenied');
    expect(error.message).toContain('IAM role unauth-role');
    expect(error.resolution).toContain('iam:GetRole');
  });

  it('rejects an ARN that names no role, without calling IAM', async () => {
    const error = await userErrorOf(discovery().getRole('arn:aws:iam::123456789012:user/someone'));
    expect(error.kind).toBe('InvalidInput');
    expect(error.message).toContain('arn:aws:iam::123456789012:user/someone');
    expect(iamMock.commandCalls(GetRoleCommand)).toHaveLength(0);
  });
});

describe('REQUIRED_IAM_PERMISSIONS', () => {
  it('lists exactly the actions the discovery methods call', async () => {
    // Deny everything, then collect the IAM action each method names in its resolution.
    idpMock.onAnyCommand().rejects(accessDenied());
    identityMock.onAnyCommand().rejects(new CognitoIdentityServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: AWS_ERROR_METADATA }));
    iamMock.onAnyCommand().rejects(new IAMServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: AWS_ERROR_METADATA }));
    const named = new Set<string>();
    const collect = async (call: Promise<unknown>) => {
      const error = await userErrorOf(call);
      // Longest match first: cognito-idp:DescribeUserPool is a prefix of cognito-idp:DescribeUserPoolClient.
      const action = [...REQUIRED_IAM_PERMISSIONS]
        .sort((a, b) => b.length - a.length)
        .find((permission) => error.resolution.includes(permission));
      expect(action, error.resolution).toBeDefined();
      named.add(action!);
    };
    const subject = discovery();
    await collect(subject.listUserPools());
    await collect(subject.describeUserPool(POOL_ID));
    await collect(subject.listAppClients(POOL_ID));
    await collect(subject.describeAppClient(POOL_ID, 'c1'));
    await collect(subject.listIdentityPools());
    await collect(subject.describeIdentityPool('us-east-1:0001'));
    await collect(subject.getIdentityPoolRoles('us-east-1:0001'));
    await collect(subject.getRole('arn:aws:iam::123456789012:role/r'));

    // The two calls only reached after a successful first call.
    idpMock.reset();
    idpMock.on(DescribeUserPoolCommand).resolves({ UserPool: { Id: POOL_ID, MfaConfiguration: 'ON' } });
    idpMock.on(GetUserPoolMfaConfigCommand).rejects(new InternalErrorException({ message: 'x', $metadata: AWS_ERROR_METADATA }));
    idpMock.on(ListUserPoolClientsCommand).resolves({ UserPoolClients: [{ ClientId: 'c1' }] });
    idpMock.on(DescribeUserPoolClientCommand).rejects(accessDenied());
    const mfaError = await userErrorOf(subject.describeUserPool(POOL_ID));
    expect(mfaError.message).toContain('cognito-idp:GetUserPoolMfaConfig');
    named.add('cognito-idp:GetUserPoolMfaConfig');
    await collect(subject.listAppClients(POOL_ID));

    expect([...named].sort()).toEqual([...REQUIRED_IAM_PERMISSIONS].sort());
  });
});
