import { describe, expect, it } from 'vitest';
import { expectValidAmplifyOutputs } from '../../test/support/amplify-outputs-validator.js';
import { metaOf, REGION, richCandidate } from '../../test/support/client-config-fixtures.js';
import { amplifyOutputsCustom, gen1JsApis, nativeApiCategory, resolveApis } from './api-config.js';
import type { ApiCheckResult } from './api-findings.js';
import type { GatewayApiDetails, GraphqlApiDetails } from './api-model.js';
import { apiOutput, buildApiRecords, defaultApiResourceName } from './api-records.js';
import { clientConfigFiles, parseClientConfigFile } from './client-config-files.js';
import { renderClientConfigFiles } from './client-config-render.js';
import { frontendSettings } from './frontend-settings.js';
import { resolveClientConfig } from './resolved-client-config.js';

const NOW = 1_800_000_000;
const check = (appAuthorization: string, iamAuthorized = false): ApiCheckResult => ({ findings: [], notes: [], appAuthorization, iamAuthorized, iamOnly: false });

const graphqlApi: GraphqlApiDetails = {
  kind: 'graphql',
  id: 'gqlapi1',
  name: 'shop-graphql',
  region: 'eu-west-1',
  graphqlUrl: 'https://gqlapi1.appsync-api.eu-west-1.amazonaws.com/graphql',
  defaultAuth: { type: 'AMAZON_COGNITO_USER_POOLS', userPool: { userPoolId: 'us-east-1_x' } },
  additionalAuth: [{ type: 'AWS_IAM' }, { type: 'API_KEY' }],
  apiKeys: [
    { id: 'da2-old', expires: NOW - 10 },
    { id: 'da2-long', expires: NOW + 90_000 },
    { id: 'da2-short', expires: NOW + 60 },
  ],
};

const restApi: GatewayApiDetails = {
  kind: 'rest',
  id: 'a1b2c3d4e5',
  name: 'acme-shop-api',
  region: 'us-west-2',
  endpointTypes: ['REGIONAL'],
  disableExecuteApiEndpoint: false,
  stages: [{ name: 'dev', deployed: true }],
  authorizers: [],
  routes: [],
};

const httpApi: GatewayApiDetails = { ...restApi, kind: 'http', id: 'h1t2t3p4a5', name: 'acme http', apiEndpoint: 'https://h1t2t3p4a5.execute-api.us-west-2.amazonaws.com' };

const graphqlOutput = (apiKeyInConfig: boolean) =>
  apiOutput({ api: graphqlApi, resourceName: 'shopgraphql', check: check('AMAZON_COGNITO_USER_POOLS', true), apiKeyInConfig, now: NOW });
const restOutput = apiOutput({ api: restApi, resourceName: 'shopapi', stage: 'dev', check: check('AWS_IAM', true), apiKeyInConfig: false, now: NOW });
const httpDefault = apiOutput({ api: httpApi, resourceName: 'reports', stage: '$default', check: check('AMAZON_COGNITO_USER_POOLS'), apiKeyInConfig: false, now: NOW });
const all = resolveApis([graphqlOutput(true), restOutput, httpDefault])!;

describe('API outputs', () => {
  it('GraphQL: endpoint, the app mode and the other modes; the longest-lived valid key only with --api-key', () => {
    expect(graphqlOutput(false)).toEqual({
      ApiType: 'GraphQL',
      ApiId: 'gqlapi1',
      ApiName: 'shopgraphql',
      AwsApiName: 'shop-graphql',
      Region: 'eu-west-1',
      GraphQLAPIIdOutput: 'gqlapi1',
      GraphQLAPIEndpointOutput: 'https://gqlapi1.appsync-api.eu-west-1.amazonaws.com/graphql',
      AuthenticationType: 'AMAZON_COGNITO_USER_POOLS',
      AdditionalAuthenticationTypes: ['AWS_IAM', 'API_KEY'],
    });
    expect(graphqlOutput(true).GraphQLAPIKeyOutput).toBe('da2-long');
  });

  it('REST: the stage invoke URL; HTTP $default: the API endpoint itself', () => {
    expect(restOutput).toMatchObject({ ApiType: 'REST', Stage: 'dev', RootUrl: 'https://a1b2c3d4e5.execute-api.us-west-2.amazonaws.com/dev', Region: 'us-west-2', AuthenticationType: 'AWS_IAM' });
    expect(httpDefault.RootUrl).toBe('https://h1t2t3p4a5.execute-api.us-west-2.amazonaws.com');
  });
});

describe('API records', () => {
  it('records the Gen 1 entry with dependsOn auth, the choices, and the API per environment', () => {
    const records = buildApiRecords({
      resourceName: 'shopapi',
      authResourceName: 'shop',
      withIdentityPool: true,
      api: restApi,
      stage: 'dev',
      check: check('AWS_IAM', true),
      authAccess: ['read'],
      guestAccess: [],
      paths: ['/items'],
      apiKeyInConfig: true,
      now: NOW,
    });
    expect(records.backendConfigEntry).toEqual({
      service: 'API Gateway',
      serviceType: 'imported',
      providerPlugin: 'awscloudformation',
      dependsOn: [{ category: 'auth', resourceName: 'shop', attributes: ['UserPoolId', 'IdentityPoolId'] }],
    });
    expect(records.parameters).toEqual({ resourceName: 'shopapi', serviceType: 'imported', apiType: 'REST', authAccess: ['read'], guestAccess: [], paths: ['/items'], apiKeyInConfig: false });
    expect(records.envParameters).toEqual({ apiId: 'a1b2c3d4e5', apiName: 'acme-shop-api', region: 'us-west-2', stage: 'dev' });
    expect(records.metaEntry.output).toEqual(restOutput);
  });

  it('derives the resource name from the API name: letters and digits', () => {
    expect(defaultApiResourceName('acme-shop_api.v2')).toBe('acmeshopapiv2');
    expect(defaultApiResourceName('---')).toBe('api');
  });
});

describe('resolving the APIs', () => {
  it('is undefined without APIs (keys of other tools stay), and names a just-removed API', () => {
    expect(resolveApis([])).toBeUndefined();
    expect(resolveApis([], { name: 'gone', apiType: 'GraphQL' })).toEqual({ graphql: null, rest: [], removedRest: [] });
    expect(resolveApis([restOutput], { name: 'old', apiType: 'HTTP' })).toEqual({
      rest: [{ name: 'shopapi', endpoint: restOutput.RootUrl, region: 'us-west-2', authorizationType: 'AWS_IAM' }],
      removedRest: ['old'],
    });
  });
});

describe('Gen 1 JavaScript keys', () => {
  it('writes the GraphQL keys with the API region, and one aws_cloud_logic_custom entry per REST/HTTP API', () => {
    expect(gen1JsApis({ aws_project_region: 'us-east-1', aws_user_pools_id: 'p' }, all)).toEqual({
      aws_project_region: 'us-east-1',
      aws_user_pools_id: 'p',
      aws_appsync_graphqlEndpoint: 'https://gqlapi1.appsync-api.eu-west-1.amazonaws.com/graphql',
      aws_appsync_region: 'eu-west-1',
      aws_appsync_authenticationType: 'AMAZON_COGNITO_USER_POOLS',
      aws_appsync_apiKey: 'da2-long',
      aws_cloud_logic_custom: [
        { name: 'shopapi', endpoint: 'https://a1b2c3d4e5.execute-api.us-west-2.amazonaws.com/dev', region: 'us-west-2' },
        { name: 'reports', endpoint: 'https://h1t2t3p4a5.execute-api.us-west-2.amazonaws.com', region: 'us-west-2' },
      ],
    });
  });

  it('keeps hand-added entries and replaces its own in place; leaves GraphQL keys of another tool alone', () => {
    const handMade = { name: 'legacy', endpoint: 'https://legacy.example.com', region: 'us-east-1' };
    const existing = {
      aws_appsync_graphqlEndpoint: 'https://codegen.example.com/graphql',
      aws_cloud_logic_custom: [handMade, { name: 'shopapi', endpoint: 'https://stale', region: 'x' }],
      custom_key: 1,
    };
    const config = gen1JsApis(existing, resolveApis([restOutput])!);
    expect(Object.keys(config)).toEqual(['aws_appsync_graphqlEndpoint', 'aws_cloud_logic_custom', 'custom_key']);
    expect(config.aws_appsync_graphqlEndpoint).toBe('https://codegen.example.com/graphql');
    expect(config.aws_cloud_logic_custom).toEqual([handMade, { name: 'shopapi', endpoint: restOutput.RootUrl, region: 'us-west-2' }]);
  });

  it('removes exactly the keys of a removed API', () => {
    const withAll = gen1JsApis({ other: true }, resolveApis([graphqlOutput(true), restOutput])!);
    const withoutRest = gen1JsApis(withAll, resolveApis([graphqlOutput(true)], { name: 'shopapi', apiType: 'REST' })!);
    expect(withoutRest).not.toHaveProperty('aws_cloud_logic_custom');
    expect(withoutRest.aws_appsync_apiKey).toBe('da2-long');
    expect(gen1JsApis(withoutRest, resolveApis([], { name: 'shopgraphql', apiType: 'GraphQL' })!)).toEqual({ other: true });
  });
});

describe('Gen 1 native keys', () => {
  it('api.plugins.awsAPIPlugin.<name>: GraphQL with its mode and key, REST with how the app reaches it; other entries kept', () => {
    const existing = { plugins: { awsAPIPlugin: { legacy: { endpointType: 'REST', endpoint: 'https://legacy', region: 'us-east-1', authorizationType: 'NONE' } } } };
    expect(nativeApiCategory(existing, all)).toEqual({
      plugins: {
        awsAPIPlugin: {
          legacy: { endpointType: 'REST', endpoint: 'https://legacy', region: 'us-east-1', authorizationType: 'NONE' },
          shopgraphql: { endpointType: 'GraphQL', endpoint: graphqlApi.graphqlUrl, region: 'eu-west-1', authorizationType: 'AMAZON_COGNITO_USER_POOLS', apiKey: 'da2-long' },
          shopapi: { endpointType: 'REST', endpoint: restOutput.RootUrl, region: 'us-west-2', authorizationType: 'AWS_IAM' },
          reports: { endpointType: 'REST', endpoint: httpDefault.RootUrl, region: 'us-west-2', authorizationType: 'AMAZON_COGNITO_USER_POOLS' },
        },
      },
    });
    expect(nativeApiCategory(undefined, resolveApis([], { name: 'shopapi', apiType: 'REST' })!)).toBeUndefined();
  });
});

describe('Gen 2 keys', () => {
  it('custom.API.<name> with endpoint, region and apiName; other custom keys and API names kept', () => {
    expect(amplifyOutputsCustom({ analyticsTag: 'x', API: { legacy: { endpoint: 'https://legacy' } } }, all)).toEqual({
      analyticsTag: 'x',
      API: {
        legacy: { endpoint: 'https://legacy' },
        shopapi: { endpoint: restOutput.RootUrl, region: 'us-west-2', apiName: 'shopapi' },
        reports: { endpoint: httpDefault.RootUrl, region: 'us-west-2', apiName: 'reports' },
      },
    });
  });
});

describe('every format, from one resolved config', () => {
  const meta = metaOf(richCandidate());
  const render = (frontend: 'javascript' | 'android' | 'ios' | 'flutter', existing = new Map<string, Record<string, unknown>>()) => {
    const { config } = resolveClientConfig({ frontend, projectRegion: REGION, authMeta: meta, apis: [graphqlOutput(true), restOutput, httpDefault] });
    return Object.fromEntries(renderClientConfigFiles(config, clientConfigFiles(frontendSettings({ frontend })), existing).map((file) => [file.path, parseClientConfigFile(file.format, file.content)]));
  };

  it('javascript: aws-exports.js and amplifyconfiguration.json hold the flat keys; amplify_outputs.json data and custom.API, schema-valid', () => {
    const files = render('javascript');
    expect(files['src/aws-exports.js']).toMatchObject({ aws_appsync_region: 'eu-west-1', aws_cloud_logic_custom: [{ name: 'shopapi' }, { name: 'reports' }] });
    expect(files['src/amplifyconfiguration.json']).toEqual(files['src/aws-exports.js']);
    const outputs = files['amplify_outputs.json'];
    expect(outputs).toMatchObject({
      data: {
        url: graphqlApi.graphqlUrl,
        aws_region: 'eu-west-1',
        api_key: 'da2-long',
        default_authorization_type: 'AMAZON_COGNITO_USER_POOLS',
        authorization_types: ['AWS_IAM', 'API_KEY'],
      },
      custom: { API: { shopapi: { endpoint: restOutput.RootUrl, region: 'us-west-2', apiName: 'shopapi' } } },
    });
    expectValidAmplifyOutputs(outputs);
  });

  it('a rewrite moves no key: storage then APIs imported, then written again (push) gives the same bytes', () => {
    const files = clientConfigFiles(frontendSettings({ frontend: 'javascript' }));
    const storage = { bucketName: 'media', region: REGION };
    const write = (apis: Parameters<typeof resolveClientConfig>[0]['apis'], before: Array<{ path: string; format: Parameters<typeof parseClientConfigFile>[0]; content: string }>) =>
      renderClientConfigFiles(
        resolveClientConfig({ frontend: 'javascript', projectRegion: REGION, authMeta: meta, storage, apis }).config,
        files,
        new Map(before.map((file) => [file.path, parseClientConfigFile(file.format, file.content)!])),
      );
    for (const first of [write([], []), []]) {
      const imported = write([graphqlOutput(true), restOutput, httpDefault], first);
      const again = write([graphqlOutput(true), restOutput, httpDefault], imported);
      expect(again.map((file) => file.content)).toEqual(imported.map((file) => file.content));
    }
  });

  it('android, ios and flutter: api.plugins.awsAPIPlugin in amplifyconfiguration (JSON and Dart), data in amplify_outputs', () => {
    for (const [frontend, gen1, gen2] of [
      ['android', 'app/src/main/res/raw/amplifyconfiguration.json', 'app/src/main/res/raw/amplify_outputs.json'],
      ['ios', 'amplifyconfiguration.json', 'amplify_outputs.json'],
      ['flutter', 'lib/amplifyconfiguration.dart', 'lib/amplify_outputs.dart'],
    ] as const) {
      const files = render(frontend);
      expect(Object.keys((files[gen1] as { api: { plugins: { awsAPIPlugin: object } } }).api.plugins.awsAPIPlugin), frontend).toEqual(['shopgraphql', 'shopapi', 'reports']);
      expect(files[gen2], frontend).toHaveProperty('data.url', graphqlApi.graphqlUrl);
      expectValidAmplifyOutputs(files[gen2]);
    }
  });

  it('leaves another tool\'s data block alone while mycli imports no GraphQL API', () => {
    const theirs = { url: 'https://theirs/graphql', aws_region: 'us-east-1', default_authorization_type: 'API_KEY', authorization_types: [] };
    const { config } = resolveClientConfig({ frontend: 'javascript', projectRegion: REGION, authMeta: meta, apis: [restOutput] });
    const files = renderClientConfigFiles(config, clientConfigFiles(frontendSettings({ frontend: 'javascript' })), new Map([['amplify_outputs.json', { data: theirs, version: '1.4' }]]));
    expect(parseClientConfigFile('gen2-json', files[2]!.content)).toHaveProperty('data', theirs);
  });
});
