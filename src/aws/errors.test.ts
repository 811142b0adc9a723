import { CognitoIdentityServiceException, NotAuthorizedException as IdentityNotAuthorized } from '@aws-sdk/client-cognito-identity';
import {
  CognitoIdentityProviderServiceException,
  NotAuthorizedException as IdpNotAuthorized,
  ResourceNotFoundException,
  TooManyRequestsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { IAMServiceException, NoSuchEntityException } from '@aws-sdk/client-iam';
import { CredentialsProviderError } from '@smithy/core/config';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UserError, isUserError, type UserErrorKind } from '../core/errors.js';
import { toUserError } from './errors.js';
import { attachRequestFacts, type AwsRequestFacts } from './request-facts.js';

const metadata = { httpStatusCode: 400, requestId: 'req-1', attempts: 1, totalRetryDelay: 0 };

function serviceError(name: string, message = `${name} happened`): CognitoIdentityProviderServiceException {
  return new CognitoIdentityProviderServiceException({ name, message, $fault: 'client', $metadata: metadata });
}

function mapped(error: unknown, action = 'cognito-idp:DescribeUserPool', resource = 'user pool us-east-1_abc'): UserError {
  const result = toUserError(error, { action, resource });
  if (!isUserError(result)) throw new Error(`expected a UserError, got ${String(result)}`);
  return result;
}

beforeEach(() => {
  for (const name of Object.keys(process.env)) {
    if (name.startsWith('AWS_ENDPOINT_URL') || name === 'AWS_PROFILE') vi.stubEnv(name, undefined);
  }
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('toUserError', () => {
  it.each<[string, unknown, UserErrorKind]>([
    ['ResourceNotFoundException', new ResourceNotFoundException({ message: 'no pool', $metadata: metadata }), 'NotFound'],
    ['NoSuchEntity (IAM)', new NoSuchEntityException({ message: 'no role', $metadata: metadata }), 'NotFound'],
    ['NoSuchEntityException', serviceError('NoSuchEntityException'), 'NotFound'],
    ['AccessDeniedException', serviceError('AccessDeniedException'), 'AwsAccessDenied'],
    ['AccessDenied', new IAMServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: metadata }), 'AwsAccessDenied'],
    ['UnauthorizedOperation', serviceError('UnauthorizedOperation'), 'AwsAccessDenied'],
    ['ExpiredToken', serviceError('ExpiredToken'), 'AwsCredentials'],
    ['ExpiredTokenException', serviceError('ExpiredTokenException'), 'AwsCredentials'],
    ['TokenRefreshRequired', serviceError('TokenRefreshRequired'), 'AwsCredentials'],
    ['InvalidClientTokenId', serviceError('InvalidClientTokenId'), 'AwsCredentials'],
    ['UnrecognizedClientException', serviceError('UnrecognizedClientException'), 'AwsCredentials'],
    ['InvalidSignatureException', serviceError('InvalidSignatureException'), 'AwsCredentials'],
    ['SignatureDoesNotMatch', serviceError('SignatureDoesNotMatch'), 'AwsCredentials'],
    ['CredentialsProviderError', new CredentialsProviderError('Could not load credentials from any providers'), 'AwsCredentials'],
    ['TooManyRequestsException', new TooManyRequestsException({ message: 'slow down', $metadata: metadata }), 'AwsThrottled'],
    ['ThrottlingException', serviceError('ThrottlingException'), 'AwsThrottled'],
    ['Throttling', serviceError('Throttling'), 'AwsThrottled'],
    ['SlowDown (S3)', serviceError('SlowDown'), 'AwsThrottled'],
    // A resource quota, not throttling: retrying later does not help, so it is reported as the AWS error it is.
    ['LimitExceededException', serviceError('LimitExceededException'), 'AwsError'],
    ['another service error', serviceError('InternalErrorException', 'internal'), 'AwsError'],
  ])('maps %s by its name', (_label, error, kind) => {
    const result = mapped(error);
    expect(result.kind).toBe(kind);
    expect(result.cause).toBe(error);
  });

  it('names the resource in the message and the missing IAM action in the resolution of access denied', () => {
    const result = mapped(serviceError('AccessDeniedException', 'User is not authorized'), 'cognito-idp:ListUserPools', 'user pools in us-east-1');
    expect(result.message).toContain('user pools in us-east-1');
    expect(result.resolution).toContain('cognito-idp:ListUserPools');
    expect(result.details.join('\n')).toContain('User is not authorized');
  });

  it('names the resource when it is not found', () => {
    const result = mapped(new ResourceNotFoundException({ message: 'User pool does not exist.', $metadata: metadata }));
    expect(result.message).toMatch(/^User pool us-east-1_abc was not found/);
    expect(result.message).toContain('cognito-idp:DescribeUserPool');
  });

  it('treats NotAuthorizedException as access denied for cognito-identity only', () => {
    const fromIdentity = new IdentityNotAuthorized({ message: 'not authorized', $metadata: metadata });
    const identityResult = mapped(fromIdentity, 'cognito-identity:DescribeIdentityPool', 'identity pool us-east-1:1234');
    expect(identityResult.kind).toBe('AwsAccessDenied');
    expect(identityResult.resolution).toContain('cognito-identity:DescribeIdentityPool');

    const fromUserPools = new IdpNotAuthorized({ message: 'Incorrect username or password.', $metadata: metadata });
    expect(mapped(fromUserPools, 'cognito-idp:DescribeUserPool').kind).toBe('AwsError');
  });

  it('classifies by name, never by message text', () => {
    const result = mapped(serviceError('InvalidParameterException', 'AccessDenied: ThrottlingException ExpiredToken'));
    expect(result.kind).toBe('AwsError');
    expect(result.message).toContain('InvalidParameterException');
    expect(result.message).toContain('AccessDenied: ThrottlingException ExpiredToken');
  });

  it('keeps the name and message of an unrecognised service error', () => {
    const error = new CognitoIdentityServiceException({
      name: 'InvalidIdentityPoolConfigurationException',
      message: 'bad config',
      $fault: 'client',
      $metadata: metadata,
    });
    const result = mapped(error, 'cognito-identity:GetIdentityPoolRoles', 'roles of identity pool us-east-1:1234');
    expect(result.kind).toBe('AwsError');
    expect(result.message).toContain('InvalidIdentityPoolConfigurationException: bad config');
    expect(result.message).toContain('roles of identity pool us-east-1:1234');
  });

  it('points at the profile and at aws sso login for credential problems', () => {
    vi.stubEnv('AWS_PROFILE', 'sandbox');
    const result = mapped(new CredentialsProviderError('Token is expired'));
    expect(result.resolution).toContain('aws sso login --profile sandbox');
    expect(result.resolution).toContain('AWS_PROFILE');
  });

  it('maps a network failure to AwsError and mentions the endpoint override only when one is set', () => {
    const refused = () =>
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), {
        code: 'ECONNREFUSED',
        address: '127.0.0.1',
        port: 4566,
        $metadata: { attempts: 3 },
      });

    const withoutOverride = mapped(refused());
    expect(withoutOverride.kind).toBe('AwsError');
    expect(withoutOverride.message).toContain('ECONNREFUSED');
    expect(withoutOverride.message).toContain('127.0.0.1:4566');
    expect(withoutOverride.resolution).not.toContain('AWS_ENDPOINT_URL');

    vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:4566');
    const withOverride = mapped(refused());
    expect(withOverride.resolution).toContain('AWS_ENDPOINT_URL');

    const unknownHost = mapped(Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), { code: 'ENOTFOUND', hostname: 'nowhere.invalid' }));
    expect(unknownHost.kind).toBe('AwsError');
    expect(unknownHost.message).toContain('nowhere.invalid');
  });

  it('names NODE_EXTRA_CA_CERTS for TLS certificate failures, which carry codes not starting with E', () => {
    for (const code of ['SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED']) {
      const result = mapped(Object.assign(new Error(`request to cognito-idp failed: ${code}`), { code, $metadata: { attempts: 1 } }));
      expect(result.kind).toBe('AwsError');
      expect(result.message).toMatch(/^Could not reach the AWS endpoint/);
      expect(result.message).toContain(code);
      expect(result.resolution).toContain('NODE_EXTRA_CA_CERTS');
    }
  });

  it('without a proxy, says to set HTTPS_PROXY when behind one; never the CA variable for a plain network failure', () => {
    const result = mapped(Object.assign(new Error('connect ENETUNREACH'), { code: 'ENETUNREACH' }));
    expect(result.resolution).toContain('behind a proxy, set HTTPS_PROXY');
    expect(result.resolution).not.toContain('NODE_EXTRA_CA_CERTS');
  });

  it('names the throttled service from the action, not always Cognito', () => {
    expect(mapped(serviceError('Throttling'), 'iam:GetRole', 'IAM role r').resolution).toContain('the IAM request quota');
    expect(mapped(serviceError('SlowDown'), 's3:ListBucket', 'S3 bucket b').resolution).toContain('the S3 request quota');
    expect(mapped(serviceError('TooManyRequestsException'), 'lambda:GetFunction', 'Lambda function f').resolution).toContain('the Lambda request quota');
    expect(mapped(serviceError('TooManyRequestsException')).resolution).toContain('the Cognito user pools request quota');
  });

  it('withholds AWS message text, from the cause too, when asked to', () => {
    const secret = 'String measured: {"API_KEY":"sk_live_secret"}';
    for (const name of ['AccessDeniedException', 'InvalidParameterValueException']) {
      const result = toUserError(serviceError(name, secret), { action: 'lambda:UpdateFunctionConfiguration', resource: 'Lambda function f', withholdAwsMessage: true });
      if (!isUserError(result)) throw new Error('expected a UserError');
      const cause = result.cause as Error;
      expect(cause.name).toBe(name);
      expect([result.message, result.resolution, ...result.details, cause.message, cause.stack].join('\n')).not.toContain('sk_live_secret');
    }
  });

  it('returns non-AWS errors and values unchanged', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'Id')");
    expect(toUserError(bug, { action: 'cognito-idp:DescribeUserPool' })).toBe(bug);
    expect(toUserError('a string', { action: 'cognito-idp:DescribeUserPool' })).toBe('a string');
    const already = new UserError('NotFound', 'x', 'y');
    expect(toUserError(already, { action: 'cognito-idp:DescribeUserPool' })).toBe(already);
  });

  it('works without a resource, naming the action instead', () => {
    const result = toUserError(serviceError('ThrottlingException'), { action: 'cognito-idp:ListUserPools' });
    expect(isUserError(result) && result.message).toContain('cognito-idp:ListUserPools');
  });
});

function withFacts<T extends object>(error: T, facts: Partial<AwsRequestFacts> = {}): T {
  attachRequestFacts(error, { endpoint: 'https://cognito-idp.us-east-1.amazonaws.com', timeoutSeconds: 60, attempts: 3, ...facts });
  return error;
}

function serverFault(name: string, status: number): CognitoIdentityProviderServiceException {
  return new CognitoIdentityProviderServiceException({ name, message: 'try later', $fault: 'server', $metadata: { ...metadata, httpStatusCode: status } });
}

describe('toUserError: network, timeouts, server faults and the clock', () => {
  it('a timeout names the endpoint, the operation, the resource, the timeout and the attempts, and offers --timeout', () => {
    // What the SDK's Node HTTP handler throws when a connection is idle past socketTimeout.
    const timeout = Object.assign(new Error('@smithy/node-http-handler - the request socket timed out after 2000 ms of inactivity'), { name: 'TimeoutError' });
    const result = mapped(withFacts(timeout, { endpoint: 'http://127.0.0.1:4566', timeoutSeconds: 2 }));
    expect(result.kind).toBe('AwsTimeout');
    expect(result.message).toBe(
      'No answer from http://127.0.0.1:4566 for cognito-idp:DescribeUserPool on user pool us-east-1_abc within the 2 s timeout (3 attempts).',
    );
    expect(result.resolution).toContain('--timeout <seconds> (now 2)');
    expect(result.details).toEqual([]);
  });

  it('a timeout through a proxy and from a configured endpoint says both', () => {
    const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    const result = mapped(withFacts(timeout, { proxy: '127.0.0.1:3128', endpointSource: 'AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER' }));
    expect(result.message).toContain('through proxy 127.0.0.1:3128');
    expect(result.resolution).toContain('The endpoint comes from AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER');
  });

  it('ECONNREFUSED, which the handler also names TimeoutError, is a refused connection, not a timeout', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { name: 'TimeoutError', code: 'ECONNREFUSED', address: '127.0.0.1', port: 4566 });
    const result = mapped(refused);
    expect(result.kind).toBe('AwsError');
    expect(result.message).toBe('Could not reach the AWS endpoint 127.0.0.1:4566 for cognito-idp:DescribeUserPool on user pool us-east-1_abc: ECONNREFUSED.');
  });

  it('a proxy that refuses the connection is named as the proxy, with the proxy variables to check', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 9 });
    const result = mapped(withFacts(refused, { proxy: '127.0.0.1:9' }));
    expect(result.message).toBe('Could not reach the proxy 127.0.0.1:9 for cognito-idp:DescribeUserPool on user pool us-east-1_abc: ECONNREFUSED.');
    expect(result.resolution).toContain('HTTPS_PROXY, HTTP_PROXY, NO_PROXY');
  });

  it('a 5xx is a fault on AWS\'s side to retry later, not a problem with the ids', () => {
    for (const [name, status] of [['InternalErrorException', 500], ['ServiceUnavailable', 503], ['UnknownError', 502]] as const) {
      const result = mapped(withFacts(serverFault(name, status)));
      expect(result.kind).toBe('AwsServerFault');
      expect(result.message).toBe(`AWS failed on its side answering cognito-idp:DescribeUserPool on user pool us-east-1_abc: ${name} (HTTP ${status}).`);
      expect(result.resolution).toContain('not in your ids or settings: wait a few minutes and run the command again (mycli tried 3 times)');
      expect(result.resolution).toContain('Cognito user pools in the AWS Health Dashboard');
      expect(result.resolution).not.toMatch(/check the ids/i);
    }
    const local = mapped(withFacts(serverFault('InternalErrorException', 500), { endpoint: 'http://127.0.0.1:9229', endpointSource: 'AWS_ENDPOINT_URL' }));
    expect(local.resolution).toContain('The endpoint comes from AWS_ENDPOINT_URL: the service behind http://127.0.0.1:9229 failed');
  });

  it('clock skew: the SDK names that only a wrong clock causes, and a refused signature when AWS\'s Date is far off', () => {
    expect(mapped(serviceError('RequestTimeTooSkewed'), 's3:HeadBucket', 'S3 bucket b').kind).toBe('AwsClockSkew');
    expect(mapped(serviceError('RequestExpired')).resolution).toContain('Fix the system clock');

    const signatureExpired = (serverDate: Date) => {
      const error = serviceError('InvalidSignatureException', 'Signature expired: 20240101T000000Z is now earlier than 20240101T020000Z');
      Object.defineProperty(error, '$response', { value: { statusCode: 400, headers: { date: serverDate.toUTCString() } } });
      return error;
    };
    const skewed = mapped(signatureExpired(new Date(Date.now() - 2 * 3600_000)));
    expect(skewed.kind).toBe('AwsClockSkew');
    expect(skewed.message).toContain("this computer's clock is off by about 2 hours (ahead of AWS's time)");
    expect(skewed.resolution).toContain('timedatectl set-ntp true');

    // The same refusal with the clocks in step is a credentials problem (a wrong secret key), not the clock.
    expect(mapped(signatureExpired(new Date())).kind).toBe('AwsCredentials');
  });
});
