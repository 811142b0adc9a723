import path from 'node:path';
import type { GlobalOptions } from '../cli.js';
import type { EnvAuthIdInput } from '../flows/env-auth-ids.js';
import { addEnvironment, checkoutEnvironment, removeEnvironment, type EnvContext } from '../flows/environments.js';
import { createApiReaders, type ApiReaders } from '../aws/api-readers.js';
import { ProjectStore } from '../project/project-store.js';
import { printFileChanges } from '../ui/file-changes.js';
import type { Printer } from '../ui/printer.js';
import { createPrompter, isInteractiveSession } from '../ui/prompter.js';
import { awsClientOptions, environmentRegion } from './aws-client-options.js';
import { nameAndId, quoted } from '../core/untrusted-text.js';

export interface EnvAddOptions extends GlobalOptions, EnvAuthIdInput {
  yes?: boolean;
}

export async function runEnvAddCommand(envName: string, options: EnvAddOptions, printer: Printer): Promise<void> {
  const { store, context } = await openEnvContext(options, printer);
  const result = await addEnvironment(envName, { ...options, region: options.region }, context);
  printFileChanges(printer, result.changes, (path) => store.relative(path));
  const auth = result.candidate
    ? ` with user pool ${nameAndId(result.candidate.userPool.name, result.candidate.userPool.id)}${result.reused ? ', the same as before' : ''}`
    : '';
  printer.success(`Environment ${nameAndId(result.envName, result.region)} added and checked out${auth}.`);
  if (result.candidate) printer.info(`Next: ${printer.highlight('mycli push')} to finalise it.`);
}

export async function runEnvCheckoutCommand(envName: string, options: EnvAddOptions, printer: Printer): Promise<void> {
  const { store, context } = await openEnvContext(options, printer);
  if (options.region !== undefined) {
    const target = (await store.environments()).find((env) => env.name === envName);
    if (target?.region) environmentRegion(options, { name: target.name, region: target.region }, 'mycli env checkout');
  }
  const result = await checkoutEnvironment(envName, options, context);
  printFileChanges(printer, result.changes, (path) => store.relative(path));
  const auth = result.candidate ? `; the app config now uses user pool ${nameAndId(result.candidate.userPool.name, result.candidate.userPool.id)}` : '';
  printer.success(`Environment ${quoted(envName)} checked out${auth}.`);
}

export async function runEnvRemoveCommand(envName: string, options: GlobalOptions & { yes?: boolean }, printer: Printer): Promise<void> {
  const { store, context } = await openEnvContext(options, printer);
  const result = await removeEnvironment(envName, Boolean(options.yes), context);
  printFileChanges(printer, result.changes, (path) => store.relative(path));
  const policies = result.removedPolicies > 0 ? ` and ${result.removedPolicies} mycli IAM polic${result.removedPolicies === 1 ? 'y' : 'ies'} taken off its roles` : '';
  printer.success(`Environment ${quoted(envName)} removed${policies}. Its Cognito resources were not touched.`);
}

async function openEnvContext(options: GlobalOptions & { yes?: boolean }, printer: Printer): Promise<{ store: ProjectStore; context: EnvContext }> {
  const store = await ProjectStore.open(path.resolve(options.cwd));
  const clientsByRegion = new Map<string, Promise<import('../aws/clients.js').AwsClients>>();
  const clients = (region: string) => {
    let created = clientsByRegion.get(region);
    if (!created) {
      created = import('../aws/clients.js').then(({ createAwsClients }) => createAwsClients(awsClientOptions(options, printer, region)));
      clientsByRegion.set(region, created);
    }
    return created;
  };
  let apiReaders: ApiReaders | undefined;
  const context: EnvContext = {
    store,
    printer,
    prompter: createPrompter(isInteractiveSession({ yes: options.yes })),
    clients,
    apis: () => (apiReaders ??= createApiReaders((region) => awsClientOptions(options, printer, region))),
    discovery: async (region) => {
      const { CognitoDiscovery } = await import('../aws/cognito-discovery.js');
      return new CognitoDiscovery(await clients(region));
    },
    processEnv: process.env,
  };
  return { store, context };
}
