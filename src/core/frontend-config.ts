// The auth keys of the flat JavaScript app config (aws-exports.js / amplifyconfiguration.json, reference 5.2),
// derived from the amplify-meta.json entry, and the merge that leaves other categories' keys alone.
// Values are shaped for what aws-amplify v6 `parseAWSExports` reads (it ignores aws_cognito_region and federationTarget,
// which stay for Gen 1 compatibility).

import { regionOfUserPoolId } from './model.js';
import { oauthResponseType, type ImportedAuthMeta, type OAuthMetadata } from './import-records.js';

/** Every key this module writes; on re-import or removal these are replaced or dropped, all others kept. */
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

const PROJECT_REGION_KEY = 'aws_project_region';

export interface OAuthConfig {
  domain: string;
  scope: string[];
  redirectSignIn: string;
  redirectSignOut: string;
  responseType: 'code' | 'token';
}

export function buildAuthConfig(
  meta: ImportedAuthMeta,
  region: string,
): { config: Record<string, unknown>; notes: string[] } {
  const { output, frontendAuthConfig: frontend } = meta;
  const { oauth, notes } = resolveOAuth(meta, regionOfUserPoolId(output.UserPoolId) ?? region);
  const config: Record<string, unknown> = {};
  if (output.IdentityPoolId !== undefined) config.aws_cognito_identity_pool_id = output.IdentityPoolId;
  config.aws_cognito_region = region;
  config.aws_user_pools_id = output.UserPoolId;
  config.aws_user_pools_web_client_id = output.AppClientIDWeb;
  if (oauth !== undefined) config.oauth = oauth;
  const federationTarget = federationTargetOf(meta, oauth !== undefined);
  if (federationTarget !== undefined) config.federationTarget = federationTarget;
  config.aws_cognito_username_attributes = frontend.usernameAttributes;
  config.aws_cognito_social_providers = frontend.socialProviders;
  config.aws_cognito_signup_attributes = frontend.signupAttributes;
  config.aws_cognito_mfa_configuration = frontend.mfaConfiguration;
  config.aws_cognito_mfa_types = frontend.mfaTypes;
  config.aws_cognito_password_protection_settings = frontend.passwordProtectionSettings;
  config.aws_cognito_verification_mechanisms = frontend.verificationMechanisms;
  if (output.IdentityPoolId !== undefined && output.AllowUnauthenticatedIdentities === false) {
    config.aws_mandatory_sign_in = 'enable';
  }
  return { config, notes };
}

/**
 * `existing` (the app's current config) keeps every non-auth key in its order; stale auth keys leave;
 * `authConfig` undefined means auth was removed. aws_project_region comes first, then auth, then the rest.
 */
export function mergeAppConfig(
  existing: Record<string, unknown>,
  region: string,
  authConfig: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const authEntries = Object.entries(authConfig ?? {}).filter(([, value]) => value !== undefined);
  const ownedKeys = new Set([PROJECT_REGION_KEY, ...AUTH_CONFIG_KEYS, ...authEntries.map(([key]) => key)]);
  const keptEntries = Object.entries(existing).filter(([key]) => !ownedKeys.has(key));
  // fromEntries defines own properties, so even a `__proto__` key read from JSON stays plain data.
  return Object.fromEntries([[PROJECT_REGION_KEY, region], ...authEntries, ...keptEntries]);
}

function resolveOAuth(meta: ImportedAuthMeta, poolRegion: string): { oauth?: OAuthConfig; notes: string[] } {
  const { output } = meta;
  const pool = `user pool ${output.UserPoolName} (${output.UserPoolId})`;
  const client = `web client ${output.AppClientIDWeb}`;
  const reimport = 'then run `mycli push` to regenerate the app config';

  if (output.OAuthMetadata === undefined) {
    if (meta.oauthMissing !== undefined && meta.oauthMissing.length > 0) {
      return {
        notes: [
          `Hosted UI sign-in was left out of the app config: ${client} of ${pool} has OAuth settings but is missing ` +
            `${meta.oauthMissing.join(', ')}. Complete them in the Cognito console (User pools → ${output.UserPoolName} → ` +
            `App clients → Login pages, and Branding → Domain), ${reimport}.`,
        ],
      };
    }
    if (meta.frontendAuthConfig.socialProviders.length > 0) {
      return {
        notes: [
          `Hosted UI sign-in was left out of the app config: ${client} of ${pool} lists social identity providers ` +
            `(${meta.frontendAuthConfig.socialProviders.join(', ')}) but its OAuth setup is incomplete. Give it OAuth ` +
            `flows, scopes, callback URLs and sign-out URLs and give the pool a domain in the Cognito console, ${reimport}.`,
        ],
      };
    }
    return { notes: [] };
  }

  const metadata = parseOAuthMetadata(output.OAuthMetadata);
  if (metadata === undefined) {
    return {
      notes: [
        `Hosted UI sign-in was left out of the app config: the OAuthMetadata recorded for ${pool} in ` +
          `amplify/backend/amplify-meta.json is not valid; ${reimport}.`,
      ],
    };
  }
  const domain = hostedUiDomain(meta, poolRegion);
  const responseType = oauthResponseType(metadata.AllowedOAuthFlows);
  const missing = [
    ...(domain === undefined ? ['a hosted UI domain on the user pool'] : []),
    ...(responseType === undefined ? ['an authorization code or implicit grant flow on the web client'] : []),
    ...(metadata.AllowedOAuthScopes.length === 0 ? ['OAuth scopes'] : []),
    ...(metadata.CallbackURLs.length === 0 ? ['callback URLs'] : []),
    ...(metadata.LogoutURLs.length === 0 ? ['sign-out URLs'] : []),
  ];
  if (domain === undefined || responseType === undefined || missing.length > 0) {
    return {
      notes: [
        `Hosted UI sign-in was left out of the app config: ${client} of ${pool} is missing ${missing.join(', ')}. ` +
          `Add it in the Cognito console (User pools → ${output.UserPoolName} → Branding → Domain, or App clients → ` +
          `Login pages), ${reimport}.`,
      ],
    };
  }

  const notes: string[] = [];
  const urlsWithCommas = [...metadata.CallbackURLs, ...metadata.LogoutURLs].filter((url) => url.includes(','));
  if (urlsWithCommas.length > 0) {
    // The flat config joins redirects with commas and aws-amplify splits them again.
    notes.push(
      `The redirect URLs ${urlsWithCommas.join(' ')} of ${client} (${pool}) contain commas, which aws-amplify reads ` +
        `as separators: hosted UI redirects to them will fail. Percent-encode the commas (%2C) in the app client's ` +
        `callback and sign-out URLs, ${reimport}.`,
    );
  }
  return {
    oauth: {
      domain,
      scope: metadata.AllowedOAuthScopes,
      redirectSignIn: metadata.CallbackURLs.join(','),
      redirectSignOut: metadata.LogoutURLs.join(','),
      responseType,
    },
    notes,
  };
}

/** A custom domain is used as it is; a prefix domain becomes the Cognito-hosted name in the pool's region. */
function hostedUiDomain(meta: ImportedAuthMeta, poolRegion: string): string | undefined {
  const { HostedUICustomDomain, HostedUIDomain } = meta.output;
  if (HostedUICustomDomain !== undefined) return HostedUICustomDomain;
  if (HostedUIDomain !== undefined) return `${HostedUIDomain}.auth.${poolRegion}.amazoncognito.com`;
  return undefined;
}

function parseOAuthMetadata(text: string): OAuthMetadata | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const keys = ['AllowedOAuthFlows', 'AllowedOAuthScopes', 'CallbackURLs', 'LogoutURLs'] as const;
  const isStringList = (item: unknown): item is string[] =>
    Array.isArray(item) && item.every((entry) => typeof entry === 'string');
  return keys.every((key) => isStringList(record[key])) ? (record as unknown as OAuthMetadata) : undefined;
}

/** Gen 1's rule (reference 5.2), applied to the oauth block we actually write. */
function federationTargetOf(meta: ImportedAuthMeta, writesOAuth: boolean): string | undefined {
  const { output } = meta;
  const hasIdentityPoolFederation = [
    output.AmazonWebClient,
    output.FacebookWebClient,
    output.GoogleWebClient,
    output.AppleWebClient,
  ].some((clientId) => clientId !== undefined);
  if (writesOAuth) return hasIdentityPoolFederation ? 'COGNITO_USER_AND_IDENTITY_POOLS' : 'COGNITO_USER_POOLS';
  return hasIdentityPoolFederation ? 'COGNITO_IDENTITY_POOLS' : undefined;
}
