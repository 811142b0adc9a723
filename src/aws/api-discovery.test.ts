// AppSyncApis, RestApis and HttpApis with the real SDK clients against the loopback stub, reached only through the
// SDK's own AWS_ENDPOINT_URL_<SERVICE> variables; error mapping with mocked clients.
import { AppSyncClient, GetGraphqlApiCommand, ListGraphqlApisCommand } from '@aws-sdk/client-appsync';
import { APIGatewayClient, GetRestApiCommand } from '@aws-sdk/client-api-gateway';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AWS_ERROR_METADATA, useIsolatedAwsEnvironment, userErrorOf } from '../../test/support/aws-unit-env.js';
import { startIdentityIamStub, type IdentityIamStub } from '../../test/support/identity-iam-stub.js';
import { DEMO_IDS, demoWorld } from '../../test/support/world.js';
import { AppSyncApis } from './appsync-apis.js';
import { createApiGatewayClient, createApiGatewayV2Client, createAppSyncClient } from './clients.js';
import { HttpApis } from './http-apis.js';
import { RestApis } from './rest-apis.js';

const REGION = 'us-east-1';
const BULK = 60;

useIsolatedAwsEnvironment('api-discovery');

describe('API discovery against the loopback stub', () => {
  let stub: IdentityIamStub;

  beforeAll(async () => {
    const world = demoWorld();
    for (let n = 0; n < BULK; n += 1) {
      world.graphqlApis?.push({ apiId: `bulkgql${n}`, name: `bulk-${n}`, authenticationType: 'API_KEY' });
    }
    stub = await startIdentityIamStub(world);
  });

  afterAll(async () => {
    await stub?.stop();
  });

  beforeEach(() => {
    stub.resetCalls();
    vi.stubEnv('AWS_ENDPOINT_URL_APPSYNC', stub.endpoint);
    vi.stubEnv('AWS_ENDPOINT_URL_API_GATEWAY', stub.endpoint);
    vi.stubEnv('AWS_ENDPOINT_URL_APIGATEWAYV2', stub.endpoint);
  });

  const appsync = async (region = REGION) => new AppSyncApis(await createAppSyncClient({ region, maxAttempts: 1 }), region);
  const rest = async (region = REGION) => new RestApis(await createApiGatewayClient({ region, maxAttempts: 1 }), region);
  const http = async (region = REGION) => new HttpApis(await createApiGatewayV2Client({ region, maxAttempts: 1 }), region);

  it('lists the GraphQL APIs of the region page by page, with their authorization modes', async () => {
    const apis = await (await appsync()).listApis();
    expect(apis).toHaveLength(BULK + 1);
    expect(apis.map((api) => api.id)).not.toContain(DEMO_IDS.euGraphqlApiId);
    expect(apis.find((api) => api.id === DEMO_IDS.graphqlApiId)).toMatchObject({
      name: 'acme-graphql',
      region: REGION,
      defaultAuth: { type: 'AMAZON_COGNITO_USER_POOLS', userPool: { userPoolId: DEMO_IDS.userPoolId, awsRegion: REGION, defaultAction: 'ALLOW' } },
      additionalAuth: [{ type: 'AWS_IAM' }, { type: 'API_KEY' }],
    });
    expect(stub.calls.map((call) => [call.service, call.operation, call.params.maxResults, call.params.nextToken !== undefined])).toEqual([
      ['appsync', 'ListGraphqlApis', '25', false],
      ['appsync', 'ListGraphqlApis', '25', true],
      ['appsync', 'ListGraphqlApis', '25', true],
    ]);
  });

  it('describes a GraphQL API by id, reading its API keys because it accepts them; another region has its own', async () => {
    const api = await (await appsync()).describeApi(DEMO_IDS.graphqlApiId);
    expect(api?.graphqlUrl).toBe(`https://${DEMO_IDS.graphqlApiId}.appsync-api.us-east-1.amazonaws.com/graphql`);
    expect(api?.apiKeys).toEqual([{ id: DEMO_IDS.graphqlApiKey, expires: 4_102_444_800 }]);
    expect(stub.calls.map((call) => call.operation)).toEqual(['GetGraphqlApi', 'ListApiKeys']);
    await expect((await appsync()).describeApi(DEMO_IDS.euGraphqlApiId)).resolves.toBeUndefined();
    const eu = await (await appsync('eu-west-1')).describeApi(DEMO_IDS.euGraphqlApiId);
    expect(eu).toMatchObject({ region: 'eu-west-1', defaultAuth: { type: 'AWS_IAM' } });
    expect(eu?.apiKeys).toBeUndefined();
  });

  it('lists REST APIs and describes one: stages, authorizers and every method but OPTIONS, in three calls plus one per 500 resources', async () => {
    const listed = await (await rest()).listApis();
    expect(listed.map((api) => api.id).sort()).toEqual([DEMO_IDS.restApiId, DEMO_IDS.legacyRestApiId].sort());
    stub.resetCalls();
    const api = await (await rest()).describeApi(DEMO_IDS.restApiId);
    expect(api).toMatchObject({
      kind: 'rest',
      name: 'acme-shop-api',
      endpointTypes: ['REGIONAL'],
      disableExecuteApiEndpoint: false,
      stages: [{ name: 'dev', deployed: true }, { name: 'prod', deployed: true }],
      authorizers: [{ id: 'cog1', type: 'COGNITO_USER_POOLS', providerArns: [`arn:aws:cognito-idp:us-east-1:123456789012:userpool/${DEMO_IDS.userPoolId}`] }],
    });
    expect(api?.routes.map((route) => `${route.routeKey} ${route.authorizationType}`).sort()).toEqual([
      'DELETE /items/{id} AWS_IAM',
      'GET /health NONE',
      'GET /items AWS_IAM',
      'GET /items/{id} AWS_IAM',
      'GET /orders COGNITO_USER_POOLS',
      'GET /public/catalog AWS_IAM',
      'POST /items AWS_IAM',
    ]);
    expect(stub.calls.map((call) => call.operation).sort()).toEqual(['GetAuthorizers', 'GetResources', 'GetRestApi', 'GetStages']);
    expect(stub.calls.find((call) => call.operation === 'GetResources')?.params).toMatchObject({ embed: 'methods', limit: '500' });
    await expect((await rest()).describeApi('nosuchapi1')).resolves.toBeUndefined();
  });

  it('describes a listed API without asking for it again (the picker describes every listed REST and HTTP API)', async () => {
    const restReader = await rest();
    const httpReader = await http();
    await restReader.listApis();
    await httpReader.listApis();
    stub.resetCalls();
    await restReader.describeApi(DEMO_IDS.restApiId);
    await httpReader.describeApi(DEMO_IDS.httpApiId);
    expect(stub.calls.map((call) => call.operation).sort()).toEqual(['GetAuthorizers', 'GetAuthorizers', 'GetResources', 'GetRoutes', 'GetStages', 'GetStages']);
  });

  it('reads a resource policy as the JSON text it is', async () => {
    stub.state.restApis.get(DEMO_IDS.restApiId)!.policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*"}]}';
    try {
      const api = await (await rest()).describeApi(DEMO_IDS.restApiId);
      expect(JSON.parse(api?.resourcePolicy ?? '')).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*' }] });
    } finally {
      delete stub.state.restApis.get(DEMO_IDS.restApiId)!.policy;
    }
  });

  it('lists HTTP and WebSocket APIs and describes one: $default stage, JWT authorizer, routes', async () => {
    const listed = await (await http()).listApis();
    expect(listed.map((api) => [api.id, api.protocolType])).toEqual([
      [DEMO_IDS.httpApiId, 'HTTP'],
      [DEMO_IDS.websocketApiId, 'WEBSOCKET'],
    ]);
    const api = await (await http()).describeApi(DEMO_IDS.httpApiId);
    expect(api).toMatchObject({
      kind: 'http',
      apiEndpoint: `https://${DEMO_IDS.httpApiId}.execute-api.us-east-1.amazonaws.com`,
      stages: [{ name: '$default', deployed: true }],
      authorizers: [{ id: 'jwt1', type: 'JWT', issuer: `https://cognito-idp.us-east-1.amazonaws.com/${DEMO_IDS.userPoolId}`, audience: [DEMO_IDS.webClientId, DEMO_IDS.nativeClientId] }],
      routes: [
        { method: 'GET', path: '/profile', authorizationType: 'JWT', authorizerId: 'jwt1' },
        { method: 'ANY', path: '/reports/{proxy+}', authorizationType: 'AWS_IAM' },
      ],
    });
    await expect((await http()).describeApi('nosuchapi1')).resolves.toBeUndefined();
    await expect((await http('eu-west-1')).describeApi(DEMO_IDS.httpApiId)).resolves.toBeUndefined();
  });
});

describe('API discovery errors', () => {
  it('names the IAM action and the API when AppSync denies access', async () => {
    const client = new AppSyncClient({ region: REGION });
    const mock = mockClient(client);
    mock.on(GetGraphqlApiCommand).rejects(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException', $metadata: AWS_ERROR_METADATA, $fault: 'client' }));
    const error = await userErrorOf(new AppSyncApis(client, REGION).describeApi('abc'));
    expect(error.kind).toBe('AwsAccessDenied');
    expect(error.message).toContain('appsync:GetGraphqlApi on AppSync API abc (us-east-1)');
    mock.on(ListGraphqlApisCommand).rejects(Object.assign(new Error('slow down'), { name: 'TooManyRequestsException', $metadata: AWS_ERROR_METADATA, $fault: 'client' }));
    expect((await userErrorOf(new AppSyncApis(client, REGION).listApis())).kind).toBe('AwsThrottled');
  });

  it('names apigateway:GET and the resource ARN when API Gateway denies access', async () => {
    const client = new APIGatewayClient({ region: REGION });
    mockClient(client).on(GetRestApiCommand).rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException', $metadata: AWS_ERROR_METADATA, $fault: 'client' }));
    const error = await userErrorOf(new RestApis(client, REGION).describeApi('a1b2c3d4e5'));
    expect(error.message).toContain('apigateway:GET on arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5');
  });
});
