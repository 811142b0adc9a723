// Environments: add (same resources or others, validated before anything is written), list, checkout, remove.
import type { ApiReaders } from '../aws/api-readers.js';
import type { AwsClients } from '../aws/clients.js';
import type { CognitoDiscovery } from '../aws/cognito-discovery.js';
import { UserError } from '../core/errors.js';
import type { ImportCandidate } from '../core/model.js';
import { checkResourceRegions, hasBlockingFindings, validateImport } from '../core/validator.js';
import type { FileChange } from '../project/atomic-write.js';
import { assertEnvName, assertRegion } from '../project/project-init.js';
import type { ProjectStore } from '../project/project-store.js';
import type { Printer } from '../ui/printer.js';
import type { Prompter } from '../ui/prompter.js';
import { apiDriftError, recheckApis, saveApiOutputs, trustContextOf } from './api-recheck.js';
import { chooseAuthResources } from './choose-auth-resources.js';
import { apisForNewEnvironment } from './env-apis.js';
import { importedApiRecords } from './imported-apis.js';
import { envAuthIdsFromInput, type EnvAuthIdInput } from './env-auth-ids.js';
import { authTypeOf, driftResolution, driftSinceImport, recordedAuthIds, resolveRecordedAuth, type RecordedAuthIds } from './recorded-auth.js';
import { readAppConfig } from './client-config.js';
import { findingsError, recordImportedAuth } from './record-auth.js';
import { planEnvironmentRemoval, removeFromAccount, type EnvRemovalResult } from './environment-policies.js';
import type { TeamOptions } from './team-session.js';
import type { PushParameters } from '../core/push-lock.js';
import type { SsmParameters } from '../aws/ssm-parameters.js';
import { forgetPushedEnv, updatePushedEnv } from '../project/pushed-state.js';
import { escapeUntrusted, nameAndId, quoted } from '../core/untrusted-text.js';
import { shellQuote } from '../core/shell-quote.js';

export interface EnvContext {
  store: ProjectStore;
  prompter: Prompter;
  printer: Printer;
  /** Created on first use: environments without imported auth need no AWS at all. */
  discovery: (region: string) => Promise<CognitoDiscovery>;
  clients: (region: string) => Promise<AwsClients>;
  /** Parameter Store (the push lock and record), for env remove. */
  ssm: (region: string) => Promise<SsmParameters>;
  /** AppSync and API Gateway readers, for the environments' imported APIs. */
  apis: () => ApiReaders;
  processEnv: NodeJS.ProcessEnv;
}

export interface EnvAddResult {
  envName: string;
  region: string;
  candidate?: ImportCandidate;
  reused: boolean;
  changes: FileChange[];
}

export async function addEnvironment(
  envName: string,
  options: EnvAuthIdInput & { region?: string; yes?: boolean },
  context: EnvContext,
): Promise<EnvAddResult> {
  const { store, prompter, printer } = context;
  assertEnvName(envName, '<name>');
  const source = await store.currentEnv();
  const environments = await store.environments();
  // Storage keeps its bucket in the new environment (one bucket for all, unless team-provider-info.json says otherwise).
  const sourceStorage = environments.find((env) => env.name === source.name)?.categories['storage'];
  const inherited = sourceStorage === undefined ? {} : { storage: sourceStorage };
  if (environments.some((env) => env.name === envName)) {
    throw new UserError('InvalidInput', `Environment ${quoted(envName)} already exists.`, `Switch to it with \`mycli env checkout ${shellQuote(envName)}\`, or choose another name.`);
  }
  const region = options.region ?? source.region;
  assertRegion(region);

  const auth = await store.authResource();
  if (!auth) {
    const changes = [await store.addEnvironment(envName, region, inherited), await store.setCurrentEnvironment(envName)];
    return { envName, region, reused: false, changes };
  }

  const parameters = await store.readAuthParameters(auth.resourceName);
  const authType = authTypeOf(parameters?.['authSelections']);
  const given = envAuthIdsFromInput(options, authType, context.processEnv);
  const sourceParameters = await store.readAuthEnvParameters(source.name, auth.resourceName);
  const sourceIds = () => recordedAuthIds(auth.resourceName, source.name, authType, sourceParameters);

  let ids: Omit<RecordedAuthIds, 'authRoleArn' | 'unauthRoleArn'> | undefined;
  let reused = false;
  if (given) {
    ids = { ...given, resourceName: auth.resourceName, envName, authType };
  } else if (options.yes) {
    ids = { ...sourceIds(), envName };
    reused = true;
  } else {
    const { userPoolId } = sourceIds();
    const poolName = sourceParameters?.['userPoolName'] ?? userPoolId;
    reused = await prompter.confirm(
      {
        message: `Cognito User Pool ${nameAndId(String(poolName), userPoolId)} is imported in ${quoted(source.name)}. Use the same in ${quoted(envName)}?`,
        flag: '--yes to use the same resources, or --user-pool-id/--web-client-id/--identity-pool-id',
      },
      true,
    );
    if (reused) ids = { ...sourceIds(), envName };
  }

  if (ids) assertRegionsMatch(ids, envName, region);

  const discovery = await context.discovery(region);
  const candidate = ids
    ? await resolveRecordedAuth({ ...ids, authType }, discovery, region)
    : await chooseAuthResources({ authType }, { discovery, prompter, printer, region });
  const findings = validateImport(candidate).filter((finding) => !(reused && finding.code === 'same-client-for-web-and-native'));
  if (hasBlockingFindings(findings)) {
    throw findingsError(`Environment ${quoted(envName)} cannot import user pool ${nameAndId(candidate.userPool.name, candidate.userPool.id)}`, findings);
  }
  for (const warning of findings) printer.warn(warning.message);
  const apiRecords = await importedApiRecords(store, source.name);
  const apis = apiRecords.length > 0
    ? await apisForNewEnvironment(apiRecords, { envName, sourceEnvName: source.name, region, categories: options.categories, yes: options.yes }, {
        prompter,
        printer,
        readers: context.apis(),
        auth: trustContextOf(candidate, auth.resourceName, envName, region),
        now: Math.floor(Date.now() / 1000),
      })
    : undefined;

  const appConfig = await readAppConfig(store);
  const categories = apis ? { ...inherited, api: apis.envApis } : inherited;
  const changes = [await store.addEnvironment(envName, region, categories), await store.setCurrentEnvironment(envName)];
  if (apis) changes.push(...(await saveApiOutputs(store, apis.recheck)));
  const recorded = await recordImportedAuth(store, candidate, { envName, region, resourceName: auth.resourceName, appConfig });
  for (const note of recorded.configNotes) printer.warn(note);
  return { envName, region, candidate, reused, changes: [...changes, ...recorded.changes] };
}

export async function checkoutEnvironment(
  envName: string,
  options: EnvAuthIdInput & { yes?: boolean },
  context: EnvContext,
): Promise<{ candidate?: ImportCandidate; changes: FileChange[] }> {
  const { store, printer, prompter } = context;
  const target = (await store.environments()).find((env) => env.name === envName);
  if (!target) throw unknownEnvironment(envName, await store.environments());
  if (!target.region) {
    throw new UserError('ProjectFileInvalid', `Environment ${quoted(envName)} has no region in amplify/team-provider-info.json.`,
      `Set "${escapeUntrusted(envName)}.awscloudformation.Region" in amplify/team-provider-info.json.`);
  }
  const region = target.region;
  const auth = await store.authResource();
  if (!auth) return { changes: [await store.setCurrentEnvironment(envName)] };

  // The config is rebuilt from the environment's resources, described afresh: each environment's clients keep their own
  // OAuth settings. An environment created before auth was imported gets its resources here (flags, or the walkthrough).
  const parameters = await store.readAuthParameters(auth.resourceName);
  const authType = authTypeOf(parameters?.['authSelections']);
  const recorded = await store.readAuthEnvParameters(envName, auth.resourceName);
  const given = envAuthIdsFromInput(options, authType, context.processEnv);
  if (given) assertRegionsMatch(given, envName, region);
  const discovery = await context.discovery(region);
  let candidate: ImportCandidate;
  if (given) {
    candidate = await resolveRecordedAuth({ ...given, resourceName: auth.resourceName, envName, authType }, discovery, region);
  } else if (recorded) {
    const ids = recordedAuthIds(auth.resourceName, envName, authType, recorded);
    candidate = await resolveRecordedAuth(ids, discovery, region);
    // Checkout re-records what it finds: a role swapped in AWS must stop it here, as it stops push, or push would never see it.
    const drift = driftSinceImport(ids, candidate);
    if (drift.length > 0) throw findingsError(`Environment ${quoted(envName)} was not checked out: its auth changed in AWS since it was imported`, drift, driftResolution(ids));
  } else if (prompter.interactive && !options.yes) {
    printer.info(`Environment ${quoted(envName)} has no resources for auth ${quoted(auth.resourceName)} yet; choose them.`);
    candidate = await chooseAuthResources({ authType }, { discovery, prompter, printer, region });
  } else {
    throw new UserError('MissingInput', `Environment ${quoted(envName)} has no resources for auth ${quoted(auth.resourceName)} yet.`,
      `Give them: \`mycli env checkout ${shellQuote(envName)} --user-pool-id <id> --web-client-id <id>${authType === 'userPoolOnly' ? '' : ' --identity-pool-id <id>'}\` ` +
        '(or --categories, or the AMPLIFY_* variables), or run it in a terminal to choose them.', { exitCode: 2 });
  }
  const findings = validateImport(candidate).filter((finding) => finding.code !== 'same-client-for-web-and-native');
  if (hasBlockingFindings(findings)) {
    throw findingsError(`Environment ${quoted(envName)} was not checked out: its auth resources do not pass the checks`, findings);
  }
  for (const warning of findings) printer.warn(warning.message);
  const apiRecords = await importedApiRecords(store, envName);
  const apis = apiRecords.length > 0
    ? await recheckApis(apiRecords, trustContextOf(candidate, auth.resourceName, envName, region), { readers: context.apis(), printer, now: Math.floor(Date.now() / 1000) })
    : undefined;
  if (apis && hasBlockingFindings(apis.findings)) throw apiDriftError(apis, `Environment '${envName}' was not checked out`, envName);
  for (const warning of apis?.findings ?? []) printer.warn(warning.message);
  const appConfig = await readAppConfig(store);
  const changes = [await store.setCurrentEnvironment(envName)];
  if (apis) changes.push(...(await saveApiOutputs(store, apis)));
  const written = await recordImportedAuth(store, candidate, { envName, region, resourceName: auth.resourceName, appConfig });
  for (const note of written.configNotes) printer.warn(note);
  return { candidate, changes: [...changes, ...written.changes] };
}

function assertRegionsMatch(ids: { userPoolId: string; identityPoolId?: string }, envName: string, region: string): void {
  const findings = checkResourceRegions(
    { userPool: { id: ids.userPoolId }, identityPool: ids.identityPoolId ? { id: ids.identityPoolId } : undefined },
    region,
  );
  if (findings.length > 0) {
    throw findingsError(`Environment ${nameAndId(envName, region)} cannot use these resources`, findings,
      `Give ids of resources in ${region}, or add an environment in the resources' region with --region.`);
  }
}

export interface EnvRemoveResult extends EnvRemovalResult {
  parameters?: PushParameters;
  changes: FileChange[];
}

/**
 * Checks everything (the environment, its parameter names), asks, then removes it from the account under its push
 * lock (environment-policies.ts), and only then from the project: a removal stopped half-way is finished by a re-run.
 */
export async function removeEnvironment(envName: string, options: { yes: boolean; team: TeamOptions }, context: EnvContext): Promise<EnvRemoveResult> {
  const { store, prompter } = context;
  const { target, current, environments, region } = await findEnvironment(store, envName);
  if (envName === current.name) {
    const other = environments.find((env) => env.name !== envName)?.name ?? '<other>';
    throw new UserError('InvalidInput', `Environment ${quoted(envName)} is the current environment and cannot be removed.`,
      `Switch first (\`mycli env checkout ${shellQuote(other)}\`), then remove it.`);
  }
  const { projectName } = await store.projectConfig();
  const plan = await planEnvironmentRemoval(store, { projectName, envName, region, categories: target.categories });
  if (!options.yes) {
    const record = plan.parameters ? ' and its push record and lock are deleted from Parameter Store' : '';
    const confirmed = await prompter.confirm(
      { message: `Remove environment ${quoted(envName)}? mycli's IAM policies are taken off its roles${record}; its Cognito resources are not touched.`, flag: '--yes' },
      false,
    );
    if (!confirmed) throw new UserError('Declined', 'Nothing was removed.', `Run \`mycli env remove ${shellQuote(envName)}\` again when ready.`);
  }
  const removed = await removeFromAccount(plan, { ...context, team: options.team });
  // Policies on roles these credentials could not reach stay recorded, so a push can still take them off later.
  if (removed.unreachable.length > 0) await updatePushedEnv(store.paths, envName, { policies: removed.unreachable, pushedAt: new Date().toISOString() });
  else await forgetPushedEnv(store.paths, envName);
  return { ...removed, parameters: plan.parameters, changes: [await store.removeEnvironment(envName)] };
}

/** An environment of this project (refused naming the others when there is none), and the region it lives in. */
export async function findEnvironment(store: ProjectStore, envName: string) {
  const current = await store.currentEnv();
  const environments = await store.environments();
  const target = environments.find((env) => env.name === envName);
  if (!target) throw unknownEnvironment(envName, environments);
  return { target, current, environments, region: target.region ?? current.region };
}

function unknownEnvironment(envName: string, environments: Array<{ name: string }>): UserError {
  return new UserError('NotFound', `Environment ${quoted(envName)} does not exist in this project.`,
    `Use one of: ${environments.map((env) => escapeUntrusted(env.name)).join(', ') || 'none'} (see \`mycli env list\`), or create it with \`mycli env add ${shellQuote(envName)}\`.`);
}
