// The AWS clients of one region for the commands that re-check environments (push, check), each made on first use.
import { createApiReaders, type ApiReaders } from '../aws/api-readers.js';
import { createAwsClients, createLambdaClient, createSsmClient, type AwsClientOptions, type AwsClients } from '../aws/clients.js';
import { LambdaFunctions } from '../aws/lambda-functions.js';
import type { SsmParameters } from '../aws/ssm-parameters.js';
import type { RegionAws } from '../flows/environment-recheck.js';

export function regionAws(options: AwsClientOptions): RegionAws {
  let clients: AwsClients | undefined;
  let functions: LambdaFunctions | undefined;
  let ssm: Promise<SsmParameters> | undefined;
  let apis: ApiReaders | undefined;
  return {
    apis: () => (apis ??= createApiReaders((region) => ({ ...options, region }))),
    clients: () => (clients ??= createAwsClients(options)),
    functions: () => (functions ??= new LambdaFunctions(createLambdaClient(options))),
    ssm: () => (ssm ??= ssmParameters(options)),
  };
}

/** Parameter Store for the push lock and record; the SSM SDK is loaded only here. */
export async function ssmParameters(options: AwsClientOptions): Promise<SsmParameters> {
  const [{ SsmParameters }, client] = await Promise.all([import('../aws/ssm-parameters.js'), createSsmClient(options)]);
  return new SsmParameters(client);
}
