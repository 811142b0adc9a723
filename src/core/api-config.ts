// The API part of the resolved client config, from the amplify-meta outputs of the imported APIs, and its keys in each
// format: Gen 1 JavaScript (`aws_appsync_*`, `aws_cloud_logic_custom`), Gen 1 native (`api.plugins.awsAPIPlugin.<name>`,
// also inside Flutter's Dart file) and Gen 2 (`data`, `custom.API.<name>`). Unlike Gen 1, entries someone added by hand
// under other names are kept, and the region written is the API's own: aws-amplify signs for it, and an API may live
// in another region than the project.

import type { ApiTypeName, ImportedApiOutput } from './api-records.js';

type JsonObject = Record<string, unknown>;

export interface ResolvedGraphqlApi {
  name: string;
  endpoint: string;
  region: string;
  /** The mode the app calls it with. */
  authorizationType: string;
  /** The API's other modes. */
  additionalAuthorizationTypes: string[];
  /** Only with --api-key. */
  apiKey?: string;
}

export interface ResolvedRestApi {
  /** The name the app passes as `apiName`. */
  name: string;
  /** The stage's invoke URL, no trailing slash (aws-amplify appends the path as it is given). */
  endpoint: string;
  region: string;
  /** How the app reaches it: AWS_IAM, AMAZON_COGNITO_USER_POOLS or NONE (native configs' `authorizationType`). */
  authorizationType: string;
}

export interface ResolvedApis {
  /** mycli's GraphQL API; null: it was just removed, so its keys go; undefined: GraphQL keys another tool wrote stay. */
  graphql?: ResolvedGraphqlApi | null;
  rest: ResolvedRestApi[];
  /** REST/HTTP APIs just removed: their entries go. Entries of any other name are not mycli's and stay. */
  removedRest: string[];
}

export interface RemovedApi {
  name: string;
  apiType: ApiTypeName;
}

/** AppSync's modes, as amplify_outputs.json accepts them. */
const APPSYNC_AUTHORIZATION_TYPES = new Set(['AMAZON_COGNITO_USER_POOLS', 'API_KEY', 'AWS_IAM', 'AWS_LAMBDA', 'OPENID_CONNECT']);

/** Undefined when the project has no API of mycli's and none was just removed: every API key stays as it is. */
export function resolveApis(outputs: ImportedApiOutput[], removed?: RemovedApi): ResolvedApis | undefined {
  if (outputs.length === 0 && removed === undefined) return undefined;
  const graphqlOutput = outputs.find((output) => output.ApiType === 'GraphQL' && output.GraphQLAPIEndpointOutput !== undefined && output.AuthenticationType !== undefined);
  const graphql: ResolvedGraphqlApi | null | undefined = graphqlOutput
    ? {
        name: graphqlOutput.ApiName,
        endpoint: graphqlOutput.GraphQLAPIEndpointOutput as string,
        region: graphqlOutput.Region,
        authorizationType: graphqlOutput.AuthenticationType as string,
        additionalAuthorizationTypes: graphqlOutput.AdditionalAuthenticationTypes ?? [],
        ...(graphqlOutput.GraphQLAPIKeyOutput === undefined ? {} : { apiKey: graphqlOutput.GraphQLAPIKeyOutput }),
      }
    : removed?.apiType === 'GraphQL'
      ? null
      : undefined;
  const rest = outputs
    .filter((output) => output.ApiType !== 'GraphQL' && output.RootUrl !== undefined)
    .map((output) => ({ name: output.ApiName, endpoint: output.RootUrl as string, region: output.Region, authorizationType: output.AuthenticationType ?? 'AWS_IAM' }));
  return { ...(graphql === undefined ? {} : { graphql }), rest, removedRest: removed && removed.apiType !== 'GraphQL' ? [removed.name] : [] };
}

// ---------- Gen 1 JavaScript ----------

export const GEN1_JS_GRAPHQL_KEYS: readonly string[] = ['aws_appsync_graphqlEndpoint', 'aws_appsync_region', 'aws_appsync_authenticationType', 'aws_appsync_apiKey'];
const REST_KEY = 'aws_cloud_logic_custom';

/**
 * The flat object with mycli's API keys set where they were (GraphQL's at its first key, aws_cloud_logic_custom in its
 * place; at the end when new), others kept: rewriting a file never moves its keys.
 */
export function gen1JsApis(flat: JsonObject, apis: ResolvedApis): JsonObject {
  const ownsGraphql = apis.graphql !== undefined;
  const logic = [...keptEntries(flat[REST_KEY], apis), ...apis.rest.map(({ name, endpoint, region }) => ({ name, endpoint, region }))];
  const graphqlEntries: Array<[string, unknown]> = apis.graphql
    ? [
        ['aws_appsync_graphqlEndpoint', apis.graphql.endpoint],
        ['aws_appsync_region', apis.graphql.region],
        ['aws_appsync_authenticationType', apis.graphql.authorizationType],
        ...(apis.graphql.apiKey === undefined ? [] : [['aws_appsync_apiKey', apis.graphql.apiKey] as [string, unknown]]),
      ]
    : [];
  let graphqlPlaced = false;
  const entries: Array<[string, unknown]> = Object.entries(flat).flatMap(([key, value]): Array<[string, unknown]> => {
    if (ownsGraphql && GEN1_JS_GRAPHQL_KEYS.includes(key)) {
      if (graphqlPlaced) return [];
      graphqlPlaced = true;
      return graphqlEntries;
    }
    if (key === REST_KEY) return logic.length > 0 ? [[key, logic]] : [];
    return [[key, value]];
  });
  if (!graphqlPlaced) entries.push(...graphqlEntries);
  if (logic.length > 0 && !(REST_KEY in flat)) entries.push([REST_KEY, logic]);
  // fromEntries defines own properties, so even a `__proto__` key read from JSON stays plain data.
  return Object.fromEntries(entries);
}

// ---------- Gen 1 native (amplifyconfiguration.json, amplifyconfiguration.dart) ----------

/** The `api` category: mycli's APIs under awsAPIPlugin, other tools' entries kept; undefined when none is left. */
export function nativeApiCategory(existing: unknown, apis: ResolvedApis): JsonObject | undefined {
  const category = isObject(existing) ? existing : {};
  const plugins = isObject(category['plugins']) ? category['plugins'] : {};
  const plugin = isObject(plugins['awsAPIPlugin']) ? plugins['awsAPIPlugin'] : {};
  const ours = new Set([...apis.rest.map((api) => api.name), ...apis.removedRest, ...(apis.graphql ? [apis.graphql.name] : [])]);
  // A GraphQL entry another tool wrote is replaced only when mycli writes its own GraphQL API (one per project) or removed it.
  const keep = ([name, entry]: [string, unknown]) => !ours.has(name) && !(apis.graphql !== undefined && isObject(entry) && entry['endpointType'] === 'GraphQL');
  const entries: Array<[string, unknown]> = Object.entries(plugin).filter(keep);
  if (apis.graphql) {
    const { name, endpoint, region, authorizationType, apiKey } = apis.graphql;
    entries.push([name, { endpointType: 'GraphQL', endpoint, region, authorizationType, ...(apiKey === undefined ? {} : { apiKey }) }]);
  }
  for (const { name, endpoint, region, authorizationType } of apis.rest) entries.push([name, { endpointType: 'REST', endpoint, region, authorizationType }]);
  if (entries.length === 0) return undefined;
  return { ...category, plugins: { ...plugins, awsAPIPlugin: Object.fromEntries(entries) } };
}

// ---------- Gen 2 (amplify_outputs.json, amplify_outputs.dart) ----------

/** `data`; undefined without mycli's GraphQL API (then `data` is left as it is, unless the API was just removed). */
export function amplifyOutputsData(apis: ResolvedApis): JsonObject | undefined {
  const { graphql } = apis;
  if (!graphql) return undefined;
  const others = [...new Set(graphql.additionalAuthorizationTypes.filter((type) => APPSYNC_AUTHORIZATION_TYPES.has(type) && type !== graphql.authorizationType))];
  return {
    url: graphql.endpoint,
    aws_region: graphql.region,
    ...(graphql.apiKey === undefined ? {} : { api_key: graphql.apiKey }),
    default_authorization_type: graphql.authorizationType,
    authorization_types: others,
  };
}

/**
 * `custom` with mycli's REST/HTTP APIs under `custom.API` (what the Gen 2 docs hand to Amplify.configure as API.REST),
 * every other key kept; undefined when nothing is left in it.
 */
export function amplifyOutputsCustom(existing: unknown, apis: ResolvedApis): JsonObject | undefined {
  const custom = isObject(existing) ? existing : {};
  const api = isObject(custom['API']) ? custom['API'] : {};
  const ours = new Set([...apis.rest.map((entry) => entry.name), ...apis.removedRest]);
  const entries: Array<[string, unknown]> = [
    ...Object.entries(api).filter(([name]) => !ours.has(name)),
    ...apis.rest.map(({ name, endpoint, region }): [string, unknown] => [name, { endpoint, region, apiName: name }]),
  ];
  const rest = Object.entries(custom).filter(([key]) => key !== 'API');
  const result = Object.fromEntries(entries.length > 0 ? [...rest, ['API', Object.fromEntries(entries)]] : rest);
  return Object.keys(result).length > 0 ? result : undefined;
}

/** aws_cloud_logic_custom entries that are not mycli's. A value that is not a list is left to the file schema to refuse. */
function keptEntries(value: unknown, apis: ResolvedApis): unknown[] {
  const ours = new Set([...apis.rest.map((api) => api.name), ...apis.removedRest]);
  return Array.isArray(value) ? value.filter((entry) => !(isObject(entry) && typeof entry['name'] === 'string' && ours.has(entry['name']))) : [];
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
