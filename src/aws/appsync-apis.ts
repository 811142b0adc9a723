// Read-only access to a region's AppSync GraphQL APIs: list them for the picker, describe one by id (and read its
// API keys when it accepts them). APIs are never created or changed by mycli.

import {
  GetGraphqlApiCommand,
  ListApiKeysCommand,
  ListGraphqlApisCommand,
  type AdditionalAuthenticationProvider,
  type AppSyncClient,
  type GraphqlApi,
} from '@aws-sdk/client-appsync';
import type { AppSyncAuthProvider, GraphqlApiDetails } from '../core/api-model.js';
import { toUserError } from './errors.js';
import { collectPages } from './pagination.js';
import { escapeUntrusted } from '../core/untrusted-text.js';

const IAM_ACTIONS = {
  listGraphqlApis: 'appsync:ListGraphqlApis',
  getGraphqlApi: 'appsync:GetGraphqlApi',
  listApiKeys: 'appsync:ListApiKeys',
} as const;

/** Every IAM action AppSyncApis calls: what the operator's identity needs to be allowed. */
export const APPSYNC_IAM_PERMISSIONS: readonly string[] = Object.freeze(Object.values(IAM_ACTIONS));

/** AppSync's maximum page sizes. */
const API_PAGE_SIZE = 25;
const KEY_PAGE_SIZE = 25;

export class AppSyncApis {
  constructor(
    private readonly appsync: AppSyncClient,
    readonly region: string,
  ) {}

  /** Every GraphQL API of the region, with its authorization modes (the listing carries them; API keys are not read). */
  async listApis(): Promise<GraphqlApiDetails[]> {
    return collectPages(async (nextToken) => {
      const page = await this.call(IAM_ACTIONS.listGraphqlApis, `the AppSync APIs of ${this.region}`, () =>
        this.appsync.send(new ListGraphqlApisCommand({ maxResults: API_PAGE_SIZE, nextToken })),
      );
      return { items: (page.graphqlApis ?? []).map((api) => this.toDetails(api)), nextToken: page.nextToken };
    });
  }

  /** Undefined when the region has no API with this id. API keys are read only when the API accepts them. */
  async describeApi(apiId: string): Promise<GraphqlApiDetails | undefined> {
    let api: GraphqlApi | undefined;
    try {
      ({ graphqlApi: api } = await this.appsync.send(new GetGraphqlApiCommand({ apiId })));
    } catch (error) {
      if (error instanceof Error && error.name === 'NotFoundException') return undefined;
      throw toUserError(error, { action: IAM_ACTIONS.getGraphqlApi, resource: this.resource(apiId) });
    }
    if (!api) throw new Error(`AWS response is missing graphqlApi for ${this.resource(apiId)}`);
    return this.withApiKeys(this.toDetails(api));
  }

  /** The API with its API keys read, when it accepts them (a listed API has none: ListGraphqlApis does not carry them). */
  async withApiKeys(details: GraphqlApiDetails): Promise<GraphqlApiDetails> {
    if (![details.defaultAuth, ...details.additionalAuth].some((provider) => provider.type === 'API_KEY')) return details;
    return { ...details, apiKeys: await this.listApiKeys(details.id) };
  }

  private async listApiKeys(apiId: string) {
    return collectPages(async (nextToken) => {
      const page = await this.call(IAM_ACTIONS.listApiKeys, this.resource(apiId), () =>
        this.appsync.send(new ListApiKeysCommand({ apiId, maxResults: KEY_PAGE_SIZE, nextToken })),
      );
      const items = (page.apiKeys ?? []).flatMap((key) => (key.id ? [{ id: key.id, expires: key.expires }] : []));
      return { items, nextToken: page.nextToken };
    });
  }

  private toDetails(api: GraphqlApi): GraphqlApiDetails {
    const id = required(api.apiId, 'apiId of a GraphQL API');
    return {
      kind: 'graphql',
      id,
      name: api.name ?? id,
      region: this.region,
      arn: api.arn,
      graphqlUrl: api.uris?.['GRAPHQL'],
      defaultAuth: toProvider({
        authenticationType: api.authenticationType,
        userPoolConfig: api.userPoolConfig,
        openIDConnectConfig: api.openIDConnectConfig,
        lambdaAuthorizerConfig: api.lambdaAuthorizerConfig,
      }),
      additionalAuth: (api.additionalAuthenticationProviders ?? []).map(toProvider),
      visibility: api.visibility,
      apiType: api.apiType,
    };
  }

  private resource(apiId: string): string {
    return `AppSync API ${escapeUntrusted(apiId)} (${this.region})`;
  }

  private async call<T>(action: string, resource: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw toUserError(error, { action, resource });
    }
  }
}

/** The default mode's user pool config also has `defaultAction`; an additional provider's has none. */
function toProvider(
  provider: AdditionalAuthenticationProvider & { userPoolConfig?: { defaultAction?: string } },
): AppSyncAuthProvider {
  const result: AppSyncAuthProvider = { type: provider.authenticationType ?? 'UNKNOWN' };
  const userPool = provider.userPoolConfig;
  if (userPool?.userPoolId) {
    result.userPool = withoutUndefined({
      userPoolId: userPool.userPoolId,
      awsRegion: userPool.awsRegion,
      appIdClientRegex: userPool.appIdClientRegex,
      defaultAction: userPool.defaultAction,
    });
  }
  const oidc = provider.openIDConnectConfig;
  if (oidc?.issuer) result.openIdConnect = withoutUndefined({ issuer: oidc.issuer, clientId: oidc.clientId });
  if (provider.lambdaAuthorizerConfig?.authorizerUri) result.lambdaAuthorizerUri = provider.lambdaAuthorizerConfig.authorizerUri;
  return result;
}

function withoutUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`AWS response is missing ${what}`);
  return value;
}
