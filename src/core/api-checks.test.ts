import { describe, expect, it } from 'vitest';
import { checkApi, type ApiCheckOptions } from './api-checks.js';
import type { ApiAuthorizer, ApiRoute, ApiTrustContext, AppSyncAuthProvider, GatewayApiDetails, GraphqlApiDetails } from './api-model.js';

const POOL = 'us-east-1_AcmeUsr01';
const WEB = 'webclient111';
const NATIVE = 'nativeclient222';
const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`;
const POOL_ARN = `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${POOL}`;
const NOW = 1_800_000_000;

const auth = (overrides: Partial<ApiTrustContext> = {}): ApiTrustContext => ({
  authResourceName: 'shop',
  envName: 'dev',
  userPoolId: POOL,
  userPoolRegion: 'us-east-1',
  webClientId: WEB,
  nativeClientId: NATIVE,
  identityPoolId: 'us-east-1:0000',
  authRoleName: 'auth-role',
  unauthRoleName: 'unauth-role',
  accountId: '123456789012',
  ...overrides,
});
const userPoolOnly = () => auth({ identityPoolId: undefined, authRoleName: undefined, unauthRoleName: undefined });

const ourPool = (extra: Partial<NonNullable<AppSyncAuthProvider['userPool']>> = {}): AppSyncAuthProvider => ({
  type: 'AMAZON_COGNITO_USER_POOLS',
  userPool: { userPoolId: POOL, awsRegion: 'us-east-1', ...extra },
});
const iam: AppSyncAuthProvider = { type: 'AWS_IAM' };
const apiKey: AppSyncAuthProvider = { type: 'API_KEY' };

function graphql(defaultAuth: AppSyncAuthProvider, additionalAuth: AppSyncAuthProvider[] = [], extra: Partial<GraphqlApiDetails> = {}): GraphqlApiDetails {
  return { kind: 'graphql', id: 'gqlapi1', name: 'shop-graphql', region: 'us-east-1', graphqlUrl: 'https://x/graphql', defaultAuth, additionalAuth, visibility: 'GLOBAL', ...extra };
}

function route(routeKey: string, authorizationType: string, extra: Partial<ApiRoute> = {}): ApiRoute {
  const [method = 'GET', path = '/'] = routeKey === '$default' ? ['*', '*'] : routeKey.split(' ');
  return { method, path, routeKey, authorizationType, authorizationScopes: [], apiKeyRequired: false, ...extra };
}

function gateway(kind: 'rest' | 'http', routes: ApiRoute[], authorizers: ApiAuthorizer[] = [], extra: Partial<GatewayApiDetails> = {}): GatewayApiDetails {
  return {
    kind,
    id: 'a1b2c3d4e5',
    name: 'shop-api',
    region: 'us-east-1',
    endpointTypes: kind === 'rest' ? ['REGIONAL'] : [],
    disableExecuteApiEndpoint: false,
    protocolType: kind === 'http' ? 'HTTP' : undefined,
    stages: [{ name: 'dev', deployed: true }],
    authorizers,
    routes,
    ...extra,
  };
}

const cognitoAuthorizer = (providerArns: string[]): ApiAuthorizer => ({ id: 'auth1', name: 'pool-authorizer', type: 'COGNITO_USER_POOLS', providerArns, audience: [] });
const jwtAuthorizer = (issuer: string, audience: string[]): ApiAuthorizer => ({ id: 'jwt1', name: 'jwt-authorizer', type: 'JWT', providerArns: [], issuer, audience });

const options = (extra: Partial<ApiCheckOptions> = {}): ApiCheckOptions => ({ now: NOW, stage: 'dev', ...extra });
const codes = (result: { findings: Array<{ code: string; severity: string }> }) => result.findings.map((finding) => `${finding.severity}:${finding.code}`);

describe('GraphQL API checks', () => {
  it('passes an API whose default mode is the imported pool, and names user pools as the app mode', () => {
    const result = checkApi(graphql(ourPool(), [iam]), auth(), options());
    expect(result.findings).toEqual([]);
    expect(result.appAuthorization).toBe('AMAZON_COGNITO_USER_POOLS');
    expect(result.iamAuthorized).toBe(true);
  });

  it('counts an additional user pool provider for the imported pool, next to one for another pool', () => {
    const other: AppSyncAuthProvider = { type: 'AMAZON_COGNITO_USER_POOLS', userPool: { userPoolId: 'us-east-1_Other', awsRegion: 'us-east-1' } };
    expect(checkApi(graphql(other, [ourPool()]), auth(), options()).findings).toEqual([]);
  });

  it('refuses an API that trusts only another user pool, naming it and how to add ours', () => {
    const other: AppSyncAuthProvider = { type: 'AMAZON_COGNITO_USER_POOLS', userPool: { userPoolId: 'us-east-1_Other', awsRegion: 'us-east-1' } };
    const result = checkApi(graphql(other), auth(), options());
    expect(codes(result)).toEqual(['error:appsync-user-pool-not-imported']);
    expect(result.findings[0]?.message).toContain('us-east-1_Other');
    expect(result.findings[0]?.fix).toContain(`user pool ${POOL}`);
    expect(result.appAuthorization).toBeUndefined();
  });

  it('refuses the imported pool id in another region', () => {
    const result = checkApi(graphql(ourPool({ awsRegion: 'eu-west-1' })), auth(), options());
    expect(codes(result)).toEqual(['error:appsync-user-pool-not-imported']);
  });

  it('checks appIdClientRegex against the whole web client id', () => {
    expect(checkApi(graphql(ourPool({ appIdClientRegex: `${WEB}|${NATIVE}` })), auth(), options()).findings).toEqual([]);
    const partial = checkApi(graphql(ourPool({ appIdClientRegex: 'webclient' })), auth(), options());
    expect(codes(partial)).toEqual(['error:appsync-client-regex-excludes-web-client']);
    expect(partial.findings[0]?.fix).toContain(WEB);
  });

  it('warns when the regex admits the web client but not the native one', () => {
    expect(codes(checkApi(graphql(ourPool({ appIdClientRegex: WEB })), auth(), options()))).toEqual(['warning:appsync-client-regex-excludes-native-client']);
    expect(checkApi(graphql(ourPool({ appIdClientRegex: WEB })), auth({ nativeClientId: WEB }), options()).findings).toEqual([]);
  });

  it('warns about a regex JavaScript cannot evaluate, without refusing', () => {
    const result = checkApi(graphql(ourPool({ appIdClientRegex: 'web(?<x' })), auth(), options());
    expect(codes(result)).toEqual(['warning:appsync-client-regex-unchecked']);
    expect(result.appAuthorization).toBe('AMAZON_COGNITO_USER_POOLS');
  });

  it('warns about defaultAction DENY on the default user pool mode', () => {
    expect(codes(checkApi(graphql(ourPool({ defaultAction: 'DENY' })), auth(), options()))).toEqual(['warning:appsync-default-action-deny']);
    expect(checkApi(graphql(ourPool({ defaultAction: 'ALLOW' })), auth(), options()).findings).toEqual([]);
  });

  it('counts an OpenID Connect provider whose issuer is the pool as trust, and checks its client id', () => {
    const oidc = (clientId?: string): AppSyncAuthProvider => ({ type: 'OPENID_CONNECT', openIdConnect: { issuer: `${ISSUER}/`, clientId } });
    const trusted = checkApi(graphql(oidc(WEB)), auth(), options());
    expect(trusted.findings).toEqual([]);
    expect(trusted.appAuthorization).toBe('OPENID_CONNECT');
    expect(codes(checkApi(graphql(oidc('someoneelse')), auth(), options()))).toEqual(['error:appsync-oidc-client-mismatch']);
    const foreign = checkApi(graphql({ type: 'OPENID_CONNECT', openIdConnect: { issuer: 'https://login.example.com' } }), auth(), options());
    expect(codes(foreign)).toEqual(['error:api-unusable']);
    expect(foreign.notes.join(' ')).toContain('https://login.example.com');
  });

  it('uses IAM when that is the only mode, and needs an identity pool for it', () => {
    const withPool = checkApi(graphql(iam), auth(), options());
    expect(withPool.findings).toEqual([]);
    expect(withPool.appAuthorization).toBe('AWS_IAM');
    expect(withPool.iamOnly).toBe(true);
    expect(checkApi(graphql(ourPool(), [iam]), auth(), options()).iamOnly).toBe(false);
    const without = checkApi(graphql(iam), userPoolOnly(), options());
    expect(codes(without)).toEqual(['error:api-iam-needs-identity-pool']);
    expect(without.findings[0]?.fix).toContain('--identity-pool-id');
    // With the pool's user pool mode usable, IAM-only fields are merely out of reach.
    expect(codes(checkApi(graphql(ourPool(), [iam]), userPoolOnly(), options()))).toEqual(['warning:api-iam-needs-identity-pool']);
  });

  it('reports API keys: expired keys, a key asked for on an API without key auth, key-only without --api-key', () => {
    const fresh = { id: 'da2-fresh', expires: NOW + 3600 };
    const stale = { id: 'da2-stale', expires: NOW - 1 };
    expect(checkApi(graphql(ourPool(), [apiKey], { apiKeys: [fresh] }), auth(), options({ apiKey: true })).findings).toEqual([]);
    expect(codes(checkApi(graphql(ourPool(), [apiKey], { apiKeys: [stale] }), auth(), options()))).toEqual(['warning:appsync-api-key-expired']);
    expect(codes(checkApi(graphql(ourPool(), [apiKey], { apiKeys: [stale] }), auth(), options({ apiKey: true })))).toEqual(['error:appsync-api-key-expired']);
    expect(codes(checkApi(graphql(ourPool()), auth(), options({ apiKey: true })))).toEqual(['error:appsync-api-key-not-enabled']);
    const keyOnly = checkApi(graphql(apiKey, [], { apiKeys: [fresh] }), userPoolOnly(), options());
    expect(keyOnly.appAuthorization).toBe('API_KEY');
    expect(codes(keyOnly)).toEqual(['warning:appsync-api-key-not-written']);
  });

  it('reports a Lambda authorizer as one it cannot check', () => {
    const result = checkApi(graphql(ourPool(), [{ type: 'AWS_LAMBDA', lambdaAuthorizerUri: 'arn:aws:lambda:us-east-1:1:function:f' }]), auth(), options());
    expect(codes(result)).toEqual(['warning:appsync-lambda-authorizer']);
  });

  it('refuses a private API', () => {
    expect(codes(checkApi(graphql(ourPool(), [], { visibility: 'PRIVATE' }), auth(), options()))).toEqual(['error:appsync-private']);
  });

  it('escapes names from AWS in messages', () => {
    const result = checkApi(graphql({ type: 'AMAZON_COGNITO_USER_POOLS', userPool: { userPoolId: 'x\nerror: fake' } }, [], { name: 'evil\u2028name' }), auth(), options());
    for (const finding of result.findings) expect(finding.message).not.toMatch(/[\n\u2028]/);
  });
});

describe('REST API checks', () => {
  it('passes IAM and Cognito routes of the imported pool, noting the token each expects', () => {
    const api = gateway('rest', [
      route('GET /items', 'AWS_IAM'),
      route('POST /orders', 'COGNITO_USER_POOLS', { authorizerId: 'auth1' }),
      route('GET /me', 'COGNITO_USER_POOLS', { authorizerId: 'auth1', authorizationScopes: ['shop/read'] }),
    ], [cognitoAuthorizer([POOL_ARN])]);
    const result = checkApi(api, auth(), options());
    expect(result.findings).toEqual([]);
    expect(result.appAuthorization).toBe('AWS_IAM');
    expect(result.iamAuthorized).toBe(true);
    expect(result.iamOnly).toBe(false);
    expect(checkApi(gateway('rest', [route('GET /items', 'AWS_IAM')]), auth(), options()).iamOnly).toBe(true);
    expect(result.notes.join('\n')).toContain('POST /orders expects the ID token');
    expect(result.notes.join('\n')).toContain('GET /me expects an access token with scope shop/read');
  });

  it('refuses methods whose Cognito authorizer lacks the imported pool, with the update-authorizer command', () => {
    const api = gateway('rest', [route('GET /items', 'COGNITO_USER_POOLS', { authorizerId: 'auth1' })], [
      cognitoAuthorizer(['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Other']),
    ]);
    const result = checkApi(api, auth(), options());
    expect(codes(result)).toEqual(['error:rest-authorizer-other-pool']);
    expect(result.findings[0]?.message).toContain('us-east-1_Other');
    expect(result.findings[0]?.message).toContain('GET /items');
    expect(result.findings[0]?.fix).toContain(`aws apigateway update-authorizer --rest-api-id a1b2c3d4e5 --authorizer-id auth1 --patch-operations op=add,path=/providerARNs,value=${POOL_ARN}`);
    expect(result.findings[0]?.fix).toContain('create-deployment');
  });

  it('needs an identity pool for IAM methods: an error when nothing else is usable, a warning otherwise', () => {
    const iamOnly = gateway('rest', [route('GET /items', 'AWS_IAM')]);
    expect(codes(checkApi(iamOnly, userPoolOnly(), options()))).toEqual(['error:api-iam-needs-identity-pool']);
    const mixed = gateway('rest', [route('GET /items', 'AWS_IAM'), route('GET /health', 'NONE')]);
    const result = checkApi(mixed, userPoolOnly(), options());
    expect(codes(result)).toEqual(['warning:api-iam-needs-identity-pool']);
    expect(result.appAuthorization).toBe('NONE');
  });

  it('refuses a private endpoint and a disabled default endpoint, with the commands', () => {
    const result = checkApi(gateway('rest', [route('GET /', 'NONE')], [], { endpointTypes: ['PRIVATE'], disableExecuteApiEndpoint: true }), auth(), options());
    expect(codes(result)).toEqual(['error:rest-private-endpoint', 'error:api-default-endpoint-disabled']);
    expect(result.findings[1]?.fix).toContain('path=/disableExecuteApiEndpoint,value=false');
  });

  it('refuses a stage that does not exist, listing those that do, and an API with no stage', () => {
    const api = gateway('rest', [route('GET /', 'NONE')], [], { stages: [{ name: 'prod', deployed: true }, { name: 'test', deployed: true }] });
    const result = checkApi(api, auth(), options({ stage: 'dev' }));
    expect(codes(result)).toEqual(['error:api-stage-not-found']);
    expect(result.findings[0]?.message).toContain('prod, test');
    expect(codes(checkApi(gateway('rest', [route('GET /', 'NONE')], [], { stages: [] }), auth(), options()))).toEqual(['error:api-no-stage']);
  });

  it('warns about Lambda authorizers, API keys and a resource policy', () => {
    const api = gateway('rest', [
      route('GET /a', 'CUSTOM', { authorizerId: 'lam' }),
      route('GET /b', 'AWS_IAM', { apiKeyRequired: true }),
    ], [{ id: 'lam', name: 'token-fn', type: 'TOKEN', providerArns: [], audience: [] }], {
      resourcePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"*"}]}',
    });
    const result = checkApi(api, auth(), options());
    expect(codes(result)).toEqual(['warning:api-lambda-authorizer', 'warning:api-key-required', 'warning:rest-resource-policy']);
    expect(result.findings[0]?.message).toContain('token-fn');
    expect(result.findings[2]?.message).toContain('"Effect":"Deny"');
  });

  it('refuses an API without methods', () => {
    expect(codes(checkApi(gateway('rest', []), auth(), options()))).toEqual(['error:api-no-routes']);
  });
});

describe('HTTP API checks', () => {
  it('passes a JWT authorizer with the pool issuer and both clients in the audience', () => {
    const api = gateway('http', [route('GET /items', 'JWT', { authorizerId: 'jwt1' })], [jwtAuthorizer(ISSUER, [WEB, NATIVE])]);
    const result = checkApi(api, auth(), options());
    expect(result.findings).toEqual([]);
    expect(result.appAuthorization).toBe('AMAZON_COGNITO_USER_POOLS');
    expect(result.iamAuthorized).toBe(false);
  });

  it('refuses another issuer and an audience without the web client; warns when the native client is missing', () => {
    const other = checkApi(gateway('http', [route('GET /items', 'JWT', { authorizerId: 'jwt1' })], [jwtAuthorizer('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other', [WEB])]), auth(), options());
    expect(codes(other)).toEqual(['error:http-jwt-other-issuer', 'warning:http-jwt-audience-native']);
    expect(other.findings[0]?.fix).toContain(`--jwt-configuration Issuer=${ISSUER},Audience=${WEB} --region us-east-1`);
    const audience = checkApi(gateway('http', [route('GET /items', 'JWT', { authorizerId: 'jwt1' })], [jwtAuthorizer(ISSUER, ['someone'])]), auth(), options());
    expect(codes(audience)).toEqual(['error:http-jwt-audience']);
  });

  it('refuses a WebSocket API and a stage that is not deployed', () => {
    const ws = checkApi(gateway('http', [route('$default', 'NONE')], [], { protocolType: 'WEBSOCKET' }), auth(), options());
    expect(codes(ws)).toEqual(['error:http-websocket']);
    const undeployed = checkApi(gateway('http', [route('GET /', 'NONE')], [], { stages: [{ name: 'dev', deployed: false }] }), auth(), options());
    expect(codes(undeployed)).toEqual(['error:api-stage-not-deployed']);
  });

  it('needs an identity pool for AWS_IAM routes', () => {
    expect(codes(checkApi(gateway('http', [route('ANY /{proxy+}', 'AWS_IAM')]), userPoolOnly(), options()))).toEqual(['error:api-iam-needs-identity-pool']);
  });
});
