// The Lambda part of the loopback stub (REST + JSON): GetFunction, GetFunctionConfiguration and
// UpdateFunctionConfiguration (environment only), with RevisionId checks and Lambda's own error shapes.

import { createHash, randomUUID } from 'node:crypto';
import type { StubHttpRequest, StubHttpResponse, StubOperation, StubRole } from './identity-iam-stub.js';
import { parseJsonObject } from './wire-format.js';
import { functionArn, roleArn, type SeedFunction, type World } from './world.js';

export type StubFunction = SeedFunction & { environment: Record<string, string> };

const API_VERSION = '2015-03-31';
const LAST_MODIFIED = '2024-01-15T10:00:00.000+0000';
const ENVIRONMENT_KEY = /^[a-zA-Z]([a-zA-Z0-9_])+$/;
const ENVIRONMENT_SIZE_LIMIT = 4096;
const UPDATABLE_FIELDS = new Set(['Environment', 'RevisionId']);

class LambdaError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export function lambdaService(
  world: World,
  state: { functions: Map<string, StubFunction>; roles: Map<string, StubRole> },
): (request: StubHttpRequest) => StubOperation {
  /** Lambda is regional: a call signed for another region sees none of the world's functions. */
  function findFunction(nameOrArn: string, region: string | undefined): StubFunction {
    const name = nameOrArn.startsWith('arn:') ? /:function:([^:]+)/.exec(nameOrArn)?.[1] : nameOrArn;
    const found = name === undefined ? undefined : state.functions.get(name);
    if (!found || (region !== undefined && region !== world.region) || (nameOrArn.startsWith('arn:') && nameOrArn !== functionArn(world, found.name))) {
      const arn = nameOrArn.startsWith('arn:') ? nameOrArn : `arn:aws:lambda:${region ?? world.region}:${world.accountId}:function:${nameOrArn}`;
      throw new LambdaError('ResourceNotFoundException', `Function not found: ${arn}`, 404);
    }
    return found;
  }

  function configuration(fn: StubFunction): object {
    const role = state.roles.get(fn.roleName);
    return {
      FunctionName: fn.name,
      FunctionArn: functionArn(world, fn.name),
      Runtime: 'nodejs20.x',
      Role: roleArn(world, fn.roleName, role?.path),
      Handler: 'index.handler',
      CodeSize: 512,
      Description: '',
      Timeout: 3,
      MemorySize: 128,
      LastModified: LAST_MODIFIED,
      CodeSha256: createHash('sha256').update(fn.name).digest('base64'),
      Version: '$LATEST',
      // Lambda leaves Environment out when a function has no variables.
      ...(Object.keys(fn.environment).length > 0 ? { Environment: { Variables: { ...fn.environment } } } : {}),
      TracingConfig: { Mode: 'PassThrough' },
      RevisionId: revisionId(fn),
      State: 'Active',
      LastUpdateStatus: 'Successful',
      PackageType: 'Zip',
      Architectures: ['x86_64'],
    };
  }

  function updateConfiguration(fn: StubFunction, body: Record<string, unknown>): object {
    const unsupported = Object.keys(body).filter((field) => !UPDATABLE_FIELDS.has(field));
    if (unsupported.length > 0) {
      throw new LambdaError('InvalidParameterValueException', `The Lambda stub updates only Environment; it was also sent ${unsupported.join(', ')}.`, 400);
    }
    if (body.RevisionId !== undefined && body.RevisionId !== revisionId(fn)) {
      throw new LambdaError(
        'PreconditionFailedException',
        'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
        412,
      );
    }
    if (body.Environment !== undefined) fn.environment = validEnvironment(body.Environment);
    return configuration(fn);
  }

  function route(request: StubHttpRequest, body: Record<string, unknown>): { operation: string; params: Record<string, unknown>; run: () => object } {
    const match = new RegExp(`^/${API_VERSION}/functions/([^/]+)(/configuration)?/?$`).exec(request.url.pathname);
    const name = match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
    const onConfiguration = match?.[2] !== undefined;
    if (name !== undefined && request.method === 'GET' && !onConfiguration) {
      return { operation: 'GetFunction', params: { FunctionName: name }, run: () => getFunction(findFunction(name, request.region)) };
    }
    if (name !== undefined && request.method === 'GET') {
      return { operation: 'GetFunctionConfiguration', params: { FunctionName: name }, run: () => configuration(findFunction(name, request.region)) };
    }
    if (name !== undefined && request.method === 'PUT' && onConfiguration) {
      return {
        operation: 'UpdateFunctionConfiguration',
        params: { FunctionName: name, ...body },
        run: () => updateConfiguration(findFunction(name, request.region), body),
      };
    }
    const operation = `${request.method} ${request.url.pathname}`;
    return {
      operation,
      params: {},
      run: () => {
        throw new LambdaError('UnknownOperationException', `The Lambda stub does not implement ${operation}.`, 400);
      },
    };
  }

  function getFunction(fn: StubFunction): object {
    return {
      Configuration: configuration(fn),
      Code: { RepositoryType: 'S3', Location: `https://awslambda-${world.region}-tasks.s3.${world.region}.amazonaws.com/snapshots/${world.accountId}/${fn.name}` },
      Tags: {},
    };
  }

  return (request) => {
    const body = parseJsonObject(request.body);
    const { operation, params, run } = route(request, body ?? {});
    try {
      if (body === undefined) throw new LambdaError('InvalidRequestContentException', 'Could not parse request body into json.', 400);
      return { operation, params, response: json(200, run()) };
    } catch (error) {
      if (!(error instanceof LambdaError)) throw error;
      return { operation, params, response: lambdaError(error) };
    }
  };
}

/** Changes whenever the function's configuration does, including when a test edits `state` directly. */
function revisionId(fn: StubFunction): string {
  const hex = createHash('sha256').update(JSON.stringify([fn.roleName, fn.environment])).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function validEnvironment(environment: unknown): Record<string, string> {
  const variables = (environment as { Variables?: unknown }).Variables ?? {};
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
    throw new LambdaError('InvalidParameterValueException', 'Environment.Variables must be a map of strings.', 400);
  }
  const entries = Object.entries(variables as Record<string, unknown>);
  for (const [key, value] of entries) {
    if (!ENVIRONMENT_KEY.test(key) || typeof value !== 'string') {
      throw new LambdaError('InvalidParameterValueException', `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys or invalid keys: ${key}.`, 400);
    }
  }
  if (entries.reduce((size, [key, value]) => size + key.length + String(value).length, 0) > ENVIRONMENT_SIZE_LIMIT) {
    throw new LambdaError('InvalidParameterValueException', 'Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit.', 400);
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

function json(status: number, body: object): StubHttpResponse {
  return { status, headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() }, body: JSON.stringify(body) };
}

function lambdaError(error: LambdaError): StubHttpResponse {
  const response = json(error.status, { Type: error.status >= 500 ? 'Service' : 'User', message: error.message });
  return { ...response, headers: { ...response.headers, 'x-amzn-errortype': error.code } };
}
