import {
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  LambdaServiceException,
  PreconditionFailedException,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AWS_ERROR_METADATA, useIsolatedAwsEnvironment, userErrorOf } from '../../test/support/aws-unit-env.js';
import type { UserError } from '../core/errors.js';
import { startIdentityIamStub, type IdentityIamStub, type StubFunction } from '../../test/support/identity-iam-stub.js';
import { DEMO_IDS, demoWorld } from '../../test/support/world.js';
import { createLambdaClient } from './clients.js';
import { LAMBDA_IAM_PERMISSIONS, LambdaFunctions } from './lambda-functions.js';

const REGION = 'us-east-1';
const FUNCTION = DEMO_IDS.adminFunction;
const FUNCTION_ARN = `arn:aws:lambda:us-east-1:123456789012:function:${FUNCTION}`;

useIsolatedAwsEnvironment('lambda-functions');

describe('LambdaFunctions against the loopback stub', () => {
  let stub: IdentityIamStub;
  let adminFunction: StubFunction;

  beforeEach(async () => {
    stub = await startIdentityIamStub(demoWorld());
    const seeded = stub.state.functions.get(FUNCTION);
    if (!seeded) throw new Error(`${FUNCTION} missing from the stub`);
    adminFunction = seeded;
    vi.stubEnv('AWS_ENDPOINT_URL_LAMBDA', stub.endpoint);
  });

  afterEach(async () => {
    await stub.stop();
  });

  const functions = (region = REGION) => new LambdaFunctions(createLambdaClient({ region, maxAttempts: 1 }), { retryDelayMs: 0 });
  const operations = () => stub.calls.map((call) => `${call.service}:${call.operation}`);

  it('describes a function with its execution role (under a path) and its variables', async () => {
    await expect(functions().describeFunction(FUNCTION)).resolves.toEqual({
      name: FUNCTION,
      arn: FUNCTION_ARN,
      roleArn: `arn:aws:iam::123456789012:role/service-role/${DEMO_IDS.adminFunctionRoleName}`,
      roleName: DEMO_IDS.adminFunctionRoleName,
      environment: { STAGE: 'dev' },
    });
    expect(stub.calls).toEqual([{ service: 'lambda', operation: 'GetFunction', params: { FunctionName: FUNCTION }, region: REGION }]);
  });

  it('finds a function by its ARN too', async () => {
    await expect(functions().describeFunction(FUNCTION_ARN)).resolves.toMatchObject({ name: FUNCTION, roleName: DEMO_IDS.adminFunctionRoleName });
  });

  it('answers undefined for a function that does not exist, or lives in another region', async () => {
    await expect(functions().describeFunction('acme-no-such-fn')).resolves.toBeUndefined();
    await expect(functions('eu-west-1').describeFunction(FUNCTION)).resolves.toBeUndefined();
  });

  it('adds a variable and keeps every existing one; setting it again changes nothing', async () => {
    await expect(functions().setEnvironmentVariable(FUNCTION, 'AUTH_ACME_USERPOOLID', DEMO_IDS.userPoolId)).resolves.toBe('updated');
    expect(adminFunction.environment).toEqual({ STAGE: 'dev', AUTH_ACME_USERPOOLID: DEMO_IDS.userPoolId });

    stub.resetCalls();
    await expect(functions().setEnvironmentVariable(FUNCTION, 'AUTH_ACME_USERPOOLID', DEMO_IDS.userPoolId)).resolves.toBe('unchanged');
    expect(operations()).toEqual(['lambda:GetFunctionConfiguration']);
  });

  it('replaces a changed value, keeping the others', async () => {
    adminFunction.environment = { STAGE: 'dev', AUTH_ACME_USERPOOLID: 'us-east-1_Old' };
    await expect(functions().setEnvironmentVariable(FUNCTION, 'AUTH_ACME_USERPOOLID', DEMO_IDS.userPoolId)).resolves.toBe('updated');
    expect(adminFunction.environment).toEqual({ STAGE: 'dev', AUTH_ACME_USERPOOLID: DEMO_IDS.userPoolId });
  });

  it('removes only the named variable, and does nothing when it is absent', async () => {
    adminFunction.environment = { STAGE: 'dev', AUTH_ACME_USERPOOLID: DEMO_IDS.userPoolId };
    await expect(functions().removeEnvironmentVariable(FUNCTION, 'AUTH_ACME_USERPOOLID')).resolves.toBe('updated');
    expect(adminFunction.environment).toEqual({ STAGE: 'dev' });

    stub.resetCalls();
    await expect(functions().removeEnvironmentVariable(FUNCTION, 'AUTH_ACME_USERPOOLID')).resolves.toBe('unchanged');
    expect(operations()).toEqual(['lambda:GetFunctionConfiguration']);
  });

  it('removes the last variable, leaving the function with no environment', async () => {
    adminFunction.environment = { AUTH_ACME_USERPOOLID: DEMO_IDS.userPoolId };
    await expect(functions().removeEnvironmentVariable(FUNCTION, 'AUTH_ACME_USERPOOLID')).resolves.toBe('updated');
    expect(adminFunction.environment).toEqual({});
    await expect(functions().describeFunction(FUNCTION)).resolves.toMatchObject({ environment: {} });
  });

  it('redoes the write when another writer changed the variables in between (RevisionId), dropping neither change', async () => {
    const client = createLambdaClient({ region: REGION, maxAttempts: 1 });
    let interfered = false;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'UpdateFunctionConfigurationCommand' && !interfered) {
          interfered = true;
          adminFunction.environment = { ...adminFunction.environment, ADDED_MEANWHILE: 'yes' };
        }
        return next(args);
      },
      { step: 'initialize' },
    );

    await expect(new LambdaFunctions(client, { retryDelayMs: 0 }).setEnvironmentVariable(FUNCTION, 'AUTH_ACME_USERPOOLID', 'p')).resolves.toBe('updated');
    expect(adminFunction.environment).toEqual({ STAGE: 'dev', ADDED_MEANWHILE: 'yes', AUTH_ACME_USERPOOLID: 'p' });
    expect(operations()).toEqual([
      'lambda:GetFunctionConfiguration',
      'lambda:UpdateFunctionConfiguration',
      'lambda:GetFunctionConfiguration',
      'lambda:UpdateFunctionConfiguration',
    ]);
  });

  it('reports a missing function on update as NotFound naming the function', async () => {
    const error = await userErrorOf(functions().setEnvironmentVariable('acme-no-such-fn', 'KEY', 'value'));
    expect(error.kind).toBe('NotFound');
    expect(error.message).toContain('Lambda function acme-no-such-fn');
    expect(error.message).toContain('lambda:GetFunctionConfiguration');
  });

  it("passes on Lambda's refusal of an invalid variable name as an AwsError naming the action and the function", async () => {
    const error = await userErrorOf(functions().setEnvironmentVariable(FUNCTION, 'not-valid', 'x'));
    expect(error.kind).toBe('AwsError');
    expect(error.message).toContain('lambda:UpdateFunctionConfiguration on Lambda function acme-admin-fn');
    expect(error.message).toContain('InvalidParameterValueException');
    expect(error.resolution).toContain('Variable names must start with a letter');
    expect(adminFunction.environment).toEqual({ STAGE: 'dev' });
  });
});

describe('LambdaFunctions with a mocked Lambda client', () => {
  // mockClient patches every LambdaClient, so it is installed only while this block runs.
  let lambdaMock: AwsClientStub<LambdaClient>;
  const functions = (updateAttempts?: number) =>
    new LambdaFunctions(new LambdaClient({ region: REGION }), { retryDelayMs: 0, ...(updateAttempts === undefined ? {} : { updateAttempts }) });

  beforeAll(() => {
    lambdaMock = mockClient(LambdaClient);
  });

  afterAll(() => {
    lambdaMock.restore();
  });

  beforeEach(() => {
    lambdaMock.reset();
  });

  it('maps AccessDeniedException on GetFunction to AwsAccessDenied naming lambda:GetFunction and the function', async () => {
    lambdaMock.on(GetFunctionCommand).rejects(
      new LambdaServiceException({ name: 'AccessDeniedException', message: 'not allowed', $fault: 'client', $metadata: AWS_ERROR_METADATA }),
    );
    const error = await userErrorOf(functions().describeFunction(FUNCTION));
    expect(error.kind).toBe('AwsAccessDenied');
    expect(error.resolution).toContain('lambda:GetFunction for Lambda function acme-admin-fn');
  });

  it('answers undefined on ResourceNotFoundException', async () => {
    lambdaMock.on(GetFunctionCommand).rejects(new ResourceNotFoundException({ message: 'Function not found', $metadata: AWS_ERROR_METADATA }));
    await expect(functions().describeFunction(FUNCTION)).resolves.toBeUndefined();
  });

  it('sends every existing variable and the RevisionId it read', async () => {
    lambdaMock.on(GetFunctionConfigurationCommand).resolves({ RevisionId: 'rev-1', Environment: { Variables: { A: '1', B: '2' } } });
    lambdaMock.on(UpdateFunctionConfigurationCommand).resolves({});
    await expect(functions().setEnvironmentVariable(FUNCTION, 'C', '3')).resolves.toBe('updated');
    expect(lambdaMock.commandCalls(UpdateFunctionConfigurationCommand)[0]?.args[0].input).toEqual({
      FunctionName: FUNCTION,
      Environment: { Variables: { A: '1', B: '2', C: '3' } },
      RevisionId: 'rev-1',
    });
  });

  it('retries while an earlier update is in progress, then gives up with a resolution that names the function', async () => {
    lambdaMock.on(GetFunctionConfigurationCommand).resolves({ RevisionId: 'rev-1', Environment: { Variables: { A: '1' } } });
    lambdaMock
      .on(UpdateFunctionConfigurationCommand)
      .rejects(new ResourceConflictException({ message: 'The operation cannot be performed at this time. An update is in progress', $metadata: AWS_ERROR_METADATA }));
    const error = await userErrorOf(functions(3).setEnvironmentVariable(FUNCTION, 'C', '3'));
    expect(lambdaMock.commandCalls(UpdateFunctionConfigurationCommand)).toHaveLength(3);
    expect(error.kind).toBe('AwsError');
    expect(error.message).toContain('Lambda function acme-admin-fn');
    expect(error.resolution).toContain('aws lambda wait function-updated-v2 --function-name acme-admin-fn');
  });

  it('succeeds after a stale RevisionId on the second try', async () => {
    lambdaMock
      .on(GetFunctionConfigurationCommand)
      .resolvesOnce({ RevisionId: 'rev-1', Environment: { Variables: { A: '1' } } })
      .resolves({ RevisionId: 'rev-2', Environment: { Variables: { A: '1', B: '2' } } });
    lambdaMock
      .on(UpdateFunctionConfigurationCommand)
      .rejectsOnce(new PreconditionFailedException({ message: 'The Revision Id provided does not match', $metadata: AWS_ERROR_METADATA }))
      .resolves({});
    await expect(functions().removeEnvironmentVariable(FUNCTION, 'A')).resolves.toBe('updated');
    expect(lambdaMock.commandCalls(UpdateFunctionConfigurationCommand)[1]?.args[0].input).toEqual({
      FunctionName: FUNCTION,
      Environment: { Variables: { B: '2' } },
      RevisionId: 'rev-2',
    });
  });

  it('refuses to write when Lambda cannot decrypt the existing variables, which the write would erase', async () => {
    lambdaMock.on(GetFunctionConfigurationCommand).resolves({
      RevisionId: 'rev-1',
      KMSKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/abc',
      Environment: { Error: { ErrorCode: 'AccessDeniedException', Message: 'Lambda was unable to decrypt the environment variables' } },
    });
    const error = await userErrorOf(functions().setEnvironmentVariable(FUNCTION, 'C', '3'));
    expect(error.message).toContain('Lambda function acme-admin-fn');
    expect(error.resolution).toContain('kms:Decrypt');
    expect(error.resolution).toContain('arn:aws:kms:us-east-1:123456789012:key/abc');
    expect(lambdaMock.commandCalls(UpdateFunctionConfigurationCommand)).toHaveLength(0);
  });

  describe("never lets an environment value reach the error (AWS's message may quote every variable)", () => {
    const SECRET = 'sk_live_do-not-print';
    /** Everything the CLI prints for a UserError, --debug included (the cause's stack). */
    const printable = (error: UserError): string => {
      const cause = error.cause instanceof Error ? `${error.cause.message}\n${error.cause.stack ?? ''}` : String(error.cause ?? '');
      return [error.message, error.resolution, ...error.details, cause].join('\n');
    };
    const refusal = (name: string, variables: Record<string, string>) =>
      new LambdaServiceException({
        name,
        message: `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${JSON.stringify(variables)}`,
        $fault: 'client',
        $metadata: AWS_ERROR_METADATA,
      });

    it('reports a too-large environment as the 4 KB limit, without AWS message text', async () => {
      const variables = { API_KEY: SECRET, PADDING: 'x'.repeat(4090) };
      lambdaMock.on(GetFunctionConfigurationCommand).resolves({ RevisionId: 'rev-1', Environment: { Variables: variables } });
      lambdaMock.on(UpdateFunctionConfigurationCommand).rejects(refusal('InvalidParameterValueException', { ...variables, C: '3' }));
      const error = await userErrorOf(functions().setEnvironmentVariable(FUNCTION, 'C', '3'));
      expect(error.message).toContain("would exceed Lambda's 4 KB limit");
      expect(error.message).toContain('Lambda function acme-admin-fn');
      expect(error.resolution).toContain('Shorten or remove some');
      expect(printable(error)).not.toContain(SECRET);
      expect(printable(error)).not.toContain('String measured');
    });

    it('leaves the message out of every other refused update, and out of its cause', async () => {
      lambdaMock.on(GetFunctionConfigurationCommand).resolves({ RevisionId: 'rev-1', Environment: { Variables: { API_KEY: SECRET } } });
      lambdaMock.on(UpdateFunctionConfigurationCommand).rejects(refusal('AccessDeniedException', { API_KEY: SECRET, C: '3' }));
      const error = await userErrorOf(functions().setEnvironmentVariable(FUNCTION, 'C', '3'));
      expect(error.kind).toBe('AwsAccessDenied');
      expect(error.resolution).toContain('lambda:UpdateFunctionConfiguration for Lambda function acme-admin-fn');
      expect(printable(error)).not.toContain(SECRET);
    });

    it('leaves the message out when the function stays busy', async () => {
      lambdaMock.on(GetFunctionConfigurationCommand).resolves({ RevisionId: 'rev-1', Environment: { Variables: { API_KEY: SECRET } } });
      lambdaMock.on(UpdateFunctionConfigurationCommand).rejects(refusal('ResourceConflictException', { API_KEY: SECRET }));
      const error = await userErrorOf(functions(1).setEnvironmentVariable(FUNCTION, 'C', '3'));
      expect(error.message).toContain('ResourceConflictException');
      expect(printable(error)).not.toContain(SECRET);
    });
  });

  it('lists the IAM actions it needs', () => {
    expect([...LAMBDA_IAM_PERMISSIONS].sort()).toEqual(['lambda:GetFunction', 'lambda:GetFunctionConfiguration', 'lambda:UpdateFunctionConfiguration']);
  });
});
