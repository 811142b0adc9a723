// The one place AWS SDK failures become UserErrors. Classification is by `error.name` (or the
// Node `code` of a network failure) only: AWS message text is neither stable nor localised.

import { UserError } from '../core/errors.js';

export interface AwsCallContext {
  /** The IAM action of the call, e.g. `cognito-idp:ListUserPools`. */
  action: string;
  /** What the call was about, e.g. `user pool us-east-1_abc`. */
  resource?: string;
  /**
   * Leave AWS's message text out of the UserError and its cause: for calls whose errors may echo what was
   * sent (Lambda quotes every environment variable and value when they exceed the size limit).
   */
  withholdAwsMessage?: boolean;
}

const NOT_FOUND = new Set(['ResourceNotFoundException', 'NoSuchEntity', 'NoSuchEntityException']);
const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation']);
const CREDENTIALS = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'TokenRefreshRequired',
  'CredentialsProviderError',
  // Raised by the SSO token provider when the cached `aws sso login` token is missing or expired.
  'TokenProviderError',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
]);
// Not LimitExceededException: in Cognito and IAM it means a resource quota (pools, policy size), which retrying does not fix.
// SlowDown is S3's name for a request rate it will not serve.
const THROTTLED = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'SlowDown']);
// Node's TLS verification codes a proxy or firewall that re-signs HTTPS traffic (with its own CA) causes.
const UNTRUSTED_CERTIFICATE = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);
const INVALID_CERTIFICATE = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_REVOKED', 'CERT_REJECTED', 'ERR_TLS_CERT_ALTNAME_INVALID']);
const SERVICE_NAMES: Record<string, string> = {
  'cognito-idp': 'Cognito user pools',
  'cognito-identity': 'Cognito identity pools',
  iam: 'IAM',
  s3: 'S3',
  lambda: 'Lambda',
  sts: 'STS',
};

/**
 * Maps an AWS SDK error to a UserError that names the resource and the fix. Anything that is not
 * an AWS or network error is returned unchanged: it is a bug and must surface as one.
 */
export function toUserError(error: unknown, context: AwsCallContext): UserError | unknown {
  if (!(error instanceof Error) || error instanceof UserError) return error;

  const subject = context.resource === undefined ? context.action : `${context.action} on ${context.resource}`;
  const awsMessage = context.withholdAwsMessage ? '' : error.message;
  const cause = context.withholdAwsMessage ? withoutMessage(error) : error;
  const awsSaid = awsMessage ? [`AWS said: ${error.name}: ${awsMessage}`] : [`AWS error: ${error.name}`];
  const options = { cause, details: awsSaid };

  if (NOT_FOUND.has(error.name)) {
    return new UserError(
      'NotFound',
      `${capitalise(context.resource ?? 'The resource')} was not found (${context.action}).`,
      'Check the id, and that --region and --profile (or AWS_REGION / AWS_PROFILE) select the account and region it lives in.',
      options,
    );
  }

  if (isAccessDenied(error.name, context.action)) {
    return new UserError(
      'AwsAccessDenied',
      `Access denied: ${subject}.`,
      `Grant the IAM permission ${context.action}${context.resource ? ` for ${context.resource}` : ''} to the identity mycli runs as${profileHint()}, or use a profile that has it (--profile).`,
      options,
    );
  }

  if (CREDENTIALS.has(error.name)) {
    const profile = process.env.AWS_PROFILE ?? '<profile>';
    return new UserError(
      'AwsCredentials',
      `AWS credentials are missing, invalid or expired (${subject}).`,
      `Check which profile is used (AWS_PROFILE or --profile${process.env.AWS_PROFILE ? `, now ${process.env.AWS_PROFILE}` : ''}); ` +
        `for SSO run \`aws sso login --profile ${profile}\`; or set AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN).`,
      options,
    );
  }

  if (THROTTLED.has(error.name)) {
    return new UserError(
      'AwsThrottled',
      `AWS throttled ${subject} and it kept failing after retries.`,
      `Wait a minute and run the command again; if it persists, other tools in this account are using the ${serviceName(context.action)} request quota, or ask for a quota increase in Service Quotas.`,
      options,
    );
  }

  if (isNetworkError(error)) {
    const overrides = endpointOverridesInUse();
    const code = networkCode(error);
    const where = networkTarget(error);
    return new UserError(
      'AwsError',
      `Could not reach the AWS endpoint${where ? ` ${where}` : ''} for ${subject}: ${code}.`,
      networkResolution(code, overrides),
      options,
    );
  }

  if (isAwsServiceError(error)) {
    return new UserError(
      'AwsError',
      `AWS rejected ${subject}: ${error.name}${awsMessage ? `: ${awsMessage}` : ''}`,
      `Check the ids and settings involved${context.resource ? ` (${context.resource})` : ''} against the AWS console; the error name above is AWS's own and can be looked up in the ${serviceOf(context.action)} API reference.`,
      { cause },
    );
  }

  return error;
}

function isAccessDenied(name: string, action: string): boolean {
  // Cognito Identity reports missing IAM permissions as NotAuthorizedException; Cognito user pools
  // use the same name for failed sign-ins, which is not a permissions problem.
  return ACCESS_DENIED.has(name) || (name === 'NotAuthorizedException' && serviceOf(action) === 'cognito-identity');
}

function isAwsServiceError(error: Error): boolean {
  return '$metadata' in error || '$fault' in error;
}

function isNetworkError(error: Error): boolean {
  // Service errors carry `$fault`; network failures only gain `$metadata` from the retry layer. Node names
  // socket failures E… (ECONNREFUSED) but TLS failures otherwise (CERT_HAS_EXPIRED), so any string code counts.
  if ('$fault' in error) return false;
  return error.name === 'TimeoutError' || typeof (error as { code?: unknown }).code === 'string';
}

// The SDK's Node HTTP handler reads no proxy settings (HTTPS_PROXY and the like), so none are suggested.
function networkResolution(code: string, overrides: string[]): string {
  const endpoint =
    overrides.length > 0
      ? `The endpoint comes from ${overrides.join(', ')}: check that the URL is right and the service behind it is running, or unset it to use AWS.`
      : 'Check the network connection and the region (--region / AWS_REGION).';
  if (UNTRUSTED_CERTIFICATE.has(code)) {
    return `The endpoint's TLS certificate is not signed by a CA Node trusts (${code}). If a proxy or firewall on your network re-signs HTTPS traffic, ` +
      `set NODE_EXTRA_CA_CERTS to a PEM file holding its CA certificate and run the command again. ${endpoint}`;
  }
  if (INVALID_CERTIFICATE.has(code)) {
    return `The endpoint's TLS certificate is not valid for it (${code}): check the system clock and the endpoint URL; if a proxy or firewall on your network ` +
      `re-signs HTTPS traffic, set NODE_EXTRA_CA_CERTS to a PEM file holding its CA certificate. ${endpoint}`;
  }
  return endpoint;
}

/** A copy of an AWS error that keeps what classifies it (name, code, `$fault`, `$metadata`) and drops its message and stack. */
function withoutMessage(error: Error): Error {
  const copy = new Error(`${error.name} (AWS's message withheld: it may quote secret values)`);
  copy.name = error.name;
  for (const key of ['$fault', '$metadata', 'code'] as const) {
    if (key in error) Object.assign(copy, { [key]: (error as unknown as Record<string, unknown>)[key] });
  }
  return copy;
}

function networkCode(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error.name;
}

/** `host:port` (ECONNREFUSED) or the host name (ENOTFOUND) that Node attaches to socket errors. */
function networkTarget(error: Error): string | undefined {
  const { address, port, hostname } = error as { address?: unknown; port?: unknown; hostname?: unknown };
  if (typeof address === 'string') return typeof port === 'number' ? `${address}:${port}` : address;
  return typeof hostname === 'string' ? hostname : undefined;
}

function endpointOverridesInUse(): string[] {
  return Object.keys(process.env)
    .filter((name) => name === 'AWS_ENDPOINT_URL' || name.startsWith('AWS_ENDPOINT_URL_'))
    .filter((name) => Boolean(process.env[name]))
    .sort();
}

function profileHint(): string {
  return process.env.AWS_PROFILE ? ` (profile ${process.env.AWS_PROFILE})` : '';
}

function serviceOf(action: string): string {
  return action.split(':')[0] ?? action;
}

function serviceName(action: string): string {
  const service = serviceOf(action);
  return SERVICE_NAMES[service] ?? service;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
