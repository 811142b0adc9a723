// Plain data for the API category: what AWS told us about an AppSync GraphQL API, an API Gateway REST API (v1)
// or HTTP API (v2), reduced to what the checks, the policies and the config keys use. No SDK type leaks past src/aws.

export type ApiKind = 'graphql' | 'rest' | 'http';

export const API_KINDS: readonly ApiKind[] = ['graphql', 'rest', 'http'];

/** How messages and the picker name each kind. */
export const API_KIND_LABEL: Record<ApiKind, string> = {
  graphql: 'GraphQL API (AppSync)',
  rest: 'REST API (API Gateway)',
  http: 'HTTP API (API Gateway v2)',
};

/** The backend-config.json `service` of each kind, as Amplify Gen 1 names them. */
export const API_SERVICE: Record<ApiKind, 'AppSync' | 'API Gateway'> = { graphql: 'AppSync', rest: 'API Gateway', http: 'API Gateway' };

export type AppSyncAuthType = 'AMAZON_COGNITO_USER_POOLS' | 'AWS_IAM' | 'API_KEY' | 'OPENID_CONNECT' | 'AWS_LAMBDA';

/** One AppSync authorization provider, default or additional. `type` is AWS's word, kept even when unknown to us. */
export interface AppSyncAuthProvider {
  type: string;
  userPool?: { userPoolId: string; awsRegion?: string; appIdClientRegex?: string; defaultAction?: string };
  openIdConnect?: { issuer: string; clientId?: string };
  lambdaAuthorizerUri?: string;
}

export interface AppSyncApiKey {
  id: string;
  /** Epoch seconds. */
  expires?: number;
}

export interface GraphqlApiDetails {
  kind: 'graphql';
  id: string;
  name: string;
  region: string;
  arn?: string;
  /** `uris.GRAPHQL`. */
  graphqlUrl?: string;
  defaultAuth: AppSyncAuthProvider;
  additionalAuth: AppSyncAuthProvider[];
  /** GLOBAL or PRIVATE. */
  visibility?: string;
  /** GRAPHQL or MERGED. */
  apiType?: string;
  /** Read only when API_KEY is one of the providers. */
  apiKeys?: AppSyncApiKey[];
}

/** A REST API method or an HTTP API route, on one path. */
export interface ApiRoute {
  /** GET, POST, …, ANY; `*` for an HTTP API's `$default` route. */
  method: string;
  /** `/items/{id}`, `/{proxy+}`; `*` for `$default`. */
  path: string;
  /** `GET /items/{id}` or `$default`, for messages. */
  routeKey: string;
  /** REST: NONE | AWS_IAM | CUSTOM | COGNITO_USER_POOLS; HTTP: NONE | AWS_IAM | CUSTOM | JWT. */
  authorizationType: string;
  authorizerId?: string;
  authorizationScopes: string[];
  apiKeyRequired: boolean;
}

export interface ApiAuthorizer {
  id: string;
  name: string;
  /** REST: TOKEN | REQUEST | COGNITO_USER_POOLS; HTTP: JWT | REQUEST. */
  type: string;
  /** REST COGNITO_USER_POOLS: the user pool ARNs it accepts. */
  providerArns: string[];
  /** HTTP JWT. */
  issuer?: string;
  audience: string[];
}

export interface ApiStage {
  name: string;
  /** A REST stage always points at a deployment; an HTTP stage needs a deployment or auto-deploy. */
  deployed: boolean;
}

export interface GatewayApiDetails {
  kind: 'rest' | 'http';
  id: string;
  name: string;
  region: string;
  /** REST: EDGE | REGIONAL | PRIVATE. HTTP APIs have none. */
  endpointTypes: string[];
  disableExecuteApiEndpoint: boolean;
  /** HTTP: `apiEndpoint`, e.g. https://abc123.execute-api.us-east-1.amazonaws.com. */
  apiEndpoint?: string;
  /** HTTP: HTTP or WEBSOCKET. */
  protocolType?: string;
  /** REST: the resource policy, a JSON string. */
  resourcePolicy?: string;
  stages: ApiStage[];
  authorizers: ApiAuthorizer[];
  routes: ApiRoute[];
}

export type ApiDetails = GraphqlApiDetails | GatewayApiDetails;

/** A line of the picker: enough to label the API without describing it further. */
export interface ApiSummary {
  kind: ApiKind;
  id: string;
  name: string;
}

/** What the imported auth of the environment offers an API: the pool, its clients, and whether AWS credentials exist. */
export interface ApiTrustContext {
  authResourceName: string;
  envName: string;
  userPoolId: string;
  userPoolRegion: string;
  webClientId: string;
  nativeClientId: string;
  identityPoolId?: string;
  identityPoolName?: string;
  authRoleName?: string;
  unauthRoleName?: string;
  /** From the authenticated role's ARN: the account the roles, and the API, are in. */
  accountId?: string;
}

export function userPoolIssuer(region: string, userPoolId: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

/** The execute-api URL of a stage; an HTTP API's `$default` stage is served at the root. */
export function invokeUrl(api: GatewayApiDetails, stage: string): string {
  const base = api.apiEndpoint ?? `https://${api.id}.execute-api.${api.region}.amazonaws.com`;
  return api.kind === 'http' && stage === '$default' ? base : `${base}/${stage}`;
}
