import path from 'node:path';
import type { GlobalOptions } from '../cli.js';
import type { EnvAuthIdInput } from '../flows/env-auth-ids.js';
import { addEnvironment, checkoutEnvironment, findEnvironment, removeEnvironment, type EnvContext, type EnvRemoveResult } from '../flows/environments.js';
import { envRemoveWording } from '../flows/environment-policies.js';
import { usageError } from '../core/errors.js';
import { shellQuote } from '../core/shell-quote.js';
import { parseLockTimeout, pushTeamOptions, runForceUnlock } from './push-team-options.js';
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

export interface EnvRemoveOptions extends GlobalOptions {
  yes?: boolean;
  /** False with --no-lock. */
  lock?: boolean;
  lockTimeout?: string;
  forceUnlock?: boolean;
}

export async function runEnvRemoveCommand(envName: string, options: EnvRemoveOptions, printer: Printer): Promise<void> {
  const noLock = options.lock === false;
  if (options.forceUnlock && noLock) {
    throw usageError('--force-unlock removes the push lock and does nothing else; it cannot be combined with --no-lock.',
      `Run \`mycli env remove ${shellQuote(envName)} --force-unlock\` on its own, then remove the environment.`);
  }
  const lockTimeoutSeconds = parseLockTimeout(options.lockTimeout);
  const { store, context } = await openEnvContext(options, printer);
  // The environment lives in one region: a --region naming another is refused, as push and checkout refuse it.
  const { target, region } = await findEnvironment(store, envName);
  environmentRegion(options, { name: target.name, region }, 'mycli env remove');
  if (options.forceUnlock) return runEnvForceUnlock(envName, region, store, context, options, printer);
  const team = pushTeamOptions(noLock ? 'skip' : 'take', lockTimeoutSeconds, printer);
  let result: EnvRemoveResult;
  try {
    result = await removeEnvironment(envName, { yes: Boolean(options.yes), team: team.options }, context);
  } finally {
    team.dispose();
  }
  printFileChanges(printer, result.changes, (path) => store.relative(path));
  if (result.parameters && (result.record === 'deleted' || result.record === 'absent')) {
    printer.info(`Its push record (${result.parameters.record})${result.record === 'absent' ? ' was not in the account' : ' was deleted from Parameter Store'}${noLock ? '' : ', and its push lock released'}.`);
  }
  const policies = result.removedPolicies > 0 ? ` and ${result.removedPolicies} mycli IAM polic${result.removedPolicies === 1 ? 'y' : 'ies'} taken off its roles` : '';
  printer.success(`Environment ${quoted(envName)} removed${policies}. Its Cognito resources were not touched.`);
}

/** `env remove <env> --force-unlock`: the push lock of an environment that need not be current (push unlocks the current one). */
async function runEnvForceUnlock(envName: string, region: string, store: ProjectStore, context: EnvContext, options: EnvRemoveOptions, printer: Printer): Promise<void> {
  const { projectName } = await store.projectConfig();
  await runForceUnlock({ projectName, envName, region }, () => context.ssm(region), { yes: options.yes, wording: envRemoveWording(envName) }, printer);
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
    ssm: async (region) => (await import('./region-aws.js')).ssmParameters(awsClientOptions(options, printer, region)),
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
