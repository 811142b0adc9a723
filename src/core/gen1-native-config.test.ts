import { describe, expect, it } from 'vitest';
import {
  HOSTILE_STRINGS,
  IDENTITY_POOL_ID,
  metaOf,
  NATIVE_CLIENT_ID,
  plainCandidate,
  POOL_ID,
  REGION,
  richCandidate,
  WEB_CLIENT_ID,
} from '../../test/support/client-config-fixtures.js';
import { amplifyConfigurationJson, awsConfigurationJson } from './gen1-native-config.js';
import type { ImportCandidate } from './model.js';
import { resolveClientConfig, type Frontend, type ResolvedStorage } from './resolved-client-config.js';

function resolved(candidate: ImportCandidate | undefined, frontend: Frontend = 'android', storage?: ResolvedStorage | null) {
  return resolveClientConfig({ frontend, projectRegion: REGION, authMeta: candidate && metaOf(candidate), storage }).config;
}

const richAuth = {
  UserAgent: 'aws-amplify-cli/0.1.0',
  Version: '0.1.0',
  IdentityManager: { Default: {} },
  CredentialsProvider: { CognitoIdentity: { Default: { PoolId: IDENTITY_POOL_ID, Region: REGION } } },
  CognitoUserPool: { Default: { PoolId: POOL_ID, AppClientId: NATIVE_CLIENT_ID, Region: REGION } },
  GoogleSignIn: { Permissions: 'email,profile,openid', 'ClientId-WebApp': 'google-web-client.apps.googleusercontent.com' },
  FacebookSignIn: { AppId: '1234567890', Permissions: 'public_profile' },
  Auth: {
    Default: {
      OAuth: {
        WebDomain: 'login.shop.example.com',
        AppClientId: NATIVE_CLIENT_ID,
        SignInRedirectURI: 'shop://signed-in/',
        SignOutRedirectURI: 'shop://signed-out/',
        Scopes: ['openid', 'profile'],
      },
      authenticationFlowType: 'USER_SRP_AUTH',
      socialProviders: ['FACEBOOK'],
      usernameAttributes: ['EMAIL', 'PHONE_NUMBER'],
      signupAttributes: ['EMAIL', 'GIVEN_NAME', 'CUSTOM:TIER'],
      passwordProtectionSettings: {
        passwordPolicyMinLength: 10,
        passwordPolicyCharacters: ['REQUIRES_LOWERCASE', 'REQUIRES_UPPERCASE', 'REQUIRES_NUMBERS'],
      },
      mfaConfiguration: 'OPTIONAL',
      mfaTypes: ['SMS', 'TOTP'],
      verificationMechanisms: ['EMAIL'],
    },
  },
};

describe('awsconfiguration.json', () => {
  it('writes every key, in Gen 1 order, with storage last', () => {
    const config = awsConfigurationJson(resolved(richCandidate(), 'android', { bucketName: 'shop-media', region: REGION }), {});
    expect(config).toEqual({ ...richAuth, S3TransferUtility: { Default: { Bucket: 'shop-media', Region: REGION } } });
    expect(Object.keys(config)).toEqual([...Object.keys(richAuth), 'S3TransferUtility']);
  });

  it("uses the iOS plugin's user agent on ios", () => {
    expect(awsConfigurationJson(resolved(richCandidate(), 'ios'), {}).UserAgent).toBe('aws-amplify/cli');
    expect(awsConfigurationJson(resolved(richCandidate(), 'flutter'), {}).UserAgent).toBe('aws-amplify-cli/0.1.0');
  });

  it('has no CredentialsProvider for a user pool only, no OAuth without a hosted UI, and CUSTOM_AUTH with the triggers', () => {
    const config = awsConfigurationJson(resolved(plainCandidate()), {});
    expect(config).not.toHaveProperty('CredentialsProvider');
    expect(config).not.toHaveProperty('GoogleSignIn');
    expect(config.CognitoUserPool).toEqual({ Default: { PoolId: POOL_ID, AppClientId: WEB_CLIENT_ID, Region: REGION } });
    expect((config.Auth as any).Default).not.toHaveProperty('OAuth');
    expect((config.Auth as any).Default.authenticationFlowType).toBe('CUSTOM_AUTH');
  });

  it('keeps keys of other categories and drops every auth key when auth is removed', () => {
    const existing = { ...richAuth, DynamoDBObjectMapper: { Default: { Region: REGION } } };
    expect(awsConfigurationJson(resolved(undefined), existing)).toEqual({
      UserAgent: 'aws-amplify-cli/0.1.0',
      Version: '0.1.0',
      DynamoDBObjectMapper: { Default: { Region: REGION } },
    });
  });
});

describe('amplifyconfiguration.json (native)', () => {
  it('nests the auth object under auth.plugins.awsCognitoAuthPlugin, with storage in awsS3StoragePlugin', () => {
    const config = amplifyConfigurationJson(resolved(richCandidate(), 'android', { bucketName: 'shop-media', region: REGION }), {});
    expect(config).toEqual({
      UserAgent: 'aws-amplify-cli/2.0',
      Version: '1.0',
      auth: { plugins: { awsCognitoAuthPlugin: richAuth } },
      storage: { plugins: { awsS3StoragePlugin: { bucket: 'shop-media', region: REGION, defaultAccessLevel: 'guest' } } },
    });
  });

  it('keeps other categories (an API the Amplify CLI manages) and removes only the auth part', () => {
    const api = { plugins: { awsAPIPlugin: { notes: { endpointType: 'GraphQL' } } } };
    const current = amplifyConfigurationJson(resolved(richCandidate()), { api });
    expect(Object.keys(current)).toEqual(['UserAgent', 'Version', 'auth', 'api']);
    expect(amplifyConfigurationJson(resolved(undefined), current)).toEqual({ UserAgent: 'aws-amplify-cli/2.0', Version: '1.0', api });
  });

  it("leaves another tool's storage alone unless mycli's storage is gone", () => {
    const storage = { plugins: { awsS3StoragePlugin: { bucket: 'managed', region: REGION } } };
    expect(amplifyConfigurationJson(resolved(undefined, 'android', undefined), { storage }).storage).toEqual(storage);
    expect(amplifyConfigurationJson(resolved(undefined, 'android', null), { storage })).not.toHaveProperty('storage');
  });
});

describe("Gen 1's defects, fixed", () => {
  const both = (candidate: ImportCandidate, frontend: Frontend = 'android') => {
    const config = resolved(candidate, frontend);
    return JSON.stringify([awsConfigurationJson(config, {}), amplifyConfigurationJson(config, {})]);
  };

  it('defect 1: a custom domain is used as it is, not suffixed with .auth.<region>.amazoncognito.com', () => {
    const plugin = awsConfigurationJson(resolved(richCandidate()), {}) as any;
    expect(plugin.Auth.Default.OAuth.WebDomain).toBe('login.shop.example.com');
    const prefixOnly = richCandidate();
    delete prefixOnly.userPool.customDomain;
    expect((awsConfigurationJson(resolved(prefixOnly), {}) as any).Auth.Default.OAuth.WebDomain).toBe(`shop-prefix.auth.${REGION}.amazoncognito.com`);
  });

  it('defect 2: no client secret is ever written; a native client with one falls back to the web client, with a warning', () => {
    const candidate = richCandidate({ native: { hasSecret: true } });
    const text = both(candidate);
    expect(text).not.toMatch(/AppClientSecret|secret/i);
    const { config, notes } = resolveClientConfig({ frontend: 'android', projectRegion: REGION, authMeta: metaOf(candidate) });
    expect(config.auth?.appClientId).toBe(WEB_CLIENT_ID);
    expect(notes.join('\n')).toContain(`Native client '${NATIVE_CLIENT_ID}'`);
    expect(notes.join('\n')).toContain('--no-generate-secret');
    expect(notes.join('\n')).toContain('--native-client-id <new client id>');
  });

  it('defect 3: the OAuth block comes from the client whose id is written, and exists for a Cognito-only hosted UI', () => {
    const plugin = awsConfigurationJson(resolved(richCandidate()), {}) as any;
    expect(plugin.CognitoUserPool.Default.AppClientId).toBe(NATIVE_CLIENT_ID);
    expect(plugin.Auth.Default.OAuth.AppClientId).toBe(NATIVE_CLIENT_ID);
    expect(plugin.Auth.Default.OAuth.SignInRedirectURI).toBe('shop://signed-in/');
    const cognitoOnly = awsConfigurationJson(resolved(richCandidate({ native: { supportedIdentityProviders: ['COGNITO'] } })), {}) as any;
    expect(cognitoOnly.Auth.Default.OAuth.WebDomain).toBe('login.shop.example.com');
    expect(cognitoOnly.Auth.Default.socialProviders).toEqual([]);
  });

  it('defect 4: every username attribute is kept', () => {
    expect((awsConfigurationJson(resolved(richCandidate()), {}) as any).Auth.Default.usernameAttributes).toEqual(['EMAIL', 'PHONE_NUMBER']);
  });

  it('defect 5: only mycli\'s imported resources are listed (no storage without an imported bucket)', () => {
    const config = amplifyConfigurationJson(resolved(richCandidate(), 'android', undefined), {});
    expect(config).not.toHaveProperty('storage');
    expect(awsConfigurationJson(resolved(richCandidate(), 'android', undefined), {})).not.toHaveProperty('S3TransferUtility');
  });

  it('defect 6: custom keys of an existing awsconfiguration.json stay at the top level, never inside the auth plugin', () => {
    const existing = { MyCustomKey: { Default: { x: 1 } } };
    const config = resolved(richCandidate());
    expect(awsConfigurationJson(config, existing).MyCustomKey).toEqual(existing.MyCustomKey);
    expect((amplifyConfigurationJson(config, {}) as any).auth.plugins.awsCognitoAuthPlugin).not.toHaveProperty('MyCustomKey');
  });
});

describe('hostile strings in the native files', () => {
  it('stay data: both files parse back to the same values, and nothing else appears', () => {
    const candidate = richCandidate({ native: { callbackUrls: HOSTILE_STRINGS, allowedOAuthScopes: HOSTILE_STRINGS } });
    candidate.userPool.customDomain = HOSTILE_STRINGS.join('');
    const config = resolved(candidate, 'ios', { bucketName: HOSTILE_STRINGS[1]!, region: REGION });
    for (const value of [awsConfigurationJson(config, {}), amplifyConfigurationJson(config, {})]) {
      const parsed = JSON.parse(JSON.stringify(value, null, 4)) as Record<string, any>;
      expect(parsed).toEqual(value);
      const plugin = parsed.auth?.plugins.awsCognitoAuthPlugin ?? parsed;
      expect(plugin.Auth.Default.OAuth.Scopes).toEqual(HOSTILE_STRINGS);
      expect(plugin.Auth.Default.OAuth.WebDomain).toBe(HOSTILE_STRINGS.join(''));
      // Joined with commas as Gen 1 does: the values themselves are unchanged.
      expect(plugin.Auth.Default.OAuth.SignInRedirectURI).toBe(HOSTILE_STRINGS.join(','));
    }
  });
});
