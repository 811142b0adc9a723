import { describe, expect, it } from 'vitest';
import { metaOf, NATIVE_CLIENT_ID, plainCandidate, REGION, richCandidate, WEB_CLIENT_ID } from '../../test/support/client-config-fixtures.js';
import { resolveClientConfig, type Frontend } from './resolved-client-config.js';
import type { ImportCandidate } from './model.js';

const resolve = (candidate: ImportCandidate, frontend: Frontend) =>
  resolveClientConfig({ frontend, projectRegion: REGION, authMeta: metaOf(candidate) });

describe('resolveClientConfig', () => {
  it('gives javascript the web client and native frontends the native client, each with its own hosted UI', () => {
    const web = resolve(richCandidate(), 'javascript').config.auth;
    expect(web).toMatchObject({ appClientId: WEB_CLIENT_ID, appClientKind: 'web', socialProviders: ['GOOGLE', 'APPLE'] });
    expect(web?.oauth?.redirectSignIn).toEqual(['https://shop.example.com/', 'http://localhost:3000/']);
    const native = resolve(richCandidate(), 'ios').config.auth;
    expect(native).toMatchObject({ appClientId: NATIVE_CLIENT_ID, appClientKind: 'native', socialProviders: ['FACEBOOK'] });
    expect(native?.oauth).toEqual({
      domain: 'login.shop.example.com',
      scopes: ['openid', 'profile'],
      redirectSignIn: ['shop://signed-in/'],
      redirectSignOut: ['shop://signed-out/'],
      responseType: 'code',
    });
  });

  it('holds neutral values: lower-case attributes, booleans for the password rules, the identity pool and federation', () => {
    const { auth } = resolve(richCandidate(), 'javascript').config;
    expect(auth).toMatchObject({
      region: REGION,
      usernameAttributes: ['email', 'phone_number'],
      requiredAttributes: ['email', 'given_name', 'custom:tier'],
      verificationAttributes: ['email'],
      passwordPolicy: { minLength: 10, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: false },
      identityPool: { allowUnauthenticatedIdentities: true },
      federation: { google: 'google-web-client.apps.googleusercontent.com', facebook: '1234567890' },
    });
  });

  it('uses the web client for native apps when the native client is the web client', () => {
    const { config, notes } = resolve(plainCandidate(), 'android');
    expect(config.auth?.appClientId).toBe(WEB_CLIENT_ID);
    expect(notes).toEqual([]);
  });

  it('falls back to the secretless web client, with the fix, when the native client has a secret', () => {
    const { config, notes } = resolve(richCandidate({ native: { hasSecret: true } }), 'flutter');
    expect(config.auth?.appClientId).toBe(WEB_CLIENT_ID);
    expect(config.auth?.oauth?.redirectSignIn).toEqual(['https://shop.example.com/', 'http://localhost:3000/']);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('must sign in with a client without a secret');
    expect(notes[0]).toContain('aws cognito-idp create-user-pool-client');
  });

  it('warns when the identity pool does not list the native client', () => {
    const { notes } = resolve(richCandidate({ trustNative: false }), 'android');
    expect(notes.join('\n')).toContain(`does not list native client '${NATIVE_CLIENT_ID}'`);
    expect(resolve(richCandidate({ trustNative: false }), 'javascript').notes).toEqual([]);
  });

  it("notes the native client's own incomplete hosted UI and writes none", () => {
    const { config, notes } = resolve(richCandidate({ native: { logoutUrls: [] } }), 'ios');
    expect(config.auth?.oauth).toBeUndefined();
    expect(notes.join('\n')).toContain(`native client '${NATIVE_CLIENT_ID}'`);
    expect(notes.join('\n')).toContain('sign-out URLs');
  });

  it('cannot tell a Gen 1 meta entry\'s native client apart: uses the web client and says how to record it', () => {
    const meta = metaOf(richCandidate());
    delete meta.nativeClient;
    const { config, notes } = resolveClientConfig({ frontend: 'android', projectRegion: REGION, authMeta: meta });
    expect(config.auth?.appClientId).toBe(WEB_CLIENT_ID);
    expect(notes.join('\n')).toContain('mycli push');
  });

  it('escapes untrusted names in notes', () => {
    const candidate = richCandidate({ native: { hasSecret: true } });
    candidate.userPool.name = 'evil\nError: forged';
    expect(resolve(candidate, 'android').notes.join('')).not.toContain('\nError');
  });
});
