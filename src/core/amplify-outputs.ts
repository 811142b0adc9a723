// Gen 2's amplify_outputs.json (schema version 1.4; its auth and storage parts are those of 1.5 too), spelled from the
// resolved config. Valid against the published schema where Gen 2's own referenceAuth output is not: `mfa_methods`
// uses the schema's SMS/TOTP/EMAIL, `response_type` is one of code/token, `username_attributes` is left out instead
// of empty, and every list that must hold unique items does. Keys other tools wrote (e.g. `custom`) are kept.

import { amplifyOutputsCustom, amplifyOutputsData } from './api-config.js';
import type { ResolvedClientConfig } from './resolved-client-config.js';
import type { SocialProvider } from './import-records.js';

export const AMPLIFY_OUTPUTS_VERSION = '1.4';

type JsonObject = Record<string, unknown>;

/** The standard attributes the schema accepts in `standard_required_attributes` (`sub` is left out: it is never entered). */
const STANDARD_ATTRIBUTES = new Set([
  'address', 'birthdate', 'email', 'family_name', 'gender', 'given_name', 'locale', 'middle_name', 'name', 'nickname',
  'phone_number', 'picture', 'preferred_username', 'profile', 'updated_at', 'website', 'zoneinfo',
]);
const USERNAME_ATTRIBUTES = new Set(['email', 'phone_number']);
const VERIFICATION_TYPES = new Set(['email', 'phone_number']);

const IDENTITY_PROVIDER: Record<SocialProvider, string> = {
  GOOGLE: 'GOOGLE',
  FACEBOOK: 'FACEBOOK',
  AMAZON: 'LOGIN_WITH_AMAZON',
  APPLE: 'SIGN_IN_WITH_APPLE',
};

const MFA_CONFIGURATION = { OFF: 'NONE', OPTIONAL: 'OPTIONAL', ON: 'REQUIRED' } as const;

/** The `auth` object, in the order Gen 2's auth contributor writes it; undefined without auth. */
export function amplifyOutputsAuth(config: ResolvedClientConfig): JsonObject | undefined {
  const { auth } = config;
  if (!auth) return undefined;
  const usernameAttributes = unique(auth.usernameAttributes.filter((name) => USERNAME_ATTRIBUTES.has(name)));
  const result: JsonObject = {
    user_pool_id: auth.userPoolId,
    aws_region: auth.region,
    user_pool_client_id: auth.appClientId,
  };
  if (auth.identityPool) result.identity_pool_id = auth.identityPool.id;
  result.mfa_methods = unique(auth.mfaTypes);
  result.standard_required_attributes = unique(auth.requiredAttributes.filter((name) => STANDARD_ATTRIBUTES.has(name)));
  if (usernameAttributes.length > 0) result.username_attributes = usernameAttributes;
  result.user_verification_types = unique(auth.verificationAttributes.filter((name) => VERIFICATION_TYPES.has(name)));
  result.mfa_configuration = MFA_CONFIGURATION[auth.mfaConfiguration];
  result.password_policy = {
    min_length: auth.passwordPolicy.minLength,
    require_lowercase: auth.passwordPolicy.requireLowercase,
    require_numbers: auth.passwordPolicy.requireNumbers,
    require_symbols: auth.passwordPolicy.requireSymbols,
    require_uppercase: auth.passwordPolicy.requireUppercase,
  };
  if (auth.oauth) {
    result.oauth = {
      identity_providers: unique(auth.socialProviders.map((provider) => IDENTITY_PROVIDER[provider])),
      redirect_sign_in_uri: unique(auth.oauth.redirectSignIn),
      redirect_sign_out_uri: unique(auth.oauth.redirectSignOut),
      response_type: auth.oauth.responseType,
      scopes: unique(auth.oauth.scopes),
      domain: auth.oauth.domain,
    };
  }
  // The schema's default is true; a pool that refuses guests must say so.
  const guests = auth.identityPool?.allowUnauthenticatedIdentities;
  if (guests !== undefined) result.unauthenticated_identities_enabled = guests;
  return result;
}

/**
 * The whole file's object: `auth`, `storage`, `data`, every other key of `existing` this module does not own, `custom`
 * (mycli's REST APIs under `custom.API`, others' keys kept), then `version` (Gen 2 writes it after the categories).
 */
export function amplifyOutputs(config: ResolvedClientConfig, existing: JsonObject): JsonObject {
  const { apis } = config;
  const owned = new Set([
    'auth',
    'version',
    ...(config.storage === undefined ? [] : ['storage']),
    ...(apis?.graphql !== undefined ? ['data'] : []),
    ...(apis !== undefined ? ['custom'] : []),
  ]);
  const auth = amplifyOutputsAuth(config);
  const data = apis ? amplifyOutputsData(apis) : undefined;
  const custom = apis ? amplifyOutputsCustom(existing['custom'], apis) : undefined;
  return Object.fromEntries([
    ...(auth ? [['auth', auth]] : []),
    ...(config.storage ? [['storage', { aws_region: config.storage.region, bucket_name: config.storage.bucketName }]] : []),
    ...(data ? [['data', data]] : []),
    ...Object.entries(existing).filter(([key]) => !owned.has(key)),
    ...(custom ? [['custom', custom]] : []),
    ['version', AMPLIFY_OUTPUTS_VERSION],
  ]);
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
