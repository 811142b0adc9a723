// One description of "the AWS account" that tests and the demo seed into the local stand-ins
// (cognito-local for user pools, the identity/IAM stub for identity pools and roles).

export interface SeedUser {
  username: string;
  password: string;
  attributes?: Record<string, string>;
}

export interface SeedClient {
  id: string;
  name: string;
  secret?: string;
  // Optional OAuth and auth-flow fields, in Cognito's own names.
  SupportedIdentityProviders?: string[];
  CallbackURLs?: string[];
  LogoutURLs?: string[];
  AllowedOAuthFlows?: string[];
  AllowedOAuthScopes?: string[];
  AllowedOAuthFlowsUserPoolClient?: boolean;
  ExplicitAuthFlows?: string[];
}

export interface SeedUserPool {
  id: string;
  name: string;
  clients: SeedClient[];
  users: SeedUser[];
  /** Extra UserPoolType fields as Cognito names them: UsernameAttributes, AutoVerifiedAttributes, MfaConfiguration, Policies, SchemaAttributes, Domain ... */
  options?: Record<string, unknown>;
}

export interface SeedRole {
  name: string;
  path?: string;
  trustPolicy: object;
  inlinePolicies?: Record<string, object>;
}

export interface SeedIdentityPool {
  id: string;
  name: string;
  allowUnauthenticatedIdentities: boolean;
  providers: Array<{ providerName: string; clientId: string }>;
  supportedLoginProviders?: Record<string, string>;
  roles: { authenticated?: string /* role ARN */; unauthenticated?: string };
}

export interface SeedBucket {
  name: string;
  region: string;
}

/** A Lambda function in the world's region; its execution role is one of `roles`. */
export interface SeedFunction {
  name: string;
  roleName: string;
  environment?: Record<string, string>;
}

// APIs, in AWS's own wire names (the stubs answer with them); `region` defaults to the world's.

/** An AppSync GraphQL API: GraphqlApi fields as AppSync returns them, plus its API keys. */
export interface SeedGraphqlApi {
  apiId: string;
  name: string;
  region?: string;
  authenticationType: string;
  userPoolConfig?: { userPoolId: string; awsRegion: string; defaultAction?: string; appIdClientRegex?: string };
  openIDConnectConfig?: { issuer: string; clientId?: string };
  lambdaAuthorizerConfig?: { authorizerUri: string };
  additionalAuthenticationProviders?: Array<Record<string, unknown>>;
  visibility?: 'GLOBAL' | 'PRIVATE';
  /** `expires` in epoch seconds. */
  apiKeys?: Array<{ id: string; expires: number }>;
}

export interface SeedRestMethod {
  path: string;
  httpMethod: string;
  authorizationType: 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'COGNITO_USER_POOLS';
  authorizerId?: string;
  authorizationScopes?: string[];
  apiKeyRequired?: boolean;
}

/** An API Gateway REST API: its methods (the resources are derived from their paths), authorizers and stages. */
export interface SeedRestApi {
  id: string;
  name: string;
  region?: string;
  endpointTypes?: string[];
  disableExecuteApiEndpoint?: boolean;
  policy?: string;
  stages: string[];
  authorizers?: Array<{ id: string; name: string; type: 'TOKEN' | 'REQUEST' | 'COGNITO_USER_POOLS'; providerARNs?: string[] }>;
  methods: SeedRestMethod[];
}

/** An API Gateway HTTP API (v2). */
export interface SeedHttpApi {
  apiId: string;
  name: string;
  region?: string;
  protocolType?: 'HTTP' | 'WEBSOCKET';
  disableExecuteApiEndpoint?: boolean;
  stages: Array<{ stageName: string; autoDeploy?: boolean; deploymentId?: string }>;
  authorizers?: Array<{ authorizerId: string; name: string; authorizerType: 'JWT' | 'REQUEST'; jwtConfiguration?: { issuer: string; audience: string[] } }>;
  routes: Array<{ routeKey: string; authorizationType: 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'JWT'; authorizerId?: string; authorizationScopes?: string[] }>;
}

export interface World {
  region: string;
  accountId: string;
  userPools: SeedUserPool[];
  identityPools: SeedIdentityPool[];
  roles: SeedRole[];
  buckets?: SeedBucket[];
  functions?: SeedFunction[];
  graphqlApis?: SeedGraphqlApi[];
  restApis?: SeedRestApi[];
  httpApis?: SeedHttpApi[];
}

export function roleArn(world: World, roleName: string, path = '/'): string {
  return `arn:aws:iam::${world.accountId}:role${path}${roleName}`;
}

export function functionArn(world: World, functionName: string): string {
  return `arn:aws:lambda:${world.region}:${world.accountId}:function:${functionName}`;
}

/** The trust policy the Lambda console writes on a function's execution role. */
export function lambdaTrustPolicy(): object {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  };
}

/** The trust policy the Cognito console writes on the roles it creates for an identity pool. */
export function cognitoTrustPolicy(identityPoolId: string, amr: 'authenticated' | 'unauthenticated'): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'],
        Condition: {
          StringEquals: { 'cognito-identity.amazonaws.com:aud': identityPoolId },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
        },
      },
    ],
  };
}

function identityBasePolicy(): object {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['cognito-identity:GetCredentialsForIdentity'], Resource: ['*'] }],
  };
}

export const DEMO_IDS = {
  userPoolId: 'us-east-1_AcmeUsr01',
  webClientId: '5k2q8v1acmeweb7h3m9x0p4rtd',
  nativeClientId: '7f3n1b6acmenative2w8c0e9yj',
  identityPoolId: 'us-east-1:3f6c2a8e-5b1d-4e7a-9c2f-8d4b6a1e0c57',
  authRoleName: 'acme-identities-auth-role',
  unauthRoleName: 'acme-identities-unauth-role',
  legacyUserPoolId: 'us-east-1_LegacyAdm1',
  legacyClientId: '2h9w4d0legacyadmin6t1s8k3v',
  partnerIdentityPoolId: 'us-east-1:9a1e7c3d-2f4b-4d6a-8e0c-1b5f7d9e3a26',
  partnerRoleName: 'partner-identities-auth-role',
  mediaBucket: 'acme-media',
  archiveBucket: 'acme-eu-archive',
  adminFunction: 'acme-admin-fn',
  adminFunctionRoleName: 'acme-admin-fn-role',
  demoUser: { username: 'demo@example.com', password: 'Passw0rd!demo' },
  graphqlApiId: 'acmegql7x2k9m4p1q8r3s6t0vw',
  euGraphqlApiId: 'acmeeugql5n8b2v6c9x1z4a7qe',
  graphqlApiKey: 'da2-acmepublicdemokey0123456789',
  restApiId: 'a1b2c3d4e5',
  legacyRestApiId: 'l9e8g7a6c5',
  httpApiId: 'h1t2t3p4a5',
  websocketApiId: 'w5s4o3c2k1',
} as const;

/**
 * The demo account: one pool ("acme-users") ready to import with and without its identity pool,
 * plus distractors a correct import must not pick: a pool whose only client has a secret, and an
 * identity pool that trusts a user pool that is not ours. For storage and function grants: a bucket
 * in the account's region, one in another region, and a function with its own execution role.
 */
export function demoWorld(): World {
  const world: World = { region: 'us-east-1', accountId: '123456789012', userPools: [], identityPools: [], roles: [] };
  const ids = DEMO_IDS;

  world.userPools.push({
    id: ids.userPoolId,
    name: 'acme-users',
    options: {
      UsernameAttributes: ['email', 'phone_number'],
      AutoVerifiedAttributes: ['email'],
      MfaConfiguration: 'OPTIONAL',
      // cognito-local reads this (non-UserPoolType) field to answer GetUserPoolMfaConfig.
      SoftwareTokenMfaConfiguration: { Enabled: true },
      SmsAuthenticationMessage: 'Your Acme code is {####}',
      SmsConfiguration: { SnsCallerArn: `arn:aws:iam::123456789012:role/service-role/acme-users-sms`, ExternalId: 'acme-users-sms' },
      SchemaAttributes: [{ Name: 'email', AttributeDataType: 'String', Mutable: true, Required: true }],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 8,
          RequireUppercase: true,
          RequireLowercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 7,
        },
      },
    },
    clients: [
      {
        id: ids.webClientId,
        name: 'acme-web',
        SupportedIdentityProviders: ['COGNITO'],
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      },
      {
        id: ids.nativeClientId,
        name: 'acme-native',
        secret: '1q9f3k7s0acmenativesecret5v2m8x4d6h0j2l4n6p8r0t2v4x',
        SupportedIdentityProviders: ['COGNITO'],
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      },
    ],
    users: [
      {
        username: ids.demoUser.username,
        password: ids.demoUser.password,
        attributes: { email: ids.demoUser.username, email_verified: 'true' },
      },
    ],
  });

  world.userPools.push({
    id: ids.legacyUserPoolId,
    name: 'legacy-admin',
    options: { MfaConfiguration: 'OFF' },
    clients: [
      {
        id: ids.legacyClientId,
        name: 'legacy-admin-app',
        secret: '8c2e6g0legacyadminsecret4k8o2s6w0a4e8i2m6q0u4y8c2g6',
        ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      },
    ],
    users: [],
  });

  world.roles.push(
    {
      name: ids.authRoleName,
      trustPolicy: cognitoTrustPolicy(ids.identityPoolId, 'authenticated'),
      inlinePolicies: { 'acme-identities-auth-base': identityBasePolicy() },
    },
    {
      name: ids.unauthRoleName,
      trustPolicy: cognitoTrustPolicy(ids.identityPoolId, 'unauthenticated'),
      inlinePolicies: { 'acme-identities-unauth-base': identityBasePolicy() },
    },
    {
      name: ids.partnerRoleName,
      trustPolicy: cognitoTrustPolicy(ids.partnerIdentityPoolId, 'authenticated'),
    },
    {
      name: ids.adminFunctionRoleName,
      path: '/service-role/',
      trustPolicy: lambdaTrustPolicy(),
    },
  );

  world.buckets = [
    { name: ids.mediaBucket, region: 'us-east-1' },
    { name: ids.archiveBucket, region: 'eu-west-1' },
  ];
  world.functions = [{ name: ids.adminFunction, roleName: ids.adminFunctionRoleName, environment: { STAGE: 'dev' } }];
  addDemoApis(world);

  world.identityPools.push(
    {
      id: ids.identityPoolId,
      name: 'acme_identities',
      allowUnauthenticatedIdentities: true,
      providers: [{ providerName: `cognito-idp.us-east-1.amazonaws.com/${ids.userPoolId}`, clientId: ids.webClientId }],
      roles: {
        authenticated: roleArn(world, ids.authRoleName),
        unauthenticated: roleArn(world, ids.unauthRoleName),
      },
    },
    {
      id: ids.partnerIdentityPoolId,
      name: 'partner_identities',
      allowUnauthenticatedIdentities: false,
      providers: [{ providerName: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_PartnerX9', clientId: '6d1r5t9partnerweb3g7k1n5q9' }],
      roles: { authenticated: roleArn(world, ids.partnerRoleName) },
    },
  );

  return world;
}

/**
 * The platform team's APIs on the demo pool: a GraphQL API (user pools by default, IAM and an API key besides), a REST
 * API with IAM, Cognito-authorized and open methods, an HTTP API with a JWT authorizer and IAM routes; and APIs a
 * correct import must refuse or not offer: a REST API on another pool, a WebSocket API, a GraphQL API in eu-west-1.
 */
function addDemoApis(world: World): void {
  const ids = DEMO_IDS;
  const pool = { userPoolId: ids.userPoolId, awsRegion: 'us-east-1' };
  world.graphqlApis = [
    {
      apiId: ids.graphqlApiId,
      name: 'acme-graphql',
      authenticationType: 'AMAZON_COGNITO_USER_POOLS',
      userPoolConfig: { ...pool, defaultAction: 'ALLOW', appIdClientRegex: `${ids.webClientId}|${ids.nativeClientId}` },
      additionalAuthenticationProviders: [{ authenticationType: 'AWS_IAM' }, { authenticationType: 'API_KEY' }],
      // 2100-01-01: a key that does not expire during any test run.
      apiKeys: [{ id: ids.graphqlApiKey, expires: 4_102_444_800 }],
    },
    {
      apiId: ids.euGraphqlApiId,
      name: 'acme-eu-graphql',
      region: 'eu-west-1',
      authenticationType: 'AWS_IAM',
      additionalAuthenticationProviders: [{ authenticationType: 'AMAZON_COGNITO_USER_POOLS', userPoolConfig: pool }],
    },
  ];
  world.restApis = [
    {
      id: ids.restApiId,
      name: 'acme-shop-api',
      stages: ['dev', 'prod'],
      authorizers: [{ id: 'cog1', name: 'acme-users-authorizer', type: 'COGNITO_USER_POOLS', providerARNs: [`arn:aws:cognito-idp:us-east-1:${world.accountId}:userpool/${ids.userPoolId}`] }],
      methods: [
        { path: '/items', httpMethod: 'GET', authorizationType: 'AWS_IAM' },
        { path: '/items', httpMethod: 'POST', authorizationType: 'AWS_IAM' },
        { path: '/items', httpMethod: 'OPTIONS', authorizationType: 'NONE' },
        { path: '/items/{id}', httpMethod: 'GET', authorizationType: 'AWS_IAM' },
        { path: '/items/{id}', httpMethod: 'DELETE', authorizationType: 'AWS_IAM' },
        { path: '/public/catalog', httpMethod: 'GET', authorizationType: 'AWS_IAM' },
        { path: '/orders', httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'cog1' },
        { path: '/health', httpMethod: 'GET', authorizationType: 'NONE' },
      ],
    },
    {
      id: ids.legacyRestApiId,
      name: 'legacy-admin-api',
      stages: ['prod'],
      authorizers: [{ id: 'leg1', name: 'legacy-authorizer', type: 'COGNITO_USER_POOLS', providerARNs: [`arn:aws:cognito-idp:us-east-1:${world.accountId}:userpool/${ids.legacyUserPoolId}`] }],
      methods: [{ path: '/admin', httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'leg1' }],
    },
  ];
  world.httpApis = [
    {
      apiId: ids.httpApiId,
      name: 'acme-http-api',
      stages: [{ stageName: '$default', autoDeploy: true }],
      authorizers: [
        {
          authorizerId: 'jwt1',
          name: 'acme-users-jwt',
          authorizerType: 'JWT',
          jwtConfiguration: { issuer: `https://cognito-idp.us-east-1.amazonaws.com/${ids.userPoolId}`, audience: [ids.webClientId, ids.nativeClientId] },
        },
      ],
      routes: [
        { routeKey: 'GET /profile', authorizationType: 'JWT', authorizerId: 'jwt1' },
        { routeKey: 'ANY /reports/{proxy+}', authorizationType: 'AWS_IAM' },
      ],
    },
    { apiId: ids.websocketApiId, name: 'acme-chat', protocolType: 'WEBSOCKET', stages: [{ stageName: 'production', deploymentId: 'dep1' }], routes: [{ routeKey: '$connect', authorizationType: 'NONE' }] },
  ];
}

/** An identity pool on the demo user pool with no unauthenticated role: guests can get no credentials from it. */
export const MEMBERS_IDS = {
  identityPoolId: 'us-east-1:7b2e9d4c-1a3f-4c6e-8b0d-5f7a9c1e3b64',
  authRoleName: 'acme-members-auth-role',
} as const;

/** The demo account plus the MEMBERS_IDS identity pool and its authenticated role. */
export function withMembersIdentityPool(world: World): World {
  world.roles.push({ name: MEMBERS_IDS.authRoleName, trustPolicy: cognitoTrustPolicy(MEMBERS_IDS.identityPoolId, 'authenticated') });
  world.identityPools.push({
    id: MEMBERS_IDS.identityPoolId,
    name: 'acme_members',
    allowUnauthenticatedIdentities: false,
    providers: [{ providerName: `cognito-idp.us-east-1.amazonaws.com/${DEMO_IDS.userPoolId}`, clientId: DEMO_IDS.webClientId }],
    roles: { authenticated: roleArn(world, MEMBERS_IDS.authRoleName) },
  });
  return world;
}
