// Plain data shared by discovery (src/aws), the validator, the record builders and the config writers.
// Everything here is what AWS told us, reduced to the fields mycli uses; no SDK types leak past src/aws.

export type AuthType = 'userPoolOnly' | 'identityPoolAndUserPool';

export interface UserPoolSummary {
  id: string;
  name: string;
}

export interface PasswordPolicy {
  minLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
}

export type MfaConfiguration = 'OFF' | 'ON' | 'OPTIONAL';

export interface UserPoolDetails {
  id: string;
  name: string;
  arn?: string;
  /** Hosted UI prefix domain (`Domain`), e.g. `myapp` for `myapp.auth.<region>.amazoncognito.com`. */
  domain?: string;
  /** Custom hosted UI domain (`CustomDomain`), used as it is. */
  customDomain?: string;
  usernameAttributes: string[];
  aliasAttributes: string[];
  autoVerifiedAttributes: string[];
  /** Names of schema attributes marked Required (standard and custom, `sub` excluded). */
  requiredAttributes: string[];
  passwordPolicy: PasswordPolicy;
  mfaConfiguration: MfaConfiguration;
  /** Second factors that are enabled (GetUserPoolMfaConfig), not merely configured. */
  mfaTypes: Array<'SMS' | 'TOTP' | 'EMAIL'>;
  /** True when DefineAuthChallenge, CreateAuthChallenge and VerifyAuthChallengeResponse triggers all exist. */
  customAuth: boolean;
}

export interface AppClient {
  id: string;
  name: string;
  userPoolId: string;
  hasSecret: boolean;
  supportedIdentityProviders: string[];
  callbackUrls: string[];
  logoutUrls: string[];
  allowedOAuthFlows: string[];
  allowedOAuthScopes: string[];
  allowedOAuthFlowsUserPoolClient: boolean;
  explicitAuthFlows: string[];
}

export interface CognitoProviderLink {
  /** `cognito-idp.<region>.amazonaws.com/<userPoolId>` */
  providerName: string;
  clientId: string;
  serverSideTokenCheck?: boolean;
}

export interface IdentityPoolSummary {
  id: string;
  name: string;
}

export interface IdentityPoolDetails {
  id: string;
  name: string;
  allowUnauthenticatedIdentities: boolean;
  cognitoProviders: CognitoProviderLink[];
  /** `SupportedLoginProviders`, e.g. `{ "accounts.google.com": "<client id>" }`. */
  supportedLoginProviders: Record<string, string>;
}

/** An IAM policy document as parsed JSON (IAM returns it URL-encoded; src/aws decodes it). */
export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement[] | PolicyStatement;
}

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: '*' | Record<string, string | string[]>;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

export interface RoleDetails {
  arn: string;
  name: string;
  /** Undefined when the role named by the identity pool does not exist in IAM. */
  trustPolicy?: PolicyDocument;
  exists: boolean;
}

/** Everything discovery found for one import, whether picked interactively or named by flags. */
export interface ImportCandidate {
  authType: AuthType;
  /** The project's (environment's) region. */
  projectRegion: string;
  userPool: UserPoolDetails;
  /** The clients discovery saw: every client of the pool interactively, only the named ones headless. */
  clients: AppClient[];
  /** True when `clients` is every client of the pool (listed), false when only the named ones were described. */
  clientsListed: boolean;
  webClient: AppClient;
  nativeClient: AppClient;
  identityPool?: IdentityPoolDetails;
  authRole?: RoleDetails;
  unauthRole?: RoleDetails;
}

export type Severity = 'error' | 'warning';

export interface Finding {
  severity: Severity;
  /** Stable identifier for tests and --json output, e.g. `web-client-has-secret`. */
  code: string;
  /** One line that names the resource. */
  message: string;
  /** The console path or the AWS CLI command that repairs it. */
  fix: string;
}

export const COGNITO_IDENTITY_PRINCIPAL = 'cognito-identity.amazonaws.com';

export function userPoolProviderName(region: string, userPoolId: string): string {
  return `cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

/** A user pool id is `<region>_<suffix>`; the region is its prefix. */
export function regionOfUserPoolId(userPoolId: string): string | undefined {
  const match = /^([a-z]{2}(?:-[a-z]+)+-\d+)_[A-Za-z0-9]+$/.exec(userPoolId);
  return match?.[1];
}

/** An identity pool id is `<region>:<uuid>`. */
export function regionOfIdentityPoolId(identityPoolId: string): string | undefined {
  const match = /^([a-z]{2}(?:-[a-z]+)+-\d+):[0-9a-f-]+$/.exec(identityPoolId);
  return match?.[1];
}

/** The role name is the last `/` segment of the ARN's resource (`role/path/name` → `name`). */
export function roleNameFromArn(arn: string): string | undefined {
  const match = /^arn:aws[a-zA-Z-]*:iam::\d{12}:role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn);
  return match?.[1];
}
