// The one factory for SDK clients. No `endpoint` is set here on purpose: the SDK's own
// AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> support is how tests and local emulators redirect calls.

import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { IAMClient } from '@aws-sdk/client-iam';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';

export interface AwsClients {
  cognitoIdp: CognitoIdentityProviderClient;
  cognitoIdentity: CognitoIdentityClient;
  iam: IAMClient;
}

export const DEFAULT_MAX_ATTEMPTS = 8;

export function createAwsClients(options: { region: string; profile?: string; maxAttempts?: number }): AwsClients {
  const shared = {
    region: options.region,
    // Env vars, shared config/credentials, SSO, credential_process, web identity and IMDS/ECS, in the SDK's order.
    credentials: fromNodeProviderChain(options.profile === undefined ? {} : { profile: options.profile }),
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  };
  return {
    cognitoIdp: new CognitoIdentityProviderClient(shared),
    cognitoIdentity: new CognitoIdentityClient(shared),
    // IAM is global; given a regular region the SDK's endpoint rules pick the partition's global endpoint.
    iam: new IAMClient(shared),
  };
}

/** The region to use: the flag, then AWS_REGION / AWS_DEFAULT_REGION, then the profile's `region` in the config file. */
