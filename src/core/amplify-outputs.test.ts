import { describe, expect, it } from 'vitest';
import { amplifyOutputsSchemaErrors, expectValidAmplifyOutputs } from '../../test/support/amplify-outputs-validator.js';
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
import { amplifyOutputs } from './amplify-outputs.js';
import type { ImportCandidate } from './model.js';
import { resolveClientConfig, type Frontend, type ResolvedStorage } from './resolved-client-config.js';

function outputsOf(candidate: ImportCandidate | undefined, frontend: Frontend = 'javascript', storage?: ResolvedStorage | null, existing = {}) {
  const { config } = resolveClientConfig({ frontend, projectRegion: REGION, authMeta: candidate && metaOf(candidate), storage });
  return amplifyOutputs(config, existing);
}

describe('amplify_outputs.json', () => {
  it('writes every auth key of the resources, with version 1.4 after the categories', () => {
    const outputs = outputsOf(richCandidate(), 'javascript', { bucketName: 'shop-media', region: REGION });
    expect(outputs).toEqual({
      auth: {
        user_pool_id: POOL_ID,
        aws_region: REGION,
        user_pool_client_id: WEB_CLIENT_ID,
        identity_pool_id: IDENTITY_POOL_ID,
        mfa_methods: ['SMS', 'TOTP'],
        standard_required_attributes: ['email', 'given_name'],
        username_attributes: ['email', 'phone_number'],
        user_verification_types: ['email'],
        mfa_configuration: 'OPTIONAL',
        password_policy: { min_length: 10, require_lowercase: true, require_numbers: true, require_symbols: false, require_uppercase: true },
        oauth: {
          identity_providers: ['GOOGLE', 'SIGN_IN_WITH_APPLE'],
          redirect_sign_in_uri: ['https://shop.example.com/', 'http://localhost:3000/'],
          redirect_sign_out_uri: ['https://shop.example.com/signed-out'],
          response_type: 'code',
          scopes: ['openid', 'email', 'aws.cognito.signin.user.admin'],
          domain: 'login.shop.example.com',
        },
        unauthenticated_identities_enabled: true,
      },
      storage: { aws_region: REGION, bucket_name: 'shop-media' },
      version: '1.4',
    });
    expect(Object.keys(outputs)).toEqual(['auth', 'storage', 'version']);
    expectValidAmplifyOutputs(outputs);
  });

  it('uses the native client and its own hosted UI settings for android, ios and flutter', () => {
    for (const frontend of ['android', 'ios', 'flutter'] as const) {
      const auth = outputsOf(richCandidate(), frontend).auth as Record<string, any>;
      expect(auth.user_pool_client_id).toBe(NATIVE_CLIENT_ID);
      expect(auth.oauth).toEqual({
        identity_providers: ['FACEBOOK'],
        redirect_sign_in_uri: ['shop://signed-in/'],
        redirect_sign_out_uri: ['shop://signed-out/'],
        response_type: 'code',
        scopes: ['openid', 'profile'],
        domain: 'login.shop.example.com',
      });
    }
  });

  it('leaves out identity_pool_id and guest access for a user pool only, and username_attributes for a pool without any', () => {
    const outputs = outputsOf(plainCandidate());
    expect(outputs.auth).toEqual({
      user_pool_id: POOL_ID,
      aws_region: REGION,
      user_pool_client_id: WEB_CLIENT_ID,
      mfa_methods: [],
      standard_required_attributes: [],
      user_verification_types: [],
      mfa_configuration: 'NONE',
      password_policy: { min_length: 8, require_lowercase: false, require_numbers: false, require_symbols: false, require_uppercase: false },
    });
    expectValidAmplifyOutputs(outputs);
  });

  it('says so when the identity pool refuses guests (the schema default is true)', () => {
    const auth = outputsOf(richCandidate({ allowUnauthenticatedIdentities: false })).auth as Record<string, unknown>;
    expect(auth.unauthenticated_identities_enabled).toBe(false);
  });

  it('maps MFA ON to REQUIRED', () => {
    const candidate = richCandidate();
    candidate.userPool.mfaConfiguration = 'ON';
    expect((outputsOf(candidate).auth as Record<string, unknown>).mfa_configuration).toBe('REQUIRED');
  });

  it('is only `version` without resources, and keeps keys another tool wrote (custom) while replacing its own', () => {
    expect(outputsOf(undefined)).toEqual({ version: '1.4' });
    const existing = { version: '1', custom: { api: 'x' }, auth: { user_pool_id: 'stale' } };
    const outputs = outputsOf(plainCandidate(), 'javascript', undefined, existing);
    expect(Object.keys(outputs)).toEqual(['auth', 'custom', 'version']);
    expect(outputs.custom).toEqual({ api: 'x' });
    expect(outputs.version).toBe('1.4');
  });

  it('drops storage when mycli\'s storage is gone, and keeps another tool\'s otherwise', () => {
    const existing = { storage: { aws_region: REGION, bucket_name: 'theirs' } };
    expect(outputsOf(undefined, 'javascript', null, existing)).toEqual({ version: '1.4' });
    expect(outputsOf(undefined, 'javascript', undefined, existing).storage).toEqual(existing.storage);
  });

  describe("better than Gen 2's referenceAuth output (each is a schema violation there)", () => {
    it('spells MFA methods as the schema does (SMS, not SMS_MFA)', () => {
      expect((outputsOf(richCandidate()).auth as Record<string, unknown>).mfa_methods).toEqual(['SMS', 'TOTP']);
    });

    it('writes response_type code or token, never "implicit,code"', () => {
      const implicit = outputsOf(richCandidate({ web: { allowedOAuthFlows: ['implicit'] } }));
      expect((implicit.auth as any).oauth.response_type).toBe('token');
      const both = outputsOf(richCandidate({ web: { allowedOAuthFlows: ['implicit', 'code'] } }));
      expect((both.auth as any).oauth.response_type).toBe('code');
      expectValidAmplifyOutputs(both);
    });

    it('never writes an empty username_attributes', () => {
      expect(outputsOf(plainCandidate()).auth).not.toHaveProperty('username_attributes');
    });

    it('writes a user pool without an identity pool, and a pool with alias attributes', () => {
      expectValidAmplifyOutputs(outputsOf(plainCandidate()));
    });

    it('writes the hosted UI for a Cognito-only provider list, with no identity providers', () => {
      const oauth = (outputsOf(richCandidate({ web: { supportedIdentityProviders: ['COGNITO'] } })).auth as any).oauth;
      expect(oauth.identity_providers).toEqual([]);
      expect(oauth.domain).toBe('login.shop.example.com');
    });

    it('de-duplicates lists the schema wants unique', () => {
      const outputs = outputsOf(richCandidate({ web: { callbackUrls: ['https://a/', 'https://a/'], allowedOAuthScopes: ['openid', 'openid'] } }));
      expect((outputs.auth as any).oauth.redirect_sign_in_uri).toEqual(['https://a/']);
      expect((outputs.auth as any).oauth.scopes).toEqual(['openid']);
      expectValidAmplifyOutputs(outputs);
    });
  });

  it('the schema check can fail: Gen 2\'s own spellings are refused', () => {
    const outputs = outputsOf(richCandidate()) as any;
    outputs.auth.mfa_methods = ['SMS_MFA'];
    outputs.auth.oauth.response_type = 'implicit,code';
    outputs.auth.username_attributes = [];
    expect(amplifyOutputsSchemaErrors(outputs)).toHaveLength(3);
  });

  it('carries hostile strings as data: the file parses back to the same values and stays schema-valid', () => {
    const candidate = richCandidate({ web: { callbackUrls: HOSTILE_STRINGS, logoutUrls: HOSTILE_STRINGS, allowedOAuthScopes: HOSTILE_STRINGS } });
    const outputs = outputsOf(candidate, 'javascript', { bucketName: HOSTILE_STRINGS.join(''), region: REGION });
    const text = JSON.stringify(outputs, null, 2);
    const parsed = JSON.parse(text);
    expect(parsed.auth.oauth.redirect_sign_in_uri).toEqual(HOSTILE_STRINGS);
    expect(parsed.storage.bucket_name).toBe(HOSTILE_STRINGS.join(''));
    expectValidAmplifyOutputs(parsed);
  });

  it('writes no client secret', () => {
    const text = JSON.stringify(outputsOf(richCandidate({ native: { hasSecret: true } }), 'android'));
    expect(text).not.toMatch(/secret/i);
  });
});
