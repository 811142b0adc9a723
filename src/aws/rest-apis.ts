// Read-only access to a region's API Gateway REST APIs (v1): list them for the picker, and describe one with its
// stages, authorizers and every method's authorization (GetResources with embed=methods, so one call per 500
// resources instead of one per method). APIs are never created or changed by mycli.

import {
  GetAuthorizersCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStagesCommand,
  type APIGatewayClient,
  type Resource,
  type RestApi,
} from '@aws-sdk/client-api-gateway';
import type { ApiAuthorizer, ApiRoute, ApiSummary, GatewayApiDetails } from '../core/api-model.js';
import { apiGatewayRead, isApiGatewayNotFound } from './api-gateway-calls.js';
import { collectPages } from './pagination.js';

const PAGE_SIZE = 500;

export class RestApis {
  /** What the listing said of each API: describing a listed API needs no GetRestApi. */
  private readonly listed = new Map<string, RestApi>();

  constructor(
    private readonly apigateway: APIGatewayClient,
    readonly region: string,
  ) {}

  async listApis(): Promise<ApiSummary[]> {
    return collectPages(async (position) => {
      const page = await this.read('/restapis', () => this.apigateway.send(new GetRestApisCommand({ limit: PAGE_SIZE, position })));
      const items = (page.items ?? []).flatMap((api) => {
        if (!api.id) return [];
        this.listed.set(api.id, api);
        return [{ kind: 'rest' as const, id: api.id, name: api.name ?? api.id }];
      });
      return { items, nextToken: page.position };
    });
  }

  /** Undefined when the region has no REST API with this id (or it was deleted while being described). */
  async describeApi(restApiId: string): Promise<GatewayApiDetails | undefined> {
    const base = `/restapis/${restApiId}`;
    try {
      const api = this.listed.get(restApiId) ?? (await this.read(base, () => this.apigateway.send(new GetRestApiCommand({ restApiId }))));
      const [stages, authorizers, resources] = await Promise.all([
        this.read(`${base}/stages`, () => this.apigateway.send(new GetStagesCommand({ restApiId }))),
        collectPages(async (position) => {
          const page = await this.read(`${base}/authorizers`, () => this.apigateway.send(new GetAuthorizersCommand({ restApiId, limit: PAGE_SIZE, position })));
          return { items: page.items ?? [], nextToken: page.position };
        }),
        collectPages(async (position) => {
          const page = await this.read(`${base}/resources`, () =>
            this.apigateway.send(new GetResourcesCommand({ restApiId, limit: PAGE_SIZE, position, embed: ['methods'] })),
          );
          return { items: page.items ?? [], nextToken: page.position };
        }),
      ]);
      return {
        kind: 'rest',
        id: api.id ?? restApiId,
        name: api.name ?? restApiId,
        region: this.region,
        endpointTypes: api.endpointConfiguration?.types ?? [],
        disableExecuteApiEndpoint: api.disableExecuteApiEndpoint === true,
        resourcePolicy: resourcePolicyOf(api),
        stages: (stages.item ?? []).flatMap((stage) => (stage.stageName ? [{ name: stage.stageName, deployed: Boolean(stage.deploymentId) }] : [])),
        authorizers: authorizers.map(
          (authorizer): ApiAuthorizer => ({
            id: authorizer.id ?? '',
            name: authorizer.name ?? authorizer.id ?? '',
            type: authorizer.type ?? 'UNKNOWN',
            providerArns: authorizer.providerARNs ?? [],
            audience: [],
          }),
        ),
        routes: resources.flatMap(routesOf),
      };
    } catch (error) {
      if (isApiGatewayNotFound(error)) return undefined;
      throw error;
    }
  }

  private read<T>(path: string, request: () => Promise<T>): Promise<T> {
    return apiGatewayRead(this.region, path, request);
  }
}

/** One route per method; OPTIONS is CORS preflight, answered by API Gateway, never called by the app. */
function routesOf(resource: Resource): ApiRoute[] {
  const path = resource.path ?? '/';
  return Object.entries(resource.resourceMethods ?? {})
    .filter(([method]) => method !== 'OPTIONS')
    .map(([method, details]) => ({
      method: details.httpMethod ?? method,
      path,
      routeKey: `${details.httpMethod ?? method} ${path}`,
      authorizationType: details.authorizationType ?? 'NONE',
      ...(details.authorizerId ? { authorizerId: details.authorizerId } : {}),
      authorizationScopes: details.authorizationScopes ?? [],
      apiKeyRequired: details.apiKeyRequired === true,
    }));
}

/** API Gateway returns the resource policy as JSON text with its quotes escaped once more. */
function resourcePolicyOf(api: RestApi): string | undefined {
  if (!api.policy) return undefined;
  return api.policy.includes('\\"') ? api.policy.replace(/\\"/g, '"') : api.policy;
}
