import { describe, expect, it } from 'vitest';
import type { AppClient, Finding, IdentityPoolDetails, ImportCandidate, RoleDetails, UserPoolDetails } from './model.js';
import { expectedTrustPolicy } from './trust-policy.js';
import { checkResourceRegions, hasBlockingFindings, identityPoolTrustsClient, validateImport, webClientCandidates } from './validator.js';

const REGION = 'us-east-1';
const USER_POOL_ID = 'us-east-1_Shop123';
const IDENTITY_POOL_ID = 'us-east-1:11111111-2222-3333-4444-555555555555';
const OTHER_IDENTITY_POOL_ID = 'us-east-1:99999999-8888-7777-6666-555555555555';
const PROVIDER_NAME = `cognito-idp.${REGION}.amazonaws.com/${USER_POOL_ID}`;

function makeUserPool(overrides: Partial<UserPoolDetails> = {}): UserPoolDetails {
  return {
    id: USER_POOL_ID,
    name: 'shop-users',
    domain: 'shop',
    usernameAttributes: ['email'],
    aliasAttributes: [],
    autoVerifiedAttributes: ['email'],
    requiredAttributes: ['email'],
    passwordPolicy: { minLength: 8, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true },
    mfaConfiguration: 'OFF',
    mfaTypes: [],
    customAuth: false,
    ...overrides,
  };
}

function makeClient(overrides: Partial<AppClient> = {}): AppClient {
  return {
    id: 'webclient111',
    name: 'shop-web',
    userPoolId: USER_POOL_ID,
    hasSecret: false,
    supportedIdentityProviders: ['COGNITO'],
    callbackUrls: [],
    logoutUrls: [],
    allowedOAuthFlows: [],
    allowedOAuthScopes: [],
    allowedOAuthFlowsUserPoolClient: false,
    explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    ...overrides,
  };
}

const webClient = makeClient();
const nativeClient = makeClient({ id: 'nativeclient222', name: 'shop-native', hasSecret: true });

function makeRole(kind: 'authenticated' | 'unauthenticated', overrides: Partial<RoleDetails> = {}): RoleDetails {
  const name = kind === 'authenticated' ? 'shop-auth-role' : 'shop-guest-role';
  return {
    arn: `arn:aws:iam::123456789012:role/service-role/${name}`,
    name,
    exists: true,
    trustPolicy: expectedTrustPolicy(IDENTITY_POOL_ID, kind),
    ...overrides,
  };
}

function makeIdentityPool(overrides: Partial<IdentityPoolDetails> = {}): IdentityPoolDetails {
  return {
    id: IDENTITY_POOL_ID,
    name: 'shop_identities',
    allowUnauthenticatedIdentities: true,
    cognitoProviders: [{ providerName: PROVIDER_NAME, clientId: webClient.id, serverSideTokenCheck: false }],
    supportedLoginProviders: {},
    ...overrides,
  };
}

/** A candidate that passes every rule; tests break one thing at a time. */
function makeCandidate(overrides: Partial<ImportCandidate> = {}): ImportCandidate {
  return {
    authType: 'identityPoolAndUserPool',
    projectRegion: REGION,
    clientsListed: true,
    userPool: makeUserPool(),
    clients: [webClient, nativeClient],
    webClient,
    nativeClient,
    identityPool: makeIdentityPool(),
    authRole: makeRole('authenticated'),
    unauthRole: makeRole('unauthenticated'),
    ...overrides,
  };
}

const codes = (findings: Finding[]) => findings.map((finding) => finding.code);

function only(findings: Finding[], code: string): Finding {
  const matching = findings.filter((finding) => finding.code === code);
  expect(matching, `findings: ${codes(findings).join(', ')}`).toHaveLength(1);
  return matching[0]!;
}

describe('validateImport', () => {
  it('finds nothing wrong with a complete, consistent candidate', () => {
    expect(validateImport(makeCandidate())).toEqual([]);
  });

  describe('regions', () => {
    it('reports a user pool and an identity pool outside the project region', () => {
      const findings = validateImport(makeCandidate({ projectRegion: 'eu-west-1' }));
      expect(findings.map(({ code, severity }) => `${severity}:${code}`)).toEqual([
        'error:region-mismatch',
        'error:region-mismatch',
      ]);
      expect(findings[0]!.message).toContain(`User pool 'shop-users' (${USER_POOL_ID}) is in us-east-1`);
      expect(findings[0]!.message).toContain('eu-west-1');
      expect(findings[0]!.fix).toContain('mycli env add <name> --region us-east-1');
      expect(findings[0]!.fix).toContain('Import a user pool from eu-west-1');
      expect(findings[1]!.message).toContain(`Identity pool 'shop_identities' (${IDENTITY_POOL_ID}) is in us-east-1`);
    });

    it('reports an identity pool in another region on its own', () => {
      const identityPool = makeIdentityPool({ id: 'us-west-2:11111111-2222-3333-4444-555555555555' });
      const roles = {
        authRole: makeRole('authenticated', { trustPolicy: expectedTrustPolicy(identityPool.id, 'authenticated') }),
        unauthRole: makeRole('unauthenticated', { trustPolicy: expectedTrustPolicy(identityPool.id, 'unauthenticated') }),
      };
      const finding = only(validateImport(makeCandidate({ identityPool, ...roles })), 'region-mismatch');
      expect(finding.message).toContain('us-west-2');
      expect(finding.fix).toContain('--region us-west-2');
    });

    it('checks ids alone, before any AWS call, naming the resource by id when its name is not known yet', () => {
      const findings = checkResourceRegions({ userPool: { id: 'eu-west-1_Abc123' }, identityPool: { id: IDENTITY_POOL_ID } }, 'eu-west-1');
      expect(findings).toHaveLength(1);
      expect(findings[0]!.message).toBe(`Identity pool ${IDENTITY_POOL_ID} is in us-east-1, but this project environment is in eu-west-1.`);
      expect(checkResourceRegions({ userPool: { id: 'local_abc' } }, 'eu-west-1')).toEqual([]);
    });

    it('skips the check for ids without a region (local emulators)', () => {
      const userPool = makeUserPool({ id: 'local_5fXb2k' });
      const clients = { webClient: { ...webClient, userPoolId: 'local_5fXb2k' }, nativeClient: { ...nativeClient, userPoolId: 'local_5fXb2k' } };
      const findings = validateImport(
        makeCandidate({ authType: 'userPoolOnly', userPool, ...clients, clients: [clients.webClient, clients.nativeClient] }),
      );
      expect(findings).toEqual([]);
    });
  });

  describe('web client', () => {
    it('reports a pool with no secretless client, with the console path and the CLI command', () => {
      const secretWeb = { ...webClient, hasSecret: true };
      const findings = validateImport(makeCandidate({ clients: [secretWeb, nativeClient], webClient: secretWeb }));
      const finding = only(findings, 'no-web-client');
      expect(finding.severity).toBe('error');
      expect(finding.message).toContain(`'shop-users' (${USER_POOL_ID})`);
      expect(finding.fix).toContain('Amazon Cognito > User pools > shop-users > App integration > App clients > Create app client');
      expect(finding.fix).toContain("'Public client'");
      expect(finding.fix).toContain(
        `aws cognito-idp create-user-pool-client --user-pool-id ${USER_POOL_ID} --client-name shop-users-web --no-generate-secret --region us-east-1`,
      );
    });

    it('quotes a pool name with spaces in the CLI command', () => {
      const secretWeb = { ...webClient, hasSecret: true };
      const userPool = makeUserPool({ name: "Bob's shop" });
      const finding = only(validateImport(makeCandidate({ userPool, clients: [secretWeb], webClient: secretWeb })), 'no-web-client');
      expect(finding.fix).toContain(`--client-name 'Bob'\\''s shop-web'`);
    });

    it('reports a chosen web client with a secret and names the secretless alternatives', () => {
      const spare = makeClient({ id: 'spareclient333', name: 'shop-spa' });
      const secretWeb = { ...webClient, hasSecret: true };
      const findings = validateImport(makeCandidate({ clients: [secretWeb, nativeClient, spare], webClient: secretWeb }));
      expect(codes(findings)).not.toContain('no-web-client');
      const finding = only(findings, 'web-client-has-secret');
      expect(finding.severity).toBe('error');
      expect(finding.message).toContain(`'shop-web' (webclient111)`);
      expect(finding.message).toContain('secret hash');
      expect(finding.fix).toContain('Use \'shop-spa\' (spareclient333) instead');
      expect(finding.fix).toContain('--no-generate-secret');
    });

    it('does not report a secretless web client', () => {
      expect(codes(validateImport(makeCandidate()))).not.toContain('web-client-has-secret');
    });
  });

  describe('clients belong to the pool', () => {
    it('reports a client of another pool, once even when used for both', () => {
      const stranger = makeClient({ id: 'strangerclient', name: 'other-web', userPoolId: 'us-east-1_Other9' });
      const finding = only(validateImport(makeCandidate({ nativeClient: stranger })), 'client-not-in-pool');
      expect(finding.message).toContain('\'other-web\' (strangerclient) belongs to user pool us-east-1_Other9');
      expect(finding.message).toContain(`'shop-users' (${USER_POOL_ID})`);
      expect(finding.fix).toContain(`aws cognito-idp list-user-pool-clients --user-pool-id ${USER_POOL_ID}`);

      const both = validateImport(makeCandidate({ webClient: stranger, nativeClient: stranger, clients: [stranger] }));
      only(both, 'client-not-in-pool');
    });

    it('accepts clients of the pool', () => {
      expect(codes(validateImport(makeCandidate()))).not.toContain('client-not-in-pool');
    });
  });

  describe('same client for web and native', () => {
    it('warns, without blocking', () => {
      const findings = validateImport(makeCandidate({ nativeClient: webClient }));
      const finding = only(findings, 'same-client-for-web-and-native');
      expect(finding.severity).toBe('warning');
      expect(finding.message).toContain('\'shop-web\' (webclient111)');
      expect(hasBlockingFindings(findings)).toBe(false);
    });

    it('is quiet for different clients', () => {
      expect(codes(validateImport(makeCandidate()))).not.toContain('same-client-for-web-and-native');
    });
  });

  describe('OAuth settings', () => {
    const oauthWeb = makeClient({
      supportedIdentityProviders: ['COGNITO', 'Google'],
      callbackUrls: ['https://shop.example.com/'],
      logoutUrls: ['https://shop.example.com/bye'],
      allowedOAuthFlows: ['code'],
      allowedOAuthScopes: ['openid', 'email'],
      allowedOAuthFlowsUserPoolClient: true,
    });
    const oauthNative = { ...oauthWeb, id: 'nativeclient222', name: 'shop-native', hasSecret: true };

    it('warns when web and native OAuth settings differ, listing the properties, and never blocks', () => {
      const native = { ...oauthNative, callbackUrls: ['shop://callback/'], logoutUrls: ['shop://bye/'] };
      const findings = validateImport(makeCandidate({ webClient: oauthWeb, nativeClient: native, clients: [oauthWeb, native] }));
      const finding = only(findings, 'oauth-settings-differ');
      expect(finding.severity).toBe('warning');
      expect(finding.message).toContain('CallbackURLs, LogoutURLs');
      expect(finding.message).toContain('\'shop-web\' (webclient111)');
      expect(finding.message).toContain('\'shop-native\' (nativeclient222)');
      expect(hasBlockingFindings(findings)).toBe(false);
    });

    it('is quiet when the settings match in another order', () => {
      const native = { ...oauthNative, allowedOAuthScopes: ['email', 'openid'] };
      const findings = validateImport(makeCandidate({ webClient: oauthWeb, nativeClient: native, clients: [oauthWeb, native] }));
      expect(findings).toEqual([]);
    });

    it('ignores differences when neither client uses OAuth', () => {
      const native = { ...nativeClient, supportedIdentityProviders: [] };
      expect(validateImport(makeCandidate({ nativeClient: native, clients: [webClient, native] }))).toEqual([]);
    });

    it('warns about half-configured OAuth on the web client, naming the missing pieces', () => {
      const halfWeb = { ...oauthWeb, logoutUrls: [], allowedOAuthScopes: [] };
      const userPool = makeUserPool({ domain: undefined });
      const findings = validateImport(
        makeCandidate({ userPool, webClient: halfWeb, nativeClient: { ...halfWeb, id: 'nativeclient222', name: 'shop-native' } }),
      );
      const finding = only(findings, 'oauth-incomplete');
      expect(finding.severity).toBe('warning');
      expect(finding.message).toContain('\'shop-web\' (webclient111)');
      expect(finding.message).toContain('OAuth scopes');
      expect(finding.message).toContain('sign-out URLs');
      expect(finding.message).toContain('domain');
      expect(finding.message).not.toContain('callback');
      expect(finding.message).toContain('"oauth" block will be left out');
      expect(finding.fix).toContain('App clients > shop-web > Login pages > Edit');
      expect(finding.fix).toContain(`aws cognito-idp create-user-pool-domain --user-pool-id ${USER_POOL_ID} --domain <prefix>`);
    });

    it('asks only for the domain when the client is complete', () => {
      const userPool = makeUserPool({ domain: undefined });
      const finding = only(validateImport(makeCandidate({ userPool, webClient: oauthWeb, nativeClient: oauthNative })), 'oauth-incomplete');
      expect(finding.fix).not.toContain('Login pages');
      expect(finding.fix).toContain('create-user-pool-domain');
    });

    it('is quiet for a complete OAuth client and for a client without OAuth', () => {
      expect(validateImport(makeCandidate({ webClient: oauthWeb, nativeClient: oauthNative }))).toEqual([]);
      expect(codes(validateImport(makeCandidate({ userPool: makeUserPool({ domain: undefined }) })))).toEqual([]);
    });
  });

  describe('identity pool', () => {
    it('requires an identity pool in identity pool mode', () => {
      const finding = only(validateImport(makeCandidate({ identityPool: undefined })), 'identity-pool-missing');
      expect(finding.severity).toBe('error');
      expect(finding.message).toContain(`'shop-users' (${USER_POOL_ID})`);
      expect(finding.fix).toContain('Create identity pool');
    });

    it('reports an identity pool that trusts the user pool only through another client, with a full update command', () => {
      const identityPool = makeIdentityPool({
        cognitoProviders: [
          { providerName: PROVIDER_NAME, clientId: nativeClient.id, serverSideTokenCheck: true },
          { providerName: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Other9', clientId: 'elsewhere' },
        ],
        supportedLoginProviders: { 'accounts.google.com': 'google-app-id' },
      });
      const finding = only(validateImport(makeCandidate({ identityPool })), 'identity-pool-does-not-trust-client');
      expect(finding.severity).toBe('error');
      expect(finding.message).toContain(`Identity pool 'shop_identities' (${IDENTITY_POOL_ID})`);
      expect(finding.message).toContain('\'shop-web\' (webclient111)');
      expect(finding.message).toContain('only through app client \'shop-native\' (nativeclient222)');
      expect(finding.fix).toContain('Amazon Cognito > Identity pools > shop_identities > User access > Add identity provider');
      expect(finding.fix).toContain('replaces the pool');
      expect(finding.fix).toContain(
        `aws cognito-identity update-identity-pool --identity-pool-id ${IDENTITY_POOL_ID} --identity-pool-name shop_identities --allow-unauthenticated-identities ` +
          `--cognito-identity-providers ProviderName=${PROVIDER_NAME},ClientId=nativeclient222,ServerSideTokenCheck=true ` +
          `ProviderName=cognito-idp.us-east-1.amazonaws.com/us-east-1_Other9,ClientId=elsewhere,ServerSideTokenCheck=false ` +
          `ProviderName=${PROVIDER_NAME},ClientId=webclient111,ServerSideTokenCheck=false ` +
          `--supported-login-providers accounts.google.com=google-app-id --region us-east-1`,
      );
    });

    it('requires the exact provider name, including the region', () => {
      const identityPool = makeIdentityPool({
        cognitoProviders: [{ providerName: `cognito-idp.us-west-2.amazonaws.com/${USER_POOL_ID}`, clientId: webClient.id }],
      });
      const finding = only(validateImport(makeCandidate({ identityPool })), 'identity-pool-does-not-trust-client');
      expect(finding.message).not.toContain('only through');
    });
  });

  describe('authenticated role', () => {
    it('requires one', () => {
      const finding = only(validateImport(makeCandidate({ authRole: undefined })), 'auth-role-missing');
      expect(finding.severity).toBe('error');
      expect(finding.message).toContain(`'shop_identities' (${IDENTITY_POOL_ID})`);
      expect(finding.fix).toContain('User access > Authenticated access > Edit');
    });

    it('reports a role that does not exist, with a create-role command', () => {
      const authRole = makeRole('authenticated', { exists: false, trustPolicy: undefined });
      const findings = validateImport(makeCandidate({ authRole }));
      expect(codes(findings)).toEqual(['auth-role-not-found']);
      const finding = findings[0]!;
      expect(finding.message).toContain('\'shop-auth-role\' (arn:aws:iam::123456789012:role/service-role/shop-auth-role)');
      expect(finding.fix).toContain('aws iam create-role --role-name shop-auth-role --assume-role-policy-document');
      expect(finding.fix).toContain(IDENTITY_POOL_ID);
    });

    it('reports a trust policy for another identity pool, with the update command', () => {
      const authRole = makeRole('authenticated', { trustPolicy: expectedTrustPolicy(OTHER_IDENTITY_POOL_ID, 'authenticated') });
      const finding = only(validateImport(makeCandidate({ authRole })), 'auth-role-trust');
      expect(finding.severity).toBe('error');
      expect(finding.message).toContain('\'shop-auth-role\' (arn:aws:iam::123456789012:role/service-role/shop-auth-role)');
      expect(finding.message).toContain(`allows ${OTHER_IDENTITY_POOL_ID}, not ${IDENTITY_POOL_ID}`);
      const command = finding.fix.split('\n').at(-1)!;
      expect(command).toMatch(/^aws iam update-assume-role-policy --role-name shop-auth-role --policy-document '\{.*\}'$/);
      expect(JSON.parse(command.slice(command.indexOf("'") + 1, -1))).toEqual(expectedTrustPolicy(IDENTITY_POOL_ID, 'authenticated'));
    });

    it('warns, without blocking, about a trust policy that lets any identity pool in', () => {
      const authRole = makeRole('authenticated', {
        trustPolicy: {
          Statement: {
            Effect: 'Allow',
            Principal: { Federated: 'cognito-identity.amazonaws.com' },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } },
          },
        },
      });
      const findings = validateImport(makeCandidate({ authRole }));
      const finding = only(findings, 'auth-role-trust-any-identity-pool');
      expect(finding.severity).toBe('warning');
      expect(finding.message).toContain('any identity pool');
      expect(hasBlockingFindings(findings)).toBe(false);
    });

    it('accepts a role whose trust policy fits', () => {
      expect(codes(validateImport(makeCandidate()))).not.toContain('auth-role-trust');
    });
  });

  describe('unauthenticated role', () => {
    it('warns when guests are allowed but there is no guest role', () => {
      const finding = only(validateImport(makeCandidate({ unauthRole: undefined })), 'unauth-role-missing');
      expect(finding.severity).toBe('warning');
      expect(finding.message).toContain('guests will get no AWS credentials');
      expect(finding.fix).toContain('Guest access > Edit');
    });

    it('is fine without a guest role when guests are not allowed', () => {
      const identityPool = makeIdentityPool({ allowUnauthenticatedIdentities: false });
      expect(validateImport(makeCandidate({ identityPool, unauthRole: undefined }))).toEqual([]);
    });

    it('is fine with a guest role when guests are not allowed', () => {
      const identityPool = makeIdentityPool({ allowUnauthenticatedIdentities: false });
      expect(validateImport(makeCandidate({ identityPool }))).toEqual([]);
    });

    it('reports a guest role that does not exist', () => {
      const unauthRole = makeRole('unauthenticated', { exists: false, trustPolicy: undefined });
      const finding = only(validateImport(makeCandidate({ unauthRole })), 'unauth-role-not-found');
      expect(finding.severity).toBe('error');
      expect(finding.message).toContain("'shop-guest-role'");
      expect(finding.fix).toContain('Guest access > Edit');
    });

    it('reports a guest role that trusts only authenticated identities', () => {
      const unauthRole = makeRole('unauthenticated', { trustPolicy: expectedTrustPolicy(IDENTITY_POOL_ID, 'authenticated') });
      const finding = only(validateImport(makeCandidate({ unauthRole })), 'unauth-role-trust');
      expect(finding.severity).toBe('error');
      expect(finding.message).toContain('not "unauthenticated"');
      expect(finding.fix).toContain('"cognito-identity.amazonaws.com:amr":"unauthenticated"');
    });

    it('warns when signed-in users and guests share one role', () => {
      const shared = makeRole('authenticated', {
        trustPolicy: {
          Statement: {
            Effect: 'Allow',
            Principal: { Federated: 'cognito-identity.amazonaws.com' },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: { 'cognito-identity.amazonaws.com:aud': IDENTITY_POOL_ID },
              'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': ['authenticated', 'unauthenticated'] },
            },
          },
        },
      });
      const findings = validateImport(makeCandidate({ authRole: shared, unauthRole: shared }));
      expect(codes(findings)).toEqual(['same-role-for-auth-and-guest']);
      expect(findings[0]!.severity).toBe('warning');
      expect(findings[0]!.message).toContain("'shop-auth-role'");
    });
  });

  describe('user pool only', () => {
    it('ignores an identity pool and roles given anyway', () => {
      const findings = validateImport(
        makeCandidate({
          authType: 'userPoolOnly',
          identityPool: makeIdentityPool({ id: 'eu-west-1:11111111-2222-3333-4444-555555555555', cognitoProviders: [] }),
          authRole: makeRole('authenticated', { exists: false }),
          unauthRole: undefined,
        }),
      );
      expect(findings).toEqual([]);
    });
  });

  it('accepts pools with alias attributes and pools with neither alias nor username attributes', () => {
    expect(validateImport(makeCandidate({ userPool: makeUserPool({ usernameAttributes: [], aliasAttributes: ['email', 'phone_number'] }) }))).toEqual([]);
    expect(validateImport(makeCandidate({ userPool: makeUserPool({ usernameAttributes: [], aliasAttributes: [] }) }))).toEqual([]);
  });

  it('reports every failing rule in one call', () => {
    const secretWeb = { ...webClient, hasSecret: true };
    const stranger = makeClient({ id: 'strangerclient', name: 'other-native', userPoolId: 'us-east-1_Other9' });
    const findings = validateImport(
      makeCandidate({
        projectRegion: 'us-west-2',
        clients: [secretWeb, stranger],
        webClient: secretWeb,
        nativeClient: stranger,
        identityPool: makeIdentityPool({ id: 'us-west-2:11111111-2222-3333-4444-555555555555', cognitoProviders: [] }),
        authRole: undefined,
        unauthRole: undefined,
      }),
    );
    expect(findings.map(({ code, severity }) => `${severity}:${code}`)).toEqual([
      'error:region-mismatch',
      'error:no-web-client',
      'error:web-client-has-secret',
      'error:client-not-in-pool',
      'error:identity-pool-does-not-trust-client',
      'error:auth-role-missing',
      'warning:unauth-role-missing',
    ]);
    expect(hasBlockingFindings(findings)).toBe(true);
    // Every message names a resource by name and id, and every finding says how to fix it.
    for (const finding of findings) {
      expect(finding.message).toMatch(/'[^']+' \([^)]+\)/);
      expect(finding.message).not.toContain('\n');
      expect(finding.fix.length).toBeGreaterThan(20);
    }
  });
});

describe('untrusted names in findings', () => {
  it('keeps every message and fix line one line, with names escaped, whatever the pool, client, identity pool and role are called', () => {
    const hostile = (base: string) => `${base}\nFORGED line\u2028sep\u001b[31mred`;
    const secretWeb = makeClient({ name: hostile('web'), hasSecret: true });
    const native = makeClient({ id: 'nativeclient222', name: hostile('native'), userPoolId: 'us-east-1_Other9' });
    const findings = validateImport(
      makeCandidate({
        userPool: makeUserPool({ name: hostile('pool') }),
        clients: [secretWeb, native],
        webClient: secretWeb,
        nativeClient: native,
        identityPool: makeIdentityPool({ name: hostile('identities'), cognitoProviders: [] }),
        authRole: makeRole('authenticated', { name: hostile('role'), exists: false }),
        unauthRole: makeRole('unauthenticated', { name: hostile('guest'), trustPolicy: undefined }),
      }),
    );
    expect(findings.length).toBeGreaterThan(4);
    for (const finding of findings) {
      for (const line of [finding.message, ...finding.fix.split('\n')]) {
        expect(line).not.toMatch(/[\u001b\u2028\u2029\r]/);
        expect(line).not.toMatch(/^FORGED/);
      }
      expect(finding.message).toContain('\\nFORGED line\\u2028sep\\u001b[31mred');
    }
  });
});

describe('hasBlockingFindings', () => {
  it('is true only when an error is present', () => {
    const warning: Finding = { severity: 'warning', code: 'w', message: 'm', fix: 'f' };
    expect(hasBlockingFindings([])).toBe(false);
    expect(hasBlockingFindings([warning])).toBe(false);
    expect(hasBlockingFindings([warning, { ...warning, severity: 'error' }])).toBe(true);
  });
});

describe('webClientCandidates', () => {
  it('keeps only clients without a secret, in order', () => {
    const spare = makeClient({ id: 'spare', name: 'spare' });
    expect(webClientCandidates([webClient, nativeClient, spare])).toEqual([webClient, spare]);
    expect(webClientCandidates([nativeClient])).toEqual([]);
  });
});

describe('identityPoolTrustsClient', () => {
  const pool = makeIdentityPool();
  it('matches the exact provider name and client', () => {
    expect(identityPoolTrustsClient(pool, REGION, USER_POOL_ID, webClient.id)).toBe(true);
    expect(identityPoolTrustsClient(pool, REGION, USER_POOL_ID, nativeClient.id)).toBe(false);
    expect(identityPoolTrustsClient(pool, 'us-west-2', USER_POOL_ID, webClient.id)).toBe(false);
    expect(identityPoolTrustsClient(pool, REGION, 'us-east-1_Other9', webClient.id)).toBe(false);
  });
});

describe('headless imports (only the named clients described)', () => {
  it('does not claim the pool has no secretless client, but still refuses a web client with a secret', () => {
    const secretWeb = makeClient({ id: 'webclient111', name: 'shop-web', hasSecret: true });
    const findings = validateImport(
      makeCandidate({ clients: [secretWeb], clientsListed: false, webClient: secretWeb, nativeClient: secretWeb }),
    );
    expect(codes(findings)).not.toContain('no-web-client');
    expect(codes(findings)).toContain('web-client-has-secret');
  });
});
