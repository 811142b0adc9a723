// The one factory for SDK clients: region, credentials, retries, timeouts, proxy and the --debug request lines are
// set here for every client. No `endpoint` is set on purpose: the SDK's own AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>
// (and shared config file `endpoint_url` / `services`) support is how tests and local emulators redirect calls.
// A new service gets its create…Client here, built by createClient, and is imported lazily by the commands that use it.

import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import type { AppSyncClient } from '@aws-sdk/client-appsync';
import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider, MiddlewareStack } from '@smithy/types';
import { instrumentClient } from './client-instrumentation.js';
import { profileCredentials } from './credential-chain.js';
import { DEFAULT_TIMEOUT_SECONDS, prepareProxySettings, ProxyRoutingHandler } from './network.js';
import { noticeNodeVersion } from './node-version-notice.js';
import { CappedRetryStrategy, type RetryMode } from './retry-strategy.js';

export interface AwsClients {
  cognitoIdp: CognitoIdentityProviderClient;
  cognitoIdentity: CognitoIdentityClient;
  iam: IAMClient;
  /**
   * The same Cognito services for describe-heavy discovery, which paces its own calls (paced-queue.ts): a throttling
   * reply comes back at once instead of being retried by the SDK's adaptive limiter; other errors keep the standard
   * retries (3 attempts at most). Same credentials (resolved once) as the clients above.
   */
  paced: { cognitoIdp: CognitoIdentityProviderClient; cognitoIdentity: CognitoIdentityClient };
}

/** Attempts for a throttled call; any other retryable failure gets at most 3 (NON_THROTTLING_MAX_ATTEMPTS). */
export const DEFAULT_MAX_ATTEMPTS = 8;

export interface AwsClientOptions {
  region: string;
  profile?: string;
  /** Attempts for a throttled call (default 8); other retryable failures stop at 3, or at this when lower. */
  maxAttempts?: number;
  /** 'adaptive' (default): the SDK's client-side rate limiter slows calls after a throttle; 'standard': no limiter, for callers that pace themselves. */
  retryMode?: RetryMode;
  /** A throttling reply comes straight back instead of being retried (the caller paces and re-queues). */
  throttlingToCaller?: boolean;
  /** Connect and read (inactivity) timeout in seconds; default 60, as the AWS CLI. */
  timeoutSeconds?: number;
  /** Receives one line per HTTP request (--debug): service, operation, resource ids, status, ms, retry, proxy. */
  requestLog?: (line: string) => void;
  /** Receives mycli's one-line notice on a Node.js version the AWS SDK will stop supporting. */
  warn?: (line: string) => void;
  /**
   * Every client made with the same holder signs with one credential provider, made by the first: an SSO login, an
   * assumed role or a credential_process is then resolved once per command, not once per client.
   */
  sharedCredentials?: SharedCredentials;
}

/** Filled by the factory on first use (see AwsClientOptions.sharedCredentials). */
export interface SharedCredentials {
  provider?: AwsCredentialIdentityProvider;
}

interface SdkClient {
  // Any is the SDK's own typing of a client's middleware stack.
  middlewareStack: MiddlewareStack<any, any>;
}

/** The SDK's default chain, with the profile checked first (credential-chain.ts); the shared one when there is one. */
function credentialsFor(options: AwsClientOptions): AwsCredentialIdentityProvider {
  if (!options.sharedCredentials) return profileCredentials(options);
  return (options.sharedCredentials.provider ??= profileCredentials(options));
}

/** The configuration every client shares. */
function sharedClientConfig(options: AwsClientOptions) {
  prepareProxySettings();
  noticeNodeVersion(options.warn);
  return {
    region: options.region,
    credentials: credentialsFor(options),
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryStrategy: new CappedRetryStrategy(options.retryMode ?? 'adaptive', options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, options.throttlingToCaller),
    requestHandler: new ProxyRoutingHandler(options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
  };
}

/**
 * Builds one SDK client with the shared configuration (plus `extra`, e.g. S3's addressing) and instruments it.
 * `service` is the IAM prefix (`ssm`, `appsync`, `apigateway`) shown in --debug lines and error messages.
 */
export function createClient<Client extends SdkClient & { config: { serviceId: string } }, Config extends object>(
  ClientClass: new (config: Config) => Client,
  service: string,
  options: AwsClientOptions,
  extra: Partial<Config> = {},
): Client {
  const client = new ClientClass({ ...sharedClientConfig(options), ...extra } as Config);
  instrumentClient(client.middlewareStack, {
    service,
    serviceId: client.config.serviceId,
    timeoutSeconds: options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    ...(options.requestLog ? { requestLog: options.requestLog } : {}),
  });
  return client;
}

export function createAwsClients(options: AwsClientOptions): AwsClients {
  // One provider for the five clients at least, when the caller shares none.
  const shared: AwsClientOptions = { ...options, sharedCredentials: options.sharedCredentials ?? {} };
  const paced: AwsClientOptions = { ...shared, retryMode: 'standard', throttlingToCaller: true };
  return {
    cognitoIdp: createClient(CognitoIdentityProviderClient, 'cognito-idp', shared),
    cognitoIdentity: createClient(CognitoIdentityClient, 'cognito-identity', shared),
    // IAM is global; given a regular region the SDK's endpoint rules pick the partition's global endpoint.
    iam: createClient(IAMClient, 'iam', shared),
    paced: {
      cognitoIdp: createClient(CognitoIdentityProviderClient, 'cognito-idp', paced),
      cognitoIdentity: createClient(CognitoIdentityClient, 'cognito-identity', paced),
    },
  };
}

// S3, Lambda and SSM clients are made only by the commands that need them, so no other command loads their SDKs.

export function createS3Client(options: AwsClientOptions): S3Client {
  return createClient(S3Client, 's3', options, {
    // A local endpoint (an IP address and port) cannot serve bucket names as host names.
    forcePathStyle: s3EndpointOverridden(),
    // A bucket in another region than the project's answers HeadBucket with a redirect naming its region.
    followRegionRedirects: true,
  });
}

export function createLambdaClient(options: AwsClientOptions): LambdaClient {
  return createClient(LambdaClient, 'lambda', options);
}

/** Parameter Store, for the push lock and the push record (push, check, status --remote): its SDK is loaded on first use. */
export async function createSsmClient(options: AwsClientOptions): Promise<SSMClient> {
  const { SSMClient } = await import('@aws-sdk/client-ssm');
  return createClient(SSMClient, 'ssm', options);
}

/**
 * STS, for the account id the describe cache is kept under (GetCallerIdentity needs no permission). With `clients`,
 * it signs with their credentials, resolved once for all of them.
 */
export async function createStsClient(options: AwsClientOptions, clients?: AwsClients): Promise<STSClient> {
  const { STSClient } = await import('@aws-sdk/client-sts');
  return createClient(STSClient, 'sts', options, clients ? { credentials: clients.cognitoIdp.config.credentials } : {});
}

// AppSync and API Gateway: only `import api` and the commands that re-describe imported APIs load these SDKs, on first
// use. Each API may live in its own region, so these take the API's region rather than the environment's.

export async function createAppSyncClient(options: AwsClientOptions): Promise<AppSyncClient> {
  const { AppSyncClient } = await import('@aws-sdk/client-appsync');
  return createClient(AppSyncClient, 'appsync', options);
}

export async function createApiGatewayClient(options: AwsClientOptions): Promise<APIGatewayClient> {
  const { APIGatewayClient } = await import('@aws-sdk/client-api-gateway');
  return createClient(APIGatewayClient, 'apigateway', options);
}

export async function createApiGatewayV2Client(options: AwsClientOptions): Promise<ApiGatewayV2Client> {
  const { ApiGatewayV2Client } = await import('@aws-sdk/client-apigatewayv2');
  return createClient(ApiGatewayV2Client, 'apigateway', options);
}

function s3EndpointOverridden(): boolean {
  return Boolean(process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL);
}
