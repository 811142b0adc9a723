// mycli push: re-check the imported resources (describe only), plan the IAM policies this project owns on the
// imported roles, show the plan, ask, apply only the differences, then rewrite the config and record the push.
// Every project file is read and checked before the first AWS call, and nothing is written anywhere before the
// re-check passes. Each policy write is idempotent and the pushed state is recorded last, so a push that is
// interrupted is completed by the next one. With `dryRun` it stops after showing the plan, having changed nothing.
import { RolePolicies } from '../aws/role-policies.js';
import { buildImportRecords } from '../core/import-records.js';
import { hasPlannedChanges, type FunctionVariableView, type PushPlanView } from '../core/plan-view.js';
import { ownedPolicyPrefix, type PolicyChange } from '../core/policy-plan.js';
import type { ResourceStatusRow } from '../core/resource-status.js';
import { hasBlockingFindings } from '../core/validator.js';
import { escapeUntrusted } from '../core/untrusted-text.js';
import { isPlainObject } from '../project/json-file.js';
import type { ProjectStore } from '../project/project-store.js';
import { readBackendState, updatePushedEnv, writePushedSnapshot, type PushedSnapshot } from '../project/pushed-state.js';
import type { Printer } from '../ui/printer.js';
import type { Prompter } from '../ui/prompter.js';
import {
  driftError,
  environmentNeeds,
  readRecordedEnvironment,
  recheckImportedAuth,
  recordedRegionFindings,
  regionMismatchError,
  type RecheckedAuth,
  type RecordedEnvironment,
  type RegionAws,
} from './environment-recheck.js';
import { applyChanges, confirmPlan, currentEnvScope, importedRoleNames, planScope, planViewOf, policiesToRecord, printPlan, warnMissingRoles, type EnvPlan, type EnvPolicyScope } from './policy-sync.js';
import { appConfigChanges, planAppConfig, readAppConfig, writeAppConfig, type AppConfigSnapshot } from './client-config.js';
import { recordImportedAuth } from './record-auth.js';
import { resourceStatusOf } from './resource-status.js';

export interface PushContext {
  store: ProjectStore;
  /** AWS in the current environment's region. */
  aws: RegionAws;
  prompter: Prompter;
  printer: Printer;
  yes: boolean;
  /** Re-check and plan only: nothing is changed in AWS or in the project. */
  dryRun: boolean;
}

export interface PushResult {
  envName: string;
  dryRun: boolean;
  /** Nothing in AWS or in the project would change (dry run) or had to change (push). */
  nothingToDo: boolean;
  plan: PushPlanView;
  /** The IAM changes made (none in a dry run). */
  applied: PolicyChange[];
  /** Each resource's operation: pending in a dry run, as pushed after a push. */
  rows: ResourceStatusRow[];
  /** App config keys the push changes (a dry run: would change); `created` when no app config file existed. */
  appConfig: { changedKeys: string[]; created: boolean };
  missingRoles: Array<{ environment: string; role: string }>;
}

export async function push(context: PushContext): Promise<PushResult> {
  // 1. Read and check every project file this push uses. Nothing has been asked of AWS yet.
  const project = await readPushProject(context.store);

  // 2. Re-check what the environment imported: describe and validate; a change in AWS since the import stops here.
  const imported = project.recorded.authIds ? await recheckForPush(project.recorded, context) : undefined;

  // 3. Plan every change: the IAM policies of each environment concerned, the function variables, the app config.
  const plan = await planPush(project, imported, context);

  // 4. Show it. A dry run ends here, having changed nothing.
  if (hasPlannedChanges(plan.view)) printPlan(plan.view, context.printer);
  warnMissingRoles(plan.envPlans, context.printer);
  if (context.dryRun) return dryRunResult(project, plan);

  // 5. Ask, then apply in AWS, one idempotent step at a time.
  if (hasPlannedChanges(plan.view) && !context.yes) await confirmPlan(context.prompter);
  const applied = await applyPlan(plan, context);

  // 6. Rewrite the records and the app config, then record the push.
  const { env } = project.recorded;
  const written = imported
    ? await recordImportedAuth(context.store, imported.candidate, { envName: env.name, region: env.region, resourceName: imported.ids.resourceName, appConfig: project.appConfig })
    : await writeAppConfig(context.store, project.appConfig, env, { authMeta: undefined }).then(({ changes, notes }) => ({ changes, configNotes: notes }));
  for (const note of written.configNotes) context.printer.warn(note);
  const fileChanges = written.changes;
  const { rows } = await resourceStatusOf(context.store, env.name);
  const nothingToDo = !hasPlannedChanges(plan.view) && rows.every((row) => row.operation === 'No Change') &&
    fileChanges.every((change) => change.change === 'unchanged');
  if (!nothingToDo) await recordPush(context.store, project, plan.envPlans, imported);
  return { envName: env.name, dryRun: false, nothingToDo, plan: plan.view, applied, rows, appConfig: plan.appConfig, missingRoles: missingRolesOf(plan.envPlans) };
}

// ---------- 1. the project ----------

interface PushProject {
  recorded: RecordedEnvironment;
  snapshot: PushedSnapshot;
  environmentNames: Set<string>;
  appConfig: AppConfigSnapshot;
  /** Each resource's operation before this push. */
  rows: ResourceStatusRow[];
}

async function readPushProject(store: ProjectStore): Promise<PushProject> {
  const env = await store.currentEnv();
  const recorded = await readRecordedEnvironment(store, env);
  const regionFindings = recorded.authIds ? recordedRegionFindings(recorded.authIds, env.region) : [];
  if (recorded.authIds && regionFindings.length > 0) throw regionMismatchError(recorded.authIds, regionFindings, 'Push stopped');
  const { rows, snapshot } = await resourceStatusOf(store, env.name);
  const environmentNames = new Set((await store.environments()).map((environment) => environment.name));
  const appConfig = await readAppConfig(store);
  return { recorded, snapshot, environmentNames, appConfig, rows };
}

// ---------- 2. the re-check ----------

async function recheckForPush(recorded: RecordedEnvironment, context: PushContext): Promise<RecheckedAuth> {
  const ids = recorded.authIds;
  if (!ids) throw new Error('recheckForPush: the environment has no imported auth');
  const rechecked = await recheckImportedAuth(ids, recorded.env.region, context.aws, context.printer);
  if (hasBlockingFindings(rechecked.findings)) throw driftError(rechecked, 'Push stopped');
  for (const warning of rechecked.findings) context.printer.warn(warning.message);
  return rechecked;
}

// ---------- 3. the plan ----------

interface PushPlan {
  envPlans: EnvPlan[];
  rolePolicies?: RolePolicies;
  functionVariables: FunctionVariableView[];
  view: PushPlanView;
  appConfig: { changedKeys: string[]; created: boolean };
}

async function planPush(project: PushProject, imported: RecheckedAuth | undefined, context: PushContext): Promise<PushPlan> {
  const { recorded, snapshot } = project;
  const { projectName, env } = recorded;
  let scopes: EnvPolicyScope[];
  let functionVariables: FunctionVariableView[] = [];
  if (imported) {
    const needs = await environmentNeeds(recorded, imported.candidate, context.aws);
    scopes = [currentEnvScope(projectName, env.name, needs.desired, imported.candidate, snapshot.pushedState[env.name]?.policies ?? []), ...removedEnvScopes(projectName, snapshot, project.environmentNames)];
    functionVariables = needs.functionVariables;
  } else {
    scopes = unlinkScopes(projectName, snapshot);
  }
  const rolePolicies = scopes.length > 0 ? new RolePolicies(context.aws.clients().iam) : undefined;
  const envPlans = rolePolicies ? await Promise.all(scopes.map((scope) => planScope(scope, rolePolicies))) : [];

  const authMeta = imported ? buildImportRecords(imported.candidate, { resourceName: imported.ids.resourceName }).metaEntry : undefined;
  const { rendered } = await planAppConfig(context.store, project.appConfig, env, { authMeta });
  const appConfig = appConfigChanges(project.appConfig, rendered);
  return { envPlans, rolePolicies, functionVariables, view: planViewOf(envPlans, functionVariables), appConfig };
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

function missingRolesOf(envPlans: EnvPlan[]): PushResult['missingRoles'] {
  return envPlans.flatMap((envPlan) => envPlan.missingRoles.map((role) => ({ environment: envPlan.scope.envName, role })));
}

// ---------- 4. a dry run's result ----------

function dryRunResult(project: PushProject, plan: PushPlan): PushResult {
  const { changedKeys, created } = plan.appConfig;
  const nothingToDo = !hasPlannedChanges(plan.view) && project.rows.every((row) => row.operation === 'No Change') && changedKeys.length === 0 && !created;
  return {
    envName: project.recorded.env.name,
    dryRun: true,
    nothingToDo,
    plan: plan.view,
    applied: [],
    rows: project.rows,
    appConfig: plan.appConfig,
    missingRoles: missingRolesOf(plan.envPlans),
  };
}

// ---------- 5. applying ----------

async function applyPlan(plan: PushPlan, context: PushContext): Promise<PolicyChange[]> {
  const changes = plan.envPlans.flatMap((envPlan) => envPlan.plan.changes);
  if (changes.length > 0 && plan.rolePolicies) await applyChanges(changes, plan.rolePolicies, context.printer);
  for (const { function: functionName, variable, value } of plan.functionVariables) {
    await context.aws.functions().setEnvironmentVariable(functionName, variable, value);
    context.printer.success(`Set ${escapeUntrusted(variable)} on function ${escapeUntrusted(functionName)}.`);
  }
  return changes;
}

// ---------- 6. recording ----------

async function recordPush(store: ProjectStore, project: PushProject, envPlans: EnvPlan[], imported: RecheckedAuth | undefined): Promise<void> {
  const envName = project.recorded.env.name;
  const { snapshot } = project;
  const pushedAt = new Date().toISOString();
  const current = await readBackendState(store.paths);
  const previous = (env: string) => snapshot.pushedState[env]?.policies ?? [];

  // Other environments only ever lose policies here (auth was removed): they are cleared, except on roles not reached.
  for (const envPlan of envPlans.filter((plan) => plan.scope.envName !== envName)) {
    const policies = policiesToRecord(envPlan, previous(envPlan.scope.envName));
    await updatePushedEnv(store.paths, envPlan.scope.envName, { policies, withoutCategory: policies.length === 0 ? 'auth' : undefined, pushedAt });
  }
  if (imported) await store.stampLastPush([{ category: 'auth', resourceName: imported.ids.resourceName }], pushedAt);
  await writePushedSnapshot(store.paths, {
    envName,
    backendConfig: current.backendConfig,
    meta: await store.readMeta(),
    authParameters: current.parametersByResource,
    envSection: isPlainObject(current.teamProviderInfo[envName]) ? (current.teamProviderInfo[envName] as object) : {},
    policies: envPlans.length > 0 ? policiesToRecord(envPlans.find((plan) => plan.scope.envName === envName), previous(envName)) : [],
    pushedAt,
  });
}
