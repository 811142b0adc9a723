// The flat JavaScript app config of Gen 1 (aws-exports.js / <SourceDir>/amplifyconfiguration.json, reference 5.2),
// spelled from the resolved config, and the merge that leaves other categories' keys alone.
// Values are shaped for what aws-amplify v6 `parseAWSExports` reads (it ignores aws_cognito_region and federationTarget,
// which stay for Gen 1 compatibility).

import { gen1JsApis } from './api-config.js';
import type { ResolvedClientConfig } from './resolved-client-config.js';

/** Every auth key this module writes; on re-import or removal these are replaced or dropped, all others kept. */
export const AUTH_CONFIG_KEYS: readonly string[] = [
  'aws_cognito_identity_pool_id',
  'aws_cognito_region',
  'aws_user_pools_id',
  'aws_user_pools_web_client_id',
  'oauth',
  'federationTarget',
  'aws_cognito_username_attributes',
  'aws_cognito_social_providers',
  'aws_cognito_signup_attributes',
  'aws_cognito_mfa_configuration',
  'aws_cognito_mfa_types',
  'aws_cognito_password_protection_settings',
  'aws_cognito_verification_mechanisms',
  // aws-amplify v6 turns guest access off only when this is 'enable'.
  'aws_mandatory_sign_in',
];

export const STORAGE_CONFIG_KEYS: readonly string[] = ['aws_user_files_s3_bucket', 'aws_user_files_s3_bucket_region'];

const PROJECT_REGION_KEY = 'aws_project_region';

/** The auth keys, in Gen 1's order; undefined without auth. */
export function gen1JsAuthKeys(config: ResolvedClientConfig): Record<string, unknown> | undefined {
  const { auth } = config;
  if (!auth) return undefined;
  const keys: Record<string, unknown> = {};
  if (auth.identityPool) keys.aws_cognito_identity_pool_id = auth.identityPool.id;
  keys.aws_cognito_region = config.projectRegion;
  keys.aws_user_pools_id = auth.userPoolId;
  keys.aws_user_pools_web_client_id = auth.appClientId;
  if (auth.oauth) {
    keys.oauth = {
      domain: auth.oauth.domain,
      scope: auth.oauth.scopes,
      redirectSignIn: auth.oauth.redirectSignIn.join(','),
      redirectSignOut: auth.oauth.redirectSignOut.join(','),
      responseType: auth.oauth.responseType,
    };
  }
  // Gen 1's rule (reference 5.2), applied to the oauth block actually written.
  const federatesThroughIdentityPool = Object.keys(auth.federation).length > 0;
  if (auth.oauth) keys.federationTarget = federatesThroughIdentityPool ? 'COGNITO_USER_AND_IDENTITY_POOLS' : 'COGNITO_USER_POOLS';
  else if (federatesThroughIdentityPool) keys.federationTarget = 'COGNITO_IDENTITY_POOLS';
  keys.aws_cognito_username_attributes = auth.usernameAttributes.map(upperCase);
  keys.aws_cognito_social_providers = auth.socialProviders;
  keys.aws_cognito_signup_attributes = auth.requiredAttributes.map(upperCase);
  keys.aws_cognito_mfa_configuration = auth.mfaConfiguration;
  keys.aws_cognito_mfa_types = auth.mfaTypes;
  keys.aws_cognito_password_protection_settings = gen1PasswordProtectionSettings(config);
  keys.aws_cognito_verification_mechanisms = auth.verificationAttributes.map(upperCase);
  if (auth.identityPool?.allowUnauthenticatedIdentities === false) keys.aws_mandatory_sign_in = 'enable';
  return keys;
}

/**
 * The whole flat object: aws_project_region first, then auth, then every key of `existing` this module does not own, in
 * its order. Storage keys are set (in their place, or at the end when new) or dropped when the resolved config says so,
 * else kept as they are; API keys likewise (api-config.ts). Rewriting a file never moves its keys.
 */
export function gen1JsConfig(config: ResolvedClientConfig, existing: Record<string, unknown>): Record<string, unknown> {
  const authEntries = Object.entries(gen1JsAuthKeys(config) ?? {});
  const ownsStorage = config.storage !== undefined;
  const storageValues = new Map<string, unknown>(
    config.storage
      ? [
          ['aws_user_files_s3_bucket', config.storage.bucketName],
          ['aws_user_files_s3_bucket_region', config.storage.region],
        ]
      : [],
  );
  const kept = Object.entries(existing).flatMap(([key, value]): Array<[string, unknown]> => {
    if (key === PROJECT_REGION_KEY || AUTH_CONFIG_KEYS.includes(key)) return [];
    if (!ownsStorage || !STORAGE_CONFIG_KEYS.includes(key)) return [[key, value]];
    if (!storageValues.has(key)) return [];
    const entry: [string, unknown] = [key, storageValues.get(key)];
    storageValues.delete(key);
    return [entry];
  });
  // fromEntries defines own properties, so even a `__proto__` key read from JSON stays plain data.
  const flat = Object.fromEntries([[PROJECT_REGION_KEY, config.projectRegion], ...authEntries, ...kept, ...storageValues]);
  return config.apis ? gen1JsApis(flat, config.apis) : flat;
}

/** `{ passwordPolicyMinLength, passwordPolicyCharacters: ['REQUIRES_LOWERCASE', …] }`, shared by the Gen 1 formats. */
export function gen1PasswordProtectionSettings(config: ResolvedClientConfig): Record<string, unknown> | undefined {
  const policy = config.auth?.passwordPolicy;
  if (!policy) return undefined;
  const characters: string[] = [];
  if (policy.requireLowercase) characters.push('REQUIRES_LOWERCASE');
  if (policy.requireUppercase) characters.push('REQUIRES_UPPERCASE');
  if (policy.requireNumbers) characters.push('REQUIRES_NUMBERS');
  if (policy.requireSymbols) characters.push('REQUIRES_SYMBOLS');
  return { passwordPolicyMinLength: policy.minLength, passwordPolicyCharacters: characters };
}

export function upperCase(value: string): string {
  return value.toUpperCase();
}
