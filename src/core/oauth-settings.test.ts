import { describe, expect, it } from 'vitest';
import type { AppClient, UserPoolDetails } from './model.js';
import { compareOAuthSettings, missingOAuthPieces, usesOAuth } from './oauth-settings.js';

function makeClient(overrides: Partial<AppClient> = {}): AppClient {
  return {
    id: 'client-web',
    name: 'web',
    userPoolId: 'us-east-1_Pool1',
    hasSecret: false,
    supportedIdentityProviders: ['COGNITO', 'Google'],
    callbackUrls: ['https://app.example.com/'],
    logoutUrls: ['https://app.example.com/signout'],
    allowedOAuthFlows: ['code'],
    allowedOAuthScopes: ['openid', 'email'],
    allowedOAuthFlowsUserPoolClient: true,
    explicitAuthFlows: [],
    ...overrides,
  };
}

const pool: UserPoolDetails = {
  id: 'us-east-1_Pool1',
  name: 'shop-users',
  domain: 'shop',
  usernameAttributes: [],
  aliasAttributes: [],
  autoVerifiedAttributes: [],
  requiredAttributes: [],
  passwordPolicy: { minLength: 8, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true },
  mfaConfiguration: 'OFF',
  mfaTypes: [],
  customAuth: false,
};

describe('compareOAuthSettings', () => {
  it('finds no difference when arrays hold the same items in another order', () => {
    const native = makeClient({
      id: 'client-native',
      supportedIdentityProviders: ['Google', 'COGNITO'],
      allowedOAuthScopes: ['email', 'openid'],
    });
    expect(compareOAuthSettings(makeClient(), native)).toEqual([]);
  });

  it('lists each differing property with both values', () => {
    const native = makeClient({
      id: 'client-native',
      callbackUrls: ['myapp://callback/'],
      logoutUrls: ['myapp://signout/'],
      allowedOAuthFlowsUserPoolClient: false,
    });
    expect(compareOAuthSettings(makeClient(), native)).toEqual([
      { property: 'AllowedOAuthFlowsUserPoolClient', web: true, native: false },
      { property: 'CallbackURLs', web: ['https://app.example.com/'], native: ['myapp://callback/'] },
      { property: 'LogoutURLs', web: ['https://app.example.com/signout'], native: ['myapp://signout/'] },
    ]);
  });

  it('treats a subset as a difference', () => {
    const native = makeClient({ id: 'client-native', allowedOAuthScopes: ['openid'] });
    expect(compareOAuthSettings(makeClient(), native).map((difference) => difference.property)).toEqual([
      'AllowedOAuthScopes',
    ]);
  });
});

describe('usesOAuth', () => {
  it('ignores a client whose only setting is the default COGNITO provider', () => {
    const plain = makeClient({
      supportedIdentityProviders: ['COGNITO'],
      callbackUrls: [],
      logoutUrls: [],
      allowedOAuthFlows: [],
      allowedOAuthScopes: [],
      allowedOAuthFlowsUserPoolClient: false,
    });
    expect(usesOAuth(plain)).toBe(false);
    expect(usesOAuth({ ...plain, callbackUrls: ['https://a/'] })).toBe(true);
    expect(usesOAuth({ ...plain, supportedIdentityProviders: ['Facebook'] })).toBe(true);
  });
});

describe('missingOAuthPieces', () => {
  it('is empty for a complete client on a pool with a domain', () => {
    expect(missingOAuthPieces(makeClient(), pool)).toEqual([]);
  });

  it('accepts a custom domain instead of a prefix domain', () => {
    expect(missingOAuthPieces(makeClient(), { ...pool, domain: undefined, customDomain: 'auth.example.com' })).toEqual([]);
  });

  it('names exactly the missing pieces', () => {
    const client = makeClient({ logoutUrls: [], allowedOAuthScopes: [] });
    expect(missingOAuthPieces(client, { ...pool, domain: undefined })).toEqual(['oauth-scopes', 'logout-urls', 'domain']);
  });

  it('needs a flow that signs users in, not only client credentials', () => {
    expect(missingOAuthPieces(makeClient({ allowedOAuthFlows: ['client_credentials'] }), pool)).toEqual(['browser-flow']);
    expect(missingOAuthPieces(makeClient({ allowedOAuthFlows: [] }), pool)).toEqual(['oauth-flows']);
  });
});
