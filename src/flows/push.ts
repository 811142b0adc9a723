// mycli push: re-check the imported resources (describe only), plan the IAM policies this project owns on the
// imported roles, show the plan, ask, apply only the differences, then rewrite the config and record the push.
// Nothing is written anywhere before the re-check passes. Each policy write is idempotent and the pushed state is
// recorded last, so a push that is interrupted is completed by the next one.
import type { AwsClients } from '../aws/clients.js';
import { CognitoDiscovery } from '../aws/cognito-discovery.js';
import type { LambdaFunctions } from '../aws/lambda-functions.js';
import { RolePolicies } from '../aws/role-policies.js';
import { desiredPolicies } from '../core/desired-policies.js';
import { UserError } from '../core/errors.js';
import type { ImportCandidate } from '../core/model.js';
import { ownedPolicyPrefix, type DesiredPolicy, type PolicyChange } from '../core/policy-plan.js';
import type { ResourceStatusRow } from '../core/resource-status.js';
import { checkResourceRegions, hasBlockingFindings, validateImport } from '../core/validator.js';
import { isPlainObject } from '../project/json-file.js';
import type { ProjectStore } from '../project/project-store.js';
import { readBackendState, readPushedSnapshot, updatePushedEnv, writePushedSnapshot, type PushedSnapshot } from '../project/pushed-state.js';
import { withProgress, type Printer } from '../ui/printer.js';
import type { Prompter } from '../ui/prompter.js';
import { functionGrantRecords, importedStorageRecord, userPoolIdVariable } from './features.js';
import { importedRoleNames, planScope, policiesToRecord, showAndApplyPlans, type EnvPlan, type EnvPolicyScope, type ExtraStep } from './policy-sync.js';
import { findingsError, recordImportedAuth, writeAppConfig } from './record-auth.js';
import { driftResolution, driftSinceImport, recordedAuthIds, resolveRecordedAuth, type RecordedAuthIds } from './recorded-auth.js';
import { resourceStatusOf } from './resource-status.js';

export interface PushContext {
  store: ProjectStore;
  clients: () => AwsClients;
  functions: () => LambdaFunctions;
  prompter: Prompter;
  printer: Printer;
  yes: boolean;
}

export interface PushResult {
  envName: string;
  nothingToDo: boolean;
  applied: PolicyChange[];
  rows: ResourceStatusRow[];
}

export async function push(context: PushContext): Promise<PushResult> {
  const { store } = context;
  const env = await store.currentEnv();
  const { projectName } = await store.projectConfig();
  const snapshot = await readPushedSnapshot(store.paths);
  const auth = await store.authResource();
  if (auth && auth.serviceType !== 'imported') {
    throw new UserError('InvalidInput', `Auth resource '${auth.resourceName}' is not an imported resource; mycli only manages imported auth.`,
      'Use the Amplify CLI for auth it created, or `mycli remove auth` and `mycli import auth`.');
  }

  // 1. Re-check what this environment imported, before anything is written.
  const imported = auth ? await recheckImportedAuth(store, auth.resourceName, env, context) : undefined;

  // 2. The policy plan of every environment concerned, and the function variables to set.
  let scopes: EnvPolicyScope[];
  let variableSteps: ExtraStep[] = [];
  if (imported) {
    const features = await resolveFeatures(store, env, imported.candidate, context);
    const desired = desiredPolicies({ projectName, envName: env.name, region: env.region, candidate: imported.candidate, ...features });
    const environments = new Set((await store.environments()).map((environment) => environment.name));
    scopes = [currentEnvScope(projectName, env.name, desired, imported.candidate, snapshot), ...removedEnvScopes(projectName, snapshot, environments)];
    variableSteps = features.variableSteps;
  } else {
    scopes = unlinkScopes(projectName, snapshot);
  }
  const rolePolicies = scopes.length > 0 ? new RolePolicies(context.clients().iam) : undefined;
  const plans = rolePolicies ? await Promise.all(scopes.map((scope) => planScope(scope, rolePolicies))) : [];
  const changes = plans.flatMap((envPlan) => envPlan.plan.changes);

  // 3. Show it, ask, apply. The app config is read first: a file mycli cannot read stops the push before AWS changes.
  const appConfig = await store.readAppConfig();
  if (rolePolicies || variableSteps.length > 0) await showAndApplyPlans(plans, rolePolicies, context, variableSteps);

  // 4. Rewrite the records and the app config, then record the push.
  const fileChanges = imported
    ? (await recordImportedAuth(store, imported.candidate, { envName: env.name, region: env.region, resourceName: imported.ids.resourceName, appConfig })).changes
    : (await writeAppConfig(store, appConfig.config, env, undefined)).changes;
  const { rows } = await resourceStatusOf(store, env.name);
  const nothingToDo = changes.length === 0 && variableSteps.length === 0 && rows.every((row) => row.operation === 'No Change') &&
    fileChanges.every((change) => change.change === 'unchanged');
  if (!nothingToDo) await recordPush(store, env.name, plans, imported?.ids, snapshot);
  return { envName: env.name, nothingToDo, applied: changes, rows };
}

async function recheckImportedAuth(
  store: ProjectStore,
  resourceName: string,
  env: { name: string; region: string },
  context: PushContext,
): Promise<{ ids: RecordedAuthIds; candidate: ImportCandidate }> {
  const parameters = await store.readAuthParameters(resourceName);
  const ids = recordedAuthIds(resourceName, env.name, parameters?.['authSelections'], await store.readAuthEnvParameters(env.name, resourceName));
  const regionFindings = checkResourceRegions(
    { userPool: { id: ids.userPoolId }, identityPool: ids.identityPoolId ? { id: ids.identityPoolId } : undefined },
    env.region,
  );
  if (regionFindings.length > 0) throw findingsError(`Push stopped: auth '${resourceName}' does not match environment '${env.name}'`, regionFindings, driftResolution(ids));

  const candidate = await withProgress(context.printer, `Checking the resources imported as auth '${resourceName}' in '${env.name}'`, () =>
    resolveRecordedAuth(ids, new CognitoDiscovery(context.clients()), env.region),
  );
  const findings = [...validateImport(candidate), ...driftSinceImport(ids, candidate)].filter(
    (finding) => finding.code !== 'same-client-for-web-and-native',
  );
  if (hasBlockingFindings(findings)) {
    throw findingsError(
      `Push stopped: auth '${resourceName}' in environment '${env.name}' changed in AWS since it was imported`,
      findings,
      driftResolution(ids),
    );
  }
  for (const warning of findings) context.printer.warn(warning.message);
  return { ids, candidate };
}

/** Storage and function grants as this environment needs them: each granted function described for its execution role. */
async function resolveFeatures(store: ProjectStore, env: { name: string; region: string }, candidate: ImportCandidate, context: PushContext) {
  const storage = await importedStorageRecord(store, env.name);
  const grants = await functionGrantRecords(store);
  const described = grants.length > 0 ? await Promise.all(grants.map((grant) => context.functions().describeFunction(grant.functionName))) : [];
  const functionGrants = grants.map((grant, index) => {
    const fn = described[index];
    if (!fn) {
      throw new UserError('NotFound', `Lambda function '${grant.functionName}', granted access to the user pool, was not found in ${env.region} with these credentials. Nothing was written.`,
        `Check --profile/--region (the function may be in another account), restore the function, or revoke the grant with \`mycli auth revoke-function ${grant.functionName}\`, then push again.`);
    }
    return { ...grant, executionRoleName: fn.roleName, executionRoleArn: fn.roleArn, environment: fn.environment };
  });
  const variable = userPoolIdVariable((await store.authResource())?.resourceName ?? '');
  const variableSteps: ExtraStep[] = functionGrants
    .filter((grant) => grant.setUserPoolIdVariable && grant.environment[variable] !== candidate.userPool.id)
    .map((grant) => ({
      describe: `~ set    ${variable}=${candidate.userPool.id} in the environment of function ${grant.functionName} (its other variables are kept)`,
      apply: async () => {
        await context.functions().setEnvironmentVariable(grant.functionName, variable, candidate.userPool.id);
        context.printer.success(`Set ${variable} on function ${grant.functionName}.`);
      },
    }));
  return { storage, functionGrants, variableSteps };
}

function currentEnvScope(projectName: string, envName: string, desired: DesiredPolicy[], candidate: ImportCandidate, snapshot: PushedSnapshot): EnvPolicyScope {
  const roleNames = new Set<string>(desired.map((policy) => policy.roleName));
  for (const role of [candidate.authRole, candidate.unauthRole]) if (role?.exists) roleNames.add(role.name);
  for (const policy of snapshot.pushedState[envName]?.policies ?? []) roleNames.add(policy.roleName);
  return { envName, prefix: ownedPolicyPrefix(projectName, envName), roleNames, desired };
}

/** Environments removed while some of their policies could not be reached: retried on every push until they are gone. */
function removedEnvScopes(projectName: string, snapshot: PushedSnapshot, environments: Set<string>): EnvPolicyScope[] {
  return Object.entries(snapshot.pushedState)
    .filter(([envName, state]) => !environments.has(envName) && state.policies.length > 0)
    .map(([envName, state]) => ({
      envName,
      prefix: ownedPolicyPrefix(projectName, envName),
      roleNames: new Set(state.policies.map((policy) => policy.roleName)),
      desired: [],
    }));
}

/** Auth was removed: every environment that had pushed policies (or imported roles) gets them taken away. */
function unlinkScopes(projectName: string, snapshot: PushedSnapshot): EnvPolicyScope[] {
  const envNames = new Set([...Object.keys(snapshot.pushedState), ...Object.keys(snapshot.teamProviderInfo)]);
  const scopes: EnvPolicyScope[] = [];
  for (const envName of [...envNames].sort()) {
    const roleNames = new Set<string>((snapshot.pushedState[envName]?.policies ?? []).map((policy) => policy.roleName));
    for (const name of importedRoleNames(snapshot.teamProviderInfo[envName])) roleNames.add(name);
    if (roleNames.size > 0) scopes.push({ envName, prefix: ownedPolicyPrefix(projectName, envName), roleNames, desired: [] });
  }
  return scopes;
}

async function recordPush(
  store: ProjectStore,
  envName: string,
  plans: EnvPlan[],
  ids: RecordedAuthIds | undefined,
  snapshot: PushedSnapshot,
): Promise<void> {
  const pushedAt = new Date().toISOString();
  const current = await readBackendState(store.paths);
  const previous = (env: string) => snapshot.pushedState[env]?.policies ?? [];

  // Other environments only ever lose policies here (auth was removed): they are cleared, except on roles not reached.
  for (const envPlan of plans.filter((plan) => plan.scope.envName !== envName)) {
    const policies = policiesToRecord(envPlan, previous(envPlan.scope.envName));
    await updatePushedEnv(store.paths, envPlan.scope.envName, { policies, withoutCategory: policies.length === 0 ? 'auth' : undefined, pushedAt });
  }
  if (ids) await store.stampLastPush([{ category: 'auth', resourceName: ids.resourceName }], pushedAt);
  await writePushedSnapshot(store.paths, {
    envName,
    backendConfig: current.backendConfig,
    meta: await store.readMeta(),
    authParameters: current.parametersByResource,
    envSection: isPlainObject(current.teamProviderInfo[envName]) ? (current.teamProviderInfo[envName] as object) : {},
    policies: plans.length > 0 ? policiesToRecord(plans.find((plan) => plan.scope.envName === envName), previous(envName)) : [],
    pushedAt,
  });
}
