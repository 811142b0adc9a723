// What an API import records in the Gen 1 project layout: the backend-config.json and amplify-meta.json entries
// (`api.<name>`), its parameters.json, and its team-provider-info.json parameters per environment. Pure.

import type { ApiCheckResult } from './api-findings.js';
import { API_SERVICE, invokeUrl, type ApiDetails, type ApiKind } from './api-model.js';
import type { ApiAccess } from './api-policies.js';

/** parameters.json `apiType`, and amplify-meta `output.ApiType`. */
export type ApiTypeName = 'GraphQL' | 'REST' | 'HTTP';

export const API_TYPE_OF_KIND: Record<ApiKind, ApiTypeName> = { graphql: 'GraphQL', rest: 'REST', http: 'HTTP' };
export const KIND_OF_API_TYPE: Record<ApiTypeName, ApiKind> = { GraphQL: 'graphql', REST: 'rest', HTTP: 'http' };

export interface ApiBackendConfigEntry {
  service: 'AppSync' | 'API Gateway';
  serviceType: 'imported';
  providerPlugin: 'awscloudformation';
  dependsOn: Array<{ category: 'auth'; resourceName: string; attributes: string[] }>;
}

/** amplify/backend/api/<name>/parameters.json: what was chosen, the same in every environment. */
export interface ApiParameters {
  resourceName: string;
  serviceType: 'imported';
  apiType: ApiTypeName;
  authAccess: ApiAccess[];
  guestAccess: ApiAccess[];
  /** REST/HTTP: the grant covers the IAM routes on or below these paths; empty means all of them. */
  paths: string[];
  /** GraphQL: write the API key into the app config. */
  apiKeyInConfig: boolean;
}

/** team-provider-info.json <env>.categories.api.<name>: which API (and stage) the environment uses. */
export interface ApiEnvParameters {
  apiId: string;
  apiName: string;
  region: string;
  stage?: string;
}

/** amplify-meta.json api.<name>.output: what the app config is written from (git-ignored, refreshed by push and env checkout). */
export interface ImportedApiOutput {
  ApiType: ApiTypeName;
  ApiId: string;
  /** The resource name, which the app passes as `apiName` (Gen 1 puts the resource name here too). */
  ApiName: string;
  /** The API's own name in AWS. */
  AwsApiName: string;
  Region: string;
  GraphQLAPIIdOutput?: string;
  GraphQLAPIEndpointOutput?: string;
  /** Only with --api-key: public by design, but kept out of the committed files. */
  GraphQLAPIKeyOutput?: string;
  /** GraphQL: the mode the app uses; REST/HTTP: how the app reaches it (native `authorizationType`). */
  AuthenticationType?: string;
  /** GraphQL: the API's other modes. */
  AdditionalAuthenticationTypes?: string[];
  Stage?: string;
  RootUrl?: string;
}

export interface ApiRecords {
  resourceName: string;
  backendConfigEntry: ApiBackendConfigEntry;
  metaEntry: ApiBackendConfigEntry & { output: ImportedApiOutput };
  parameters: ApiParameters;
  envParameters: ApiEnvParameters;
}

export interface ApiRecordInput {
  resourceName: string;
  authResourceName: string;
  withIdentityPool: boolean;
  api: ApiDetails;
  stage?: string;
  check: ApiCheckResult;
  authAccess: ApiAccess[];
  guestAccess: ApiAccess[];
  paths: string[];
  apiKeyInConfig: boolean;
  /** Epoch seconds: only a key that has not expired is written. */
  now: number;
}

const RESOURCE_NAME = /^[A-Za-z0-9]{1,64}$/;

export function isApiResourceName(name: string): boolean {
  return RESOURCE_NAME.test(name);
}

/** Letters and digits of the API's name, as Gen 1 resource names are; `api` when none is left. */
export function defaultApiResourceName(apiName: string): string {
  return apiName.replace(/[^A-Za-z0-9]/g, '').slice(0, 64) || 'api';
}

export function buildApiRecords(input: ApiRecordInput): ApiRecords {
  const { api, resourceName } = input;
  const backendConfigEntry: ApiBackendConfigEntry = {
    service: API_SERVICE[api.kind],
    serviceType: 'imported',
    providerPlugin: 'awscloudformation',
    dependsOn: [{ category: 'auth', resourceName: input.authResourceName, attributes: input.withIdentityPool ? ['UserPoolId', 'IdentityPoolId'] : ['UserPoolId'] }],
  };
  const parameters: ApiParameters = {
    resourceName,
    serviceType: 'imported',
    apiType: API_TYPE_OF_KIND[api.kind],
    authAccess: input.authAccess,
    guestAccess: input.guestAccess,
    paths: api.kind === 'graphql' ? [] : input.paths,
    apiKeyInConfig: api.kind === 'graphql' && input.apiKeyInConfig,
  };
  const envParameters: ApiEnvParameters = { apiId: api.id, apiName: api.name, region: api.region, ...(api.kind === 'graphql' ? {} : { stage: input.stage }) };
  return { resourceName, backendConfigEntry, parameters, envParameters, metaEntry: { ...backendConfigEntry, output: apiOutput(input) } };
}

export function apiOutput(input: Pick<ApiRecordInput, 'api' | 'resourceName' | 'stage' | 'check' | 'apiKeyInConfig' | 'now'>): ImportedApiOutput {
  const { api, check } = input;
  const common = { ApiType: API_TYPE_OF_KIND[api.kind], ApiId: api.id, ApiName: input.resourceName, AwsApiName: api.name, Region: api.region };
  if (api.kind === 'graphql') {
    const modes = [api.defaultAuth, ...api.additionalAuth].map((provider) => provider.type);
    // The key that stays valid longest.
    const key = input.apiKeyInConfig
      ? (api.apiKeys ?? [])
          .filter((candidate) => candidate.expires === undefined || candidate.expires > input.now)
          .sort((a, b) => (b.expires ?? Infinity) - (a.expires ?? Infinity))[0]
      : undefined;
    return withoutUndefined({
      ...common,
      GraphQLAPIIdOutput: api.id,
      GraphQLAPIEndpointOutput: api.graphqlUrl,
      GraphQLAPIKeyOutput: key?.id,
      AuthenticationType: check.appAuthorization,
      AdditionalAuthenticationTypes: [...new Set(modes.filter((mode) => mode !== check.appAuthorization))],
    });
  }
  if (input.stage === undefined) throw new Error(`apiOutput: ${api.kind} API ${api.id} needs a stage`);
  return withoutUndefined({ ...common, Stage: input.stage, RootUrl: invokeUrl(api, input.stage), AuthenticationType: check.appAuthorization });
}

function withoutUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
