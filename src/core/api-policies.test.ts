import { describe, expect, it } from 'vitest';
import type { ApiRoute, GatewayApiDetails, GraphqlApiDetails } from './api-model.js';
import { apiPolicies, executeApiArn, grantedRoutes, normalizeApiPath, type ApiAccess, type ApiGrant } from './api-policies.js';
import { isUserError } from './errors.js';
import { evaluate, type Decision } from './policy-evaluator.js';
import { ownedPolicyPrefix, type DesiredPolicy } from './policy-plan.js';

const ACCOUNT = '123456789012';
const TARGET = { projectName: 'shop', envName: 'dev', accountId: ACCOUNT, authRoleName: 'auth-role', unauthRoleName: 'unauth-role' };

function route(routeKey: string, authorizationType = 'AWS_IAM'): ApiRoute {
  const [method = 'GET', path = '/'] = routeKey === '$default' ? ['*', '*'] : routeKey.split(' ');
  return { method, path, routeKey, authorizationType, authorizationScopes: [], apiKeyRequired: false };
}

function rest(routes: ApiRoute[], kind: 'rest' | 'http' = 'rest'): GatewayApiDetails {
  return { kind, id: 'a1b2c3d4e5', name: 'shop-api', region: 'us-east-1', endpointTypes: [], disableExecuteApiEndpoint: false, stages: [{ name: 'dev', deployed: true }], authorizers: [], routes };
}

const SHOP_ROUTES = [
  route('GET /items'),
  route('POST /items'),
  route('GET /items/{id}'),
  route('PUT /items/{id}'),
  route('DELETE /items/{id}'),
  route('GET /public/catalog'),
  route('ANY /files/{proxy+}'),
  route('GET /orders', 'COGNITO_USER_POOLS'),
  route('GET /health', 'NONE'),
];

function grant(api: GrantApi, authAccess: ApiAccess[], guestAccess: ApiAccess[] = [], paths: string[] = []): ApiGrant {
  return { resourceName: 'shopapi', api, stage: api.kind === 'graphql' ? undefined : 'dev', authAccess, guestAccess, paths };
}
type GrantApi = GatewayApiDetails | GraphqlApiDetails;

function decide(policies: DesiredPolicy[], roleName: string, action: string, resource: string): Decision {
  return evaluate(policies.filter((policy) => policy.roleName === roleName).map((policy) => policy.document), { action, resource, context: {} });
}

const invoke = (policies: DesiredPolicy[], role: string, method: string, path: string, options: { stage?: string; apiId?: string } = {}) =>
  decide(policies, role, 'execute-api:Invoke', `arn:aws:execute-api:us-east-1:${ACCOUNT}:${options.apiId ?? 'a1b2c3d4e5'}/${options.stage ?? 'dev'}/${method}${path}`);

describe('execute-api policies for REST and HTTP APIs', () => {
  const api = rest(SHOP_ROUTES);

  it('allows the chosen methods on the IAM routes of this API and stage, and nothing else', () => {
    const policies = apiPolicies(grant(api, ['create', 'read'], ['read']), TARGET);
    expect(policies.map((policy) => [policy.roleName, policy.policyName])).toEqual([
      ['auth-role', `${ownedPolicyPrefix('shop', 'dev')}api-shopapi-auth`],
      ['unauth-role', `${ownedPolicyPrefix('shop', 'dev')}api-shopapi-guest`],
    ]);
    expect(invoke(policies, 'auth-role', 'GET', '/items')).toBe('allow');
    expect(invoke(policies, 'auth-role', 'POST', '/items')).toBe('allow');
    expect(invoke(policies, 'auth-role', 'GET', '/items/42')).toBe('allow');
    expect(invoke(policies, 'auth-role', 'POST', '/files/a/b.txt')).toBe('allow');
    // Not chosen: update and delete.
    expect(invoke(policies, 'auth-role', 'PUT', '/items/42')).toBe('implicit-deny');
    expect(invoke(policies, 'auth-role', 'DELETE', '/items/42')).toBe('implicit-deny');
    // Another stage, another API.
    expect(invoke(policies, 'auth-role', 'GET', '/items', { stage: 'prod' })).toBe('implicit-deny');
    expect(invoke(policies, 'auth-role', 'GET', '/items', { apiId: 'zzzzzzzzzz' })).toBe('implicit-deny');
    // Guests read, and may not write.
    expect(invoke(policies, 'unauth-role', 'GET', '/public/catalog')).toBe('allow');
    expect(invoke(policies, 'unauth-role', 'POST', '/items')).toBe('implicit-deny');
  });

  it('grants nothing on routes authorized by the user pool or by nothing', () => {
    const policies = apiPolicies(grant(api, ['create', 'read', 'update', 'delete']), TARGET);
    const resources = policies.flatMap((policy) => [policy.document.Statement].flat().flatMap((statement) => [statement.Resource ?? []].flat()));
    expect(resources.some((resource) => resource.endsWith('/orders') || resource.endsWith('/health'))).toBe(false);
    expect(resources).toContain(executeApiArn(api, ACCOUNT, 'dev', 'PATCH', '/files/{proxy+}'));
    expect(resources).toContain(`arn:aws:execute-api:us-east-1:${ACCOUNT}:a1b2c3d4e5/dev/DELETE/items/*`);
  });

  it('narrows to --path: the path and the routes below it', () => {
    const policies = apiPolicies(grant(api, ['read'], ['read'], ['/public']), TARGET);
    expect(invoke(policies, 'auth-role', 'GET', '/public/catalog')).toBe('allow');
    expect(invoke(policies, 'auth-role', 'GET', '/items')).toBe('implicit-deny');
    expect(invoke(policies, 'unauth-role', 'GET', '/public/catalog')).toBe('allow');
    expect(invoke(policies, 'unauth-role', 'GET', '/items/1')).toBe('implicit-deny');
  });

  it('refuses a --path with no IAM route on or below it, listing the IAM paths', () => {
    let error: unknown;
    try {
      grantedRoutes(api, ['/orders']);
    } catch (caught) {
      error = caught;
    }
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toContain('/orders');
    expect((error as { resolution: string }).resolution).toContain('/items/{id}');
  });

  it('covers every path for the $default route of an HTTP API, and uses the $default stage name', () => {
    const http = rest([route('$default')], 'http');
    const policies = apiPolicies({ ...grant(http, ['read']), stage: '$default' }, TARGET);
    expect(invoke(policies, 'auth-role', 'GET', '/anything/at/all', { stage: '$default' })).toBe('allow');
    expect(invoke(policies, 'auth-role', 'POST', '/anything', { stage: '$default' })).toBe('implicit-deny');
  });

  it('gives no policy when the API has no IAM routes, or the audience no access', () => {
    expect(apiPolicies(grant(rest([route('GET /a', 'NONE')]), ['read'], ['read']), TARGET)).toEqual([]);
    expect(apiPolicies(grant(api, [], []), TARGET)).toEqual([]);
  });

  it('refuses guest access without an unauthenticated role', () => {
    expect(() => apiPolicies(grant(api, [], ['read']), { ...TARGET, unauthRoleName: undefined })).toThrow(/unauthenticated role/);
  });

  it('refuses a policy over the role quota, saying to narrow with --path', () => {
    const many = rest(Array.from({ length: 400 }, (_, index) => route(`GET /resource-number-${index}/{id}`)));
    let error: unknown;
    try {
      apiPolicies(grant(many, ['read']), TARGET);
    } catch (caught) {
      error = caught;
    }
    expect(isUserError(error)).toBe(true);
    expect((error as { resolution: string }).resolution).toContain('--path');
  });

  it('is the same document whatever the order of the access words', () => {
    expect(apiPolicies(grant(api, ['read', 'create']), TARGET)).toEqual(apiPolicies(grant(api, ['create', 'read']), TARGET));
  });
});

describe('appsync:GraphQL policies', () => {
  const graphql: GraphqlApiDetails = {
    kind: 'graphql',
    id: 'gqlapi1',
    name: 'shop-graphql',
    region: 'eu-west-1',
    defaultAuth: { type: 'AMAZON_COGNITO_USER_POOLS', userPool: { userPoolId: 'eu-west-1_x' } },
    additionalAuth: [{ type: 'AWS_IAM' }],
  };
  const field = (type: string, name: string, apiId = 'gqlapi1') => `arn:aws:appsync:eu-west-1:${ACCOUNT}:apis/${apiId}/types/${type}/fields/${name}`;

  it('maps read to Query and Subscription, create/update/delete to Mutation, for this API only', () => {
    const policies = apiPolicies(grant(graphql, ['read', 'create'], ['read']), TARGET);
    const graphqlCall = (role: string, resource: string) => decide(policies, role, 'appsync:GraphQL', resource);
    expect(graphqlCall('auth-role', field('Query', 'listItems'))).toBe('allow');
    expect(graphqlCall('auth-role', field('Subscription', 'onCreateItem'))).toBe('allow');
    expect(graphqlCall('auth-role', field('Mutation', 'createItem'))).toBe('allow');
    expect(graphqlCall('auth-role', field('Query', 'listItems', 'otherapi'))).toBe('implicit-deny');
    expect(graphqlCall('unauth-role', field('Query', 'listItems'))).toBe('allow');
    expect(graphqlCall('unauth-role', field('Mutation', 'createItem'))).toBe('implicit-deny');
  });

  it('gives no policy to an API without IAM authorization', () => {
    expect(apiPolicies(grant({ ...graphql, additionalAuth: [] }, ['read']), TARGET)).toEqual([]);
  });
});

describe('normalizeApiPath', () => {
  it('keeps the API\'s own spelling, drops a trailing slash, and refuses what is not a path', () => {
    expect(normalizeApiPath('/items/{id}/')).toBe('/items/{id}');
    expect(normalizeApiPath('/')).toBe('/');
    for (const bad of ['items', '/items/*', '/a b', '//x']) expect(() => normalizeApiPath(bad)).toThrow(/not a resource path/);
  });
});
