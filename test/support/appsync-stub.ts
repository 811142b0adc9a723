// The AppSync part of the loopback stub (REST + JSON): ListGraphqlApis, GetGraphqlApi and ListApiKeys, answered the way
// AppSync answers them (regional, 25 per page at most, NotFoundException for an unknown id).

import type { StubHttpRequest, StubHttpResponse, StubOperation } from './identity-iam-stub.js';
import { jsonResponse, pageFrom, restJsonError } from './wire-format.js';
import type { SeedGraphqlApi, World } from './world.js';

const MAX_RESULTS = 25;

/** The GraphQL URL the stub gives an API; the API stub's GraphQL endpoint serves it (graphql-endpoint.ts). */
export function graphqlUrlOf(api: SeedGraphqlApi, world: World): string {
  return `https://${api.apiId}.appsync-api.${api.region ?? world.region}.amazonaws.com/graphql`;
}

export function appsyncService(world: World, apis: Map<string, SeedGraphqlApi>): (request: StubHttpRequest) => StubOperation {
  const regionOf = (api: SeedGraphqlApi) => api.region ?? world.region;
  const visible = (region: string | undefined) => [...apis.values()].filter((api) => region === undefined || regionOf(api) === region);

  function graphqlApi(api: SeedGraphqlApi): object {
    const region = regionOf(api);
    const { apiKeys: _keys, region: _region, ...fields } = api;
    return {
      ...fields,
      arn: `arn:aws:appsync:${region}:${world.accountId}:apis/${api.apiId}`,
      uris: { GRAPHQL: graphqlUrlOf(api, world), REALTIME: `wss://${api.apiId}.appsync-realtime-api.${region}.amazonaws.com/graphql` },
      xrayEnabled: false,
      visibility: api.visibility ?? 'GLOBAL',
      apiType: 'GRAPHQL',
      owner: world.accountId,
      introspectionConfig: 'ENABLED',
    };
  }

  function page<T>(items: T[], query: URLSearchParams, scope: string): { items: T[]; next?: string } | StubHttpResponse {
    const maxResults = query.has('maxResults') ? Number(query.get('maxResults')) : MAX_RESULTS;
    if (!Number.isInteger(maxResults) || maxResults < 0 || maxResults > MAX_RESULTS) {
      return restJsonError(400, 'BadRequestException', `1 validation error detected: Value '${query.get('maxResults')}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 25`);
    }
    return pageFrom(items, query.get('nextToken'), maxResults || MAX_RESULTS, scope) ?? restJsonError(400, 'BadRequestException', 'Invalid pagination token specified.');
  }

  return (request) => {
    const segments = request.url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const query = request.url.searchParams;
    if (request.method === 'GET' && segments.length === 2 && segments[0] === 'v1' && segments[1] === 'apis') {
      const params = Object.fromEntries(query);
      const listed = page(visible(request.region), query, `graphql-apis ${request.region}`);
      if ('status' in listed) return { operation: 'ListGraphqlApis', params, response: listed };
      return { operation: 'ListGraphqlApis', params, response: jsonResponse(200, { graphqlApis: listed.items.map(graphqlApi), ...(listed.next ? { nextToken: listed.next } : {}) }) };
    }
    const apiId = segments[0] === 'v1' && segments[1] === 'apis' ? segments[2] : undefined;
    const api = apiId === undefined ? undefined : visible(request.region).find((candidate) => candidate.apiId === apiId);
    if (request.method === 'GET' && apiId !== undefined && segments.length === 3) {
      const response = api ? jsonResponse(200, { graphqlApi: graphqlApi(api) }) : notFound(apiId);
      return { operation: 'GetGraphqlApi', params: { apiId }, response };
    }
    if (request.method === 'GET' && apiId !== undefined && segments.length === 4 && segments[3] === 'apikeys') {
      const params = { apiId, ...Object.fromEntries(query) };
      if (!api) return { operation: 'ListApiKeys', params, response: notFound(apiId) };
      const keys = (api.apiKeys ?? []).map((key) => ({ id: key.id, description: null, expires: key.expires, deletes: key.expires + 60 * 24 * 3600 }));
      const listed = page(keys, query, `api-keys ${apiId}`);
      if ('status' in listed) return { operation: 'ListApiKeys', params, response: listed };
      return { operation: 'ListApiKeys', params, response: jsonResponse(200, { apiKeys: listed.items, ...(listed.next ? { nextToken: listed.next } : {}) }) };
    }
    const operation = `${request.method} ${request.url.pathname}`;
    return { operation, params: {}, response: restJsonError(400, 'BadRequestException', `The AppSync stub does not implement ${operation}.`) };
  };
}

function notFound(apiId: string): StubHttpResponse {
  return restJsonError(404, 'NotFoundException', `GraphQL API ${apiId} not found.`);
}
