// What an import records in the Gen 1 project layout (reference section 3): parameters.json,
// the backend-config.json and amplify-meta.json entries, and the team-provider-info.json env parameters.
// Pure: built from an ImportCandidate only. No client secret is ever recorded.

import { regionOfUserPoolId, userPoolProviderName, type AppClient, type AuthType, type ImportCandidate, type MfaConfiguration, type UserPoolDetails } from './model.js';
import { missingOAuthPieces, OAUTH_GAP_LABELS, usesOAuth } from './oauth-settings.js';

export type SocialProvider = 'FACEBOOK' | 'GOOGLE' | 'AMAZON' | 'APPLE';
export type PasswordCharacterRule = 'REQUIRES_LOWERCASE' | 'REQUIRES_UPPERCASE' | 'REQUIRES_NUMBERS' | 'REQUIRES_SYMBOLS';
export type MfaType = 'SMS' | 'TOTP' | 'EMAIL';

/** amplify/backend/auth/<name>/parameters.json */
export interface AuthParameters {
  authSelections: AuthType;
  resourceName: string;
  serviceType: 'imported';
  region: string;
  aliasAttributes: string[];
  usernameAttributes: string[];
  authProvidersUserPool: string[];
  requiredAttributes: string[];
  passwordPolicyMinLength: number;
  passwordPolicyCharacters: string[];
  mfaConfiguration: MfaConfiguration;
  autoVerifiedAttributes: string[];
  mfaTypes: string[];
}

/** backend-config.json auth.<name> */
export interface BackendConfigAuthEntry {
  service: 'Cognito';
  serviceType: 'imported';
  providerPlugin: 'awscloudformation';
  dependsOn: string[];
  customAuth: boolean;
}

/** The value of `output.OAuthMetadata`, stored as a JSON string like Gen 1 does. */
export interface OAuthMetadata {
  AllowedOAuthFlows: string[];
  AllowedOAuthScopes: string[];
  CallbackURLs: string[];
  LogoutURLs: string[];
}

export interface ImportedAuthOutput {
  UserPoolId: string;
  UserPoolName: string;
  AppClientIDWeb: string;
  /** The native client id. */
  AppClientID: string;
  HostedUIDomain?: string;
  /** Our addition: the pool's custom hosted UI domain, used as it is. */
  HostedUICustomDomain?: string;
  IdentityPoolId?: string;
  IdentityPoolName?: string;
  /** Our addition: lets the app config turn guest access off when the identity pool refuses it. */
  AllowUnauthenticatedIdentities?: boolean;
  /** JSON string of OAuthMetadata, present only when the web client's OAuth setup is complete. */
  OAuthMetadata?: string;
  AmazonWebClient?: string;
  FacebookWebClient?: string;
  GoogleWebClient?: string;
  AppleWebClient?: string;
}

export interface FrontendAuthConfig {
  socialProviders: SocialProvider[];
  usernameAttributes: string[];
  signupAttributes: string[];
  passwordProtectionSettings: {
    passwordPolicyMinLength: number;
    passwordPolicyCharacters: PasswordCharacterRule[];
  };
  mfaConfiguration: MfaConfiguration;
  mfaTypes: MfaType[];
  verificationMechanisms: string[];
}

/** amplify-meta.json auth.<name> */
export interface ImportedAuthMeta extends BackendConfigAuthEntry {
  output: ImportedAuthOutput;
  frontendAuthConfig: FrontendAuthConfig;
  /**
   * Our addition: what the web client's OAuth setup lacks, when it has some OAuth settings but not all.
   * The app config writer turns it into a warning instead of writing a partial `oauth` block.
   */
  oauthMissing?: string[];
  /**
   * Our addition: the native client's own settings, which the Android, iOS and Flutter configs use (each platform signs
   * in with its own client). Absent when the native client is the web client.
   */
  nativeClient?: NativeClientMeta;
}

export interface NativeClientMeta {
  /** Recorded so that native configs can fall back to the (secretless) web client: a secret is never written anywhere. */
  hasSecret: boolean;
  socialProviders: SocialProvider[];
  /** JSON string of the native client's OAuthMetadata, present only when its OAuth setup is complete. */
  OAuthMetadata?: string;
  /** What the native client's OAuth setup lacks, when it has some OAuth settings but not all. */
  oauthMissing?: string[];
  /** False when the imported identity pool does not list this client: its users would get no AWS credentials. */
  trustedByIdentityPool?: boolean;
}

/** team-provider-info.json <env>.categories.auth.<name> */
export interface AuthEnvParameters {
  userPoolId: string;
  userPoolName: string;
  webClientId: string;
  nativeClientId: string;
  identityPoolId?: string;
  identityPoolName?: string;
  allowUnauthenticatedIdentities?: boolean;
  authRoleArn?: string;
  authRoleName?: string;
  unauthRoleArn?: string;
  unauthRoleName?: string;
  facebookAppId?: string;
  amazonAppId?: string;
  appleAppId?: string;
  googleClientId?: string;
}

export interface ImportRecords {
  resourceName: string;
  parameters: AuthParameters;
  backendConfigEntry: BackendConfigAuthEntry;
  metaEntry: ImportedAuthMeta;
  envParameters: AuthEnvParameters;
}

const MAX_RESOURCE_NAME_LENGTH = 128;

/** Same name interactive and headless: the project name lower-cased, with everything outside [a-z0-9] removed. */
export function defaultAuthResourceName(projectName: string): string {
  const sanitized = projectName.toLowerCase().replace(/[^a-z0-9]+/g, '').slice(0, MAX_RESOURCE_NAME_LENGTH);
  return sanitized === '' ? 'auth' : sanitized;
}

/** Cognito user-pool IdP names → the frontend names (other IdPs, e.g. OIDC or SAML, have no frontend name). */
const SOCIAL_PROVIDER_BY_COGNITO_NAME: Readonly<Record<string, SocialProvider>> = {
  Facebook: 'FACEBOOK',
  Google: 'GOOGLE',
  LoginWithAmazon: 'AMAZON',
  SignInWithApple: 'APPLE',
};

/** Identity pool SupportedLoginProviders keys → the amplify-meta output key and the team-provider-info key. */
const LOGIN_PROVIDER_KEYS: ReadonlyArray<{
  provider: string;
  outputKey: 'AmazonWebClient' | 'FacebookWebClient' | 'GoogleWebClient' | 'AppleWebClient';
  envKey: 'amazonAppId' | 'facebookAppId' | 'googleClientId' | 'appleAppId';
}> = [
  { provider: 'www.amazon.com', outputKey: 'AmazonWebClient', envKey: 'amazonAppId' },
  { provider: 'graph.facebook.com', outputKey: 'FacebookWebClient', envKey: 'facebookAppId' },
  { provider: 'accounts.google.com', outputKey: 'GoogleWebClient', envKey: 'googleClientId' },
  { provider: 'appleid.apple.com', outputKey: 'AppleWebClient', envKey: 'appleAppId' },
];

const MFA_TYPE_PARAMETER_LABEL: Readonly<Record<MfaType, string>> = {
  SMS: 'SMS Text Message',
  TOTP: 'TOTP',
  EMAIL: 'EMAIL',
};

export function buildImportRecords(candidate: ImportCandidate, options: { resourceName: string }): ImportRecords {
  const { resourceName } = options;
  const backendConfigEntry: BackendConfigAuthEntry = {
    service: 'Cognito',
    serviceType: 'imported',
    providerPlugin: 'awscloudformation',
    dependsOn: [],
    customAuth: candidate.userPool.customAuth,
  };
  const oauthMissing = oauthGapsOf(candidate.userPool, candidate.webClient);
  const metaEntry: ImportedAuthMeta = withoutUndefined({
    ...backendConfigEntry,
    output: buildOutput(candidate),
    frontendAuthConfig: buildFrontendAuthConfig(candidate),
    oauthMissing,
    nativeClient: candidate.nativeClient.id === candidate.webClient.id ? undefined : buildNativeClientMeta(candidate),
  });
  return {
    resourceName,
    parameters: buildParameters(candidate, resourceName),
    backendConfigEntry,
    metaEntry,
    envParameters: buildEnvParameters(candidate),
  };
}

/**
 * What the web client and pool lack for hosted UI sign-in, in words; empty when the OAuth setup is complete
 * (identity providers, a code or implicit flow, scopes, callback and sign-out URLs, and a domain).
 */
export function missingOAuthSettings(userPool: UserPoolDetails, webClient: AppClient): string[] {
  return missingOAuthPieces(webClient, userPool).map((gap) => OAUTH_GAP_LABELS[gap]);
}

/** The frontend `responseType` for a client's OAuth flows: `code` wins over `implicit`. */
export function oauthResponseType(allowedOAuthFlows: readonly string[]): 'code' | 'token' | undefined {
  if (allowedOAuthFlows.includes('code')) return 'code';
  if (allowedOAuthFlows.includes('implicit')) return 'token';
  return undefined;
}

function buildOutput(candidate: ImportCandidate): ImportedAuthOutput {
  const { userPool, webClient, nativeClient } = candidate;
  const identityPool = identityPoolOf(candidate);
  const loginProviders = identityPool?.supportedLoginProviders ?? {};
  const oauthComplete = missingOAuthSettings(userPool, webClient).length === 0;
  const output: ImportedAuthOutput = {
    UserPoolId: userPool.id,
    UserPoolName: userPool.name,
    AppClientIDWeb: webClient.id,
    AppClientID: nativeClient.id,
    HostedUIDomain: userPool.domain,
    HostedUICustomDomain: userPool.customDomain,
    IdentityPoolId: identityPool?.id,
    IdentityPoolName: identityPool?.name,
    AllowUnauthenticatedIdentities: identityPool?.allowUnauthenticatedIdentities,
    OAuthMetadata: oauthComplete ? JSON.stringify(oauthMetadataOf(webClient)) : undefined,
  };
  for (const { provider, outputKey } of LOGIN_PROVIDER_KEYS) output[outputKey] = loginProviders[provider];
  return withoutUndefined(output);
}

/** The gaps of a client that asked for OAuth; undefined when it never did or its setup is complete. */
function oauthGapsOf(userPool: UserPoolDetails, client: AppClient): string[] | undefined {
  const missing = usesOAuth(client) ? missingOAuthSettings(userPool, client) : [];
  return missing.length > 0 ? missing : undefined;
}

function buildNativeClientMeta(candidate: ImportCandidate): NativeClientMeta {
  const { userPool, nativeClient } = candidate;
  const identityPool = identityPoolOf(candidate);
  const oauthComplete = missingOAuthSettings(userPool, nativeClient).length === 0;
  const providerName = userPoolProviderName(regionOfUserPoolId(userPool.id) ?? candidate.projectRegion, userPool.id);
  return withoutUndefined({
    hasSecret: nativeClient.hasSecret,
    socialProviders: socialProvidersOf(nativeClient),
    OAuthMetadata: oauthComplete ? JSON.stringify(oauthMetadataOf(nativeClient)) : undefined,
    oauthMissing: oauthGapsOf(userPool, nativeClient),
    trustedByIdentityPool: identityPool
      ? identityPool.cognitoProviders.some((link) => link.providerName === providerName && link.clientId === nativeClient.id)
      : undefined,
  });
}

function oauthMetadataOf(client: AppClient): OAuthMetadata {
  return {
    AllowedOAuthFlows: client.allowedOAuthFlows,
    AllowedOAuthScopes: client.allowedOAuthScopes,
    CallbackURLs: client.callbackUrls,
    LogoutURLs: client.logoutUrls,
  };
}

function buildFrontendAuthConfig(candidate: ImportCandidate): FrontendAuthConfig {
  const { userPool, webClient } = candidate;
  return {
    socialProviders: socialProvidersOf(webClient),
    usernameAttributes: userPool.usernameAttributes.map(upperCase),
    signupAttributes: userPool.requiredAttributes.map(upperCase),
    passwordProtectionSettings: {
      passwordPolicyMinLength: userPool.passwordPolicy.minLength,
      passwordPolicyCharacters: passwordCharacterRules(userPool),
    },
    mfaConfiguration: userPool.mfaConfiguration,
    mfaTypes: enabledMfaTypes(userPool),
    verificationMechanisms: userPool.autoVerifiedAttributes.map(upperCase),
  };
}

function buildParameters(candidate: ImportCandidate, resourceName: string): AuthParameters {
  const { userPool, webClient } = candidate;
  return {
    authSelections: candidate.authType,
    resourceName,
    serviceType: 'imported',
    region: candidate.projectRegion,
    aliasAttributes: userPool.aliasAttributes,
    usernameAttributes: userPool.usernameAttributes,
    authProvidersUserPool: webClient.supportedIdentityProviders.filter((name) => name in SOCIAL_PROVIDER_BY_COGNITO_NAME),
    requiredAttributes: userPool.requiredAttributes,
    passwordPolicyMinLength: userPool.passwordPolicy.minLength,
    passwordPolicyCharacters: passwordCharacterRules(userPool).map(passwordRuleLabel),
    mfaConfiguration: userPool.mfaConfiguration,
    autoVerifiedAttributes: userPool.autoVerifiedAttributes,
    mfaTypes: enabledMfaTypes(userPool).map((type) => MFA_TYPE_PARAMETER_LABEL[type]),
  };
}

function buildEnvParameters(candidate: ImportCandidate): AuthEnvParameters {
  const identityPool = identityPoolOf(candidate);
  const loginProviders = identityPool?.supportedLoginProviders ?? {};
  const envParameters: AuthEnvParameters = {
    userPoolId: candidate.userPool.id,
    userPoolName: candidate.userPool.name,
    webClientId: candidate.webClient.id,
    nativeClientId: candidate.nativeClient.id,
  };
  if (identityPool !== undefined) {
    Object.assign(envParameters, {
      identityPoolId: identityPool.id,
      identityPoolName: identityPool.name,
      allowUnauthenticatedIdentities: identityPool.allowUnauthenticatedIdentities,
      authRoleArn: candidate.authRole?.arn,
      authRoleName: candidate.authRole?.name,
      unauthRoleArn: candidate.unauthRole?.arn,
      unauthRoleName: candidate.unauthRole?.name,
    });
  }
  for (const { provider, envKey } of LOGIN_PROVIDER_KEYS) envParameters[envKey] = loginProviders[provider];
  return withoutUndefined(envParameters);
}

function identityPoolOf(candidate: ImportCandidate) {
  if (candidate.authType !== 'identityPoolAndUserPool') return undefined;
  if (candidate.identityPool === undefined) {
    throw new Error(`Import candidate for user pool ${candidate.userPool.id} is identityPoolAndUserPool but has no identity pool`);
  }
  return candidate.identityPool;
}

function socialProvidersOf(client: AppClient): SocialProvider[] {
  return client.supportedIdentityProviders.flatMap((name) => {
    const provider = SOCIAL_PROVIDER_BY_COGNITO_NAME[name];
    return provider === undefined ? [] : [provider];
  });
}

function passwordCharacterRules(userPool: UserPoolDetails): PasswordCharacterRule[] {
  const policy = userPool.passwordPolicy;
  const rules: PasswordCharacterRule[] = [];
  if (policy.requireLowercase) rules.push('REQUIRES_LOWERCASE');
  if (policy.requireUppercase) rules.push('REQUIRES_UPPERCASE');
  if (policy.requireNumbers) rules.push('REQUIRES_NUMBERS');
  if (policy.requireSymbols) rules.push('REQUIRES_SYMBOLS');
  return rules;
}

/** `REQUIRES_LOWERCASE` → `Requires Lowercase` (the parameters.json spelling). */
function passwordRuleLabel(rule: PasswordCharacterRule): string {
  return rule
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/** Second factors only count while MFA is on or optional; the order is fixed so records are stable. */
function enabledMfaTypes(userPool: UserPoolDetails): MfaType[] {
  if (userPool.mfaConfiguration === 'OFF') return [];
  return (['SMS', 'TOTP', 'EMAIL'] as const).filter((type) => userPool.mfaTypes.includes(type));
}

function upperCase(value: string): string {
  return value.toUpperCase();
}

/** JSON files must not carry `null`s or empty keys for settings that do not apply. */
function withoutUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
