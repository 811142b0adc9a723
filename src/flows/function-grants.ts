// mycli auth grant-function / revoke-function: an existing Lambda function's access to the imported user pool.
// Recorded here; push puts (or removes) one pool-scoped inline policy on the function's execution role.
import type { LambdaFunctions } from '../aws/lambda-functions.js';
import { UserError } from '../core/errors.js';
import { USER_POOL_ACCESS_ORDER, type UserPoolAccess } from '../core/function-grant-policy.js';
import type { FileChange } from '../project/atomic-write.js';
import type { ProjectStore } from '../project/project-store.js';
import type { Prompter } from '../ui/prompter.js';
import { importedAuthFacts, isImportedGrant, parseAccessList } from './features.js';
import { isPlainObject } from '../project/json-file.js';
import { escapeUntrusted, quoted } from '../core/untrusted-text.js';
import { shellQuote } from '../core/shell-quote.js';

export interface GrantFunctionResult {
  functionName: string;
  executionRoleArn: string;
  access: UserPoolAccess[];
  changes: FileChange[];
}

export async function grantFunction(
  functionName: string,
  options: { access?: string; setEnv?: boolean },
  context: { store: ProjectStore; prompter: Prompter; functions: () => Promise<LambdaFunctions> },
): Promise<GrantFunctionResult> {
  const { store, prompter } = context;
  const env = await store.currentEnv();
  const auth = await importedAuthFacts(store, env.name, 'Granting a function access to the user pool');
  const existing = (await store.readBackendConfig())['function'];
  const existingEntry = isPlainObject(existing) ? existing[functionName] : undefined;
  if (isPlainObject(existingEntry) && !isImportedGrant('function', existingEntry)) {
    throw new UserError('InvalidInput', `Function ${quoted(functionName)} is managed by the Amplify CLI in this project; mycli grants access only to functions it does not manage.`,
      'Give it access with `amplify update function` (Resource access permissions > auth).');
  }
  const fn = await (await context.functions()).describeFunction(functionName);
  if (!fn) {
    throw new UserError('NotFound', `Lambda function ${quoted(functionName)} does not exist in ${env.region}.`,
      `Check the name with \`aws lambda list-functions --region ${shellQuote(env.region)} --query "Functions[].FunctionName"\`.`);
  }
  const access = options.access !== undefined
    ? parseAccessList(options.access, USER_POOL_ACCESS_ORDER, '--access')
    : await prompter.checkbox(
        { message: `What may ${quoted(fn.name)} do in user pool ${escapeUntrusted(auth.userPoolId ?? '')}?`, flag: '--access read,update' },
        USER_POOL_ACCESS_ORDER.map((word) => ({ name: word, value: word, checked: word === 'read' })),
      );
  if (access.length === 0) {
    throw new UserError('InvalidInput', `No access was chosen for function ${quoted(fn.name)}.`, `Pass --access (any of ${USER_POOL_ACCESS_ORDER.join(', ')}), or revoke it with \`mycli auth revoke-function ${shellQuote(fn.name)}\`.`);
  }
  const changes = await store.saveResource({
    category: 'function',
    resourceName: fn.name,
    backendConfigEntry: {
      service: 'Lambda',
      serviceType: 'imported',
      providerPlugin: 'awscloudformation',
      dependsOn: [{ category: 'auth', resourceName: auth.resourceName, attributes: ['UserPoolId'] }],
    },
    parameters: { functionName: fn.name, serviceType: 'imported', userPoolAccess: access, setUserPoolIdVariable: Boolean(options.setEnv) },
  });
  return { functionName: fn.name, executionRoleArn: fn.roleArn, access, changes };
}

export async function revokeFunction(functionName: string, store: ProjectStore): Promise<FileChange[]> {
  const functions = (await store.readBackendConfig())['function'];
  const entry = isPlainObject(functions) ? functions[functionName] : undefined;
  if (!isPlainObject(entry) || !isImportedGrant('function', entry)) {
    throw new UserError('NotFound', `Function ${quoted(functionName)} has no access to the user pool through this project.`,
      'Run `mycli status` to see the functions granted access.');
  }
  return store.removeResource('function', functionName);
}
