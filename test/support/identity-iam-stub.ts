// A loopback stand-in for Amazon Cognito Identity (JSON 1.1), IAM (Query + XML), S3 (REST + XML, in
// s3-stub.ts), Lambda (REST + JSON, in lambda-stub.ts), SSM Parameter Store (JSON 1.1, in ssm-stub.ts), AppSync and
// API Gateway v1/v2 (REST + JSON, in appsync-stub.ts, api-gateway-stub.ts, apigatewayv2-stub.ts): one server for all.
// It speaks the real wire protocols so the real AWS SDK clients (and aws-amplify) talk to it unmodified,
// holds its data in memory (tests may mutate `state` to simulate drift) and records every call.

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { regionOfIdentityPoolId, roleNameFromArn } from '../../src/core/model.js';
import { apiGatewayService } from './api-gateway-stub.js';
import { apiGatewayV2Service } from './apigatewayv2-stub.js';
import { appsyncService } from './appsync-stub.js';
import { EXECUTE_API_HOST, executeApiService } from './execute-api-stub.js';
import { APPSYNC_HOST, graphqlEndpointService } from './graphql-endpoint-stub.js';
import { lambdaService, type StubFunction } from './lambda-stub.js';
import { s3Service } from './s3-stub.js';
import { StubPacer, type StubPacing } from './stub-pacing.js';
import { SSM_TARGET_PREFIX, SsmError, ssmService, type SsmStubState } from './ssm-stub.js';
import { stsService } from './sts-stub.js';
import { decodePageToken, element, encodePageToken, parseJsonObject, textElement } from './wire-format.js';
import {
  roleArn,
  type SeedBucket,
  type SeedGraphqlApi,
  type SeedHttpApi,
  type SeedIdentityPool,
  type SeedRestApi,
  type SeedRole,
  type World,
} from './world.js';

export type { StubFunction } from './lambda-stub.js';

export interface StubCall {
  service: 'cognito-identity' | 'iam' | 's3' | 'lambda' | 'ssm' | 'sts' | 'appsync' | 'apigateway' | 'apigatewayv2' | 'execute-api' | 'appsync-api';
  operation: string;
  params: Record<string, unknown>;
  /** The region of the SigV4 credential scope; undefined for unsigned calls (GetId, GetCredentialsForIdentity). */
  region?: string;
  /** Refused with a throttling error by the stub's rate limit (setPacing). */
  throttled?: boolean;
}

export type StubRole = SeedRole & { inlinePolicies: Record<string, object> };

/** What GetCredentialsForIdentity handed out, by access key id: the APIs' invoke endpoints check signatures with it. */
export interface IssuedCredentials {
  secretAccessKey: string;
  sessionToken: string;
  /** The identity pool role the credentials are for (authenticated or unauthenticated). */
  roleArn: string;
  identityId: string;
  /** Epoch seconds. */
  expiration: number;
}

/** A REST request as the S3 and Lambda handlers see it. */
export interface StubHttpRequest {
  method: string;
  url: URL;
  body: string;
  region: string | undefined;
}

export interface StubHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What a REST handler answered, and the operation and parameters to record. */
export interface StubOperation {
  operation: string;
  params: Record<string, unknown>;
  response: StubHttpResponse;
}

export interface IdentityIamStub {
  /** http://127.0.0.1:<port>, serving every stubbed service. */
  endpoint: string;
  calls: StubCall[];
  state: {
    identityPools: Map<string, SeedIdentityPool>;
    roles: Map<string, StubRole>;
    buckets: Map<string, SeedBucket>;
    /** Keyed by function name; `environment` is the function's current variables. */
    functions: Map<string, StubFunction>;
    ssm: SsmStubState;
    /** Keyed by API id. */
    graphqlApis: Map<string, SeedGraphqlApi>;
    restApis: Map<string, SeedRestApi>;
    httpApis: Map<string, SeedHttpApi>;
  };
  /** Every credential set GetCredentialsForIdentity issued, by access key id. */
  issuedCredentials: ReadonlyMap<string, IssuedCredentials>;
  resetCalls(): void;
  /** Reply delays and per-operation rate limits for Cognito Identity (the bench's rate-limited account). */
  setPacing(pacing: StubPacing): void;
  stop(): Promise<void>;
}

const IDENTITY_TARGET_PREFIX = 'AWSCognitoIdentityService.';
const IAM_XML_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';
const ROLE_CREATE_DATE = '2024-01-15T10:00:00Z';
const MAX_IDENTITY_POOLS_PAGE = 60;
const DEFAULT_IAM_MAX_ITEMS = 100;
const CREDENTIALS_LIFETIME_SECONDS = 3600;

class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

interface Identity {
  poolId: string;
  /** Provider name and token subject for authenticated identities. */
  login?: { provider: string; subject: string };
}

export async function startIdentityIamStub(world: World): Promise<IdentityIamStub> {
  const state: IdentityIamStub['state'] = {
    identityPools: new Map(world.identityPools.map((pool) => [pool.id, structuredClone(pool)])),
    roles: new Map(world.roles.map((role) => [role.name, { ...structuredClone(role), inlinePolicies: structuredClone(role.inlinePolicies ?? {}) }])),
    buckets: new Map((world.buckets ?? []).map((bucket) => [bucket.name, structuredClone(bucket)])),
    functions: new Map((world.functions ?? []).map((fn) => [fn.name, { ...structuredClone(fn), environment: structuredClone(fn.environment ?? {}) }])),
    ssm: { parameters: new Map(), deniedOperations: new Set() },
    graphqlApis: new Map((world.graphqlApis ?? []).map((api) => [api.apiId, structuredClone(api)])),
    restApis: new Map((world.restApis ?? []).map((api) => [api.id, structuredClone(api)])),
    httpApis: new Map((world.httpApis ?? []).map((api) => [api.apiId, structuredClone(api)])),
  };
  const calls: StubCall[] = [];
  const issuedCredentials = new Map<string, IssuedCredentials>();
  const identity = identityService(world, state, issuedCredentials);
  const iam = iamService(world, state);
  const restServices = {
    s3: s3Service(state.buckets),
    lambda: lambdaService(world, state),
    sts: stsService(world),
    appsync: appsyncService(world, state.graphqlApis),
    apigateway: apiGatewayService(world, state.restApis),
    apigatewayv2: apiGatewayV2Service(world, state.httpApis),
  };
  // The seeded APIs' own endpoints, which the app (aws-amplify) calls: the API's host rides in the first path segment.
  const invokeServices = {
    'execute-api': executeApiService(world, state, issuedCredentials),
    'appsync-api': graphqlEndpointService(world, state, issuedCredentials),
  };
  let pacer = new StubPacer();
  const ssm = ssmService(state.ssm, world.accountId);

  const server = createServer((request, response) => {
    handleRequest(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(`identity/IAM stub failed: ${String(error)}`);
    });
  });

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const region = signingRegion(request.headers.authorization);
    // S3, Lambda, AppSync and API Gateway are REST, and STS shares the Query protocol with IAM: only the SigV4 credential
    // scope says which service a request is for (both API Gateway clients sign for "apigateway"; v2's paths start with /v2/).
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const [host = '', ...rest] = url.pathname.split('/').slice(1);
    const invoked = EXECUTE_API_HOST.test(host) ? 'execute-api' : APPSYNC_HOST.test(host) ? 'appsync-api' : undefined;
    if (invoked) {
      const signedUrl = new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`);
      const inner = new URL(`/${rest.join('/')}${url.search}`, 'http://127.0.0.1');
      const method = request.method ?? 'GET';
      const { operation, response: answered } = invoked === 'execute-api'
        ? await invokeServices['execute-api']({ method, url: inner, host, headers: request.headers, body, signedUrl })
        : await invokeServices['appsync-api']({ method, host, headers: request.headers, body, signedUrl });
      calls.push({ service: invoked, operation, params: { host, status: answered.status }, region });
      response.writeHead(answered.status, answered.headers).end(answered.body);
      return;
    }
    const signedFor = signingService(request.headers.authorization);
    const service = signedFor === 'apigateway' && url.pathname.startsWith('/v2/') ? 'apigatewayv2' : signedFor;
    if (service === 's3' || service === 'lambda' || service === 'sts' || service === 'appsync' || service === 'apigateway' || service === 'apigatewayv2') {
      const { operation, params, response: answered } = restServices[service]({ method: request.method ?? 'GET', url, body, region });
      calls.push({ service, operation, params, region });
      response.writeHead(answered.status, answered.headers).end(answered.body);
      return;
    }
    const target = request.headers['x-amz-target'];
    if (typeof target === 'string' && target.startsWith(SSM_TARGET_PREFIX)) {
      const operation = target.slice(SSM_TARGET_PREFIX.length);
      const params = parseJsonObject(body);
      calls.push({ service: 'ssm', operation, params: params ?? {}, region });
      try {
        if (!params) throw new SsmError('SerializationException', 'The request body is not a JSON object.');
        sendJson(response, ssm(operation, params, region));
      } catch (error) {
        if (!(error instanceof SsmError)) throw error;
        sendJsonError(response, new ServiceError(error.code, error.message, error.status));
      }
      return;
    }
    if (typeof target === 'string' && target.startsWith(IDENTITY_TARGET_PREFIX)) {
      const operation = target.slice(IDENTITY_TARGET_PREFIX.length);
      const params = parseJsonObject(body);
      const throttle = pacer.admit(operation);
      calls.push({ service: 'cognito-identity', operation, params: params ?? {}, region, ...(throttle ? { throttled: true } : {}) });
      await pacer.delay();
      if (throttle) {
        sendJsonError(response, new ServiceError(throttle.code, throttle.message));
        return;
      }
      answer(
        () => {
          if (!params) throw new ServiceError('SerializationException', 'The request body is not a JSON object.');
          sendJson(response, identity(operation, params, region));
        },
        (error) => sendJsonError(response, error),
      );
      return;
    }
    const form = new URLSearchParams(body);
    const action = form.get('Action');
    if (action !== null) {
      const params = Object.fromEntries([...form].filter(([name]) => name !== 'Action' && name !== 'Version'));
      calls.push({ service: 'iam', operation: action, params, region });
      answer(
        () => sendXml(response, 200, iamResponse(action, iam(action, form))),
        (error) => sendXml(response, error.status, iamErrorResponse(error)),
      );
      return;
    }
    response.writeHead(400, { 'content-type': 'text/plain' }).end('Neither an X-Amz-Target (Cognito Identity), an Action= form body (IAM) nor a request signed for s3, lambda, appsync or apigateway.');
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('identity/IAM stub did not get a TCP port');

  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    calls,
    state,
    issuedCredentials,
    resetCalls: () => {
      calls.length = 0;
    },
    setPacing: (pacing) => {
      pacer = new StubPacer(pacing);
    },
    stop: async () => {
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}

// ---------- Cognito Identity ----------

type IdentityOperation = (params: Record<string, unknown>, region: string | undefined) => object;

function identityService(world: World, state: IdentityIamStub['state'], issued: Map<string, IssuedCredentials>) {
  const identities = new Map<string, Identity>();
  const identityIdByLogin = new Map<string, string>();

  /** Identity pools are regional: a signed call sees only the pools of its signing region. */
  function poolsVisibleFrom(region: string | undefined): SeedIdentityPool[] {
    return [...state.identityPools.values()].filter((pool) => region === undefined || regionOfIdentityPoolId(pool.id) === region);
  }

  function findPool(params: Record<string, unknown>, region: string | undefined): SeedIdentityPool {
    const id = requiredString(params, 'IdentityPoolId');
    const pool = poolsVisibleFrom(region).find((candidate) => candidate.id === id);
    if (!pool) throw new ServiceError('ResourceNotFoundException', `IdentityPool '${id}' not found.`);
    return pool;
  }

  const operations: Record<string, IdentityOperation> = {
    ListIdentityPools: (params, region) => {
      const maxResults = params.MaxResults;
      if (typeof maxResults !== 'number' || maxResults < 1) {
        throw new ServiceError('InvalidParameterException', '1 validation error detected: Value at \'maxResults\' failed to satisfy constraint: Member must have value greater than or equal to 1');
      }
      const pools = poolsVisibleFrom(region);
      const start = params.NextToken === undefined ? 0 : validPageOffset(params.NextToken, 'identity-pools');
      const end = start + Math.min(maxResults, MAX_IDENTITY_POOLS_PAGE);
      return {
        IdentityPools: pools.slice(start, end).map((pool) => ({ IdentityPoolId: pool.id, IdentityPoolName: pool.name })),
        NextToken: end < pools.length ? encodePageToken('identity-pools', end) : undefined,
      };
    },
    DescribeIdentityPool: (params, region) => describeIdentityPool(findPool(params, region)),
    GetIdentityPoolRoles: (params, region) => {
      const pool = findPool(params, region);
      return { IdentityPoolId: pool.id, Roles: { ...pool.roles } };
    },
    GetId: (params, region) => {
      const pool = findPool(params, region);
      const login = verifiedLogin(pool, params.Logins);
      if (!login) {
        if (!pool.allowUnauthenticatedIdentities) {
          throw new ServiceError('NotAuthorizedException', 'Unauthenticated access is not supported for this identity pool.');
        }
        const identityId = newIdentityId(pool, world.region);
        identities.set(identityId, { poolId: pool.id });
        return { IdentityId: identityId };
      }
      let identityId = identityIdByLogin.get(loginKey(pool, login));
      if (identityId === undefined) {
        identityId = newIdentityId(pool, world.region);
        identityIdByLogin.set(loginKey(pool, login), identityId);
        identities.set(identityId, { poolId: pool.id, login });
      }
      return { IdentityId: identityId };
    },
    GetCredentialsForIdentity: (params) => {
      const identityId = requiredString(params, 'IdentityId');
      const found = identities.get(identityId);
      const pool = found && state.identityPools.get(found.poolId);
      if (!found || !pool) throw new ServiceError('ResourceNotFoundException', `Identity '${identityId}' not found.`);
      const login = verifiedLogin(pool, params.Logins);
      if (found.login && (login?.provider !== found.login.provider || login.subject !== found.login.subject)) {
        throw new ServiceError('NotAuthorizedException', "Logins don't match. Please include at least one valid login for this identity or identity pool.");
      }
      if (!found.login && login) {
        // A guest identity that signs in keeps its id and becomes authenticated (aws-amplify relies on this).
        found.login = login;
        if (!identityIdByLogin.has(loginKey(pool, login))) identityIdByLogin.set(loginKey(pool, login), identityId);
      }
      if (!found.login && !pool.allowUnauthenticatedIdentities) {
        throw new ServiceError('NotAuthorizedException', 'Unauthenticated access is not supported for this identity pool.');
      }
      const amr = found.login ? 'authenticated' : 'unauthenticated';
      if (!roleAssumable(world, state, pool.roles[amr], pool.id, amr)) {
        throw new ServiceError('InvalidIdentityPoolConfigurationException', 'Invalid identity pool configuration. Check assigned IAM roles for this pool.');
      }
      const credentials = {
        AccessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
        SecretKey: randomBytes(30).toString('base64'),
        SessionToken: randomBytes(96).toString('base64'),
        Expiration: Math.floor(Date.now() / 1000) + CREDENTIALS_LIFETIME_SECONDS,
      };
      issued.set(credentials.AccessKeyId, {
        secretAccessKey: credentials.SecretKey,
        sessionToken: credentials.SessionToken,
        roleArn: pool.roles[amr] as string,
        identityId,
        expiration: credentials.Expiration,
      });
      return { IdentityId: identityId, Credentials: credentials };
    },
  };

  return (operation: string, params: Record<string, unknown>, region: string | undefined): object => {
    const handler = operations[operation];
    if (!handler) throw new ServiceError('UnknownOperationException', `The identity/IAM stub does not implement Cognito Identity ${operation}.`);
    return handler(params, region);
  };
}

function describeIdentityPool(pool: SeedIdentityPool): object {
  const loginProviders = pool.supportedLoginProviders ?? {};
  return {
    IdentityPoolId: pool.id,
    IdentityPoolName: pool.name,
    AllowUnauthenticatedIdentities: pool.allowUnauthenticatedIdentities,
    AllowClassicFlow: false,
    CognitoIdentityProviders:
      pool.providers.length > 0
        ? pool.providers.map((provider) => ({ ProviderName: provider.providerName, ClientId: provider.clientId, ServerSideTokenCheck: false }))
        : undefined,
    SupportedLoginProviders: Object.keys(loginProviders).length > 0 ? loginProviders : undefined,
    IdentityPoolTags: {},
  };
}

function loginKey(pool: SeedIdentityPool, login: NonNullable<Identity['login']>): string {
  return `${pool.id} ${login.provider} ${login.subject}`;
}

function newIdentityId(pool: SeedIdentityPool, fallbackRegion: string): string {
  return `${regionOfIdentityPoolId(pool.id) ?? fallbackRegion}:${randomUUID()}`;
}

/**
 * Checks a Logins map the way Cognito does for user pool tokens: the provider must be linked to the
 * pool, the token must come from that user pool (issuer) and be issued to a linked app client (audience).
 * Returns undefined when no logins were given.
 */
function verifiedLogin(pool: SeedIdentityPool, logins: unknown): Identity['login'] {
  if (logins === undefined || logins === null) return undefined;
  const entries = Object.entries(logins as Record<string, unknown>);
  const [first] = entries.sort(([a], [b]) => a.localeCompare(b));
  if (!first) return undefined;
  const [provider, token] = first;
  const linkedClients = pool.providers.filter((link) => link.providerName === provider).map((link) => link.clientId);
  const isOtherProvider = pool.supportedLoginProviders !== undefined && provider in pool.supportedLoginProviders;
  if (linkedClients.length === 0 && !isOtherProvider) {
    throw new ServiceError('NotAuthorizedException', 'Token is not from a supported provider of this identity pool.');
  }
  const claims = typeof token === 'string' ? jwtClaims(token) : undefined;
  if (!claims) return { provider, subject: String(token) };
  if (linkedClients.length > 0) {
    if (typeof claims.iss !== 'string' || claims.iss.replace(/^https?:\/\//, '') !== provider) {
      throw new ServiceError('NotAuthorizedException', "Invalid login token. Issuer doesn't match providerName");
    }
    const audience = claims.aud ?? claims.client_id;
    if (typeof audience !== 'string' || !linkedClients.includes(audience)) {
      throw new ServiceError('NotAuthorizedException', 'Invalid login token. Incorrect token audience.');
    }
  }
  return { provider, subject: String(claims.sub ?? token) };
}

function jwtClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** What STS would check in AssumeRoleWithWebIdentity: the role exists and its trust policy admits this pool and amr. */
function roleAssumable(world: World, state: IdentityIamStub['state'], arn: string | undefined, poolId: string, amr: string): boolean {
  const name = arn === undefined ? undefined : roleNameFromArn(arn);
  const role = name === undefined ? undefined : state.roles.get(name);
  if (!role || arn !== roleArn(world, role.name, role.path)) return false;
  return asArray((role.trustPolicy as { Statement?: unknown }).Statement).some((raw) => {
    const statement = raw as { Effect?: string; Principal?: { Federated?: unknown }; Action?: unknown; Condition?: Record<string, Record<string, unknown>> };
    const audiences = statement.Condition?.StringEquals?.['cognito-identity.amazonaws.com:aud'];
    const amrs = statement.Condition?.['ForAnyValue:StringLike']?.['cognito-identity.amazonaws.com:amr'];
    return (
      statement.Effect === 'Allow' &&
      asArray(statement.Principal?.Federated).includes('cognito-identity.amazonaws.com') &&
      asArray(statement.Action).some((action) => action === 'sts:AssumeRoleWithWebIdentity' || action === 'sts:*' || action === '*') &&
      (audiences === undefined || asArray(audiences).includes(poolId)) &&
      (amrs === undefined || asArray(amrs).includes(amr))
    );
  });
}

function asArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

// ---------- IAM ----------

type IamOperation = (form: URLSearchParams) => string | undefined;

function iamService(world: World, state: IdentityIamStub['state']) {
  function findRole(form: URLSearchParams): StubRole {
    const name = requiredParam(form, 'RoleName');
    const role = state.roles.get(name);
    if (!role) throw new ServiceError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
    return role;
  }

  function findInlinePolicy(form: URLSearchParams): { role: StubRole; name: string; document: object } {
    const role = findRole(form);
    const name = requiredParam(form, 'PolicyName');
    const document = role.inlinePolicies[name];
    if (!document) throw new ServiceError('NoSuchEntity', `The role policy with name ${name} cannot be found.`, 404);
    return { role, name, document };
  }

  const operations: Record<string, IamOperation> = {
    GetRole: (form) => {
      const role = findRole(form);
      const path = role.path ?? '/';
      return element(
        'Role',
        [
          textElement('Path', path),
          textElement('RoleName', role.name),
          textElement('RoleId', stableRoleId(role.name)),
          textElement('Arn', roleArn(world, role.name, path)),
          textElement('CreateDate', ROLE_CREATE_DATE),
          textElement('AssumeRolePolicyDocument', encodeURIComponent(JSON.stringify(role.trustPolicy))),
          textElement('MaxSessionDuration', '3600'),
          '<RoleLastUsed/>',
        ].join(''),
      );
    },
    ListRolePolicies: (form) => {
      const role = findRole(form);
      const names = Object.keys(role.inlinePolicies).sort();
      const marker = form.get('Marker');
      const start = marker === null ? 0 : validPageOffset(marker, `role-policies ${role.name}`);
      const end = start + maxItems(form);
      const truncated = end < names.length;
      return [
        element('PolicyNames', names.slice(start, end).map((name) => textElement('member', name)).join('')),
        textElement('IsTruncated', String(truncated)),
        truncated ? textElement('Marker', encodePageToken(`role-policies ${role.name}`, end)) : '',
      ].join('');
    },
    GetRolePolicy: (form) => {
      const { role, name, document } = findInlinePolicy(form);
      return [
        textElement('RoleName', role.name),
        textElement('PolicyName', name),
        textElement('PolicyDocument', encodeURIComponent(JSON.stringify(document))),
      ].join('');
    },
    PutRolePolicy: (form) => {
      const role = findRole(form);
      const name = requiredParam(form, 'PolicyName');
      role.inlinePolicies[name] = parsePolicyDocument(requiredParam(form, 'PolicyDocument'));
      return undefined;
    },
    DeleteRolePolicy: (form) => {
      const { role, name } = findInlinePolicy(form);
      delete role.inlinePolicies[name];
      return undefined;
    },
  };

  return (action: string, form: URLSearchParams): string | undefined => {
    const handler = operations[action];
    if (!handler) throw new ServiceError('InvalidAction', `Could not find operation ${action} for version 2010-05-08`);
    return handler(form);
  };
}

function maxItems(form: URLSearchParams): number {
  const value = Number(form.get('MaxItems') ?? DEFAULT_IAM_MAX_ITEMS);
  if (!Number.isInteger(value) || value < 1 || value > 1000) {
    throw new ServiceError('ValidationError', `1 validation error detected: Value '${form.get('MaxItems')}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000`);
  }
  return value;
}

function parsePolicyDocument(text: string): object {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new ServiceError('MalformedPolicyDocument', 'Syntax errors in policy.');
  }
  if (typeof document !== 'object' || document === null || !('Statement' in document)) {
    throw new ServiceError('MalformedPolicyDocument', 'Policy document must contain a Statement.');
  }
  return document;
}

function stableRoleId(roleName: string): string {
  const digits = BigInt(`0x${createHash('sha256').update(roleName).digest('hex')}`).toString(36).toUpperCase();
  return `AROA${digits.slice(0, 17)}`;
}

function iamResponse(action: string, result: string | undefined): string {
  const resultElement = result === undefined ? '' : element(`${action}Result`, result);
  const metadata = element('ResponseMetadata', textElement('RequestId', randomUUID()));
  return `<${action}Response xmlns="${IAM_XML_NAMESPACE}">${resultElement}${metadata}</${action}Response>`;
}

function iamErrorResponse(error: ServiceError): string {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  const detail = element('Error', textElement('Type', type) + textElement('Code', error.code) + textElement('Message', error.message));
  return `<ErrorResponse xmlns="${IAM_XML_NAMESPACE}">${detail}${textElement('RequestId', randomUUID())}</ErrorResponse>`;
}

// ---------- shared wire helpers ----------

/** Service errors become protocol error responses; anything else is a stub bug and answers 500. */
function answer(respond: () => void, respondWithError: (error: ServiceError) => void): void {
  try {
    respond();
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    respondWithError(error);
  }
}

function requiredString(params: Record<string, unknown>, name: string): string {
  const value = params[name];
  if (typeof value !== 'string' || value === '') {
    throw new ServiceError('InvalidParameterException', `1 validation error detected: Value at '${name}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

function requiredParam(form: URLSearchParams, name: string): string {
  const value = form.get(name);
  if (value === null || value === '') {
    throw new ServiceError('ValidationError', `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

function validPageOffset(token: unknown, scope: string): number {
  const offset = decodePageToken(String(token), scope);
  if (offset === undefined) throw new ServiceError('InvalidParameterException', 'The pagination token is invalid or was issued for another request.');
  return offset;
}

function signingRegion(authorization: string | undefined): string | undefined {
  return authorization ? /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(authorization)?.[1] : undefined;
}

function signingService(authorization: string | undefined): string | undefined {
  return authorization ? /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(authorization)?.[1] : undefined;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(response: ServerResponse, body: object): void {
  response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() }).end(JSON.stringify(body));
}

function sendJsonError(response: ServerResponse, error: ServiceError): void {
  response
    .writeHead(error.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': error.code, 'x-amzn-requestid': randomUUID() })
    .end(JSON.stringify({ __type: error.code, message: error.message }));
}

function sendXml(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() }).end(body);
}
