// mycli push: re-check the imported resources (describe only), plan the IAM policies this project owns on the
// imported roles, show the plan, ask, apply only the differences, then rewrite the config and record the push.
// Nothing is written anywhere before the re-check passes. Each policy write is idempotent and the pushed state is
// recorded last, so a push that is interrupted is completed by the next one.
import type { AwsClients } from '../aws/clients.js';
import { CognitoDiscovery } from '../aws/cognito-discovery.js';
import { RolePolicies } from '../aws/role-policies.js';
import { UserError } from '../core/errors.js';
import type { ImportCandidate } from '../core/model.js';
import {
  describePlan,
  ownedPolicyPrefix,
  planIsEmpty,
  planPolicyChanges,
  type DesiredPolicy,
  type ExistingPolicy,
  type PolicyChange,
  type PolicyPlan,
} from '../core/policy-plan.js';
import { computeResourceStatus, type ResourceStatusRow } from '../core/resource-status.js';
import { checkResourceRegions, hasBlockingFindings, validateImport } from '../core/validator.js';
import { isPlainObject } from '../project/json-file.js';
import type { ProjectStore } from '../project/project-store.js';
import { readBackendState, readPushedSnapshot, updatePushedEnv, writePushedSnapshot, type PushedSnapshot } from '../project/pushed-state.js';
import type { Printer } from '../ui/printer.js';
import type { Prompter } from '../ui/prompter.js';
import { desiredPolicies } from './desired-policies.js';
import { driftResolution, driftSinceImport, recordedAuthIds, resolveRecordedAuth, type RecordedAuthIds } from './recorded-auth.js';
import { findingsError, recordImportedAuth, writeAppConfig } from './record-auth.js';

export interface PushContext {
  store: ProjectStore;
  clients: () => AwsClients;
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

/** The policies of one environment: what should be on its roles, and which roles to look at. */
interface EnvPolicyScope {
  envName: string;
  prefix: string;
  roleNames: Set<string>;
  desired: DesiredPolicy[];
}

interface EnvPlan {
  scope: EnvPolicyScope;
  plan: PolicyPlan;
  missingRoles: string[];
}

export async function push(context: PushContext): Promise<PushResult> {
  const { store, printer } = context;
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

  // 2. The policy plan of every environment concerned.
  const scopes = imported
    ? [currentEnvScope(projectName, env.name, imported.candidate, snapshot)]
    : unlinkScopes(projectName, snapshot);
  const rolePolicies = scopes.length > 0 ? new RolePolicies(context.clients().iam) : undefined;
  const plans = rolePolicies ? await Promise.all(scopes.map((scope) => planScope(scope, rolePolicies))) : [];
  const changes = plans.flatMap((envPlan) => envPlan.plan.changes);

  // 3. Show it, ask, apply.
  if (changes.length > 0) {
    printer.info('IAM policy changes (only policies mycli owns; roles, trust policies, pools and clients are never modified):');
    for (const envPlan of plans.filter((candidate) => !planIsEmpty(candidate.plan))) {
      printer.info(`Environment '${envPlan.scope.envName}':`);
      for (const line of describePlan(envPlan.plan)) printer.detail(line);
    }
    if (!context.yes) {
      const apply = await context.prompter.confirm({ message: 'Apply these IAM policy changes?', flag: '--yes' }, true);
      if (!apply) throw new UserError('Interrupted', 'Push cancelled; nothing was changed.', 'Run `mycli push` again when ready.');
    }
    await applyChanges(changes, rolePolicies as RolePolicies, printer);
  }
  for (const envPlan of plans) {
    for (const role of envPlan.missingRoles) printer.warn(`IAM role ${role} of environment '${envPlan.scope.envName}' no longer exists; nothing to remove from it.`);
  }

  // 4. Rewrite the records and the app config, then record the push.
  const fileChanges = imported
    ? (await recordImportedAuth(store, imported.candidate, { envName: env.name, region: env.region, resourceName: imported.ids.resourceName })).changes
    : (await writeAppConfig(store, (await store.readAppConfig()).config, env.region, undefined)).changes;
  const rows = await currentStatus(store, env.name);
  const nothingToDo = changes.length === 0 && rows.every((row) => row.operation === 'No Change') &&
    fileChanges.every((change) => change.change === 'unchanged');
  if (!nothingToDo) await recordPush(store, env.name, plans, imported?.ids);
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

  const progress = context.printer.progress(`Checking the resources imported as auth '${resourceName}' in '${env.name}'`);
  let candidate: ImportCandidate;
  try {
    candidate = await resolveRecordedAuth(ids, new CognitoDiscovery(context.clients()), env.region);
  } finally {
    progress.stop();
  }
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

function currentEnvScope(projectName: string, envName: string, candidate: ImportCandidate, snapshot: PushedSnapshot): EnvPolicyScope {
  const desired = desiredPolicies({ projectName, envName, candidate });
  const roleNames = new Set<string>(desired.map((policy) => policy.roleName));
  for (const role of [candidate.authRole, candidate.unauthRole]) if (role?.exists) roleNames.add(role.name);
  for (const policy of snapshot.pushedState[envName]?.policies ?? []) roleNames.add(policy.roleName);
  return { envName, prefix: ownedPolicyPrefix(projectName, envName), roleNames, desired };
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

function importedRoleNames(envSection: unknown): string[] {
  const auth = isPlainObject(envSection) && isPlainObject(envSection['categories']) ? envSection['categories']['auth'] : undefined;
  if (!isPlainObject(auth)) return [];
  return Object.values(auth).flatMap((params) =>
    isPlainObject(params)
      ? [params['authRoleName'], params['unauthRoleName']].filter((name): name is string => typeof name === 'string')
      : [],
  );
}

async function planScope(scope: EnvPolicyScope, rolePolicies: RolePolicies): Promise<EnvPlan> {
  const existing: ExistingPolicy[] = [];
  const missingRoles: string[] = [];
  const listed = await Promise.all([...scope.roleNames].sort().map(async (roleName) => ({ roleName, ...(await rolePolicies.listOwned(roleName, scope.prefix)) })));
  for (const role of listed) {
    if (role.exists) existing.push(...role.policies);
    else missingRoles.push(role.roleName);
  }
  const unreachable = scope.desired.filter((policy) => missingRoles.includes(policy.roleName));
  if (unreachable.length > 0) {
    throw new UserError('NotFound', `IAM role ${unreachable[0]?.roleName} does not exist, so policy ${unreachable[0]?.policyName} cannot be put on it.`,
      'Restore the role in IAM, or remove the feature that needs it, then push again.');
  }
  return { scope, plan: planPolicyChanges(scope.desired, existing, scope.prefix), missingRoles };
}

/** One change at a time: every step is idempotent, so a push killed between two of them is finished by the next push. */
async function applyChanges(changes: PolicyChange[], rolePolicies: RolePolicies, printer: Printer): Promise<void> {
  for (const change of changes) {
    if (change.kind === 'remove') {
      const outcome = await rolePolicies.remove(change.roleName, change.policyName);
      printer.success(`Removed ${change.policyName} from role ${change.roleName}${outcome === 'already-gone' ? ' (it was already gone)' : ''}.`);
    } else {
      await rolePolicies.put(change.roleName, change.policyName, change.document);
      printer.success(`${change.kind === 'add' ? 'Added' : 'Updated'} ${change.policyName} on role ${change.roleName}.`);
    }
  }
}

async function currentStatus(store: ProjectStore, envName: string): Promise<ResourceStatusRow[]> {
  const current = await readBackendState(store.paths);
  const snapshot = await readPushedSnapshot(store.paths);
  const categoriesOf = (teamProviderInfo: Record<string, unknown>) => {
    const section = teamProviderInfo[envName];
    return isPlainObject(section) && isPlainObject(section['categories']) ? section['categories'] : undefined;
  };
  return computeResourceStatus({
    envName,
    backendConfig: current.backendConfig,
    envParameters: categoriesOf(current.teamProviderInfo),
    parametersByResource: current.parametersByResource,
    snapshot: {
      backendConfig: snapshot.backendConfig,
      envParameters: categoriesOf(snapshot.teamProviderInfo),
      parametersByResource: snapshot.parametersByResource,
    },
  });
}

async function recordPush(store: ProjectStore, envName: string, plans: EnvPlan[], ids: RecordedAuthIds | undefined): Promise<void> {
  const pushedAt = new Date().toISOString();
  const current = await readBackendState(store.paths);
  const policiesOf = (plan: EnvPlan | undefined) =>
    (plan?.scope.desired ?? []).map(({ roleName, policyName, document }) => ({ roleName, policyName, document }));

  // Other environments only ever lose policies here (auth was removed): record them as cleared.
  for (const envPlan of plans.filter((plan) => plan.scope.envName !== envName)) {
    await updatePushedEnv(store.paths, envPlan.scope.envName, { policies: [], withoutCategory: 'auth', pushedAt });
  }
  if (ids) await store.stampLastPush([{ category: 'auth', resourceName: ids.resourceName }], pushedAt);
  await writePushedSnapshot(store.paths, {
    envName,
    backendConfig: current.backendConfig,
    meta: await store.readMeta(),
    authParameters: current.parametersByResource,
    envSection: isPlainObject(current.teamProviderInfo[envName]) ? (current.teamProviderInfo[envName] as object) : {},
    policies: policiesOf(plans.find((plan) => plan.scope.envName === envName)),
    pushedAt,
  });
}
