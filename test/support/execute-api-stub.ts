// The invoke side of the seeded REST and HTTP APIs, on loopback: `http://127.0.0.1:<port>/<apiId>.execute-api.<region>
// .amazonaws.com/<stage>/<path>` (the host rides in the first path segment). It authorizes each call as API Gateway
// does for the route it matches: AWS_IAM — a SigV4 signature by credentials the identity stub issued, then the
// identity-based policies of the role those credentials are for, judged with the project's policy evaluator on
// `execute-api:Invoke` of the request's ARN; COGNITO_USER_POOLS — an ID token of a pool the authorizer lists; JWT —
// a token of the authorizer's issuer for one of its audiences; NONE — anyone.
import type { IncomingHttpHeaders } from 'node:http';
import type { PolicyDocument } from '../../src/core/model.js';
import { roleNameFromArn } from '../../src/core/model.js';
import { evaluate } from '../../src/core/policy-evaluator.js';
import { verifyUserPoolToken } from './cognito-tokens.js';
import type { IssuedCredentials, StubHttpResponse, StubRole } from './identity-iam-stub.js';
import { checkSigV4, isSigV4 } from './sigv4-check.js';
import { jsonResponse } from './wire-format.js';
import type { SeedHttpApi, SeedRestApi, World } from './world.js';

export const EXECUTE_API_HOST = /^([a-z0-9]+)\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/;

interface InvokeRoute {
  method: string;
  path: string;
  authorizationType: string;
  authorizerId?: string;
}

export interface InvokeRequest {
  method: string;
  /** The URL with the host segment already taken off the path. */
  url: URL;
  host: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The URL as the client signed it (host segment included). */
  signedUrl: URL;
}

export function executeApiService(
  world: World,
  state: { restApis: Map<string, SeedRestApi>; httpApis: Map<string, SeedHttpApi>; roles: Map<string, StubRole> },
  issued: ReadonlyMap<string, IssuedCredentials>,
): (request: InvokeRequest) => Promise<{ operation: string; response: StubHttpResponse }> {
  return async (request) => {
    const [, apiId = '', region = ''] = EXECUTE_API_HOST.exec(request.host) ?? [];
    const rest = state.restApis.get(apiId);
    const http = state.httpApis.get(apiId);
    const api = rest ?? http;
    if (!api || (api.region ?? world.region) !== region) return { operation: 'Invoke', response: message(404, 'Not Found') };

    const segments = request.url.pathname.split('/').filter(Boolean);
    const stages = rest ? rest.stages : (http?.stages.map((stage) => stage.stageName) ?? []);
    const stage = stages.includes(segments[0] ?? '') ? (segments[0] as string) : stages.includes('$default') ? '$default' : undefined;
    if (stage === undefined) return { operation: 'Invoke', response: message(403, 'Forbidden') };
    const path = `/${(stage === '$default' && segments[0] !== '$default' ? segments : segments.slice(1)).join('/')}`;
    const routes: InvokeRoute[] = rest
      ? rest.methods.map(({ httpMethod, path: methodPath, authorizationType, authorizerId }) => ({ method: httpMethod, path: methodPath, authorizationType, ...(authorizerId ? { authorizerId } : {}) }))
      : (http?.routes ?? []).map((route) => {
          const [method = '*', routePath = '*'] = route.routeKey === '$default' ? [] : route.routeKey.split(' ');
          return { method, path: routePath, authorizationType: route.authorizationType, ...(route.authorizerId ? { authorizerId: route.authorizerId } : {}) };
        });
    const route = matchRoute(routes, request.method, path);
    const operation = `Invoke ${request.method} ${path}`;
    // API Gateway's answer to a path it has no route for.
    if (!route) return { operation, response: message(403, 'Missing Authentication Token') };

    const arn = `arn:aws:execute-api:${region}:${world.accountId}:${apiId}/${stage}/${request.method}${path}`;
    const authorized = await authorize(route, { request, arn, region, rest, http, world, state, issued });
    if (!authorized.ok) return { operation, response: authorized.response };
    return {
      operation,
      response: jsonResponse(200, { api: api.name, stage, route: `${route.method} ${route.path}`, authorizedBy: route.authorizationType, principal: authorized.principal }),
    };
  };
}

type Authorization = { ok: true; principal: string } | { ok: false; response: StubHttpResponse };

async function authorize(
  route: InvokeRoute,
  context: {
    request: InvokeRequest;
    arn: string;
    region: string;
    rest?: SeedRestApi;
    http?: SeedHttpApi;
    world: World;
    state: { roles: Map<string, StubRole> };
    issued: ReadonlyMap<string, IssuedCredentials>;
  },
): Promise<Authorization> {
  const { request } = context;
  const authorization = typeof request.headers.authorization === 'string' ? request.headers.authorization : undefined;
  switch (route.authorizationType) {
    case 'NONE':
      return { ok: true, principal: 'anonymous' };
    case 'AWS_IAM': {
      if (!isSigV4(authorization)) return { ok: false, response: message(403, 'Missing Authentication Token') };
      const signature = await checkSigV4({ method: request.method, url: request.signedUrl, headers: request.headers, body: request.body }, { service: 'execute-api', region: context.region }, context.issued);
      if (!signature.ok) return { ok: false, response: message(signature.status, signature.message) };
      const roleName = roleNameFromArn(signature.credentials.roleArn) ?? '';
      const policies = Object.values(context.state.roles.get(roleName)?.inlinePolicies ?? {}) as PolicyDocument[];
      const principal = `arn:aws:sts::${context.world.accountId}:assumed-role/${roleName}/CognitoIdentityCredentials`;
      if (evaluate(policies, { action: 'execute-api:Invoke', resource: context.arn, context: {} }) !== 'allow') {
        return { ok: false, response: message(403, `User: ${principal} is not authorized to perform: execute-api:Invoke on resource: ${context.arn}`) };
      }
      return { ok: true, principal };
    }
    case 'COGNITO_USER_POOLS': {
      const authorizer = context.rest?.authorizers?.find((candidate) => candidate.id === route.authorizerId);
      const issuers = (authorizer?.providerARNs ?? []).flatMap((arn) => {
        const match = /^arn:aws:cognito-idp:([^:]+):\d{12}:userpool\/(.+)$/.exec(arn);
        return match ? [`https://cognito-idp.${match[1]}.amazonaws.com/${match[2]}`] : [];
      });
      const token = verifyUserPoolToken(authorization ?? '', { issuers, acceptClient: () => true, tokenUse: ['id'] });
      return token.ok ? { ok: true, principal: token.claims.sub } : { ok: false, response: message(401, 'Unauthorized') };
    }
    case 'JWT': {
      const authorizer = context.http?.authorizers?.find((candidate) => candidate.authorizerId === route.authorizerId);
      const jwt = authorizer?.jwtConfiguration;
      const token = verifyUserPoolToken(authorization ?? '', { issuers: jwt ? [jwt.issuer] : [], acceptClient: (clientId) => jwt?.audience.includes(clientId) === true });
      return token.ok ? { ok: true, principal: token.claims.sub } : { ok: false, response: message(401, 'Unauthorized') };
    }
    default:
      return { ok: false, response: message(500, `The execute-api stub does not authorize ${route.authorizationType} routes.`) };
  }
}

/** The most specific route: literal segments before `{param}`, `{param}` before `{proxy+}`; ANY and `$default` last. */
function matchRoute(routes: InvokeRoute[], method: string, path: string): InvokeRoute | undefined {
  const score = (route: InvokeRoute): number | undefined => {
    if (route.method !== method && route.method !== 'ANY' && route.method !== '*') return undefined;
    if (route.path === '*') return 0;
    const pattern = new RegExp(`^${route.path.replace(/\{[^}]+\+\}/g, '(.+)').replace(/\{[^}]+\}/g, '([^/]+)')}$`);
    if (!pattern.test(path)) return undefined;
    const literal = route.path.split('/').filter((segment) => segment !== '' && !segment.startsWith('{')).length;
    return 10 + literal * 10 - (route.path.includes('+}') ? 5 : 0) - (route.method === method ? 0 : 1);
  };
  return routes
    .map((route) => ({ route, score: score(route) }))
    .filter((candidate): candidate is { route: InvokeRoute; score: number } => candidate.score !== undefined)
    .sort((a, b) => b.score - a.score)[0]?.route;
}

function message(status: number, text: string): StubHttpResponse {
  return jsonResponse(status, { message: text });
}
