// The AWS clients of one region for the commands that re-check environments (push, check), each made on first use.
import { createAwsClients, createLambdaClient, type AwsClientOptions, type AwsClients } from '../aws/clients.js';
import { LambdaFunctions } from '../aws/lambda-functions.js';
import type { RegionAws } from '../flows/environment-recheck.js';

export function regionAws(options: AwsClientOptions): RegionAws {
  let clients: AwsClients | undefined;
  let functions: LambdaFunctions | undefined;
  return {
    clients: () => (clients ??= createAwsClients(options)),
    functions: () => (functions ??= new LambdaFunctions(createLambdaClient(options))),
  };
}
