import path from 'node:path';
import type { GlobalOptions } from '../cli.js';
import { grantFunction, revokeFunction } from '../flows/function-grants.js';
import { ProjectStore } from '../project/project-store.js';
import { printFileChanges } from '../ui/file-changes.js';
import type { Printer } from '../ui/printer.js';
import { createPrompter, isInteractiveSession } from '../ui/prompter.js';
import { awsClientOptions, environmentRegion } from './aws-client-options.js';
import { quoted } from '../core/untrusted-text.js';

export async function runGrantFunctionCommand(
  functionName: string,
  options: GlobalOptions & { access?: string; setEnv?: boolean; yes?: boolean },
  printer: Printer,
): Promise<void> {
  const store = await ProjectStore.open(path.resolve(options.cwd));
  const env = await store.currentEnv();
  const region = environmentRegion(options, env, 'mycli auth grant-function');
  const result = await grantFunction(functionName, options, {
    store,
    prompter: createPrompter(isInteractiveSession({ yes: options.yes })),
    functions: async () => {
      const [{ createLambdaClient }, { LambdaFunctions }] = await Promise.all([import('../aws/clients.js'), import('../aws/lambda-functions.js')]);
      return new LambdaFunctions(createLambdaClient(awsClientOptions(options, printer, region)));
    },
  });
  printFileChanges(printer, result.changes, (path) => store.relative(path));
  printer.success(`Function ${quoted(result.functionName)} granted ${result.access.join(', ')} on the imported user pool (execution role ${result.executionRoleArn}).`);
  printer.info(`Next: ${printer.highlight('mycli push')} shows and puts the policy on that role.`);
}

export async function runRevokeFunctionCommand(functionName: string, options: GlobalOptions, printer: Printer): Promise<void> {
  const store = await ProjectStore.open(path.resolve(options.cwd));
  const changes = await revokeFunction(functionName, store);
  printFileChanges(printer, changes, (path) => store.relative(path));
  printer.success(`Function ${quoted(functionName)} no longer has access to the user pool in this project.`);
  printer.info(`Next: ${printer.highlight('mycli push')} removes the policy from its execution role (its environment variables are left as they are).`);
}
