// The one factory for SDK clients. No `endpoint` is set here on purpose: the SDK's own
// AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> support is how tests and local emulators redirect calls.

import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { ThrottlingToCaller } from './throttling-to-caller.js';

export interface AwsClients {
  cognitoIdp: CognitoIdentityProviderClient;
  cognitoIdentity: CognitoIdentityClient;
  iam: IAMClient;
  /**
   * The same Cognito services for describe-heavy discovery, which paces its own calls (paced-queue.ts): a throttling
   * reply comes back at once instead of being retried by the SDK's adaptive limiter; other errors keep the standard
   * retries. Same credentials (resolved once) as the clients above.
   */
  paced: { cognitoIdp: CognitoIdentityProviderClient; cognitoIdentity: CognitoIdentityClient };
}

export const DEFAULT_MAX_ATTEMPTS = 8;

export interface AwsClientOptions {
  region: string;
  profile?: string;
  maxAttempts?: number;
}

function sharedClientConfig(options: AwsClientOptions) {
  return {
    region: options.region,
    // Env vars, shared config/credentials, SSO, credential_process, web identity and IMDS/ECS, in the SDK's order.
    credentials: fromNodeProviderChain(options.profile === undefined ? {} : { profile: options.profile }),
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  };
}

export function createAwsClients(options: AwsClientOptions): AwsClients {
  const shared = sharedClientConfig(options);
  const { retryMode: _adaptive, ...standard } = shared;
  const paced = { ...standard, retryStrategy: new ThrottlingToCaller(shared.maxAttempts) };
  return {
    cognitoIdp: new CognitoIdentityProviderClient(shared),
    cognitoIdentity: new CognitoIdentityClient(shared),
    // IAM is global; given a regular region the SDK's endpoint rules pick the partition's global endpoint.
    iam: new IAMClient(shared),
    paced: { cognitoIdp: new CognitoIdentityProviderClient(paced), cognitoIdentity: new CognitoIdentityClient(paced) },
  };
}

// S3 and Lambda clients are made only by the commands that need them, so no other command loads their SDKs.

export function createS3Client(options: AwsClientOptions): S3Client {
  return new S3Client({
    ...sharedClientConfig(options),
    // A local endpoint (an IP address and port) cannot serve bucket names as host names.
    forcePathStyle: s3EndpointOverridden(),
    // A bucket in another region than the project's answers HeadBucket with a redirect naming its region.
    followRegionRedirects: true,
  });
}

export function createLambdaClient(options: AwsClientOptions): LambdaClient {
  return new LambdaClient(sharedClientConfig(options));
}

function s3EndpointOverridden(): boolean {
  return Boolean(process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL);
}
