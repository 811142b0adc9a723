// The inline policies an imported API's IAM-authorized parts need on the imported roles: `execute-api:Invoke` on the
// chosen methods of the IAM-authorized routes of one stage (REST and HTTP APIs), or `appsync:GraphQL` on the chosen
// operation types (GraphQL). One policy per role per API, scoped to that API (and stage) only. Parts authorized by the
// user pool, a JWT or nothing need no grant, so an API without IAM-authorized parts gets no policy at all.

import type { ApiDetails, ApiRoute, GatewayApiDetails } from './api-model.js';
import { UserError, usageError } from './errors.js';
import { partitionOf } from './function-grant-policy.js';
import { ownedPolicyName, type DesiredPolicy } from './policy-plan.js';
import { escapeUntrusted } from './untrusted-text.js';

export type ApiAccess = 'create' | 'read' | 'update' | 'delete';

export const API_ACCESS_ORDER: readonly ApiAccess[] = ['create', 'read', 'update', 'delete'];

export const HTTP_METHODS_BY_ACCESS: Record<ApiAccess, readonly string[]> = {
  create: ['POST'],
  read: ['GET'],
  update: ['PUT', 'PATCH'],
  delete: ['DELETE'],
};

export const GRAPHQL_TYPES_BY_ACCESS: Record<ApiAccess, readonly string[]> = {
  create: ['Mutation'],
  read: ['Query', 'Subscription'],
  update: ['Mutation'],
  delete: ['Mutation'],
};

export interface ApiGrant {
  resourceName: string;
  api: ApiDetails;
  /** REST/HTTP. */
  stage?: string;
  authAccess: ApiAccess[];
  guestAccess: ApiAccess[];
  /** REST/HTTP: only IAM routes on or below these paths; empty means every IAM-authorized route. */
  paths: string[];
}

export interface ApiPolicyTarget {
  projectName: string;
  envName: string;
  accountId: string;
  authRoleName: string;
  unauthRoleName?: string;
}

/** IAM's quota on all inline policies of one role together, in characters (whitespace not counted). */
const ROLE_INLINE_POLICY_QUOTA = 10_240;
const POLICY_VERSION = '2012-10-17';

export function apiPolicies(grant: ApiGrant, target: ApiPolicyTarget): DesiredPolicy[] {
  if (!/^\d{12}$/.test(target.accountId)) throw new Error(`apiPolicies: '${target.accountId}' is not an AWS account id`);
  const authAccess = orderedAccess(grant.authAccess);
  const guestAccess = orderedAccess(grant.guestAccess);
  if (guestAccess.length > 0 && target.unauthRoleName === undefined) {
    throw new Error(`apiPolicies: api '${grant.resourceName}' grants guest access but no unauthenticated role was given`);
  }
  const policies: DesiredPolicy[] = [];
  for (const [audience, access, roleName] of [
    ['auth', authAccess, target.authRoleName],
    ['guest', guestAccess, target.unauthRoleName],
  ] as const) {
    if (access.length === 0 || roleName === undefined) continue;
    const { resources, what } = grantedResources(grant, access, target.accountId);
    if (resources.length === 0) continue;
    const action = grant.api.kind === 'graphql' ? 'appsync:GraphQL' : 'execute-api:Invoke';
    const policy: DesiredPolicy = {
      roleName,
      policyName: ownedPolicyName(target.projectName, target.envName, `api-${grant.resourceName}-${audience}`),
      document: { Version: POLICY_VERSION, Statement: [{ Effect: 'Allow', Action: [action], Resource: resources }] },
      purpose: `api '${grant.resourceName}': ${audience === 'auth' ? 'signed-in users' : 'guests'}: ${access.join(', ')} on ${what}`,
    };
    assertFitsQuota(policy, grant);
    policies.push(policy);
  }
  return policies;
}

/** The IAM-authorized routes the grant covers; a given path that covers none of them is an error naming those there are. */
export function grantedRoutes(api: GatewayApiDetails, paths: string[]): ApiRoute[] {
  const iam = api.routes.filter((route) => route.authorizationType === 'AWS_IAM');
  if (paths.length === 0) return iam;
  const unmatched = paths.filter((path) => !iam.some((route) => routeUnder(route, path)));
  if (unmatched.length > 0) {
    const available = [...new Set(iam.map((route) => route.path))].map(escapeUntrusted);
    throw new UserError(
      'InvalidInput',
      `No IAM-authorized route of API '${escapeUntrusted(api.name)}' (${escapeUntrusted(api.id)}) is on or below ${unmatched.map(escapeUntrusted).join(', ')}.`,
      available.length > 0
        ? `Give --path one of (or a parent of): ${available.slice(0, 20).join(', ')}${available.length > 20 ? ', …' : ''}; or leave --path out for every IAM-authorized route.`
        : 'The API has no IAM-authorized routes; leave out --path and the access options.',
    );
  }
  return iam.filter((route) => paths.some((path) => routeUnder(route, path)));
}

/** `--path` values: absolute, without a trailing slash or wildcard. */
export function normalizeApiPath(text: string): string {
  const path = text.trim();
  if (!path.startsWith('/') || path.includes('*') || /\s/.test(path) || path.includes('//')) {
    throw usageError(`--path "${escapeUntrusted(text)}" is not a resource path.`, 'Give a path as the API names it, e.g. --path /items or --path /items/{id}.');
  }
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

export function executeApiArn(api: GatewayApiDetails, accountId: string, stage: string, method: string, path: string): string {
  return `arn:${partitionOf(api.region)}:execute-api:${api.region}:${accountId}:${api.id}/${stage}/${method}${arnPath(path)}`;
}

export function appsyncTypeArn(api: { id: string; region: string }, accountId: string, typeName: string): string {
  return `arn:${partitionOf(api.region)}:appsync:${api.region}:${accountId}:apis/${api.id}/types/${typeName}/*`;
}

function grantedResources(grant: ApiGrant, access: ApiAccess[], accountId: string): { resources: string[]; what: string } {
  const { api } = grant;
  if (api.kind === 'graphql') {
    const iam = [api.defaultAuth, ...api.additionalAuth].some((provider) => provider.type === 'AWS_IAM');
    if (!iam) return { resources: [], what: '' };
    const types = [...new Set(access.flatMap((word) => GRAPHQL_TYPES_BY_ACCESS[word]))].sort();
    return { resources: types.map((type) => appsyncTypeArn(api, accountId, type)), what: `${types.join(', ')} of GraphQL API ${api.id}` };
  }
  if (grant.stage === undefined) throw new Error(`apiPolicies: api '${grant.resourceName}' has no stage`);
  const stage = grant.stage;
  const methods = new Set(access.flatMap((word) => HTTP_METHODS_BY_ACCESS[word]));
  const resources = new Set<string>();
  const covered: string[] = [];
  for (const route of grantedRoutes(api, grant.paths)) {
    const any = route.method === 'ANY' || route.method === '*';
    const granted = any ? [...methods] : methods.has(route.method) ? [route.method] : [];
    if (granted.length === 0) continue;
    covered.push(route.routeKey);
    for (const method of granted) resources.add(executeApiArn(api, accountId, stage, method, route.path));
  }
  return { resources: [...resources].sort(), what: `${covered.join(', ')} in stage ${stage} of API ${api.id}` };
}

/** `{id}` and `{proxy+}` match any value, so they become `*`; the `$default` route covers every path. */
function arnPath(path: string): string {
  if (path === '*') return '/*';
  return path.replace(/\{[^}]*\}/g, '*');
}

function routeUnder(route: ApiRoute, path: string): boolean {
  if (route.path === '*') return false;
  return path === '/' || route.path === path || route.path.startsWith(`${path}/`);
}

function assertFitsQuota(policy: DesiredPolicy, grant: ApiGrant): void {
  const size = JSON.stringify(policy.document).length;
  if (size <= ROLE_INLINE_POLICY_QUOTA) return;
  throw new UserError(
    'InvalidInput',
    `The ${policy.policyName} policy for api '${escapeUntrusted(grant.resourceName)}' would be ${size} characters, over IAM's ${ROLE_INLINE_POLICY_QUOTA}-character quota for a role's inline policies.`,
    'Grant fewer routes: import the API again with --path for the parts the app calls (each --path covers the routes below it).',
  );
}

/** Known words only, each once, in a fixed order, so the same choice always yields the same document. */
function orderedAccess(access: ApiAccess[]): ApiAccess[] {
  const unknown = access.filter((word) => !API_ACCESS_ORDER.includes(word));
  if (unknown.length > 0) throw new Error(`apiPolicies: unknown access '${unknown.join(', ')}'`);
  return API_ACCESS_ORDER.filter((word) => access.includes(word));
}
