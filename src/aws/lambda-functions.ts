// Reads existing Lambda functions (to find their execution roles) and edits one environment variable
// at a time. Lambda replaces a function's whole environment on update, so every write carries all the
// variables it has and the RevisionId they were read at: a concurrent change makes the write fail and
// be redone on fresh values instead of silently dropping someone else's variable.

import {
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { UserError } from '../core/errors.js';
import { roleNameFromArn } from '../core/model.js';
import { toUserError } from './errors.js';
import { escapeUntrusted, quoted } from '../core/untrusted-text.js';
import { shellQuote } from '../core/shell-quote.js';

const IAM_ACTIONS = {
  getFunction: 'lambda:GetFunction',
  getFunctionConfiguration: 'lambda:GetFunctionConfiguration',
  updateFunctionConfiguration: 'lambda:UpdateFunctionConfiguration',
} as const;

/** Every IAM action LambdaFunctions calls: what the operator's identity needs to be allowed. */
export const LAMBDA_IAM_PERMISSIONS: readonly string[] = Object.freeze(Object.values(IAM_ACTIONS));

const DEFAULT_UPDATE_ATTEMPTS = 5;
const DEFAULT_RETRY_DELAY_MS = 1000;
/** Another writer changed the function since it was read (RevisionId mismatch). */
const STALE_REVISION = 'PreconditionFailedException';
/** An earlier update of the function is still being applied. */
const UPDATE_IN_PROGRESS = 'ResourceConflictException';
/** Lambda's answer to variables it refuses: a bad or reserved name, or all of them together over the size limit. */
const INVALID_PARAMETER = 'InvalidParameterValueException';
/** Lambda's limit on a function's environment variables, measured over their names and values. */
const ENVIRONMENT_SIZE_LIMIT_BYTES = 4096;

export interface FunctionDetails {
  name: string;
  arn: string;
  /** The execution role, which is what a grant puts its policy on. */
  roleArn: string;
  roleName: string;
  environment: Record<string, string>;
}

export type EnvironmentChange = 'updated' | 'unchanged';

export class LambdaFunctions {
  private readonly updateAttempts: number;
  private readonly retryDelayMs: number;

  constructor(
    private readonly lambda: LambdaClient,
    options: { updateAttempts?: number; retryDelayMs?: number } = {},
  ) {
    this.updateAttempts = options.updateAttempts ?? DEFAULT_UPDATE_ATTEMPTS;
    this.retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  }

  /** Undefined when the function does not exist (in the client's region). */
  async describeFunction(name: string): Promise<FunctionDetails | undefined> {
    let configuration: FunctionConfiguration | undefined;
    try {
      ({ Configuration: configuration } = await this.lambda.send(new GetFunctionCommand({ FunctionName: name })));
    } catch (error) {
      if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
      throw toUserError(error, { action: IAM_ACTIONS.getFunction, resource: functionResource(name) });
    }
    if (configuration === undefined) throw new Error(`AWS response is missing Configuration for ${functionResource(name)}`);
    const roleArn = required(configuration.Role, `Role of ${functionResource(name)}`);
    const roleName = roleNameFromArn(roleArn);
    if (roleName === undefined) throw new Error(`The execution role ARN ${quoted(roleArn)} of ${functionResource(name)} is not an IAM role ARN`);
    return {
      name: configuration.FunctionName ?? name,
      arn: required(configuration.FunctionArn, `FunctionArn of ${functionResource(name)}`),
      roleArn,
      roleName,
      environment: { ...(configuration.Environment?.Variables ?? {}) },
    };
  }

  async setEnvironmentVariable(name: string, key: string, value: string): Promise<EnvironmentChange> {
    return this.changeEnvironment(name, (variables) => {
      if (variables[key] === value) return undefined;
      return { ...variables, [key]: value };
    });
  }

  async removeEnvironmentVariable(name: string, key: string): Promise<EnvironmentChange> {
    return this.changeEnvironment(name, (variables) => {
      if (!(key in variables)) return undefined;
      const { [key]: _removed, ...rest } = variables;
      return rest;
    });
  }

  /** `change` returns the new variables, or undefined when nothing needs to change. */
  private async changeEnvironment(
    name: string,
    change: (variables: Record<string, string>) => Record<string, string> | undefined,
  ): Promise<EnvironmentChange> {
    const resource = functionResource(name);
    for (let attempt = 1; ; attempt += 1) {
      const current = await this.call(IAM_ACTIONS.getFunctionConfiguration, resource, () =>
        this.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name })),
      );
      const variables = readableVariables(current, name);
      const next = change(variables);
      if (next === undefined) return 'unchanged';
      try {
        await this.lambda.send(
          new UpdateFunctionConfigurationCommand({ FunctionName: name, Environment: { Variables: next }, RevisionId: current.RevisionId }),
        );
        return 'updated';
      } catch (error) {
        const retryable = error instanceof Error && (error.name === STALE_REVISION || error.name === UPDATE_IN_PROGRESS);
        if (!retryable) throw updateError(error, name, next);
        if (attempt >= this.updateAttempts) throw busyFunction(name, error);
        await delay(this.retryDelayMs * attempt);
      }
    }
  }

  private async call<T>(action: string, resource: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw toUserError(error, { action, resource });
    }
  }
}

function functionResource(name: string): string {
  return `Lambda function ${escapeUntrusted(name)}`;
}

/**
 * Lambda reports variables it cannot decrypt (a customer managed KMS key the caller may not use) as
 * `Environment.Error` without `Variables`; writing then would erase them all.
 */
function readableVariables(configuration: FunctionConfiguration, name: string): Record<string, string> {
  const failure = configuration.Environment?.Error;
  if (failure !== undefined) {
    throw new UserError(
      'AwsAccessDenied',
      `Cannot read the environment variables of ${functionResource(name)}: ${escapeUntrusted(failure.ErrorCode ?? 'error')}${failure.Message ? `: ${escapeUntrusted(failure.Message)}` : ''}.`,
      `Grant kms:Decrypt on the function's KMS key (${escapeUntrusted(configuration.KMSKeyArn ?? 'see the function configuration')}) to the identity mycli runs as, ` +
        'or set the variable yourself in the Lambda console (Configuration > Environment variables).',
    );
  }
  return { ...(configuration.Environment?.Variables ?? {}) };
}

/**
 * Lambda's messages for a refused update may quote every variable with its value ("String measured: {…}"), so
 * neither the message nor the error carrying it (the cause, printed with --debug) may reach the output.
 */
function updateError(error: unknown, name: string, variables: Record<string, string>): unknown {
  const context = { action: IAM_ACTIONS.updateFunctionConfiguration, resource: functionResource(name), withholdAwsMessage: true };
  if (!(error instanceof Error) || error.name !== INVALID_PARAMETER) return toUserError(error, context);
  const refused = `${context.action} on ${context.resource}: ${INVALID_PARAMETER}`;
  const where = 'in the Lambda console (Configuration > Environment variables), then run the command again';
  const tooLarge = environmentSize(variables) > ENVIRONMENT_SIZE_LIMIT_BYTES;
  return new UserError(
    'AwsError',
    tooLarge
      ? `The environment variables of ${functionResource(name)} would exceed Lambda's 4 KB limit (${refused}).`
      : `Lambda refused the environment variables of ${functionResource(name)} (${refused}).`,
    tooLarge
      ? `Shorten or remove some of the function's environment variables ${where}.`
      : 'Variable names must start with a letter, hold only letters, digits and _, and not be reserved (AWS_REGION, AWS_LAMBDA_*…), ' +
        `and the function's environment variables together must stay under Lambda's 4 KB limit: shorten or remove some ${where}.`,
    { details: [`AWS error: ${INVALID_PARAMETER} (AWS's message is not shown: it may quote the variables' values)`] },
  );
}

/** Lambda measures the variables as the JSON object it stores, in UTF-8 bytes. */
function environmentSize(variables: Record<string, string>): number {
  return Buffer.byteLength(JSON.stringify(variables), 'utf8');
}

// The message of a conflict is left out for the same reason as in updateError.
function busyFunction(name: string, error: Error): UserError {
  return new UserError(
    'AwsError',
    `${functionResource(name)} kept changing while mycli updated its environment variables (${escapeUntrusted(error.name)}).`,
    `Wait for other deployments of the function to finish (\`aws lambda wait function-updated-v2 --function-name ${shellQuote(name)}\`), then run the command again.`,
    { details: [`AWS error: ${escapeUntrusted(error.name)}`] },
  );
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A field AWS always returns; its absence means the response is not what the API documents. */
function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`AWS response is missing ${what}`);
  return value;
}
