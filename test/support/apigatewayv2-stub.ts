// The API Gateway HTTP API (v2) part of the loopback stub (REST + JSON, camelCase on the wire): GetApis, GetApi,
// GetAuthorizers, GetRoutes and GetStages, with "items"/"nextToken" pages and NotFoundException, regional.

import { createHash } from 'node:crypto';
import type { StubHttpRequest, StubHttpResponse, StubOperation } from './identity-iam-stub.js';
import { jsonResponse, pageFrom, restJsonError } from './wire-format.js';
import type { SeedHttpApi, World } from './world.js';

const DEFAULT_PAGE = 25;
const MAX_PAGE = 500;
const CREATED = '2024-01-15T10:00:00Z';

/** The execute-api endpoint of an HTTP API, as GetApi reports it. */
export function httpApiEndpoint(api: SeedHttpApi, world: World): string {
  return `https://${api.apiId}.execute-api.${api.region ?? world.region}.amazonaws.com`;
}

export function apiGatewayV2Service(world: World, apis: Map<string, SeedHttpApi>): (request: StubHttpRequest) => StubOperation {
  const visible = (region: string | undefined) => [...apis.values()].filter((api) => region === undefined || (api.region ?? world.region) === region);

  function apiObject(api: SeedHttpApi): object {
    const protocolType = api.protocolType ?? 'HTTP';
    return {
      apiId: api.apiId,
      name: api.name,
      protocolType,
      apiEndpoint: protocolType === 'WEBSOCKET' ? `wss://${api.apiId}.execute-api.${api.region ?? world.region}.amazonaws.com` : httpApiEndpoint(api, world),
      apiKeySelectionExpression: '$request.header.x-api-key',
      routeSelectionExpression: protocolType === 'WEBSOCKET' ? '$request.body.action' : '$request.method $request.path',
      createdDate: CREATED,
      disableExecuteApiEndpoint: api.disableExecuteApiEndpoint ?? false,
      tags: {},
    };
  }

  function listed(operation: string, params: Record<string, unknown>, items: object[], query: URLSearchParams, scope: string): StubOperation {
    const size = query.has('maxResults') ? Number(query.get('maxResults')) : DEFAULT_PAGE;
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) {
      return { operation, params, response: restJsonError(400, 'BadRequestException', 'maxResults must be an integer between 1 and 500.') };
    }
    const page = pageFrom(items, query.get('nextToken'), size, scope);
    if (!page) return { operation, params, response: restJsonError(400, 'BadRequestException', 'The nextToken is invalid.') };
    return { operation, params, response: jsonResponse(200, { items: page.items, ...(page.next ? { nextToken: page.next } : {}) }) };
  }

  return (request) => {
    const segments = request.url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const query = request.url.searchParams;
    const params = Object.fromEntries(query);
    if (request.method !== 'GET' || segments[0] !== 'v2' || segments[1] !== 'apis') return unknown(request);
    if (segments.length === 2) return listed('GetApis', params, visible(request.region).map(apiObject), query, `apis ${request.region}`);

    const apiId = segments[2] as string;
    const what = segments[3];
    const operation = { undefined: 'GetApi', authorizers: 'GetAuthorizers', routes: 'GetRoutes', stages: 'GetStages' }[String(what)];
    if (operation === undefined || segments.length > 4) return unknown(request);
    const withId = { ApiId: apiId, ...params };
    const api = visible(request.region).find((candidate) => candidate.apiId === apiId);
    if (!api) return { operation, params: withId, response: notFound(apiId) };
    switch (what) {
      case undefined:
        return { operation, params: withId, response: jsonResponse(200, apiObject(api)) };
      case 'authorizers':
        return listed(operation, withId, (api.authorizers ?? []).map((authorizer) => ({
          ...authorizer,
          identitySource: ['$request.header.Authorization'],
          ...(authorizer.authorizerType === 'REQUEST' ? { authorizerPayloadFormatVersion: '2.0', authorizerUri: 'arn:aws:lambda:authorizer' } : {}),
        })), query, `authorizers ${apiId}`);
      case 'routes':
        return listed(operation, withId, api.routes.map((route) => ({
          routeId: stableId(`${apiId} ${route.routeKey}`),
          apiKeyRequired: false,
          authorizationScopes: route.authorizationScopes ?? [],
          ...route,
          target: `integrations/${stableId(`${apiId} integration`)}`,
        })), query, `routes ${apiId}`);
      default:
        return listed(operation, withId, api.stages.map((stage) => ({ ...stage, autoDeploy: stage.autoDeploy ?? false, createdDate: CREATED, lastUpdatedDate: CREATED, defaultRouteSettings: { detailedMetricsEnabled: false } })), query, `stages ${apiId}`);
    }
  };
}

function stableId(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 7);
}

function notFound(apiId: string): StubHttpResponse {
  return restJsonError(404, 'NotFoundException', `Invalid API identifier specified ${apiId}`);
}

function unknown(request: StubHttpRequest): StubOperation {
  const operation = `${request.method} ${request.url.pathname}`;
  return { operation, params: {}, response: restJsonError(400, 'BadRequestException', `The API Gateway v2 stub does not implement ${operation}.`) };
}
