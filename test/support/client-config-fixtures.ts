// Import candidates for the client-config tests: a pool with everything a config can carry (identity pool, hosted UI
// on a custom domain, social providers, two username attributes, MFA) and a web and a native client of its own.
import type { AppClient, ImportCandidate } from '../../src/core/model.js';
import { buildImportRecords, type ImportedAuthMeta } from '../../src/core/import-records.js';

export const REGION = 'eu-west-1';
export const POOL_ID = 'eu-west-1_AbCdEf123';
export const IDENTITY_POOL_ID = 'eu-west-1:0f0e0d0c-1111-2222-3333-444455556666';
export const WEB_CLIENT_ID = 'webclient123';
export const NATIVE_CLIENT_ID = 'nativeclient456';

export function appClient(id: string, overrides: Partial<AppClient> = {}): AppClient {
  return {
    id,
    name: id,
    userPoolId: POOL_ID,
    hasSecret: false,
    supportedIdentityProviders: ['COGNITO', 'Google', 'SignInWithApple'],
    callbackUrls: ['https://shop.example.com/', 'http://localhost:3000/'],
    logoutUrls: ['https://shop.example.com/signed-out'],
    allowedOAuthFlows: ['code'],
    allowedOAuthScopes: ['openid', 'email', 'aws.cognito.signin.user.admin'],
    allowedOAuthFlowsUserPoolClient: true,
    explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    ...overrides,
  };
}

/** A native client with its own hosted UI settings: an app scheme instead of https, Facebook instead of Apple. */
export function nativeAppClient(overrides: Partial<AppClient> = {}): AppClient {
  return appClient(NATIVE_CLIENT_ID, {
    supportedIdentityProviders: ['COGNITO', 'Facebook'],
    callbackUrls: ['shop://signed-in/'],
    logoutUrls: ['shop://signed-out/'],
    allowedOAuthFlows: ['code', 'implicit'],
    allowedOAuthScopes: ['openid', 'profile'],
    ...overrides,
  });
}

export function richCandidate(options: { native?: Partial<AppClient>; web?: Partial<AppClient>; allowUnauthenticatedIdentities?: boolean; trustNative?: boolean } = {}): ImportCandidate {
  const webClient = appClient(WEB_CLIENT_ID, options.web);
  const nativeClient = nativeAppClient(options.native);
  const providerName = `cognito-idp.${REGION}.amazonaws.com/${POOL_ID}`;
  return {
    authType: 'identityPoolAndUserPool',
    projectRegion: REGION,
    clientsListed: true,
    userPool: {
      id: POOL_ID,
      name: 'shop-users',
      domain: 'shop-prefix',
      customDomain: 'login.shop.example.com',
      usernameAttributes: ['email', 'phone_number'],
      aliasAttributes: [],
      autoVerifiedAttributes: ['email'],
      requiredAttributes: ['email', 'given_name', 'custom:tier'],
      passwordPolicy: { minLength: 10, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: false },
      mfaConfiguration: 'OPTIONAL',
      mfaTypes: ['SMS', 'TOTP'],
      customAuth: false,
    },
    clients: [webClient, nativeClient],
    webClient,
    nativeClient,
    identityPool: {
      id: IDENTITY_POOL_ID,
      name: 'shop_identities',
      allowUnauthenticatedIdentities: options.allowUnauthenticatedIdentities ?? true,
      cognitoProviders: [
        { providerName, clientId: webClient.id },
        ...(options.trustNative === false ? [] : [{ providerName, clientId: nativeClient.id }]),
      ],
      supportedLoginProviders: { 'accounts.google.com': 'google-web-client.apps.googleusercontent.com', 'graph.facebook.com': '1234567890' },
    },
    authRole: { arn: 'arn:aws:iam::123456789012:role/shop-auth', name: 'shop-auth', exists: true },
    unauthRole: { arn: 'arn:aws:iam::123456789012:role/shop-unauth', name: 'shop-unauth', exists: true },
  };
}

/** A user-pool-only pool with no username attributes, no MFA and no hosted UI: the least a config can hold. */
export function plainCandidate(): ImportCandidate {
  const client = appClient(WEB_CLIENT_ID, {
    supportedIdentityProviders: ['COGNITO'],
    callbackUrls: [],
    logoutUrls: [],
    allowedOAuthFlows: [],
    allowedOAuthScopes: [],
    allowedOAuthFlowsUserPoolClient: false,
  });
  return {
    authType: 'userPoolOnly',
    projectRegion: REGION,
    clientsListed: true,
    userPool: {
      id: POOL_ID,
      name: 'plain-users',
      usernameAttributes: [],
      aliasAttributes: ['email'],
      autoVerifiedAttributes: [],
      requiredAttributes: [],
      passwordPolicy: { minLength: 8, requireLowercase: false, requireUppercase: false, requireNumbers: false, requireSymbols: false },
      mfaConfiguration: 'OFF',
      mfaTypes: [],
      customAuth: true,
    },
    clients: [client],
    webClient: client,
    nativeClient: client,
  };
}

export function metaOf(candidate: ImportCandidate): ImportedAuthMeta {
  return buildImportRecords(candidate, { resourceName: 'shop' }).metaEntry;
}

/** Strings that must survive every format unchanged and never break out of their string. */
export const HOSTILE_STRINGS = [
  `quote " apostrophe ' backtick \` triple ''' and r''' end`,
  'dollar $x ${interpolated} $$',
  'backslash \\ and \\n and \\u2028 and \\\\',
  'line separator \u2028 paragraph \u2029 newline \n carriage \r tab \t',
  '</script><script>alert(1)</script>',
  "'''; const evil = 1; //",
  'ünïcödé ✓ 🔐 \u202e bidi \u0000 nul',
];
