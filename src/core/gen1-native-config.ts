// The Gen 1 native config (reference: client-config-formats 2, amplify-gen1-import-auth 5.3): awsconfiguration.json,
// and amplifyconfiguration.json, which nests the same auth object under auth.plugins.awsCognitoAuthPlugin; Flutter's
// amplifyconfiguration.dart embeds the latter. Spelled from the resolved config, with Gen 1's defects fixed: no client
// secret, a custom domain as it is, every username attribute, OAuth of the client whose id is written, the hosted UI
// for a Cognito-only provider list too, and only mycli's (imported) resources. Keys other tools wrote are kept.

import { nativeApiCategory } from './api-config.js';
import { gen1PasswordProtectionSettings, upperCase } from './gen1-js-config.js';
import type { Frontend, ResolvedClientConfig } from './resolved-client-config.js';

type JsonObject = Record<string, unknown>;

/** The awsconfiguration.json keys of auth (all of them, so a removed part leaves no stale key). */
const AWS_CONFIGURATION_AUTH_KEYS = [
  'IdentityManager',
  'CredentialsProvider',
  'CognitoUserPool',
  'GoogleSignIn',
  'FacebookSignIn',
  'Auth',
] as const;
const AWS_CONFIGURATION_STORAGE_KEY = 'S3TransferUtility';
const HEADER_KEYS = ['UserAgent', 'Version'];

/** Gen 1's user agents: the iOS plugin writes its own, Android and Flutter the same one. */
function awsConfigurationUserAgent(frontend: Frontend): string {
  return frontend === 'ios' ? 'aws-amplify/cli' : 'aws-amplify-cli/0.1.0';
}

/** The auth part of awsconfiguration.json, also the awsCognitoAuthPlugin object; undefined without auth. */
export function nativeAuthPlugin(config: ResolvedClientConfig): JsonObject | undefined {
  const { auth } = config;
  if (!auth) return undefined;
  const plugin: JsonObject = {
    UserAgent: awsConfigurationUserAgent(config.frontend),
    Version: '0.1.0',
    IdentityManager: { Default: {} },
  };
  if (auth.identityPool) {
    plugin.CredentialsProvider = { CognitoIdentity: { Default: { PoolId: auth.identityPool.id, Region: auth.region } } };
  }
  plugin.CognitoUserPool = { Default: { PoolId: auth.userPoolId, AppClientId: auth.appClientId, Region: auth.region } };
  if (auth.federation.google !== undefined) {
    plugin.GoogleSignIn = { Permissions: 'email,profile,openid', 'ClientId-WebApp': auth.federation.google };
  }
  if (auth.federation.facebook !== undefined) {
    plugin.FacebookSignIn = { AppId: auth.federation.facebook, Permissions: 'public_profile' };
  }
  const defaults: JsonObject = {};
  if (auth.oauth) {
    defaults.OAuth = {
      WebDomain: auth.oauth.domain,
      AppClientId: auth.appClientId,
      SignInRedirectURI: auth.oauth.redirectSignIn.join(','),
      SignOutRedirectURI: auth.oauth.redirectSignOut.join(','),
      Scopes: auth.oauth.scopes,
    };
  }
  defaults.authenticationFlowType = auth.customAuth ? 'CUSTOM_AUTH' : 'USER_SRP_AUTH';
  defaults.socialProviders = auth.socialProviders;
  defaults.usernameAttributes = auth.usernameAttributes.map(upperCase);
  defaults.signupAttributes = auth.requiredAttributes.map(upperCase);
  defaults.passwordProtectionSettings = gen1PasswordProtectionSettings(config);
  defaults.mfaConfiguration = auth.mfaConfiguration;
  defaults.mfaTypes = auth.mfaTypes;
  defaults.verificationMechanisms = auth.verificationAttributes.map(upperCase);
  plugin.Auth = { Default: defaults };
  return plugin;
}

/**
 * awsconfiguration.json: the auth object, then `S3TransferUtility` for mycli's storage, then every other key of
 * `existing` (another tool's categories). Auth keys of `existing` are never carried over (Gen 1 copies them into the
 * auth plugin).
 */
export function awsConfigurationJson(config: ResolvedClientConfig, existing: JsonObject): JsonObject {
  const owned = new Set<string>([...HEADER_KEYS, ...AWS_CONFIGURATION_AUTH_KEYS]);
  if (config.storage !== undefined) owned.add(AWS_CONFIGURATION_STORAGE_KEY);
  const result: JsonObject = Object.fromEntries([
    ['UserAgent', awsConfigurationUserAgent(config.frontend)],
    ['Version', '0.1.0'],
    ...Object.entries(nativeAuthPlugin(config) ?? {}).filter(([key]) => !HEADER_KEYS.includes(key)),
    ...(config.storage ? [[AWS_CONFIGURATION_STORAGE_KEY, { Default: { Bucket: config.storage.bucketName, Region: config.storage.region } }]] : []),
    ...Object.entries(existing).filter(([key]) => !owned.has(key)),
  ]);
  return result;
}

/**
 * amplifyconfiguration.json (and the JSON inside amplifyconfiguration.dart): `UserAgent`, `Version`, `auth`,
 * `storage` and `api` when mycli owns them, then every other category of `existing` as it was.
 */
export function amplifyConfigurationJson(config: ResolvedClientConfig, existing: JsonObject): JsonObject {
  const owned = new Set<string>([...HEADER_KEYS, 'auth']);
  if (config.storage !== undefined) owned.add('storage');
  if (config.apis !== undefined) owned.add('api');
  const api = config.apis ? nativeApiCategory(existing['api'], config.apis) : undefined;
  const plugin = nativeAuthPlugin(config);
  return Object.fromEntries([
    ['UserAgent', 'aws-amplify-cli/2.0'],
    ['Version', '1.0'],
    ...(plugin ? [['auth', { plugins: { awsCognitoAuthPlugin: plugin } }]] : []),
    ...(config.storage
      ? [['storage', { plugins: { awsS3StoragePlugin: { bucket: config.storage.bucketName, region: config.storage.region, defaultAccessLevel: 'guest' } } }]]
      : []),
    ...(api ? [['api', api]] : []),
    ...Object.entries(existing).filter(([key]) => !owned.has(key)),
  ]);
}
