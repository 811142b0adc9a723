// The one object every client-config writer is a function of: what the project's imported resources mean for the
// frontend's Amplify library, in neutral form (Cognito's lower-case attribute names, booleans, lists). Each writer
// (Gen 1 JavaScript, Gen 1 native, Gen 2 amplify_outputs, Dart) only spells it in its own format.
// Built from the amplify-meta.json auth entry; pure. A new category adds one optional key here, filled in
// resolveClientConfig, and its keys in each writer.

import { resolveApis, type RemovedApi, type ResolvedApis } from './api-config.js';
import type { ImportedApiOutput } from './api-records.js';
import { regionOfUserPoolId, type MfaConfiguration, type PasswordPolicy } from './model.js';
import {
  oauthResponseType,
  type ImportedAuthMeta,
  type MfaType,
  type OAuthMetadata,
  type SocialProvider,
} from './import-records.js';
import { escapeUntrusted, nameAndId, quoted } from './untrusted-text.js';
import { shellQuote } from './shell-quote.js';
import type { Frontend } from './frontend-settings.js';

// Defined with the frontend settings, which the project-file checks of every command need without the writers.
export { FRONTENDS, type Frontend } from './frontend-settings.js';

export interface ResolvedClientConfig {
  frontend: Frontend;
  /** The environment's region (`aws_project_region`). */
  projectRegion: string;
  auth?: ResolvedAuth;
  /**
   * undefined: the project has no storage of mycli's, so storage keys another tool wrote stay as they are;
   * null: mycli's storage was removed, or has no bucket in this environment, so its keys go.
   */
  storage?: ResolvedStorage | null;
  /** undefined: the project has no API of mycli's (and none was just removed), so API keys another tool wrote stay. */
  apis?: ResolvedApis;
}

export interface ResolvedAuth {
  /** The user pool's region (from its id; the project's region when the id carries none). */
  region: string;
  userPoolId: string;
  /**
   * The client this frontend signs in with: the web client for javascript, the native client for android, ios and
   * flutter (the web client when the native one has a secret, which no app can keep). Never a secret.
   */
  appClientId: string;
  /** Whether appClientId is the native client: Gen 1 native files name their client that way. */
  appClientKind: 'web' | 'native';
  identityPool?: { id: string; allowUnauthenticatedIdentities?: boolean };
  /** Hosted UI settings of the same client as appClientId; absent unless complete. */
  oauth?: ResolvedOAuth;
  /** The social identity providers of the same client. */
  socialProviders: SocialProvider[];
  /** Lower-case Cognito names: `email`, `phone_number`. Empty when users sign in with a username. */
  usernameAttributes: string[];
  /** Lower-case names of the attributes required at sign-up (standard and `custom:` ones). */
  requiredAttributes: string[];
  /** Lower-case names of the attributes Cognito verifies (`email`, `phone_number`). */
  verificationAttributes: string[];
  passwordPolicy: PasswordPolicy;
  mfaConfiguration: MfaConfiguration;
  mfaTypes: MfaType[];
  customAuth: boolean;
  /** Identity-pool login providers (SupportedLoginProviders) by provider: the app ids users federate with. */
  federation: { amazon?: string; facebook?: string; google?: string; apple?: string };
}

export interface ResolvedOAuth {
  /** The hosted UI domain: a custom domain as it is, else `<prefix>.auth.<region>.amazoncognito.com`. */
  domain: string;
  scopes: string[];
  redirectSignIn: string[];
  redirectSignOut: string[];
  responseType: 'code' | 'token';
}

export interface ResolvedStorage {
  bucketName: string;
  region: string;
}

export interface ClientConfigInput {
  frontend: Frontend;
  projectRegion: string;
  /** The amplify-meta.json entry of the imported auth; undefined when the project has none. */
  authMeta?: ImportedAuthMeta;
  storage?: ResolvedStorage | null;
  /** The imported APIs' amplify-meta.json outputs. */
  apis?: ImportedApiOutput[];
  /** An API just unlinked: its keys leave the files. */
  removedApi?: RemovedApi;
}

/** The resolved config and, for each part left out or changed on the way, a note saying why and what to do. */
export function resolveClientConfig(input: ClientConfigInput): { config: ResolvedClientConfig; notes: string[] } {
  const config: ResolvedClientConfig = { frontend: input.frontend, projectRegion: input.projectRegion };
  const notes: string[] = [];
  if (input.authMeta) {
    const auth = resolveAuth(input.authMeta, input.frontend, input.projectRegion);
    config.auth = auth.auth;
    notes.push(...auth.notes);
  }
  if (input.storage !== undefined) config.storage = input.storage;
  const apis = resolveApis(input.apis ?? [], input.removedApi);
  if (apis) config.apis = apis;
  return { config, notes };
}

export function isNativeFrontend(frontend: Frontend): boolean {
  return frontend !== 'javascript';
}

interface ClientSettings {
  kind: 'web' | 'native';
  id: string;
  socialProviders: SocialProvider[];
  OAuthMetadata?: string;
  oauthMissing?: string[];
}

const REIMPORT = 'then run `mycli push` to regenerate the app config';

function resolveAuth(meta: ImportedAuthMeta, frontend: Frontend, projectRegion: string): { auth: ResolvedAuth; notes: string[] } {
  const { output, frontendAuthConfig: frontendConfig } = meta;
  const region = regionOfUserPoolId(output.UserPoolId) ?? projectRegion;
  const { client, notes } = chooseClient(meta, frontend, region);
  const oauth = resolveOAuth(meta, client, region);
  const policy = frontendConfig.passwordProtectionSettings;
  const rules = new Set(policy.passwordPolicyCharacters);
  const auth: ResolvedAuth = {
    region,
    userPoolId: output.UserPoolId,
    appClientId: client.id,
    appClientKind: client.kind,
    socialProviders: client.socialProviders,
    usernameAttributes: frontendConfig.usernameAttributes.map(lowerCase),
    requiredAttributes: frontendConfig.signupAttributes.map(lowerCase),
    verificationAttributes: frontendConfig.verificationMechanisms.map(lowerCase),
    passwordPolicy: {
      minLength: policy.passwordPolicyMinLength,
      requireLowercase: rules.has('REQUIRES_LOWERCASE'),
      requireUppercase: rules.has('REQUIRES_UPPERCASE'),
      requireNumbers: rules.has('REQUIRES_NUMBERS'),
      requireSymbols: rules.has('REQUIRES_SYMBOLS'),
    },
    mfaConfiguration: frontendConfig.mfaConfiguration,
    mfaTypes: frontendConfig.mfaTypes,
    customAuth: meta.customAuth,
    federation: withoutUndefined({
      amazon: output.AmazonWebClient,
      facebook: output.FacebookWebClient,
      google: output.GoogleWebClient,
      apple: output.AppleWebClient,
    }),
  };
  if (output.IdentityPoolId !== undefined) {
    auth.identityPool = withoutUndefined({ id: output.IdentityPoolId, allowUnauthenticatedIdentities: output.AllowUnauthenticatedIdentities });
  }
  if (oauth.oauth) auth.oauth = oauth.oauth;
  return { auth, notes: [...notes, ...oauth.notes] };
}

/** Web apps use the web client; native apps their native client, unless it has a secret (then the web client, with a note). */
function chooseClient(meta: ImportedAuthMeta, frontend: Frontend, region: string): { client: ClientSettings; notes: string[] } {
  const { output } = meta;
  const web: ClientSettings = {
    kind: 'web',
    id: output.AppClientIDWeb,
    socialProviders: meta.frontendAuthConfig.socialProviders,
    OAuthMetadata: output.OAuthMetadata,
    oauthMissing: meta.oauthMissing,
  };
  if (!isNativeFrontend(frontend)) return { client: web, notes: [] };
  const native = meta.nativeClient;
  if (output.AppClientID === output.AppClientIDWeb) return { client: { ...web, kind: 'native' }, notes: [] };
  if (native === undefined) {
    // Written by the Amplify CLI or an earlier mycli: nothing says whether the native client has a secret.
    return {
      client: web,
      notes: [
        `The ${frontend} config uses web client ${quoted(output.AppClientIDWeb)} for now: amplify/backend/amplify-meta.json does not ` +
          `record whether native client ${quoted(output.AppClientID)} has a secret. Run \`mycli push\` (or \`mycli env checkout <env>\`) ` +
          `to record it and write the native client into the config.`,
      ],
    };
  }
  const pool = `user pool ${nameAndId(output.UserPoolName, output.UserPoolId)}`;
  if (native.hasSecret) {
    const identityPool = output.IdentityPoolId === undefined ? '' : ` --identity-pool-id ${shellQuote(output.IdentityPoolId)}`;
    return {
      client: web,
      notes: [
        `Native client ${quoted(output.AppClientID)} of ${pool} has a client secret, and an app cannot keep one: mycli never writes ` +
          `a secret, so the ${frontend} config uses the secretless web client ${quoted(output.AppClientIDWeb)} instead. Your app must ` +
          `sign in with a client without a secret. Fix: create one (aws cognito-idp create-user-pool-client --user-pool-id ` +
          `${shellQuote(output.UserPoolId)} --client-name <name> --no-generate-secret --region ${shellQuote(region)}` +
          `${output.IdentityPoolId === undefined ? '' : ', and add it to the identity pool\'s Amazon Cognito identity providers'}), ` +
          `then switch to it: mycli env checkout <env> --user-pool-id ${shellQuote(output.UserPoolId)} --web-client-id ${shellQuote(output.AppClientIDWeb)} ` +
          `--native-client-id <new client id>${identityPool}.`,
      ],
    };
  }
  const notes: string[] = [];
  if (native.trustedByIdentityPool === false && output.IdentityPoolId !== undefined) {
    notes.push(
      `Identity pool ${nameAndId(output.IdentityPoolName ?? output.IdentityPoolId, output.IdentityPoolId)} does not list native client ` +
        `${quoted(output.AppClientID)} of ${pool} as an identity provider: users of the ${frontend} app sign in but get no AWS ` +
        `credentials. Fix: Amazon Cognito console > Identity pools > the pool > User access > Add identity provider > Amazon Cognito ` +
        `user pool, user pool ${escapeUntrusted(output.UserPoolId)}, app client ${escapeUntrusted(output.AppClientID)}; ${REIMPORT}.`,
    );
  }
  return {
    client: {
      kind: 'native',
      id: output.AppClientID,
      socialProviders: native.socialProviders,
      OAuthMetadata: native.OAuthMetadata,
      oauthMissing: native.oauthMissing,
    },
    notes,
  };
}

function resolveOAuth(meta: ImportedAuthMeta, client: ClientSettings, poolRegion: string): { oauth?: ResolvedOAuth; notes: string[] } {
  const { output } = meta;
  const pool = `user pool ${nameAndId(output.UserPoolName, output.UserPoolId)}`;
  const poolName = escapeUntrusted(output.UserPoolName);
  const described = `${client.kind} client ${quoted(client.id)}`;

  if (client.OAuthMetadata === undefined) {
    if (client.oauthMissing !== undefined && client.oauthMissing.length > 0) {
      return {
        notes: [
          `Hosted UI sign-in was left out of the app config: ${described} of ${pool} has OAuth settings but is missing ` +
            `${client.oauthMissing.join(', ')}. Complete them in the Cognito console (User pools → ${poolName} → ` +
            `App clients → Login pages, and Branding → Domain), ${REIMPORT}.`,
        ],
      };
    }
    if (client.socialProviders.length > 0) {
      return {
        notes: [
          `Hosted UI sign-in was left out of the app config: ${described} of ${pool} lists social identity providers ` +
            `(${client.socialProviders.join(', ')}) but its OAuth setup is incomplete. Give it OAuth ` +
            `flows, scopes, callback URLs and sign-out URLs and give the pool a domain in the Cognito console, ${REIMPORT}.`,
        ],
      };
    }
    return { notes: [] };
  }

  const metadata = parseOAuthMetadata(client.OAuthMetadata);
  if (metadata === undefined) {
    return {
      notes: [
        `Hosted UI sign-in was left out of the app config: the OAuthMetadata recorded for ${pool} in ` +
          `amplify/backend/amplify-meta.json is not valid; ${REIMPORT}.`,
      ],
    };
  }
  const domain = hostedUiDomain(meta, poolRegion);
  const responseType = oauthResponseType(metadata.AllowedOAuthFlows);
  const missing = [
    ...(domain === undefined ? ['a hosted UI domain on the user pool'] : []),
    ...(responseType === undefined ? [`an authorization code or implicit grant flow on the ${client.kind} client`] : []),
    ...(metadata.AllowedOAuthScopes.length === 0 ? ['OAuth scopes'] : []),
    ...(metadata.CallbackURLs.length === 0 ? ['callback URLs'] : []),
    ...(metadata.LogoutURLs.length === 0 ? ['sign-out URLs'] : []),
  ];
  if (domain === undefined || responseType === undefined || missing.length > 0) {
    return {
      notes: [
        `Hosted UI sign-in was left out of the app config: ${described} of ${pool} is missing ${missing.join(', ')}. ` +
          `Add it in the Cognito console (User pools → ${poolName} → Branding → Domain, or App clients → ` +
          `Login pages), ${REIMPORT}.`,
      ],
    };
  }

  const notes: string[] = [];
  const urlsWithCommas = [...metadata.CallbackURLs, ...metadata.LogoutURLs].filter((url) => url.includes(','));
  if (urlsWithCommas.length > 0) {
    // The Gen 1 configs join redirects with commas and the Amplify libraries split them again.
    notes.push(
      `The redirect URLs ${urlsWithCommas.map(escapeUntrusted).join(' ')} of ${described} (${pool}) contain commas, which the Amplify libraries read ` +
        `as separators: hosted UI redirects to them will fail. Percent-encode the commas (%2C) in the app client's ` +
        `callback and sign-out URLs, ${REIMPORT}.`,
    );
  }
  return {
    oauth: {
      domain,
      scopes: metadata.AllowedOAuthScopes,
      redirectSignIn: metadata.CallbackURLs,
      redirectSignOut: metadata.LogoutURLs,
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

function lowerCase(value: string): string {
  return value.toLowerCase();
}

function withoutUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
