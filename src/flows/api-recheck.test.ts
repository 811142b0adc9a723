import { describe, expect, it } from 'vitest';
import type { ApiReaders } from '../aws/api-readers.js';
import type { ApiRoute, ApiTrustContext, GatewayApiDetails } from '../core/api-model.js';
import type { Printer } from '../ui/printer.js';
import { apiDesiredPolicies, recheckApis } from './api-recheck.js';
import type { ApiRecord } from './imported-apis.js';

const AUTH: ApiTrustContext = {
  authResourceName: 'shop',
  envName: 'dev',
  userPoolId: 'us-east-1_Pool1',
  userPoolRegion: 'us-east-1',
  webClientId: 'webclient',
  nativeClientId: 'webclient',
  identityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000',
  authRoleName: 'auth-role',
  unauthRoleName: 'unauth-role',
  accountId: '123456789012',
};

const route = (routeKey: string, authorizationType: string): ApiRoute => {
  const [method = 'GET', path = '/'] = routeKey.split(' ');
  return { method, path, routeKey, authorizationType, authorizationScopes: [], apiKeyRequired: false };
};

const restApi = (routes: ApiRoute[]): GatewayApiDetails => ({
  kind: 'rest', id: 'a1b2c3d4e5', name: 'shop-api', region: 'us-east-1', endpointTypes: ['REGIONAL'], disableExecuteApiEndpoint: false,
  stages: [{ name: 'prod', deployed: true }], authorizers: [], routes,
});

function readersOf(api: GatewayApiDetails): ApiReaders {
  const reader = { describeApi: async (id: string) => (id === api.id ? api : undefined) };
  return { rest: async () => reader, http: async () => reader, graphql: async () => reader } as unknown as ApiReaders;
}

const silent = { progress: () => ({ update: () => {}, stop: () => {} }) } as unknown as Printer;

const record = (paths: string[]): ApiRecord => ({
  resourceName: 'shopapi',
  parameters: { resourceName: 'shopapi', serviceType: 'imported', apiType: 'REST', authAccess: ['read'], guestAccess: [], paths, apiKeyInConfig: false },
  env: { apiId: 'a1b2c3d4e5', apiName: 'shop-api', region: 'us-east-1', stage: 'prod' },
});

describe('apiDesiredPolicies after a re-check', () => {
  it('grants nothing, and does not fail, when the API no longer authorizes anything with IAM (the re-check says push removes the grant)', async () => {
    const api = restApi([route('GET /open', 'NONE')]);
    for (const paths of [[], ['/items']]) {
      const recheck = await recheckApis([record(paths)], AUTH, { readers: readersOf(api), printer: silent, now: 0 });
      expect(recheck.findings.map((finding) => [finding.severity, finding.code])).toEqual([['warning', 'api-iam-gone']]);
      expect(apiDesiredPolicies(recheck, { projectName: 'shop', envName: 'dev' })).toEqual([]);
    }
  });

  it('grants the recorded access on the IAM routes of the recorded stage', async () => {
    const api = restApi([route('GET /items', 'AWS_IAM'), route('GET /open', 'NONE')]);
    const recheck = await recheckApis([record(['/items'])], AUTH, { readers: readersOf(api), printer: silent, now: 0 });
    expect(recheck.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    const policies = apiDesiredPolicies(recheck, { projectName: 'shop', envName: 'dev' });
    expect(policies.map((policy) => policy.document.Statement)).toEqual([
      [{ Effect: 'Allow', Action: ['execute-api:Invoke'], Resource: ['arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/items'] }],
    ]);
  });
});
