// The Systems Manager Parameter Store part of the loopback stub (JSON 1.1, `X-Amz-Target: AmazonSSM.<Operation>`):
// PutParameter (with Overwrite false: create only if absent, atomically), GetParameter and DeleteParameter, with
// SSM's own error names (ParameterAlreadyExists, ParameterNotFound, ValidationException, AccessDeniedException).
// Parameters are regional: a call signed for one region never sees another region's parameters.

export const SSM_TARGET_PREFIX = 'AmazonSSM.';

/** Standard tier's limit on a parameter value, in characters. */
const STANDARD_VALUE_LIMIT = 4096;
const PARAMETER_NAME = /^\/?[a-zA-Z0-9_.\-/]{1,1011}$/;

export interface StubParameter {
  value: string;
  type: string;
  version: number;
  /** Epoch milliseconds; tests may move it back in time. */
  lastModified: number;
}

export interface SsmStubState {
  /** Keyed by `<region> <name>`; see parameterKey. */
  parameters: Map<string, StubParameter>;
  /** Operations answered with AccessDeniedException, as when the caller's policy does not allow them. */
  deniedOperations: Set<string>;
}

export class SsmError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export function parameterKey(region: string, name: string): string {
  return `${region} ${name}`;
}

export function ssmService(state: SsmStubState, accountId: string) {
  const operations: Record<string, (params: Record<string, unknown>, region: string) => object> = {
    PutParameter: (params, region) => {
      const name = parameterName(params);
      const value = params['Value'];
      if (typeof value !== 'string' || value === '') throw new SsmError('ValidationException', "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must not be null");
      const tier = params['Tier'] ?? 'Standard';
      if (tier === 'Standard' && [...value].length > STANDARD_VALUE_LIMIT) {
        throw new SsmError('ValidationException', `Standard tier parameters support a maximum parameter value of ${STANDARD_VALUE_LIMIT} characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier.`);
      }
      const type = typeof params['Type'] === 'string' ? params['Type'] : undefined;
      const existing = state.parameters.get(parameterKey(region, name));
      if (existing && params['Overwrite'] !== true) {
        throw new SsmError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
      }
      if (!existing && type === undefined) throw new SsmError('ValidationException', 'A parameter type is required when you create a parameter.');
      const version = (existing?.version ?? 0) + 1;
      state.parameters.set(parameterKey(region, name), { value, type: type ?? existing?.type ?? 'String', version, lastModified: Date.now() });
      return { Version: version, Tier: 'Standard' };
    },
    GetParameter: (params, region) => {
      const name = parameterName(params);
      const parameter = state.parameters.get(parameterKey(region, name));
      if (!parameter) throw new SsmError('ParameterNotFound', '');
      return {
        Parameter: {
          Name: name,
          Type: parameter.type,
          Value: parameter.value,
          Version: parameter.version,
          // JSON 1.1 timestamps are epoch seconds.
          LastModifiedDate: parameter.lastModified / 1000,
          ARN: `arn:aws:ssm:${region}:${accountId}:parameter${name.startsWith('/') ? '' : '/'}${name}`,
          DataType: 'text',
        },
      };
    },
    DeleteParameter: (params, region) => {
      const name = parameterName(params);
      if (!state.parameters.delete(parameterKey(region, name))) throw new SsmError('ParameterNotFound', '');
      return {};
    },
  };

  return (operation: string, params: Record<string, unknown>, region: string | undefined): object => {
    const handler = operations[operation];
    if (!handler) throw new SsmError('InvalidAction', `The SSM stub does not implement ${operation}.`);
    if (state.deniedOperations.has(operation)) {
      const name = typeof params['Name'] === 'string' ? params['Name'] : '';
      throw new SsmError('AccessDeniedException',
        `User: arn:aws:iam::${accountId}:user/test is not authorized to perform: ssm:${operation} on resource: arn:aws:ssm:${region}:${accountId}:parameter${name} because no identity-based policy allows the ssm:${operation} action`);
    }
    if (region === undefined) throw new SsmError('MissingAuthenticationTokenException', 'Request is missing Authentication Token', 403);
    return handler(params, region);
  };
}

function parameterName(params: Record<string, unknown>): string {
  const name = params['Name'];
  if (typeof name !== 'string' || !PARAMETER_NAME.test(name)) {
    throw new SsmError('ValidationException', `Parameter name: can't be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it must be fully qualified with a leading forward slash.`);
  }
  return name;
}
