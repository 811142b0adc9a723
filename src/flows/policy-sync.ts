// Planning and applying the IAM policies this project owns, environment by environment (push, env remove).
import type { RolePolicies } from '../aws/role-policies.js';
import { UserError } from '../core/errors.js';
import { describePlan, planPolicyChanges, type DesiredPolicy, type ExistingPolicy, type PolicyChange, type PolicyPlan } from '../core/policy-plan.js';
import { isPlainObject } from '../project/json-file.js';
import type { PushedPolicy } from '../project/pushed-state.js';
import type { Printer } from '../ui/printer.js';
import type { Prompter } from '../ui/prompter.js';

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
    throw new UserError('NotFound', `IAM role ${unreachable[0]?.roleName} does not exist, so policy ${unreachable[0]?.policyName} cannot be put on it.`,
      'Restore the role in IAM, or remove the feature that needs it, then push again.');
  }
  return { scope, plan: planPolicyChanges(scope.desired, existing, scope.prefix), missingRoles };
}

/** One change at a time: every step is idempotent, so a push killed between two of them is finished by the next push. */
export async function applyChanges(changes: PolicyChange[], rolePolicies: RolePolicies, printer: Printer): Promise<void> {
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

/** A change outside IAM policies that is shown and confirmed with them (a function's environment variable). */
export interface ExtraStep {
  describe: string;
  apply: () => Promise<void>;
}

/** Shows every change role by role, asks unless `yes`, applies. Roles that cannot be reached are reported, not errors. */
export async function showAndApplyPlans(
  plans: EnvPlan[],
  rolePolicies: RolePolicies | undefined,
  context: { printer: Printer; prompter: Prompter; yes: boolean },
  extraSteps: ExtraStep[] = [],
): Promise<PolicyChange[]> {
  const { printer } = context;
  const changes = plans.flatMap((envPlan) => envPlan.plan.changes);
  if (changes.length > 0 || extraSteps.length > 0) {
    printer.info('Changes in AWS (only policies mycli owns; roles, trust policies, pools, clients and buckets are never modified):');
    for (const envPlan of plans.filter((candidate) => candidate.plan.changes.length > 0)) {
      printer.info(`Environment '${envPlan.scope.envName}':`);
      for (const line of describePlan(envPlan.plan)) printer.detail(line);
    }
    for (const step of extraSteps) printer.detail(step.describe);
    if (!context.yes) {
      const apply = await context.prompter.confirm({ message: 'Apply these changes?', flag: '--yes' }, true);
      if (!apply) throw new UserError('Declined', 'Cancelled; nothing was changed in AWS.', 'Run the command again when ready.');
    }
    if (changes.length > 0 && rolePolicies) await applyChanges(changes, rolePolicies, printer);
    for (const step of extraSteps) await step.apply();
  }
  for (const envPlan of plans) {
    for (const role of envPlan.missingRoles) {
      printer.warn(
        `IAM role ${role} of environment '${envPlan.scope.envName}' was not found with these credentials: it was deleted, or the ` +
          'environment lives in another AWS account (then run again with --profile for that account). mycli keeps its record of the policies it put there.',
      );
    }
  }
  return changes;
}
