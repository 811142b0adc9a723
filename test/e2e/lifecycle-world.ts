// The demo account plus what the lifecycle stories need: a second ("staging") user pool with its own secretless,
// hosted-UI web client and its own identity pool and roles; a replacement role for the "roles replaced" drift;
// and a user pool in another region.
import { cognitoTrustPolicy, DEMO_IDS, demoWorld, roleArn, type World } from '../support/world.js';

export const STAGING_IDS = {
  userPoolId: 'us-east-1_AcmeStg02',
  userPoolName: 'acme-staging',
  domain: 'acme-staging',
  webClientId: '4t7w1z5acmestagingweb8d2g6j',
  identityPoolId: 'us-east-1:5d2b7e1a-8c4f-4a3b-9e6d-2f1c0b7a9e48',
  authRoleName: 'acme-staging-auth-role',
  unauthRoleName: 'acme-staging-unauth-role',
  callbackUrl: 'https://staging.acme.example/signed-in',
  logoutUrl: 'https://staging.acme.example/signed-out',
} as const;

/** Trusts the demo identity pool as its authenticated role: what someone swaps in on the identity pool. */
export const REPLACEMENT_AUTH_ROLE = 'acme-identities-auth-role-v2';

export const EU_IDS = {
  userPoolId: 'eu-west-1_AcmeEur03',
  webClientId: '9b3f7k1acmeeuropeweb5n9r3v',
  identityPoolId: 'eu-west-1:0c4e8a2f-6b1d-4f3a-8e5c-7d9b1a3c5e70',
} as const;

export function lifecycleWorld(): World {
  const world = demoWorld();
  const staging = STAGING_IDS;

  world.userPools.push(
    {
      id: staging.userPoolId,
      name: staging.userPoolName,
      options: { UsernameAttributes: ['email'], MfaConfiguration: 'OFF', Domain: staging.domain },
      clients: [
        {
          id: staging.webClientId,
          name: 'acme-staging-web',
          SupportedIdentityProviders: ['COGNITO'],
          CallbackURLs: [staging.callbackUrl],
          LogoutURLs: [staging.logoutUrl],
          AllowedOAuthFlows: ['code'],
          AllowedOAuthScopes: ['email', 'openid', 'profile'],
          AllowedOAuthFlowsUserPoolClient: true,
          ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        },
      ],
      users: [],
    },
    {
      id: EU_IDS.userPoolId,
      name: 'acme-europe',
      options: { MfaConfiguration: 'OFF' },
      clients: [{ id: EU_IDS.webClientId, name: 'acme-europe-web', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }],
      users: [],
    },
  );

  world.roles.push(
    { name: staging.authRoleName, trustPolicy: cognitoTrustPolicy(staging.identityPoolId, 'authenticated') },
    { name: staging.unauthRoleName, trustPolicy: cognitoTrustPolicy(staging.identityPoolId, 'unauthenticated') },
    { name: REPLACEMENT_AUTH_ROLE, trustPolicy: cognitoTrustPolicy(DEMO_IDS.identityPoolId, 'authenticated') },
  );

  world.identityPools.push({
    id: staging.identityPoolId,
    name: 'acme_staging_identities',
    allowUnauthenticatedIdentities: false,
    providers: [{ providerName: `cognito-idp.us-east-1.amazonaws.com/${staging.userPoolId}`, clientId: staging.webClientId }],
    roles: { authenticated: roleArn(world, staging.authRoleName), unauthenticated: roleArn(world, staging.unauthRoleName) },
  });

  return world;
}

/** The same world, with the demo web client given a client secret (drift cognito-local can only show after a restart). */
export function lifecycleWorldWithWebClientSecret(): World {
  const world = lifecycleWorld();
  const webClient = world.userPools.flatMap((pool) => pool.clients).find((client) => client.id === DEMO_IDS.webClientId);
  if (!webClient) throw new Error('demo web client missing from the world');
  webClient.secret = '6p0t4x8acmewebsecretadded2f6j0n4r8v2z6d0h4l8p2t6';
  return world;
}
