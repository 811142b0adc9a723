// Read-only access to a region's API Gateway HTTP APIs (v2): list them for the picker, and describe one with its
// stages, authorizers and routes. APIs are never created or changed by mycli.

import {
  GetApiCommand,
  GetApisCommand,
  GetAuthorizersCommand,
  GetRoutesCommand,
  GetStagesCommand,
  type Api,
  type ApiGatewayV2Client,
  type Route,
} from '@aws-sdk/client-apigatewayv2';
import type { ApiRoute, ApiSummary, GatewayApiDetails } from '../core/api-model.js';
import { apiGatewayRead, isApiGatewayNotFound } from './api-gateway-calls.js';
import { collectPages } from './pagination.js';

/** v2 takes page sizes as strings. */
const PAGE_SIZE = '500';

export class HttpApis {
  /** What the listing said of each API: describing a listed API needs no GetApi. */
  private readonly listed = new Map<string, Api>();

  constructor(
    private readonly apigateway: ApiGatewayV2Client,
    readonly region: string,
  ) {}

  /** HTTP and WebSocket APIs alike: the picker leaves WebSocket APIs out, a named one is refused by the checks. */
  async listApis(): Promise<Array<ApiSummary & { protocolType?: string }>> {
    return collectPages(async (nextToken) => {
      const page = await this.read('/apis', () => this.apigateway.send(new GetApisCommand({ MaxResults: PAGE_SIZE, NextToken: nextToken })));
      const items = (page.Items ?? []).flatMap((api) => {
        if (!api.ApiId) return [];
        this.listed.set(api.ApiId, api);
        return [{ kind: 'http' as const, id: api.ApiId, name: api.Name ?? api.ApiId, protocolType: api.ProtocolType }];
      });
      return { items, nextToken: page.NextToken };
    });
  }

  /** Undefined when the region has no HTTP API with this id (or it was deleted while being described). */
  async describeApi(apiId: string): Promise<GatewayApiDetails | undefined> {
    const base = `/apis/${apiId}`;
    try {
      const api = this.listed.get(apiId) ?? (await this.read(base, () => this.apigateway.send(new GetApiCommand({ ApiId: apiId }))));
      const [stages, authorizers, routes] = await Promise.all([
        this.pages(`${base}/stages`, (NextToken) => this.apigateway.send(new GetStagesCommand({ ApiId: apiId, MaxResults: PAGE_SIZE, NextToken }))),
        this.pages(`${base}/authorizers`, (NextToken) => this.apigateway.send(new GetAuthorizersCommand({ ApiId: apiId, MaxResults: PAGE_SIZE, NextToken }))),
        this.pages(`${base}/routes`, (NextToken) => this.apigateway.send(new GetRoutesCommand({ ApiId: apiId, MaxResults: PAGE_SIZE, NextToken }))),
      ]);
      return {
        kind: 'http',
        id: api.ApiId ?? apiId,
        name: api.Name ?? apiId,
        region: this.region,
        endpointTypes: [],
        disableExecuteApiEndpoint: api.DisableExecuteApiEndpoint === true,
        apiEndpoint: api.ApiEndpoint,
        protocolType: api.ProtocolType,
        stages: stages.flatMap((stage) =>
          stage.StageName ? [{ name: stage.StageName, deployed: Boolean(stage.DeploymentId) || stage.AutoDeploy === true }] : [],
        ),
        authorizers: authorizers.map((authorizer) => ({
          id: authorizer.AuthorizerId ?? '',
          name: authorizer.Name ?? authorizer.AuthorizerId ?? '',
          type: authorizer.AuthorizerType ?? 'UNKNOWN',
          providerArns: [],
          ...(authorizer.JwtConfiguration?.Issuer ? { issuer: authorizer.JwtConfiguration.Issuer } : {}),
          audience: authorizer.JwtConfiguration?.Audience ?? [],
        })),
        routes: routes.map(toRoute),
      };
    } catch (error) {
      if (isApiGatewayNotFound(error)) return undefined;
      throw error;
    }
  }

  private async pages<T>(path: string, fetch: (nextToken: string | undefined) => Promise<{ Items?: T[]; NextToken?: string }>): Promise<T[]> {
    return collectPages(async (nextToken) => {
      const page = await this.read(path, () => fetch(nextToken));
      return { items: page.Items ?? [], nextToken: page.NextToken };
    });
  }

  private read<T>(path: string, request: () => Promise<T>): Promise<T> {
    return apiGatewayRead(this.region, path, request);
  }
}

/** `GET /items/{id}` → GET on /items/{id}; `ANY /…` keeps ANY; `$default` catches every method and path. */
function toRoute(route: Route): ApiRoute {
  const routeKey = route.RouteKey ?? '$default';
  const space = routeKey.indexOf(' ');
  const [method, path] = space > 0 ? [routeKey.slice(0, space), routeKey.slice(space + 1)] : ['*', '*'];
  return {
    method,
    path,
    routeKey,
    authorizationType: route.AuthorizationType ?? 'NONE',
    ...(route.AuthorizerId ? { authorizerId: route.AuthorizerId } : {}),
    authorizationScopes: route.AuthorizationScopes ?? [],
    apiKeyRequired: route.ApiKeyRequired === true,
  };
}

