// mycli push: take the environment's push lock, re-check the imported resources (describe only), plan the IAM
// policies this project owns on the imported roles, show the plan (and what it undoes of a teammate's push), ask,
// apply only the differences, rewrite the config, record the push in the account and locally, release the lock.
// Every project file is read and checked before the first AWS call, and nothing is written anywhere before the
// re-check passes. Each policy write is idempotent and the pushed state is recorded last, so a push that is
// interrupted is completed by the next one. With `dryRun` it stops after showing the plan, having changed nothing
// (it only looks at the lock).
import { RolePolicies } from '../aws/role-policies.js';
import { buildImportRecords } from '../core/import-records.js';
import { hasPlannedChanges, type FunctionVariableView, type PushPlanView } from '../core/plan-view.js';
import { accountIdFromRoleArn } from '../core/function-grant-policy.js';
import { ownedPolicyPrefix, type PolicyChange } from '../core/policy-plan.js';
import { pushParameters } from '../core/push-lock.js';
import { buildRecord, compareWithRecord, fingerprints, type RecordComparison, type RecordMarker } from '../core/push-record.js';
import type { ResourceStatusRow } from '../core/resource-status.js';
import { hasBlockingFindings } from '../core/validator.js';
import { escapeUntrusted } from '../core/untrusted-text.js';
import { isPlainObject } from '../project/json-file.js';
import type { ProjectStore } from '../project/project-store.js';
import { readBackendState, updatePushedEnv, writePushedSnapshot, type PushedPolicy, type PushedSnapshot } from '../project/pushed-state.js';
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
import { apiDesiredPolicies, apiDriftError, recheckEnvironmentApis, saveApiOutputs, type ApiRecheck } from './api-recheck.js';
import { appConfigChanges, planAppConfig, readAppConfig, writeAppConfig, type AppConfigSnapshot } from './client-config.js';
import { recordImportedAuth } from './record-auth.js';
import { resourceStatusOf } from './resource-status.js';
import type { LockLook } from './team-lock.js';
import { openTeamSession, type TeamOptions, type TeamSession, type TeamTarget } from './team-session.js';
import { consentQuestion, needsConsent, previousGeneration, printTeammateNotice } from './teammate-push.js';

export interface PushContext {
  store: ProjectStore;
  /** AWS in the current environment's region. */
  aws: RegionAws;
  prompter: Prompter;
  printer: Printer;
  yes: boolean;
  /** Re-check and plan only: nothing is changed in AWS or in the project. */
  dryRun: boolean;
  /** The push lock and the push record (the lock mode says take, look or skip). */
  team: TeamOptions;
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
  /** How the account's push record compares with this clone's last push; undefined when it was not read. */
  teammate?: RecordComparison;
  /** A dry run's look at a push lock found held. */
  heldLock?: LockLook;
}

export async function push(context: PushContext): Promise<PushResult> {
  // 1. Read and check every project file this push uses. Nothing has been asked of AWS yet.
  let project = await readPushProject(context.store);

  // 2. Take the environment's push lock (a dry run only looks) and read the account's push record. A push with
  //    nothing that could reach AWS (no imported auth, no policies ever pushed) has nothing to coordinate.
  const target = needsAws(project) ? teamTarget(project, context) : undefined;
  const session = target ? await openTeamSession(target, context.team) : undefined;
  try {
    // A push of this folder that finished while this one waited for the lock changed the local cache: read it again.
    if (session && context.team.lock === 'take') project = await readPushProject(context.store);
    session?.checkpoint();

    // 3. Re-check what the environment imported: describe and validate; a change in AWS since the import stops here.
    const imported = project.recorded.authIds ? await recheckForPush(project.recorded, context) : undefined;
    const apis = imported ? await recheckApisForPush(project.recorded, imported, context) : undefined;
    session?.checkpoint();

    // 4. Plan every change: IAM policies of each environment concerned, function variables, the app config; and
    //    compare the account's push record with this clone's last push.
    const plan = await planPush(project, imported, apis, context, session);
    session?.checkpoint();

    // 5. Show it, what it undoes of a teammate's push first. A dry run ends here, having changed nothing.
    const { env } = project.recorded;
    if (target) printTeammateNotice(plan.teammate, env.name, target.names.record, context.printer, context.team.clock.now());
    if (hasPlannedChanges(plan.view)) printPlan(plan.view, context.printer);
    warnMissingRoles(plan.envPlans, context.printer);
    if (context.dryRun) return { ...dryRunResult(project, plan), teammate: plan.teammate, heldLock: session?.heldLock };

    // 6. Ask, then apply in AWS, one idempotent step at a time.
    await confirmPush(plan, context);
    if (hasPlannedChanges(plan.view)) await session?.assertStillLocked();
    const applied = await applyPlan(plan, context, () => session?.checkpoint());

    // 7. Rewrite the records and the app config, then record the push: in the account, then in the local cache.
    //    The APIs' outputs first: the app config is written from them.
    const apiOutputChanges = apis ? await saveApiOutputs(context.store, apis) : [];
    const written = imported
      ? await recordImportedAuth(context.store, imported.candidate, { envName: env.name, region: env.region, resourceName: imported.ids.resourceName, appConfig: project.appConfig })
      : await writeAppConfig(context.store, project.appConfig, env, { authMeta: undefined }).then(({ changes, notes }) => ({ changes, configNotes: notes }));
    for (const note of written.configNotes) context.printer.warn(note);
    const fileChanges = written.changes;
    const { rows } = await resourceStatusOf(context.store, env.name);
    const nothingToDo = !hasPlannedChanges(plan.view) && rows.every((row) => row.operation === 'No Change') &&
      [...apiOutputChanges, ...fileChanges].every((change) => change.change === 'unchanged');
    if (!nothingToDo) {
      const pushedAt = context.team.clock.now().toISOString();
      // When the account could not take this push's record (--no-lock without access), the clone keeps the marker of
      // the record it last wrote or adopted: dropping it would make the next push adopt a teammate's record silently.
      const marker = (session ? await recordInAccount(project, plan, session, context.team, pushedAt) : undefined) ??
        project.snapshot.pushedState[env.name]?.record;
      await recordPush(context.store, project, plan.envPlans, imported, marker, pushedAt);
    }
    return {
      envName: env.name,
      dryRun: false,
      nothingToDo,
      plan: plan.view,
      applied,
      rows,
      appConfig: plan.appConfig,
      missingRoles: missingRolesOf(plan.envPlans),
      teammate: plan.teammate,
    };
  } finally {
    // 8. Release the lock, after success, an error or Ctrl+C alike.
    await session?.release();
  }
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

/** Whether the push could touch AWS: imported auth to re-check, or policies pushed before to take off. */
function needsAws(project: PushProject): boolean {
  return project.recorded.authIds !== undefined || unlinkScopes(project.recorded.projectName, project.snapshot).length > 0;
}

// ---------- 2. the team's lock and record ----------

function teamTarget(project: PushProject, context: PushContext): TeamTarget {
  const { env, projectName, authIds } = project.recorded;
  return {
    parameters: () => context.aws.ssm(),
    names: pushParameters(projectName, env.name),
    envName: env.name,
    region: env.region,
    projectName,
    accountId: authIds?.authRoleArn ? accountIdFromRoleArn(authIds.authRoleArn) : undefined,
    printer: context.printer,
  };
}

// ---------- 3. the re-check ----------

async function recheckForPush(recorded: RecordedEnvironment, context: PushContext): Promise<RecheckedAuth> {
  const ids = recorded.authIds;
  if (!ids) throw new Error('recheckForPush: the environment has no imported auth');
  const rechecked = await recheckImportedAuth(ids, recorded.env.region, context.aws, context.printer);
  if (hasBlockingFindings(rechecked.findings)) throw driftError(rechecked, 'Push stopped');
  for (const warning of rechecked.findings) context.printer.warn(warning.message);
  return rechecked;
}

/** The imported APIs, described and checked against the auth just re-checked (api-recheck.ts). */
async function recheckApisForPush(recorded: RecordedEnvironment, imported: RecheckedAuth, context: PushContext): Promise<ApiRecheck> {
  const recheck = await recheckEnvironmentApis(recorded, { resourceName: imported.ids.resourceName, candidate: imported.candidate }, context);
  if (hasBlockingFindings(recheck.findings)) throw apiDriftError(recheck, 'Push stopped', recorded.env.name);
  for (const warning of recheck.findings) context.printer.warn(warning.message);
  return recheck;
}

// ---------- 4. the plan ----------

interface PushPlan {
  envPlans: EnvPlan[];
  rolePolicies?: RolePolicies;
  functionVariables: FunctionVariableView[];
  view: PushPlanView;
  appConfig: { changedKeys: string[]; created: boolean };
  /** The current environment's owned policies after this push, as it records them. */
  currentEnvPolicies: PushedPolicy[];
  teammate?: RecordComparison;
}

async function planPush(project: PushProject, imported: RecheckedAuth | undefined, apis: ApiRecheck | undefined, context: PushContext, session: TeamSession | undefined): Promise<PushPlan> {
  const { recorded, snapshot } = project;
  const { projectName, env } = recorded;
  let scopes: EnvPolicyScope[];
  let functionVariables: FunctionVariableView[] = [];
  if (imported) {
    const needs = await environmentNeeds(recorded, imported.candidate, context.aws);
    const desired = [...needs.desired, ...(apis ? apiDesiredPolicies(apis, { projectName, envName: env.name }) : [])];
    scopes = [currentEnvScope(projectName, env.name, desired, imported.candidate, snapshot.pushedState[env.name]?.policies ?? []), ...removedEnvScopes(projectName, snapshot, project.environmentNames)];
    functionVariables = needs.functionVariables;
  } else {
    scopes = unlinkScopes(projectName, snapshot);
  }
  const rolePolicies = scopes.length > 0 ? new RolePolicies(context.aws.clients().iam) : undefined;
  const envPlans = rolePolicies ? await Promise.all(scopes.map((scope) => planScope(scope, rolePolicies))) : [];

  const authMeta = imported ? buildImportRecords(imported.candidate, { resourceName: imported.ids.resourceName }).metaEntry : undefined;
  const { rendered } = await planAppConfig(context.store, project.appConfig, env, { authMeta, apis: apis?.apis.map((api) => api.output) });
  const appConfig = appConfigChanges(project.appConfig, rendered);

  const previous = snapshot.pushedState[env.name]?.policies ?? [];
  const currentEnvPolicies = envPlans.length > 0 ? policiesToRecord(envPlans.find((envPlan) => envPlan.scope.envName === env.name), previous) : [];
  const teammate = session?.recordKnown
    ? compareWithRecord({ remoteValue: session.recordValue, local: snapshot.pushedState[env.name]?.record, baseline: fingerprints(previous), planned: fingerprints(currentEnvPolicies) })
    : undefined;
  return { envPlans, rolePolicies, functionVariables, view: planViewOf(envPlans, functionVariables), appConfig, currentEnvPolicies, teammate };
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

// ---------- 5. a dry run's result ----------

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

// ---------- 6. asking and applying ----------

/** A plan that undoes a teammate's push asks that question instead, answered no by default. */
async function confirmPush(plan: PushPlan, context: PushContext): Promise<void> {
  if (!hasPlannedChanges(plan.view)) return;
  const undoing = needsConsent(plan.teammate);
  if (context.yes) {
    if (undoing) context.printer.warn('Going on (--yes): this push undoes the changes listed above.');
    return;
  }
  if (undoing) await confirmPlan(context.prompter, consentQuestion(plan.teammate), false);
  else await confirmPlan(context.prompter);
}

async function applyPlan(plan: PushPlan, context: PushContext, checkpoint: () => void): Promise<PolicyChange[]> {
  const changes = plan.envPlans.flatMap((envPlan) => envPlan.plan.changes);
  if (changes.length > 0 && plan.rolePolicies) await applyChanges(changes, plan.rolePolicies, context.printer, checkpoint);
  for (const { function: functionName, variable, value } of plan.functionVariables) {
    checkpoint();
    await context.aws.functions().setEnvironmentVariable(functionName, variable, value);
    context.printer.success(`Set ${escapeUntrusted(variable)} on function ${escapeUntrusted(functionName)}.`);
  }
  return changes;
}

// ---------- 7. recording ----------

/** Writes the new push record; the marker the local cache keeps, or undefined when the account could not take it. */
async function recordInAccount(project: PushProject, plan: PushPlan, session: TeamSession, team: TeamOptions, pushedAt: string): Promise<RecordMarker | undefined> {
  const { env, projectName } = project.recorded;
  // Without the lock and without the record (--no-lock, access denied), writing would overwrite a record never read.
  if (!session.recordKnown) return undefined;
  const record = buildRecord({
    previousGeneration: previousGeneration(plan.teammate, project.snapshot.pushedState[env.name]?.record),
    pushId: team.newId(),
    pushedAt,
    user: team.identity.user,
    host: team.identity.host,
    prefix: ownedPolicyPrefix(projectName, env.name),
    policies: fingerprints(plan.currentEnvPolicies),
  });
  return (await session.writeRecord(record)) ? { generation: record.generation, pushId: record.pushId } : undefined;
}

async function recordPush(
  store: ProjectStore,
  project: PushProject,
  envPlans: EnvPlan[],
  imported: RecheckedAuth | undefined,
  record: RecordMarker | undefined,
  pushedAt: string,
): Promise<void> {
  const envName = project.recorded.env.name;
  const { snapshot } = project;
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
    record,
  });
}
