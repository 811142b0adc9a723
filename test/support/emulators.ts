// Starts every local AWS stand-in for one World and gives the environment that points mycli (or any
// AWS SDK v3 client) at them, with fake credentials and a private HOME so nothing of the developer's
// AWS configuration can leak in.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { startCognitoLocal, type CognitoLocal } from './cognito-local.js';
import { startIdentityIamStub, type IdentityIamStub } from './identity-iam-stub.js';
import type { World } from './world.js';

export interface Emulators {
  env: Record<string, string>;
  cognitoLocal: CognitoLocal;
  stub: IdentityIamStub;
  stop(): Promise<void>;
}

export async function startEmulators(world: World, workDir: string): Promise<Emulators> {
  const home = path.join(workDir, 'home');
  await mkdir(home, { recursive: true });
  const [cognitoLocal, stub] = await Promise.allSettled([startCognitoLocal(world, workDir), startIdentityIamStub(world)]);
  if (cognitoLocal.status === 'rejected' || stub.status === 'rejected') {
    await Promise.all([cognitoLocal, stub].map((started) => (started.status === 'fulfilled' ? started.value.stop() : undefined)));
    throw cognitoLocal.status === 'rejected' ? cognitoLocal.reason : (stub as PromiseRejectedResult).reason;
  }

  const env: Record<string, string> = {
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognitoLocal.value.endpoint,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY: stub.value.endpoint,
    AWS_ENDPOINT_URL_IAM: stub.value.endpoint,
    AWS_ENDPOINT_URL_S3: stub.value.endpoint,
    AWS_ENDPOINT_URL_LAMBDA: stub.value.endpoint,
    AWS_ENDPOINT_URL_SSM: stub.value.endpoint,
    AWS_ENDPOINT_URL_STS: stub.value.endpoint,
    // The SDK derives these names from each service's serviceId: "AppSync", "API Gateway", "ApiGatewayV2".
    AWS_ENDPOINT_URL_APPSYNC: stub.value.endpoint,
    AWS_ENDPOINT_URL_API_GATEWAY: stub.value.endpoint,
    AWS_ENDPOINT_URL_APIGATEWAYV2: stub.value.endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: world.region,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    HOME: home,
    // Deliberately absent files: the SDK must not find a profile of the developer's.
    AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
    CI: 'true',
    NO_COLOR: '1',
  };

  return {
    env,
    cognitoLocal: cognitoLocal.value,
    stub: stub.value,
    stop: async () => {
      await Promise.all([cognitoLocal.value.stop(), stub.value.stop()]);
    },
  };
}
