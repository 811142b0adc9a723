// The GraphQL endpoint of the seeded AppSync APIs, on loopback: `http://127.0.0.1:<port>/<apiId>.appsync-api.<region>
// .amazonaws.com/graphql`. A tiny schema (`me`, `catalog`, `addItem`) run by the graphql reference implementation,
// authorized as AppSync does with the API's own modes: a user pool token (signed by cognito-local, issued by a pool
// the API trusts, for an app client its appIdClientRegex admits), an API key of the API that has not expired, or a
// SigV4 signature by credentials the identity stub issued whose role's policies allow `appsync:GraphQL` on every
// field asked for.
import { buildSchema, graphql, parse, type OperationDefinitionNode } from 'graphql';
import type { IncomingHttpHeaders } from 'node:http';
import type { PolicyDocument } from '../../src/core/model.js';
import { roleNameFromArn } from '../../src/core/model.js';
import { evaluate } from '../../src/core/policy-evaluator.js';
import { verifyUserPoolToken } from './cognito-tokens.js';
import type { IssuedCredentials, StubHttpResponse, StubRole } from './identity-iam-stub.js';
import { checkSigV4, isSigV4 } from './sigv4-check.js';
import { jsonResponse, parseJsonObject } from './wire-format.js';
import type { SeedGraphqlApi, World } from './world.js';

export const APPSYNC_HOST = /^([a-z0-9]+)\.appsync-api\.([a-z0-9-]+)\.amazonaws\.com$/;

const SCHEMA = buildSchema(`
  type Me { sub: String, username: String, clientId: String, authorizedBy: String }
  type Item { name: String }
  type Query { me: Me, catalog: [Item] }
  type Mutation { addItem(name: String): Item }
`);

export interface GraphqlRequest {
  method: string;
  host: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The URL as the client signed it (host segment included). */
  signedUrl: URL;
}

interface Caller {
  authorizedBy: string;
  sub?: string;
  username?: string;
  clientId?: string;
}

export function graphqlEndpointService(
  world: World,
  state: { graphqlApis: Map<string, SeedGraphqlApi>; roles: Map<string, StubRole> },
  issued: ReadonlyMap<string, IssuedCredentials>,
): (request: GraphqlRequest) => Promise<{ operation: string; response: StubHttpResponse }> {
  return async (request) => {
    const [, apiId = '', region = ''] = APPSYNC_HOST.exec(request.host) ?? [];
    const api = state.graphqlApis.get(apiId);
    if (!api || (api.region ?? world.region) !== region) return { operation: 'GraphQL', response: jsonResponse(404, { errors: [{ errorType: 'NotFound', message: 'API not found' }] }) };
    const body = parseJsonObject(request.body);
    const query = typeof body?.['query'] === 'string' ? body['query'] : undefined;
    if (request.method !== 'POST' || query === undefined) return { operation: 'GraphQL', response: graphqlError(400, 'BadRequestException', 'A POST with a JSON body holding "query" is expected.') };

    let operation: OperationDefinitionNode | undefined;
    try {
      operation = parse(query).definitions.find((definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition');
    } catch {
      return { operation: 'GraphQL', response: graphqlError(400, 'MalformedHttpRequestException', 'The query does not parse.') };
    }
    const typeName = operation?.operation === 'mutation' ? 'Mutation' : operation?.operation === 'subscription' ? 'Subscription' : 'Query';
    const fields = (operation?.selectionSet.selections ?? []).flatMap((selection) => (selection.kind === 'Field' ? [selection.name.value] : []));
    const caller = await authorize(api, { request, region, typeName, fields, world, state, issued });
    if (!caller) return { operation: `GraphQL ${typeName}`, response: graphqlError(401, 'UnauthorizedException', 'You are not authorized to make this call.') };

    const result = await graphql({
      schema: SCHEMA,
      source: query,
      variableValues: isObject(body?.['variables']) ? body['variables'] : undefined,
      rootValue: { me: () => caller, catalog: () => [{ name: 'lamp' }, { name: 'chair' }], addItem: ({ name }: { name?: string }) => ({ name }) },
    });
    return { operation: `GraphQL ${typeName} ${fields.join(',')}`, response: jsonResponse(200, result as object) };
  };
}

async function authorize(
  api: SeedGraphqlApi,
  context: {
    request: GraphqlRequest;
    region: string;
    typeName: string;
    fields: string[];
    world: World;
    state: { roles: Map<string, StubRole> };
    issued: ReadonlyMap<string, IssuedCredentials>;
  },
): Promise<Caller | undefined> {
  const providers = [
    { authenticationType: api.authenticationType, userPoolConfig: api.userPoolConfig },
    ...((api.additionalAuthenticationProviders ?? []) as Array<{ authenticationType: string; userPoolConfig?: SeedGraphqlApi['userPoolConfig'] }>),
  ];
  const { request } = context;
  const authorization = typeof request.headers.authorization === 'string' ? request.headers.authorization : undefined;
  const apiKey = request.headers['x-api-key'];

  if (typeof apiKey === 'string') {
    const accepted = providers.some((provider) => provider.authenticationType === 'API_KEY') &&
      (api.apiKeys ?? []).some((key) => key.id === apiKey && key.expires * 1000 > Date.now());
    return accepted ? { authorizedBy: 'API_KEY' } : undefined;
  }
  if (isSigV4(authorization)) {
    if (!providers.some((provider) => provider.authenticationType === 'AWS_IAM')) return undefined;
    const signature = await checkSigV4({ method: request.method, url: request.signedUrl, headers: request.headers, body: request.body }, { service: 'appsync', region: context.region }, context.issued);
    if (!signature.ok) return undefined;
    const roleName = roleNameFromArn(signature.credentials.roleArn) ?? '';
    const policies = Object.values(context.state.roles.get(roleName)?.inlinePolicies ?? {}) as PolicyDocument[];
    const arn = (field: string) => `arn:aws:appsync:${context.region}:${context.world.accountId}:apis/${api.apiId}/types/${context.typeName}/fields/${field}`;
    const allowed = context.fields.every((field) => evaluate(policies, { action: 'appsync:GraphQL', resource: arn(field), context: {} }) === 'allow');
    return allowed ? { authorizedBy: 'AWS_IAM', sub: signature.credentials.identityId } : undefined;
  }
  if (authorization !== undefined) {
    for (const provider of providers.filter((candidate) => candidate.authenticationType === 'AMAZON_COGNITO_USER_POOLS' && candidate.userPoolConfig)) {
      const pool = provider.userPoolConfig as NonNullable<SeedGraphqlApi['userPoolConfig']>;
      const regex = pool.appIdClientRegex ? new RegExp(`^(?:${pool.appIdClientRegex})$`) : undefined;
      const token = verifyUserPoolToken(authorization, {
        issuers: [`https://cognito-idp.${pool.awsRegion}.amazonaws.com/${pool.userPoolId}`],
        acceptClient: (clientId) => regex === undefined || regex.test(clientId),
      });
      if (token.ok) {
        return { authorizedBy: 'AMAZON_COGNITO_USER_POOLS', sub: token.claims.sub, username: token.claims.username ?? token.claims['cognito:username'], clientId: token.clientId };
      }
    }
  }
  return undefined;
}

function graphqlError(status: number, errorType: string, message: string): StubHttpResponse {
  return jsonResponse(status, { errors: [{ errorType, message }] });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
