// The AWS clients of one region for the commands that re-check environments (push, check), each made on first use.
import { createAwsClients, createLambdaClient, type AwsClients } from '../aws/clients.js';
import { LambdaFunctions } from '../aws/lambda-functions.js';
import type { RegionAws } from '../flows/environment-recheck.js';

export function regionAws(region: string, profile: string | undefined): RegionAws {
  let clients: AwsClients | undefined;
  let functions: LambdaFunctions | undefined;
  return {
    clients: () => (clients ??= createAwsClients({ region, profile })),
    functions: () => (functions ??= new LambdaFunctions(createLambdaClient({ region, profile }))),
  };
}
