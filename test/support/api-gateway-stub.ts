// The API Gateway REST API (v1) part of the loopback stub (REST + JSON): GetRestApis, GetRestApi, GetStages,
// GetAuthorizers and GetResources (with embed=methods), answered as API Gateway does: list bodies under "item",
// pages by "position", at most 500 per page, NotFoundException for an unknown id, regional.

import { createHash } from 'node:crypto';
import type { StubHttpRequest, StubHttpResponse, StubOperation } from './identity-iam-stub.js';
import { jsonResponse, pageFrom, restJsonError } from './wire-format.js';
import type { SeedRestApi, World } from './world.js';

const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 25;
const CREATED = 1705312800;

export function apiGatewayService(world: World, apis: Map<string, SeedRestApi>): (request: StubHttpRequest) => StubOperation {
  const visible = (region: string | undefined) => [...apis.values()].filter((api) => region === undefined || (api.region ?? world.region) === region);

  function restApi(api: SeedRestApi): object {
    return {
      id: api.id,
      name: api.name,
      createdDate: CREATED,
      apiKeySource: 'HEADER',
      endpointConfiguration: { types: api.endpointTypes ?? ['REGIONAL'] },
      ...(api.policy ? { policy: api.policy.replace(/"/g, '\\"') } : {}),
      disableExecuteApiEndpoint: api.disableExecuteApiEndpoint ?? false,
      rootResourceId: resourceId(api.id, '/'),
    };
  }

  /** Every path of every method, and each of its parents, as API Gateway's resource tree holds them. */
  function resources(api: SeedRestApi, embedMethods: boolean): object[] {
    const paths = new Set<string>(['/']);
    for (const method of api.methods) {
      const segments = method.path.split('/').filter(Boolean);
      segments.forEach((_, index) => paths.add(`/${segments.slice(0, index + 1).join('/')}`));
    }
    return [...paths].sort().map((path) => {
      const methods = api.methods.filter((method) => method.path === path);
      const parent = path === '/' ? undefined : path.slice(0, path.lastIndexOf('/')) || '/';
      return {
        id: resourceId(api.id, path),
        ...(parent ? { parentId: resourceId(api.id, parent), pathPart: path.slice(path.lastIndexOf('/') + 1) } : {}),
        path,
        ...(methods.length > 0
          ? {
              resourceMethods: Object.fromEntries(
                methods.map((method) => [
                  method.httpMethod,
                  // Without embed=methods API Gateway lists the verbs only.
                  embedMethods
                    ? {
                        httpMethod: method.httpMethod,
                        authorizationType: method.authorizationType,
                        ...(method.authorizerId ? { authorizerId: method.authorizerId } : {}),
                        ...(method.authorizationScopes ? { authorizationScopes: method.authorizationScopes } : {}),
                        apiKeyRequired: method.apiKeyRequired ?? false,
                      }
                    : {},
                ]),
              ),
            }
          : {}),
      };
    });
  }

  function listed(operation: string, params: Record<string, unknown>, items: object[], query: URLSearchParams, scope: string): StubOperation {
    const limit = query.has('limit') ? Number(query.get('limit')) : DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      return { operation, params, response: restJsonError(400, 'BadRequestException', `1 validation error detected: Value '${query.get('limit')}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 500`) };
    }
    const page = pageFrom(items, query.get('position'), limit, scope);
    if (!page) return { operation, params, response: restJsonError(400, 'BadRequestException', 'Invalid position parameter') };
    return { operation, params, response: jsonResponse(200, { item: page.items, ...(page.next ? { position: page.next } : {}) }) };
  }

  return (request) => {
    const segments = request.url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const query = request.url.searchParams;
    const params = Object.fromEntries(query);
    if (request.method !== 'GET' || segments[0] !== 'restapis') return unknown(request);
    if (segments.length === 1) return listed('GetRestApis', params, visible(request.region).map(restApi), query, `restapis ${request.region}`);

    const restApiId = segments[1] as string;
    const api = visible(request.region).find((candidate) => candidate.id === restApiId);
    const what = segments[2];
    const operation = { undefined: 'GetRestApi', stages: 'GetStages', authorizers: 'GetAuthorizers', resources: 'GetResources' }[String(what)];
    if (operation === undefined || segments.length > 3) return unknown(request);
    const withId = { restApiId, ...params };
    if (!api) return { operation, params: withId, response: notFound(restApiId, world.accountId) };
    switch (what) {
      case undefined:
        return { operation, params: withId, response: jsonResponse(200, restApi(api)) };
      case 'stages':
        return {
          operation,
          params: withId,
          response: jsonResponse(200, {
            item: api.stages.map((stageName) => ({ stageName, deploymentId: resourceId(api.id, `deployment ${stageName}`), createdDate: CREATED, lastUpdatedDate: CREATED })),
          }),
        };
      case 'authorizers':
        return listed(operation, withId, (api.authorizers ?? []).map((authorizer) => ({
          ...authorizer,
          identitySource: 'method.request.header.Authorization',
          ...(authorizer.type === 'COGNITO_USER_POOLS' ? {} : { authorizerUri: `arn:aws:apigateway:${api.region ?? world.region}:lambda:path/2015-03-31/functions/authorizer/invocations` }),
        })), query, `authorizers ${api.id}`);
      default:
        return listed(operation, withId, resources(api, query.getAll('embed').includes('methods')), query, `resources ${api.id}`);
    }
  };
}

/** Stable 10-character ids, like API Gateway's. */
function resourceId(apiId: string, path: string): string {
  return createHash('sha256').update(`${apiId} ${path}`).digest('hex').slice(0, 10);
}

function notFound(restApiId: string, accountId: string): StubHttpResponse {
  return restJsonError(404, 'NotFoundException', `Invalid API identifier specified ${accountId}:${restApiId}`);
}

function unknown(request: StubHttpRequest): StubOperation {
  const operation = `${request.method} ${request.url.pathname}`;
  return { operation, params: {}, response: restJsonError(400, 'BadRequestException', `The API Gateway stub does not implement ${operation}.`) };
}
