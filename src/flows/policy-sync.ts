// Planning and applying the IAM policies this project owns, environment by environment (push, env remove).
import type { RolePolicies } from '../aws/role-policies.js';
import { UserError } from '../core/errors.js';
import type { ImportCandidate } from '../core/model.js';
import { buildPlanView, type FunctionVariableView, type PushPlanView } from '../core/plan-view.js';
import { ownedPolicyPrefix, planPolicyChanges, type DesiredPolicy, type ExistingPolicy, type PolicyChange, type PolicyPlan } from '../core/policy-plan.js';
import { escapeUntrusted, quoted } from '../core/untrusted-text.js';
import { isPlainObject } from '../project/json-file.js';
import type { PushedPolicy } from '../project/pushed-state.js';
import type { Printer } from '../ui/printer.js';
import type { Prompter } from '../ui/prompter.js';
import { planSummaryLine, renderPushPlan, wrap } from '../ui/plan-renderer.js';

/** The policies of one environment: what should be on its roles, and which roles to look at. */
export interface EnvPolicyScope {
  envName: string;
  prefix: string;
  roleNames: Set<string>;
  desired: DesiredPolicy[];
}

export interface EnvPlan {
  scope: EnvPolicyScope;
  plan: PolicyPlan;
  missingRoles: string[];
}

/**
 * The policies to record as pushed for an environment: what it should have now, plus what it had on roles that could
 * not be reached (deleted, or in another account), so a later run with the right credentials can still remove them.
 */
export function policiesToRecord(envPlan: EnvPlan | undefined, previous: PushedPolicy[]): PushedPolicy[] {
  if (!envPlan) return previous;
  const desired = envPlan.scope.desired.map(({ roleName, policyName, document }) => ({ roleName, policyName, document }));
  const unreachable = previous.filter((policy) => envPlan.missingRoles.includes(policy.roleName));
  return [...desired, ...unreachable];
}

/** The imported role names recorded in an environment's team-provider-info section. */
export function importedRoleNames(envSection: unknown): string[] {
  const auth = isPlainObject(envSection) && isPlainObject(envSection['categories']) ? envSection['categories']['auth'] : undefined;
  if (!isPlainObject(auth)) return [];
  return Object.values(auth).flatMap((params) =>
    isPlainObject(params)
      ? [params['authRoleName'], params['unauthRoleName']].filter((name): name is string => typeof name === 'string')
      : [],
  );
}

/** The current environment's scope: the roles its policies go on, its imported roles, and every role it pushed to before. */
export function currentEnvScope(
  projectName: string,
  envName: string,
  desired: DesiredPolicy[],
  candidate: ImportCandidate,
  pushedPolicies: PushedPolicy[],
): EnvPolicyScope {
  const roleNames = new Set<string>(desired.map((policy) => policy.roleName));
  for (const role of [candidate.authRole, candidate.unauthRole]) if (role?.exists) roleNames.add(role.name);
  for (const policy of pushedPolicies) roleNames.add(policy.roleName);
  return { envName, prefix: ownedPolicyPrefix(projectName, envName), roleNames, desired };
}

/** Lists the owned policies on every role of the scope and plans the differences; a role that is gone has nothing to remove. */
export async function planScope(scope: EnvPolicyScope, rolePolicies: RolePolicies): Promise<EnvPlan> {
  const existing: ExistingPolicy[] = [];
  const missingRoles: string[] = [];
  const listed = await Promise.all(
    [...scope.roleNames].sort().map(async (roleName) => ({ roleName, ...(await rolePolicies.listOwned(roleName, scope.prefix)) })),
  );
  for (const role of listed) {
    if (role.exists) existing.push(...role.policies);
    else missingRoles.push(role.roleName);
  }
  const unreachable = scope.desired.filter((policy) => missingRoles.includes(policy.roleName));
  if (unreachable.length > 0) {
    throw new UserError('NotFound', `IAM role ${escapeUntrusted(unreachable[0]?.roleName ?? '')} does not exist, so policy ${escapeUntrusted(unreachable[0]?.policyName ?? '')} cannot be put on it.`,
      'Restore the role in IAM, or remove the feature that needs it, then push again.');
  }
  return { scope, plan: planPolicyChanges(scope.desired, existing, scope.prefix), missingRoles };
}

/** One change at a time: every step is idempotent, so a push killed between two of them is finished by the next push. */
/** `beforeEach` runs before every write: an interrupted push stops there, between two idempotent steps. */
export async function applyChanges(changes: PolicyChange[], rolePolicies: RolePolicies, printer: Printer, beforeEach: () => void = () => {}): Promise<void> {
  for (const change of changes) {
    beforeEach();
    const policy = escapeUntrusted(change.policyName);
    const role = escapeUntrusted(change.roleName);
    if (change.kind === 'remove') {
      const outcome = await rolePolicies.remove(change.roleName, change.policyName);
      printer.success(`Removed ${policy} from role ${role}${outcome === 'already-gone' ? ' (it was already gone)' : ''}.`);
    } else {
      await rolePolicies.put(change.roleName, change.policyName, change.document);
      printer.success(`${change.kind === 'add' ? 'Added' : 'Updated'} ${policy} on role ${role}.`);
    }
  }
}

/** Prints the plan (what push and env remove will change), role by role, then its one-line summary. */
export function printPlan(view: PushPlanView, printer: Printer): void {
  const intro = 'mycli will make these changes in AWS (only policies it owns; roles, trust policies, pools, clients and buckets are never modified):';
  for (const line of printer.columns ? wrap(intro, printer.columns) : [intro]) printer.info(line);
  const palette = printer.colors;
  for (const line of renderPushPlan(view, { width: printer.columns, palette, fullActions: printer.debugEnabled })) printer.info(line);
  printer.info('');
  printer.info(planSummaryLine(view));
}

/** Roles that could not be reached are reported, not errors: the policies recorded on them are kept for a later run. */
export function warnMissingRoles(plans: EnvPlan[], printer: Printer): void {
  for (const envPlan of plans) {
    for (const role of envPlan.missingRoles) {
      printer.warn(
        `IAM role ${escapeUntrusted(role)} of environment ${quoted(envPlan.scope.envName)} was not found with these credentials: it was deleted, or the ` +
          'environment lives in another AWS account (then run again with --profile for that account). mycli keeps its record of the policies it put there.',
      );
    }
  }
}

export function planViewOf(plans: EnvPlan[], functionVariables: FunctionVariableView[] = []): PushPlanView {
  return buildPlanView(plans.map((envPlan) => ({ envName: envPlan.scope.envName, plan: envPlan.plan })), functionVariables);
}

/** Shows every change role by role, asks unless `yes`, applies. */
export async function showAndApplyPlans(
  plans: EnvPlan[],
  rolePolicies: RolePolicies | undefined,
  context: { printer: Printer; prompter: Prompter; yes: boolean },
): Promise<PolicyChange[]> {
  const { printer } = context;
  const changes = plans.flatMap((envPlan) => envPlan.plan.changes);
  if (changes.length > 0) {
    printPlan(planViewOf(plans), printer);
    if (!context.yes) await confirmPlan(context.prompter);
    if (rolePolicies) await applyChanges(changes, rolePolicies, printer);
  }
  warnMissingRoles(plans, printer);
  return changes;
}

export async function confirmPlan(prompter: Prompter, message = 'Apply these changes?', defaultValue = true): Promise<void> {
  const apply = await prompter.confirm({ message, flag: '--yes' }, defaultValue);
  if (!apply) throw new UserError('Declined', 'Cancelled; nothing was changed in AWS.', 'Run the command again when ready.');
}
