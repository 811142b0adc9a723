// What the API checks of every kind share: their options and result, and the findings that read the same for all.

import type { ApiTrustContext } from './api-model.js';
import type { Finding } from './model.js';
import { escapeUntrusted } from './untrusted-text.js';

export interface ApiCheckOptions {
  /** REST/HTTP: the stage the app calls. */
  stage?: string;
  /** GraphQL: `--api-key`, the API key is to be written into the app config. */
  apiKey?: boolean;
  /** Epoch seconds, for API key expiry. */
  now: number;
}

export interface ApiCheckResult {
  findings: Finding[];
  /** What the app developer should know that is not a problem (which token a route expects, open routes). */
  notes: string[];
  /**
   * GraphQL: the mode the app should use (`aws_appsync_authenticationType`). REST/HTTP: how the app reaches the API,
   * the native configs' `authorizationType`. Undefined when nothing in the API accepts the imported auth.
   */
  appAuthorization?: string;
  /** Some part of the API is authorized by IAM: signed-in users and guests need an `execute-api`/`appsync` grant. */
  iamAuthorized: boolean;
  /** IAM is the only way the app can call the API: without a grant it could call nothing. */
  iamOnly: boolean;
}

/** IAM-authorized parts when the import has no identity pool: an error only when nothing else in the API is usable. */
export function iamWithoutIdentityPool(subject: string, parts: string, otherwiseUsable: boolean, auth: ApiTrustContext): Finding {
  return {
    severity: otherwiseUsable ? 'warning' : 'error',
    code: 'api-iam-needs-identity-pool',
    message:
      `${subject} authorizes ${parts} with IAM, but auth '${escapeUntrusted(auth.authResourceName)}' imports a user pool only: ` +
      'without an identity pool no one gets AWS credentials to sign those calls.',
    fix:
      'Import the identity pool too: `mycli remove api`, `mycli remove auth`, then `mycli import auth --user-pool-id <id> --web-client-id <id> ' +
      '--identity-pool-id <id>`, then import the API again.',
  };
}

/** Nothing in the API accepts what the imported auth gives the app. Only added when no other error already says why. */
export function unusableApi(subject: string, auth: ApiTrustContext): Finding {
  return {
    severity: 'error',
    code: 'api-unusable',
    message: `Nothing in ${subject} accepts user pool ${escapeUntrusted(auth.userPoolId)} or the identity pool's credentials, so the app could not call it.`,
    fix: 'Add an authorization the app can use (the imported user pool, or IAM with the identity pool), or import another API.',
  };
}

/** "a, b, c and 4 more": route keys and names from AWS, escaped. */
export function listSome(items: string[], limit = 5): string {
  const shown = items.slice(0, limit).map(escapeUntrusted);
  const rest = items.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}

/** Issuer URLs compare without a trailing slash. */
export function sameIssuer(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}
