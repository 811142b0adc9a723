// OAuth (hosted UI) settings of app clients: how two clients differ, and what a client lacks for a usable
// `oauth` block. Unlike the Gen 1 CLI, differing web/native settings are fine: each platform uses its own client's.

import type { AppClient, UserPoolDetails } from './model.js';

export type OAuthProperty =
  | 'SupportedIdentityProviders'
  | 'AllowedOAuthFlowsUserPoolClient'
  | 'CallbackURLs'
  | 'LogoutURLs'
  | 'AllowedOAuthFlows'
  | 'AllowedOAuthScopes';

export interface OAuthDifference {
  property: OAuthProperty;
  web: string[] | boolean;
  native: string[] | boolean;
}

const OAUTH_PROPERTIES: Record<OAuthProperty, (client: AppClient) => string[] | boolean> = {
  SupportedIdentityProviders: (client) => client.supportedIdentityProviders,
  AllowedOAuthFlowsUserPoolClient: (client) => client.allowedOAuthFlowsUserPoolClient,
  CallbackURLs: (client) => client.callbackUrls,
  LogoutURLs: (client) => client.logoutUrls,
  AllowedOAuthFlows: (client) => client.allowedOAuthFlows,
  AllowedOAuthScopes: (client) => client.allowedOAuthScopes,
};

/** Which of the six OAuth properties differ; arrays are compared as sets (order and duplicates ignored). */
export function compareOAuthSettings(web: AppClient, native: AppClient): OAuthDifference[] {
  return (Object.keys(OAUTH_PROPERTIES) as OAuthProperty[]).flatMap((property) => {
    const read = OAUTH_PROPERTIES[property];
    const webValue = read(web);
    const nativeValue = read(native);
    return sameValue(webValue, nativeValue) ? [] : [{ property, web: webValue, native: nativeValue }];
  });
}

/**
 * A client shows intent to use OAuth once it has any OAuth setting; `COGNITO` alone is every console-made
 * client's default and does not count (the same rule the import records use to decide on the `oauth` block).
 */
export function usesOAuth(client: AppClient): boolean {
  return (
    client.allowedOAuthFlowsUserPoolClient ||
    client.allowedOAuthFlows.length > 0 ||
    client.allowedOAuthScopes.length > 0 ||
    client.callbackUrls.length > 0 ||
    client.logoutUrls.length > 0 ||
    client.supportedIdentityProviders.some((provider) => provider !== 'COGNITO')
  );
}

export type OAuthGap =
  | 'identity-providers'
  | 'oauth-flows'
  | 'browser-flow'
  | 'oauth-scopes'
  | 'callback-urls'
  | 'logout-urls'
  | 'domain';

export const OAUTH_GAP_LABELS: Record<OAuthGap, string> = {
  'identity-providers': 'identity providers (SupportedIdentityProviders)',
  'oauth-flows': 'OAuth flows (AllowedOAuthFlows)',
  'browser-flow': 'an authorization code or implicit grant flow (AllowedOAuthFlows has neither "code" nor "implicit")',
  'oauth-scopes': 'OAuth scopes (AllowedOAuthScopes)',
  'callback-urls': 'callback URLs (CallbackURLs)',
  'logout-urls': 'sign-out URLs (LogoutURLs)',
  domain: 'a hosted UI domain on the user pool',
};

/** What the client (and its pool) still needs before a complete `oauth` block can be written; [] when complete. */
export function missingOAuthPieces(client: AppClient, userPool: UserPoolDetails): OAuthGap[] {
  const flows = client.allowedOAuthFlows;
  const present: Record<OAuthGap, boolean> = {
    'identity-providers': client.supportedIdentityProviders.length > 0,
    'oauth-flows': flows.length > 0,
    'browser-flow': flows.length === 0 || flows.includes('code') || flows.includes('implicit'),
    'oauth-scopes': client.allowedOAuthScopes.length > 0,
    'callback-urls': client.callbackUrls.length > 0,
    'logout-urls': client.logoutUrls.length > 0,
    domain: Boolean(userPool.domain || userPool.customDomain),
  };
  return (Object.keys(present) as OAuthGap[]).filter((gap) => !present[gap]);
}

function sameValue(a: string[] | boolean, b: string[] | boolean): boolean {
  if (typeof a === 'boolean' || typeof b === 'boolean') return a === b;
  const setA = new Set(a);
  const setB = new Set(b);
  return setA.size === setB.size && [...setA].every((item) => setB.has(item));
}
