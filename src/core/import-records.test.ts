import { describe, expect, it } from 'vitest';
import { buildImportRecords, defaultAuthResourceName, missingOAuthSettings, type OAuthMetadata } from './import-records.js';
import type { AppClient, ImportCandidate, UserPoolDetails } from './model.js';

const REGION = 'eu-west-1';
const POOL_ID = 'eu-west-1_AbCdEf123';

function userPool(overrides: Partial<UserPoolDetails> = {}): UserPoolDetails {
  return {
    id: POOL_ID,
    name: 'shop-users',
    usernameAttributes: [],
    aliasAttributes: [],
    autoVerifiedAttributes: [],
    requiredAttributes: [],
    passwordPolicy: { minLength: 8, requireLowercase: false, requireUppercase: false, requireNumbers: false, requireSymbols: false },
    mfaConfiguration: 'OFF',
    mfaTypes: [],
    customAuth: false,
    ...overrides,
  };
}

function client(id: string, overrides: Partial<AppClient> = {}): AppClient {
  return {
    id,
    name: `${id}-name`,
    userPoolId: POOL_ID,
    hasSecret: false,
    supportedIdentityProviders: [],
    callbackUrls: [],
    logoutUrls: [],
    allowedOAuthFlows: [],
    allowedOAuthScopes: [],
    allowedOAuthFlowsUserPoolClient: false,
    explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    ...overrides,
  };
}

const completeOAuth: Partial<AppClient> = {
  supportedIdentityProviders: ['COGNITO', 'Google'],
  allowedOAuthFlows: ['code'],
  allowedOAuthScopes: ['openid', 'email'],
  callbackUrls: ['https://app.example.com/'],
  logoutUrls: ['https://app.example.com/bye'],
  allowedOAuthFlowsUserPoolClient: true,
};

function userPoolOnly(overrides: { pool?: Partial<UserPoolDetails>; web?: Partial<AppClient> } = {}): ImportCandidate {
  const webClient = client('web1', overrides.web);
  const nativeClient = client('native1', { hasSecret: true });
  return {
    authType: 'userPoolOnly',
    projectRegion: REGION,
    clientsListed: true,
    userPool: userPool(overrides.pool),
    clients: [webClient, nativeClient],
    webClient,
    nativeClient,
  };
}

function withIdentityPool(
  overrides: { loginProviders?: Record<string, string>; unauthRole?: boolean; allowUnauth?: boolean } = {},
): ImportCandidate {
  return {
    ...userPoolOnly(),
    authType: 'identityPoolAndUserPool',
    identityPool: {
      id: 'eu-west-1:0f0e0d0c-1111-2222-3333-444455556666',
      name: 'shop_identities',
      allowUnauthenticatedIdentities: overrides.allowUnauth ?? true,
      cognitoProviders: [{ providerName: `cognito-idp.${REGION}.amazonaws.com/${POOL_ID}`, clientId: 'web1' }],
      supportedLoginProviders: overrides.loginProviders ?? {},
    },
    authRole: { arn: 'arn:aws:iam::123456789012:role/shop-auth', name: 'shop-auth', exists: true },
    unauthRole:
      overrides.unauthRole === false
        ? undefined
        : { arn: 'arn:aws:iam::123456789012:role/service/shop-unauth', name: 'shop-unauth', exists: true },
  };
}

describe('defaultAuthResourceName', () => {
  it('lower-cases the project name and drops every run of characters outside [a-z0-9]', () => {
    expect(defaultAuthResourceName('My Shop-App_2024!')).toBe('myshopapp2024');
  });

  it('falls back to "auth" when nothing usable is left', () => {
    expect(defaultAuthResourceName('')).toBe('auth');
    expect(defaultAuthResourceName('—— ü ——')).toBe('auth');
  });

  it('is cut to 128 characters', () => {
    expect(defaultAuthResourceName('a'.repeat(300))).toBe('a'.repeat(128));
  });
});

describe('buildImportRecords: backend-config and parameters.json', () => {
  it('records the backend-config entry with customAuth from the pool', () => {
    const records = buildImportRecords(userPoolOnly({ pool: { customAuth: true } }), { resourceName: 'shop' });
    expect(records.resourceName).toBe('shop');
    expect(records.backendConfigEntry).toEqual({
      service: 'Cognito',
      serviceType: 'imported',
      providerPlugin: 'awscloudformation',
      dependsOn: [],
      customAuth: true,
    });
  });

  it('writes exactly the 13 parameters.json keys, with Gen 1 labels', () => {
    const candidate = userPoolOnly({
      pool: {
        aliasAttributes: ['preferred_username'],
        usernameAttributes: ['email', 'phone_number'],
        autoVerifiedAttributes: ['email'],
        requiredAttributes: ['email', 'custom:tier'],
        passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true },
        mfaConfiguration: 'OPTIONAL',
        mfaTypes: ['TOTP', 'SMS'],
      },
      web: { supportedIdentityProviders: ['COGNITO', 'Facebook', 'MyOidc', 'SignInWithApple'] },
    });
    expect(buildImportRecords(candidate, { resourceName: 'shop' }).parameters).toEqual({
      authSelections: 'userPoolOnly',
      resourceName: 'shop',
      serviceType: 'imported',
      region: REGION,
      aliasAttributes: ['preferred_username'],
      usernameAttributes: ['email', 'phone_number'],
      authProvidersUserPool: ['Facebook', 'SignInWithApple'],
      requiredAttributes: ['email', 'custom:tier'],
      passwordPolicyMinLength: 12,
      passwordPolicyCharacters: ['Requires Lowercase', 'Requires Uppercase', 'Requires Numbers', 'Requires Symbols'],
      mfaConfiguration: 'OPTIONAL',
      autoVerifiedAttributes: ['email'],
      mfaTypes: ['SMS Text Message', 'TOTP'],
    });
  });

  it('records identity-pool mode in authSelections', () => {
    expect(buildImportRecords(withIdentityPool(), { resourceName: 'shop' }).parameters.authSelections).toBe(
      'identityPoolAndUserPool',
    );
  });
});

describe('buildImportRecords: amplify-meta output', () => {
  it('records pool and client ids, the native client as AppClientID, and never a secret', () => {
    const { output } = buildImportRecords(userPoolOnly(), { resourceName: 'shop' }).metaEntry;
    expect(output).toEqual({
      UserPoolId: POOL_ID,
      UserPoolName: 'shop-users',
      AppClientIDWeb: 'web1',
      AppClientID: 'native1',
    });
    expect(JSON.stringify(output)).not.toMatch(/Secret/i);
  });

  it('records the prefix and the custom hosted UI domains separately', () => {
    const { output } = buildImportRecords(userPoolOnly({ pool: { domain: 'shop', customDomain: 'login.shop.example' } }), {
      resourceName: 'shop',
    }).metaEntry;
    expect(output.HostedUIDomain).toBe('shop');
    expect(output.HostedUICustomDomain).toBe('login.shop.example');
  });

  it('records the identity pool and the social web clients of its login providers', () => {
    const candidate = withIdentityPool({
      loginProviders: {
        'www.amazon.com': 'amzn1.application.1',
        'graph.facebook.com': '1234',
        'accounts.google.com': 'g.apps.googleusercontent.com',
        'appleid.apple.com': 'com.example.app',
        'login.example.com': 'ignored',
      },
      allowUnauth: false,
    });
    const { output } = buildImportRecords(candidate, { resourceName: 'shop' }).metaEntry;
    expect(output).toMatchObject({
      IdentityPoolId: 'eu-west-1:0f0e0d0c-1111-2222-3333-444455556666',
      IdentityPoolName: 'shop_identities',
      AllowUnauthenticatedIdentities: false,
      AmazonWebClient: 'amzn1.application.1',
      FacebookWebClient: '1234',
      GoogleWebClient: 'g.apps.googleusercontent.com',
      AppleWebClient: 'com.example.app',
    });
    expect(Object.values(output)).not.toContain('ignored');
  });

  it('records OAuthMetadata as a JSON string when the OAuth setup is complete', () => {
    const { metaEntry } = buildImportRecords(userPoolOnly({ pool: { domain: 'shop' }, web: completeOAuth }), {
      resourceName: 'shop',
    });
    const metadata: OAuthMetadata = {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: ['https://app.example.com/'],
      LogoutURLs: ['https://app.example.com/bye'],
    };
    expect(JSON.parse(metaEntry.output.OAuthMetadata ?? 'null')).toEqual(metadata);
    expect(metaEntry.oauthMissing).toBeUndefined();
  });

  it('accepts a custom domain alone as the hosted UI domain', () => {
    const { metaEntry } = buildImportRecords(
      userPoolOnly({ pool: { customDomain: 'login.shop.example' }, web: completeOAuth }),
      { resourceName: 'shop' },
    );
    expect(metaEntry.output.OAuthMetadata).toBeDefined();
  });

  it.each<[string, Partial<AppClient>, Partial<UserPoolDetails>, string]>([
    ['no sign-out URLs', { logoutUrls: [] }, {}, 'sign-out URLs (LogoutURLs)'],
    ['no callback URLs', { callbackUrls: [] }, {}, 'callback URLs (CallbackURLs)'],
    ['no scopes', { allowedOAuthScopes: [] }, {}, 'OAuth scopes (AllowedOAuthScopes)'],
    ['no flows', { allowedOAuthFlows: [] }, {}, 'OAuth flows (AllowedOAuthFlows)'],
    ['no providers', { supportedIdentityProviders: [] }, {}, 'identity providers (SupportedIdentityProviders)'],
    ['only client_credentials', { allowedOAuthFlows: ['client_credentials'] }, {}, 'an authorization code or implicit grant flow'],
    ['no domain', {}, { domain: undefined }, 'a hosted UI domain on the user pool'],
  ])('leaves OAuthMetadata out and records what is missing when there are %s', (_, web, pool, missing) => {
    const candidate = userPoolOnly({ pool: { domain: 'shop', ...pool }, web: { ...completeOAuth, ...web } });
    const { metaEntry } = buildImportRecords(candidate, { resourceName: 'shop' });
    expect(metaEntry.output.OAuthMetadata).toBeUndefined();
    expect(metaEntry.oauthMissing).toHaveLength(1);
    expect(metaEntry.oauthMissing?.[0]).toContain(missing);
  });

  it('records nothing about OAuth for a client without OAuth settings, even when the pool has a domain', () => {
    const candidate = userPoolOnly({ pool: { domain: 'shop' }, web: { supportedIdentityProviders: ['COGNITO'] } });
    const { metaEntry } = buildImportRecords(candidate, { resourceName: 'shop' });
    expect(metaEntry.output.OAuthMetadata).toBeUndefined();
    expect(metaEntry).not.toHaveProperty('oauthMissing');
  });

  it('lists every missing OAuth setting at once', () => {
    expect(missingOAuthSettings(userPool(), client('web1'))).toHaveLength(6);
    expect(missingOAuthSettings(userPool({ domain: 'shop' }), client('web1', completeOAuth))).toEqual([]);
  });
});

describe('buildImportRecords: frontendAuthConfig', () => {
  it('keeps every username attribute, maps social providers and upper-cases attribute lists', () => {
    const candidate = userPoolOnly({
      pool: {
        usernameAttributes: ['email', 'phone_number'],
        requiredAttributes: ['email', 'given_name'],
        autoVerifiedAttributes: ['email', 'phone_number'],
        passwordPolicy: { minLength: 10, requireLowercase: true, requireUppercase: false, requireNumbers: true, requireSymbols: false },
      },
      web: { supportedIdentityProviders: ['COGNITO', 'Facebook', 'Google', 'LoginWithAmazon', 'SignInWithApple', 'Okta'] },
    });
    expect(buildImportRecords(candidate, { resourceName: 'shop' }).metaEntry.frontendAuthConfig).toEqual({
      socialProviders: ['FACEBOOK', 'GOOGLE', 'AMAZON', 'APPLE'],
      usernameAttributes: ['EMAIL', 'PHONE_NUMBER'],
      signupAttributes: ['EMAIL', 'GIVEN_NAME'],
      passwordProtectionSettings: {
        passwordPolicyMinLength: 10,
        passwordPolicyCharacters: ['REQUIRES_LOWERCASE', 'REQUIRES_NUMBERS'],
      },
      mfaConfiguration: 'OFF',
      mfaTypes: [],
      verificationMechanisms: ['EMAIL', 'PHONE_NUMBER'],
    });
  });

  it('lists only the enabled second factors, EMAIL included', () => {
    const onlySms = buildImportRecords(userPoolOnly({ pool: { mfaConfiguration: 'ON', mfaTypes: ['SMS'] } }), {
      resourceName: 'shop',
    });
    expect(onlySms.metaEntry.frontendAuthConfig.mfaTypes).toEqual(['SMS']);
    const all = buildImportRecords(userPoolOnly({ pool: { mfaConfiguration: 'OPTIONAL', mfaTypes: ['EMAIL', 'TOTP', 'SMS'] } }), {
      resourceName: 'shop',
    });
    expect(all.metaEntry.frontendAuthConfig.mfaTypes).toEqual(['SMS', 'TOTP', 'EMAIL']);
  });

  it('lists no second factor while MFA is off', () => {
    const records = buildImportRecords(userPoolOnly({ pool: { mfaConfiguration: 'OFF', mfaTypes: ['TOTP'] } }), {
      resourceName: 'shop',
    });
    expect(records.metaEntry.frontendAuthConfig.mfaTypes).toEqual([]);
    expect(records.parameters.mfaTypes).toEqual([]);
  });

  it('puts the backend-config fields, output, frontendAuthConfig and the native client in the meta entry', () => {
    const records = buildImportRecords(userPoolOnly(), { resourceName: 'shop' });
    expect(records.metaEntry).toMatchObject(records.backendConfigEntry);
    expect(Object.keys(records.metaEntry).sort()).toEqual(
      [...Object.keys(records.backendConfigEntry), 'output', 'frontendAuthConfig', 'nativeClient'].sort(),
    );
    // Never the secret itself: only that there is one, so native configs fall back to the web client.
    expect(JSON.stringify(records.metaEntry.nativeClient)).not.toMatch(/"[A-Za-z0-9]{40,}"/);
  });

  it('records the native client\'s own settings, and none when it is the web client', () => {
    const candidate = userPoolOnly();
    candidate.nativeClient = { ...candidate.nativeClient, hasSecret: true, supportedIdentityProviders: ['COGNITO', 'Google'] };
    expect(buildImportRecords(candidate, { resourceName: 'shop' }).metaEntry.nativeClient).toMatchObject({
      hasSecret: true,
      socialProviders: ['GOOGLE'],
    });
    candidate.nativeClient = candidate.webClient;
    expect(buildImportRecords(candidate, { resourceName: 'shop' }).metaEntry).not.toHaveProperty('nativeClient');
  });
});

describe('buildImportRecords: team-provider-info parameters', () => {
  it('records only the user pool and clients for a user-pool-only import', () => {
    expect(buildImportRecords(userPoolOnly(), { resourceName: 'shop' }).envParameters).toEqual({
      userPoolId: POOL_ID,
      userPoolName: 'shop-users',
      webClientId: 'web1',
      nativeClientId: 'native1',
    });
  });

  it('records the identity pool, both roles and the social app ids', () => {
    const candidate = withIdentityPool({
      loginProviders: {
        'graph.facebook.com': 'fb-app',
        'www.amazon.com': 'amzn-app',
        'appleid.apple.com': 'apple-app',
        'accounts.google.com': 'google-client',
      },
    });
    expect(buildImportRecords(candidate, { resourceName: 'shop' }).envParameters).toEqual({
      userPoolId: POOL_ID,
      userPoolName: 'shop-users',
      webClientId: 'web1',
      nativeClientId: 'native1',
      identityPoolId: 'eu-west-1:0f0e0d0c-1111-2222-3333-444455556666',
      identityPoolName: 'shop_identities',
      allowUnauthenticatedIdentities: true,
      authRoleArn: 'arn:aws:iam::123456789012:role/shop-auth',
      authRoleName: 'shop-auth',
      unauthRoleArn: 'arn:aws:iam::123456789012:role/service/shop-unauth',
      unauthRoleName: 'shop-unauth',
      facebookAppId: 'fb-app',
      amazonAppId: 'amzn-app',
      appleAppId: 'apple-app',
      googleClientId: 'google-client',
    });
  });

  it('omits the unauth role keys when the identity pool has no unauth role', () => {
    const { envParameters } = buildImportRecords(withIdentityPool({ unauthRole: false, allowUnauth: false }), {
      resourceName: 'shop',
    });
    expect(envParameters).not.toHaveProperty('unauthRoleArn');
    expect(envParameters).not.toHaveProperty('unauthRoleName');
    expect(envParameters.allowUnauthenticatedIdentities).toBe(false);
    expect(Object.values(envParameters)).not.toContain(undefined);
  });

  it('refuses an identity-pool candidate without an identity pool', () => {
    const candidate: ImportCandidate = { ...userPoolOnly(), authType: 'identityPoolAndUserPool' };
    expect(() => buildImportRecords(candidate, { resourceName: 'shop' })).toThrow(/eu-west-1_AbCdEf123/);
  });
});
