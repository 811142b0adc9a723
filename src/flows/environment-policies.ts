// Taking this project's IAM policies off the roles of an environment that is being removed.
import { RolePolicies } from '../aws/role-policies.js';
import { ownedPolicyPrefix } from '../core/policy-plan.js';
import type { ProjectStore } from '../project/project-store.js';
import { forgetPushedEnv, readPushedSnapshot, updatePushedEnv, type PushedPolicy } from '../project/pushed-state.js';
import type { Printer } from '../ui/printer.js';
import type { Prompter } from '../ui/prompter.js';
import type { AwsClients } from '../aws/clients.js';
import { importedRoleNames, planScope, policiesToRecord, showAndApplyPlans } from './policy-sync.js';

export async function removeEnvironmentPolicies(
  store: ProjectStore,
  projectName: string,
  envName: string,
  categories: Record<string, unknown>,
  context: { clients: (region: string) => Promise<AwsClients>; printer: Printer; prompter: Prompter },
  region: string,
): Promise<number> {
  const snapshot = await readPushedSnapshot(store.paths);
  const roleNames = new Set<string>([
    ...importedRoleNames({ categories }),
    ...importedRoleNames(snapshot.teamProviderInfo[envName]),
    ...(snapshot.pushedState[envName]?.policies ?? []).map((policy) => policy.roleName),
  ]);
  let removed = 0;
  let unreachable: PushedPolicy[] = [];
  if (roleNames.size > 0) {
    const rolePolicies = new RolePolicies((await context.clients(region)).iam);
    const plan = await planScope({ envName, prefix: ownedPolicyPrefix(projectName, envName), roleNames, desired: [] }, rolePolicies);
    // The user already confirmed removing the environment: its policies go with it.
    removed = (await showAndApplyPlans([plan], rolePolicies, { ...context, yes: true })).length;
    unreachable = policiesToRecord(plan, snapshot.pushedState[envName]?.policies ?? []);
  }
  // Policies on roles these credentials could not reach stay recorded, so a push can still take them off later.
  if (unreachable.length > 0) await updatePushedEnv(store.paths, envName, { policies: unreachable, pushedAt: new Date().toISOString() });
  else await forgetPushedEnv(store.paths, envName);
  return removed;
}
