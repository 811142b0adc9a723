import path from 'node:path';
import type { GlobalOptions } from '../cli.js';
import { parseAwsExports } from '../core/aws-exports-format.js';
import type { ResourceStatusRow } from '../core/resource-status.js';
import { push } from '../flows/push.js';
import { ProjectStore } from '../project/project-store.js';
import type { Printer } from '../ui/printer.js';
import { createPrompter, isInteractiveSession } from '../ui/prompter.js';
import { createAwsClients, createLambdaClient, type AwsClients } from '../aws/clients.js';
import { LambdaFunctions } from '../aws/lambda-functions.js';

const PUSHED_OPERATION: Record<ResourceStatusRow['operation'], string> = {
  Import: 'import pushed',
  Create: 'created',
  Update: 'updated',
  Unlink: 'unlinked',
  'No Change': 'up to date',
};

export interface PushOptions extends GlobalOptions {
  yes?: boolean;
}

export async function runPushCommand(options: PushOptions, printer: Printer): Promise<void> {
  const store = await ProjectStore.open(path.resolve(options.cwd), { parseAwsExports });
  const env = await store.currentEnv();
  let clients: AwsClients | undefined;
  let functions: LambdaFunctions | undefined;
  const result = await push({
    store,
    clients: () => (clients ??= createAwsClients({ region: env.region, profile: options.profile })),
    functions: () => (functions ??= new LambdaFunctions(createLambdaClient({ region: env.region, profile: options.profile }))),
    prompter: createPrompter(isInteractiveSession({ yes: options.yes })),
    printer,
    yes: Boolean(options.yes),
  });
  if (result.nothingToDo) {
    printer.success(`Nothing to push: environment '${result.envName}' is up to date.`);
    return;
  }
  for (const row of result.rows) printer.detail(`${row.category} '${row.resourceName}': ${PUSHED_OPERATION[row.operation]}`);
  printer.success(`Pushed environment '${result.envName}'${result.applied.length ? ` (${result.applied.length} IAM policy change${result.applied.length === 1 ? '' : 's'})` : ''}.`);
}
