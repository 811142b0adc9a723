// The one place AWS SDK failures become UserErrors. Classification is by `error.name` (or the
// Node `code` of a network failure) only: AWS message text is neither stable nor localised.

import { UserError } from '../core/errors.js';
import { escapeUntrusted } from '../core/untrusted-text.js';
import { requestFactsOf, type AwsRequestFacts } from './request-facts.js';
import { shellQuote } from '../core/shell-quote.js';

export interface AwsCallContext {
  /** The IAM action of the call, e.g. `cognito-idp:ListUserPools`. */
  action: string;
  /** What the call was about, e.g. `user pool us-east-1_abc`: display text, its ids already escaped (escapeUntrusted). */
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
// Names only a wrong clock causes; and signature refusals that a wrong clock causes when AWS's Date header says so.
const CLOCK_SKEW = new Set(['RequestExpired', 'RequestTimeTooSkewed', 'RequestInTheFuture']);
const SIGNATURE_REFUSED = new Set(['InvalidSignatureException', 'SignatureDoesNotMatch', 'AuthFailure']);
/** AWS accepts a signature made up to 5 minutes off its own clock. */
const ALLOWED_SKEW_MS = 5 * 60_000;
const PROXY_CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const INVALID_CERTIFICATE = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_REVOKED', 'CERT_REJECTED', 'ERR_TLS_CERT_ALTNAME_INVALID']);
const SERVICE_NAMES: Record<string, string> = {
  'cognito-idp': 'Cognito user pools',
  'cognito-identity': 'Cognito identity pools',
  iam: 'IAM',
  s3: 'S3',
  lambda: 'Lambda',
  ssm: 'Systems Manager Parameter Store',
  sts: 'STS',
  appsync: 'AppSync',
  apigateway: 'API Gateway',
};

/**
 * Maps an AWS SDK error to a UserError that names the resource and the fix. Anything that is not
 * an AWS or network error is returned unchanged: it is a bug and must surface as one.
 */
export function toUserError(error: unknown, context: AwsCallContext): UserError | unknown {
  if (!(error instanceof Error) || error instanceof UserError) return error;

  const subject = context.resource === undefined ? context.action : `${context.action} on ${context.resource}`;
  // AWS's words (and the error's name, which a proxy or an emulator may set) are untrusted text: shown escaped.
  const awsMessage = context.withholdAwsMessage ? '' : escapeUntrusted(error.message);
  const errorName = escapeUntrusted(error.name);
  const cause = context.withholdAwsMessage ? withoutMessage(error) : error;
  const awsSaid = awsMessage ? [`AWS said: ${errorName}: ${awsMessage}`] : [`AWS error: ${errorName}`];
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

  const skewMs = clockSkewOf(error);
  if (CLOCK_SKEW.has(error.name) || (SIGNATURE_REFUSED.has(error.name) && skewMs !== undefined && Math.abs(skewMs) > ALLOWED_SKEW_MS)) {
    const off = skewMs === undefined ? '' : ` by about ${describeSkew(skewMs)}`;
    return new UserError(
      'AwsClockSkew',
      `AWS refused ${subject} because this computer's clock is off${off}: AWS requests are signed with the local time (${errorName}).`,
      'Fix the system clock, best by turning on automatic time sync (Linux: `sudo timedatectl set-ntp true`; macOS and Windows: ' +
        'Date & Time settings, "set automatically"; in a container or VM, the host\'s clock), then run the command again.',
      options,
    );
  }

  if (CREDENTIALS.has(error.name)) {
    const profile = process.env.AWS_PROFILE ? shellQuote(process.env.AWS_PROFILE) : '<profile>';
    return new UserError(
      'AwsCredentials',
      `AWS credentials are missing, invalid or expired (${subject}).`,
      `Check which profile is used (AWS_PROFILE or --profile${process.env.AWS_PROFILE ? `, now ${escapeUntrusted(process.env.AWS_PROFILE)}` : ''}); ` +
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

  const facts = shownFacts(requestFactsOf(error));
  if (isTimeout(error)) {
    const timeout = facts ? ` within the ${facts.timeoutSeconds} s timeout` : '';
    const tries = facts && facts.attempts > 1 ? ` (${facts.attempts} attempts)` : '';
    return new UserError(
      'AwsTimeout',
      `No answer from ${facts?.endpoint ?? 'the AWS endpoint'}${facts?.proxy ? ` through proxy ${facts.proxy}` : ''} for ${subject}${timeout}${tries}.`,
      `${connectionAdvice(facts)} If the endpoint is only slow, allow it more time with --timeout <seconds>${facts ? ` (now ${facts.timeoutSeconds})` : ''}.`,
      // The handler's own wording adds nothing to the line above.
      { cause },
    );
  }

  if (isNetworkError(error)) {
    const code = escapeUntrusted(networkCode(error));
    const where = networkTarget(error);
    // Through a proxy, mycli's own socket goes to the proxy: failing to open it is the proxy's address failing.
    const proxyFailed = facts?.proxy !== undefined && PROXY_CONNECT_FAILURES.has(code);
    const target = proxyFailed ? `the proxy ${facts?.proxy}` : `the AWS endpoint ${facts?.endpoint ?? where ?? ''}`.trimEnd();
    const via = !proxyFailed && facts?.proxy ? ` through proxy ${facts.proxy}` : '';
    return new UserError(
      'AwsError',
      `Could not reach ${target}${via} for ${subject}: ${code}.`,
      proxyFailed
        ? `Check the proxy variables (HTTPS_PROXY, HTTP_PROXY, NO_PROXY): the proxy at ${facts?.proxy} did not accept the connection.`
        : networkResolution(code, facts),
      // The connection failed before AWS could say anything: the system's words, not AWS's.
      { cause, details: [`network error: ${error.message}`] },
    );
  }

  const status = httpStatusOf(error);
  if (isAwsServiceError(error) && ((error as { $fault?: unknown }).$fault === 'server' || (status !== undefined && status >= 500))) {
    const tries = facts && facts.attempts > 1 ? ` (mycli tried ${facts.attempts} times)` : '';
    const endpoint = facts?.endpointSource
      ? ` The endpoint comes from ${facts.endpointSource}: the service behind ${facts.endpoint} failed, so check it is healthy.`
      : ` If it persists, look for ${serviceName(context.action)} in the AWS Health Dashboard for your account.`;
    return new UserError(
      'AwsServerFault',
      `AWS failed on its side answering ${subject}: ${errorName}${status ? ` (HTTP ${status})` : ''}.`,
      `This is a fault in the AWS service, not in your ids or settings: wait a few minutes and run the command again${tries}.${endpoint}`,
      options,
    );
  }

  if (isAwsServiceError(error)) {
    return new UserError(
      'AwsError',
      `AWS rejected ${subject}: ${errorName}${awsMessage ? `: ${awsMessage}` : ''}`,
      `Check the ids and settings involved${context.resource ? ` (${context.resource})` : ''} against the AWS console; the error name above is AWS's own and can be looked up in the ${serviceOf(context.action)} API reference.`,
      { cause },
    );
  }

  return error;
}

/** The facts of a request with the text they quote (endpoint, proxy, where the endpoint came from) escaped for messages. */
function shownFacts(facts: AwsRequestFacts | undefined): AwsRequestFacts | undefined {
  if (facts === undefined) return undefined;
  return {
    ...facts,
    endpoint: escapeUntrusted(facts.endpoint),
    ...(facts.proxy === undefined ? {} : { proxy: escapeUntrusted(facts.proxy) }),
    ...(facts.endpointSource === undefined ? {} : { endpointSource: escapeUntrusted(facts.endpointSource) }),
  };
}

function isAccessDenied(name: string, action: string): boolean {
  // Cognito Identity reports missing IAM permissions as NotAuthorizedException; Cognito user pools
  // use the same name for failed sign-ins, which is not a permissions problem.
  return ACCESS_DENIED.has(name) || (name === 'NotAuthorizedException' && serviceOf(action) === 'cognito-identity');
}

function isAwsServiceError(error: Error): boolean {
  return '$metadata' in error || '$fault' in error;
}

/** The handler's own connect/read timeouts (no code) and the OS's ETIMEDOUT; the handler also names ECONNREFUSED "TimeoutError". */
function isTimeout(error: Error): boolean {
  if ('$fault' in error || error.name !== 'TimeoutError') return false;
  const code = (error as { code?: unknown }).code;
  return code === undefined || code === 'ETIMEDOUT';
}

function isNetworkError(error: Error): boolean {
  // Service errors carry `$fault`; network failures only gain `$metadata` from the retry layer. Node names
  // socket failures E… (ECONNREFUSED) but TLS failures otherwise (CERT_HAS_EXPIRED), so any string code counts.
  if ('$fault' in error) return false;
  return error.name === 'TimeoutError' || typeof (error as { code?: unknown }).code === 'string';
}

function connectionAdvice(facts: AwsRequestFacts | undefined): string {
  if (facts?.endpointSource) {
    return `The endpoint comes from ${facts.endpointSource}: check that the URL is right and the service behind it is running, or unset it to use AWS.`;
  }
  if (!facts) {
    const overrides = endpointOverridesInUse();
    if (overrides.length > 0) {
      return `The endpoint comes from ${overrides.map(escapeUntrusted).join(', ')}: check that the URL is right and the service behind it is running, or unset it to use AWS.`;
    }
  }
  if (facts?.proxy) {
    return `Check the network connection, the proxy ${facts.proxy} (HTTPS_PROXY / HTTP_PROXY; NO_PROXY lists hosts reached directly) and the region (--region / AWS_REGION).`;
  }
  return 'Check the network connection and the region (--region / AWS_REGION); behind a proxy, set HTTPS_PROXY.';
}

function networkResolution(code: string, facts: AwsRequestFacts | undefined): string {
  const endpoint = connectionAdvice(facts);
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

/** Milliseconds by which the local clock is behind (negative) or ahead of AWS's, from the reply's Date header. */
function clockSkewOf(error: Error): number | undefined {
  const headers = (error as { $response?: { headers?: Record<string, string | undefined> } }).$response?.headers ?? {};
  const date = headers['date'] ?? headers['Date'];
  const serverTime = date === undefined ? Number.NaN : Date.parse(date);
  return Number.isNaN(serverTime) ? undefined : Date.now() - serverTime;
}

function describeSkew(skewMs: number): string {
  const minutes = Math.round(Math.abs(skewMs) / 60_000);
  const amount = minutes >= 120 ? `${Math.round(minutes / 60)} hours` : `${minutes} minutes`;
  return `${amount} (${skewMs > 0 ? 'ahead of' : 'behind'} AWS's time)`;
}

function httpStatusOf(error: Error): number | undefined {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
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
  if (typeof address === 'string') return escapeUntrusted(typeof port === 'number' ? `${address}:${port}` : address);
  return typeof hostname === 'string' ? escapeUntrusted(hostname) : undefined;
}

function endpointOverridesInUse(): string[] {
  return Object.keys(process.env)
    .filter((name) => name === 'AWS_ENDPOINT_URL' || name.startsWith('AWS_ENDPOINT_URL_'))
    .filter((name) => Boolean(process.env[name]))
    .sort();
}

function profileHint(): string {
  return process.env.AWS_PROFILE ? ` (profile ${escapeUntrusted(process.env.AWS_PROFILE)})` : '';
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
