import { describe, expect, it } from 'vitest';
import { AUTH_CONFIG_KEYS, gen1JsAuthKeys, gen1JsConfig } from './gen1-js-config.js';
import type { ImportedAuthMeta, ImportedAuthOutput, OAuthMetadata } from './import-records.js';
import { resolveClientConfig, type ResolvedStorage } from './resolved-client-config.js';

/** The auth keys and notes for a meta entry, through the resolved config as every writer gets it. */
function buildAuthConfig(authMeta: ImportedAuthMeta, projectRegion: string): { config: Record<string, unknown>; notes: string[] } {
  const { config, notes } = resolveClientConfig({ frontend: 'javascript', projectRegion, authMeta });
  return { config: gen1JsAuthKeys(config) ?? {}, notes };
}

function mergeAppConfig(existing: Record<string, unknown>, authMeta: ImportedAuthMeta | undefined, storage?: ResolvedStorage | null) {
  return gen1JsConfig(resolveClientConfig({ frontend: 'javascript', projectRegion: REGION, authMeta, storage }).config, existing);
}

const REGION = 'eu-west-1';
const POOL_ID = 'eu-west-1_AbCdEf123';

const oauthMetadata: OAuthMetadata = {
  AllowedOAuthFlows: ['implicit', 'code'],
  AllowedOAuthScopes: ['openid', 'email', 'profile'],
  CallbackURLs: ['https://app.example.com/', 'myapp://callback/'],
  LogoutURLs: ['https://app.example.com/bye'],
};

function meta(output: Partial<ImportedAuthOutput> = {}, extra: Partial<ImportedAuthMeta> = {}): ImportedAuthMeta {
  return {
    service: 'Cognito',
    serviceType: 'imported',
    providerPlugin: 'awscloudformation',
    dependsOn: [],
    customAuth: false,
    output: { UserPoolId: POOL_ID, UserPoolName: 'shop-users', AppClientIDWeb: 'web1', AppClientID: 'native1', ...output },
    frontendAuthConfig: {
      socialProviders: [],
      usernameAttributes: ['EMAIL', 'PHONE_NUMBER'],
      signupAttributes: ['EMAIL'],
      passwordProtectionSettings: { passwordPolicyMinLength: 12, passwordPolicyCharacters: ['REQUIRES_NUMBERS'] },
      mfaConfiguration: 'OPTIONAL',
      mfaTypes: ['TOTP'],
      verificationMechanisms: ['EMAIL'],
    },
    ...extra,
  };
}

const withOAuth = (output: Partial<ImportedAuthOutput> = {}) =>
  meta({ HostedUIDomain: 'shop', OAuthMetadata: JSON.stringify(oauthMetadata), ...output });

describe('buildAuthConfig', () => {
  it('writes the user-pool keys and every frontendAuthConfig list, and no identity-pool or oauth keys', () => {
    const { config, notes } = buildAuthConfig(meta(), REGION);
    expect(config).toEqual({
      aws_cognito_region: REGION,
      aws_user_pools_id: POOL_ID,
      aws_user_pools_web_client_id: 'web1',
      aws_cognito_username_attributes: ['EMAIL', 'PHONE_NUMBER'],
      aws_cognito_social_providers: [],
      aws_cognito_signup_attributes: ['EMAIL'],
      aws_cognito_mfa_configuration: 'OPTIONAL',
      aws_cognito_mfa_types: ['TOTP'],
      aws_cognito_password_protection_settings: { passwordPolicyMinLength: 12, passwordPolicyCharacters: ['REQUIRES_NUMBERS'] },
      aws_cognito_verification_mechanisms: ['EMAIL'],
    });
    expect(notes).toEqual([]);
  });

  it('uses the project region for aws_cognito_region', () => {
    expect(buildAuthConfig(meta(), 'us-east-2').config.aws_cognito_region).toBe('us-east-2');
  });

  it('writes only keys it owns', () => {
    const { config } = buildAuthConfig(
      withOAuth({ IdentityPoolId: 'eu-west-1:abc', AllowUnauthenticatedIdentities: false, GoogleWebClient: 'g' }),
      REGION,
    );
    for (const key of Object.keys(config)) expect(AUTH_CONFIG_KEYS).toContain(key);
  });

  describe('identity pool', () => {
    it('writes the identity pool id in identity-pool mode', () => {
      const { config } = buildAuthConfig(meta({ IdentityPoolId: 'eu-west-1:abc', AllowUnauthenticatedIdentities: true }), REGION);
      expect(config.aws_cognito_identity_pool_id).toBe('eu-west-1:abc');
      expect(config).not.toHaveProperty('aws_mandatory_sign_in');
    });

    it('turns guest access off when the identity pool refuses unauthenticated identities', () => {
      const { config } = buildAuthConfig(meta({ IdentityPoolId: 'eu-west-1:abc', AllowUnauthenticatedIdentities: false }), REGION);
      expect(config.aws_mandatory_sign_in).toBe('enable');
    });

    it('leaves guest access alone when the meta does not say (a Gen 1 meta entry)', () => {
      expect(buildAuthConfig(meta({ IdentityPoolId: 'eu-west-1:abc' }), REGION).config).not.toHaveProperty(
        'aws_mandatory_sign_in',
      );
    });
  });

  describe('oauth', () => {
    it('writes a complete block with the prefix domain expanded in the pool region', () => {
      const { config, notes } = buildAuthConfig(withOAuth(), 'us-east-1');
      expect(config.oauth).toEqual({
        domain: 'shop.auth.eu-west-1.amazoncognito.com',
        scope: ['openid', 'email', 'profile'],
        redirectSignIn: 'https://app.example.com/,myapp://callback/',
        redirectSignOut: 'https://app.example.com/bye',
        responseType: 'code',
      });
      expect(config.federationTarget).toBe('COGNITO_USER_POOLS');
      expect(notes).toEqual([]);
    });

    it('uses a custom domain as it is, ahead of the prefix domain', () => {
      const { config } = buildAuthConfig(withOAuth({ HostedUICustomDomain: 'login.shop.example' }), REGION);
      expect((config.oauth as { domain: string }).domain).toBe('login.shop.example');
    });

    it('answers token for implicit-only clients', () => {
      const implicitOnly = JSON.stringify({ ...oauthMetadata, AllowedOAuthFlows: ['implicit'] });
      const { config } = buildAuthConfig(withOAuth({ OAuthMetadata: implicitOnly }), REGION);
      expect((config.oauth as { responseType: string }).responseType).toBe('token');
    });

    it('is absent, with a note naming what is missing, when the web client setup was incomplete', () => {
      const incomplete = meta({ HostedUIDomain: 'shop' }, { oauthMissing: ['sign-out URLs (LogoutURLs)'] });
      const { config, notes } = buildAuthConfig(incomplete, REGION);
      expect(config).not.toHaveProperty('oauth');
      expect(config).not.toHaveProperty('federationTarget');
      expect(notes).toHaveLength(1);
      expect(notes[0]).toContain('sign-out URLs (LogoutURLs)');
      expect(notes[0]).toContain('web1');
      expect(notes[0]).toContain(POOL_ID);
    });

    it('is absent, with a note, when social providers are listed but no OAuth setup was recorded', () => {
      const social = meta();
      social.frontendAuthConfig.socialProviders = ['GOOGLE'];
      const { config, notes } = buildAuthConfig(social, REGION);
      expect(config).not.toHaveProperty('oauth');
      expect(notes.join()).toContain('GOOGLE');
    });

    it('is absent without a note when the client never asked for OAuth, even if the pool has a domain', () => {
      const { config, notes } = buildAuthConfig(meta({ HostedUIDomain: 'shop' }), REGION);
      expect(config).not.toHaveProperty('oauth');
      expect(notes).toEqual([]);
    });

    it('is absent, with a note, when recorded metadata has no domain to go with it (a Gen 1 meta entry)', () => {
      const { config, notes } = buildAuthConfig(meta({ OAuthMetadata: JSON.stringify(oauthMetadata) }), REGION);
      expect(config).not.toHaveProperty('oauth');
      expect(notes.join()).toContain('a hosted UI domain');
    });

    it.each([
      ['no scopes', { AllowedOAuthScopes: [] }, 'OAuth scopes'],
      ['no sign-out URLs', { LogoutURLs: [] }, 'sign-out URLs'],
      ['no callback URLs', { CallbackURLs: [] }, 'callback URLs'],
      ['no usable flow', { AllowedOAuthFlows: ['client_credentials'] }, 'authorization code or implicit'],
    ])('is never partial: recorded metadata with %s gives no block and a note', (_, change, missing) => {
      const { config, notes } = buildAuthConfig(withOAuth({ OAuthMetadata: JSON.stringify({ ...oauthMetadata, ...change }) }), REGION);
      expect(config).not.toHaveProperty('oauth');
      expect(notes.join()).toContain(missing);
    });

    it('is absent, with a note, when the recorded metadata is not valid JSON of the right shape', () => {
      for (const broken of ['{', '{"AllowedOAuthFlows":"code"}', 'null']) {
        const { config, notes } = buildAuthConfig(withOAuth({ OAuthMetadata: broken }), REGION);
        expect(config).not.toHaveProperty('oauth');
        expect(notes.join()).toContain('amplify-meta.json');
      }
    });

    it('warns about redirect URLs holding commas, which aws-amplify would split', () => {
      const commas = JSON.stringify({ ...oauthMetadata, CallbackURLs: ['https://app.example.com/?a=1,2'] });
      const { config, notes } = buildAuthConfig(withOAuth({ OAuthMetadata: commas }), REGION);
      expect(config.oauth).toBeDefined();
      expect(notes.join()).toContain('https://app.example.com/?a=1,2');
    });
  });

  describe('federationTarget', () => {
    it('is COGNITO_USER_AND_IDENTITY_POOLS with oauth and identity-pool social clients', () => {
      const { config } = buildAuthConfig(withOAuth({ IdentityPoolId: 'eu-west-1:abc', FacebookWebClient: 'fb' }), REGION);
      expect(config.federationTarget).toBe('COGNITO_USER_AND_IDENTITY_POOLS');
    });

    it('is COGNITO_IDENTITY_POOLS with identity-pool social clients but no oauth', () => {
      const { config } = buildAuthConfig(meta({ IdentityPoolId: 'eu-west-1:abc', AmazonWebClient: 'amzn' }), REGION);
      expect(config.federationTarget).toBe('COGNITO_IDENTITY_POOLS');
    });
  });
});

describe('gen1JsConfig', () => {
  const authMeta = withOAuth({ IdentityPoolId: 'eu-west-1:abc' });
  const authConfig = buildAuthConfig(authMeta, REGION).config;

  it('keeps other categories’ keys, replaces stale auth keys and puts aws_project_region first', () => {
    const existing = {
      aws_appsync_graphqlEndpoint: 'https://x.appsync-api.eu-west-1.amazonaws.com/graphql',
      aws_project_region: 'us-east-1',
      aws_user_pools_id: 'us-east-1_Stale',
      federationTarget: 'COGNITO_IDENTITY_POOLS',
      aws_user_files_s3_bucket: 'shop-files',
    };
    const merged = mergeAppConfig(existing, authMeta);
    expect(Object.keys(merged)[0]).toBe('aws_project_region');
    expect(merged).toEqual({
      aws_project_region: REGION,
      ...authConfig,
      aws_appsync_graphqlEndpoint: existing.aws_appsync_graphqlEndpoint,
      aws_user_files_s3_bucket: 'shop-files',
    });
  });

  it('drops every auth key, and only those, when auth is removed', () => {
    const current = mergeAppConfig({ aws_user_files_s3_bucket: 'shop-files' }, authMeta);
    expect(mergeAppConfig(current, undefined)).toEqual({
      aws_project_region: REGION,
      aws_user_files_s3_bucket: 'shop-files',
    });
  });

  it('drops auth keys that the new config no longer has (oauth after the client lost its OAuth setup)', () => {
    const current = mergeAppConfig({}, authMeta);
    const merged = mergeAppConfig(current, meta());
    expect(merged).not.toHaveProperty('oauth');
    expect(merged).not.toHaveProperty('aws_cognito_identity_pool_id');
  });

  it('is deterministic: merging again gives the same keys in the same order', () => {
    const once = mergeAppConfig({ zeta: 1, aws_appsync_region: REGION, alpha: 2 }, authMeta);
    const twice = mergeAppConfig(once, authMeta);
    expect(JSON.stringify(twice)).toBe(JSON.stringify(once));
    expect(Object.keys(once).slice(-3)).toEqual(['zeta', 'aws_appsync_region', 'alpha']);
  });

  it('keeps a __proto__ key read from JSON as plain data', () => {
    const existing = JSON.parse('{"__proto__": {"polluted": true}, "custom": 1}') as Record<string, unknown>;
    const merged = mergeAppConfig(existing, undefined);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.keys(merged)).toEqual(['aws_project_region', '__proto__', 'custom']);
  });
});

describe('storage keys', () => {
  const base = { aws_project_region: REGION, aws_appsync_region: REGION };

  it('adds the bucket and its region after the existing keys', () => {
    expect(Object.entries(mergeAppConfig(base, undefined, { bucketName: 'media', region: 'eu-west-1' }))).toEqual([
      ['aws_project_region', REGION],
      ['aws_appsync_region', REGION],
      ['aws_user_files_s3_bucket', 'media'],
      ['aws_user_files_s3_bucket_region', 'eu-west-1'],
    ]);
  });

  it('replaces a previous bucket, drops the keys when mycli\'s storage is gone, and keeps another tool\'s otherwise', () => {
    const withOld = { ...base, aws_user_files_s3_bucket: 'old', aws_user_files_s3_bucket_region: 'us-east-1' };
    expect(mergeAppConfig(withOld, undefined, { bucketName: 'new', region: 'us-west-2' })).toMatchObject({
      aws_user_files_s3_bucket: 'new',
      aws_user_files_s3_bucket_region: 'us-west-2',
    });
    expect(mergeAppConfig(withOld, undefined, null)).toEqual(base);
    expect(mergeAppConfig(withOld, undefined, undefined)).toEqual(withOld);
  });
});
