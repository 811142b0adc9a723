// Taking an environment that is being removed off the account: under its push lock (the one push takes, so a
// teammate's push of it never runs at the same time), this project's IAM policies leave its roles, then its push
// record and its lock are deleted, so an `env add` of the same name later starts fresh. What it needs is read and
// checked first (planEnvironmentRemoval); nothing is written in AWS before that.
import { RolePolicies } from '../aws/role-policies.js';
import type { SsmParameters } from '../aws/ssm-parameters.js';
import { isUserError, UserError } from '../core/errors.js';
import { accountIdFromRoleArn } from '../core/function-grant-policy.js';
import { ownedPolicyPrefix } from '../core/policy-plan.js';
import { parameterArnPattern, pushParameters, type PushParameters } from '../core/push-lock.js';
import { parseRecord, recordRoleNames } from '../core/push-record.js';
import { shellQuote } from '../core/shell-quote.js';
import { quoted } from '../core/untrusted-text.js';
import { isPlainObject } from '../project/json-file.js';
import type { ProjectStore } from '../project/project-store.js';
import { readPushedSnapshot, type PushedPolicy } from '../project/pushed-state.js';
import type { Printer } from '../ui/printer.js';
import type { AwsClients } from '../aws/clients.js';
import { applyChanges, importedRoleNames, planScope, planViewOf, policiesToRecord, printPlan, warnMissingRoles } from './policy-sync.js';
import type { LockWording } from './team-lock.js';
import { openTeamSession, type TeamOptions } from './team-session.js';

/** What removing the environment does in AWS, read from the project before anything is written. */
export interface EnvRemovalPlan {
  projectName: string;
  envName: string;
  region: string;
  /** The roles its policies may be on: imported ones, and every role it pushed to (this clone's cache). */
  roleNames: Set<string>;
  /** The lock and record; undefined when the environment never reached AWS from here (no roles, no push record). */
  parameters?: PushParameters;
  accountId?: string;
  /** What this clone last pushed there. */
  pushedPolicies: PushedPolicy[];
}

export async function planEnvironmentRemoval(
  store: ProjectStore,
  target: { projectName: string; envName: string; region: string; categories: Record<string, unknown> },
): Promise<EnvRemovalPlan> {
  const { projectName, envName, region, categories } = target;
  const snapshot = await readPushedSnapshot(store.paths);
  const pushed = snapshot.pushedState[envName];
  const roleNames = new Set<string>([
    ...importedRoleNames({ categories }),
    ...importedRoleNames(snapshot.teamProviderInfo[envName]),
    ...(pushed?.policies ?? []).map((policy) => policy.roleName),
  ]);
  // Like push: an environment that has nothing in AWS as far as this clone knows is removed offline.
  const reachesAws = roleNames.size > 0 || pushed?.record !== undefined;
  return {
    projectName,
    envName,
    region,
    roleNames,
    // A name SSM cannot take is refused here, before the lock.
    parameters: reachesAws ? pushParameters(projectName, envName) : undefined,
    accountId: accountIdOf(categories),
    pushedPolicies: pushed?.policies ?? [],
  };
}

export interface EnvRemovalContext {
  clients: (region: string) => Promise<AwsClients>;
  ssm: (region: string) => Promise<SsmParameters>;
  printer: Printer;
  /** The removed environment's push lock: take it, or skip it (--no-lock). */
  team: TeamOptions;
}

export interface EnvRemovalResult {
  removedPolicies: number;
  /** Policies on roles these credentials could not reach: kept in the local cache so a push can still take them off. */
  unreachable: PushedPolicy[];
  /** What became of the push record: undefined when the account was not reached at all. */
  record?: 'deleted' | 'absent' | 'left';
}

/** The lock's messages for `env remove <env>`: its own command to run again, to force the unlock, and --no-lock. */
export function envRemoveWording(envName: string): LockWording {
  const command = `mycli env remove ${shellQuote(envName)}`;
  return {
    refused: `Environment ${quoted(envName)} was not removed`,
    stopped: `Removing environment ${quoted(envName)} stopped`,
    self: 'this removal',
    again: command,
    forceUnlock: `${command} --force-unlock`,
    noLock: `run \`${command} --no-lock\` to remove it without the team lock (a push of ${quoted(envName)} running at the same time can then leave its policies on the roles)`,
    recordUnread: 'Policies a teammate\'s push put on roles this clone does not know (the record names them) are not looked for.',
  };
}

/**
 * Takes the lock (or, with --no-lock, does not), reads the push record, takes the owned policies off every role the
 * environment used (those the record names too: a teammate's push may have reached roles this clone does not know,
 * a function's execution role), deletes the record and releases the lock. Ctrl+C stops between two steps.
 */
export async function removeFromAccount(plan: EnvRemovalPlan, context: EnvRemovalContext): Promise<EnvRemovalResult> {
  const { printer, team } = context;
  const { envName, region, projectName, parameters } = plan;
  if (!parameters) return { removedPolicies: 0, unreachable: [] };
  if (team.lock === 'skip') {
    printer.warn(`Removing ${quoted(envName)} without its push lock (--no-lock): a push of it running at the same time can leave its policies on the roles.`);
  }
  const wording = envRemoveWording(envName);
  const session = await openTeamSession(
    { parameters: () => context.ssm(region), names: parameters, envName, region, projectName, accountId: plan.accountId, printer, wording },
    team,
  );
  let removedPolicies = 0;
  let unreachable: PushedPolicy[] = [];
  let record: EnvRemovalResult['record'];
  let released: boolean | undefined;
  const release = async () => (released ??= await session.release());
  try {
    const roleNames = new Set([...plan.roleNames, ...recordRoles(session.recordValue)]);
    session.checkpoint();
    if (roleNames.size > 0) {
      const rolePolicies = new RolePolicies((await context.clients(region)).iam);
      const envPlan = await planScope({ envName, prefix: ownedPolicyPrefix(projectName, envName), roleNames, desired: [] }, rolePolicies);
      const { changes } = envPlan.plan;
      // The user already confirmed removing the environment: its policies go with it.
      if (changes.length > 0) {
        printPlan(planViewOf([envPlan]), printer);
        await session.assertStillLocked();
        await applyChanges(changes, rolePolicies, printer, () => session.checkpoint());
      }
      warnMissingRoles([envPlan], printer);
      removedPolicies = changes.length;
      unreachable = policiesToRecord(envPlan, plan.pushedPolicies);
    }
    session.checkpoint();
    try {
      record = await session.deleteRecord();
    } catch (error) {
      throw recordNotDeleted(error, plan, parameters, await release(), removedPolicies);
    }
  } finally {
    await release();
  }
  return { removedPolicies, unreachable, record };
}

/** Like a push whose record could not be written: exit 1, and the environment stays in the project until a re-run. */
function recordNotDeleted(error: unknown, plan: EnvRemovalPlan, parameters: PushParameters, lockReleased: boolean, removedPolicies: number): unknown {
  if (!isUserError(error) || error.kind !== 'AwsAccessDenied') return error;
  const { envName } = plan;
  const command = `mycli env remove ${shellQuote(envName)}`;
  const done = removedPolicies > 0 ? "this project's IAM policies were taken off its roles" : 'its roles have no policies of this project';
  return new UserError(
    'AwsAccessDenied',
    `Environment ${quoted(envName)} was not removed: ${done}, but its push record (${parameters.record}) could not be deleted: ${error.message}`,
    `Allow ssm:DeleteParameter on ${parameterArnPattern(plan.region, plan.accountId, plan.projectName)} for the identity mycli runs as (the README's "IAM permissions" lists it), ` +
      `then run \`${command}\` again: it finishes the removal (nothing is left to take off the roles). The environment stays in this project until then.` +
      (lockReleased ? '' : ` Its push lock (${parameters.lock}) was left too: remove it first with \`${command} --force-unlock\`.`),
    { cause: error.cause, details: error.details },
  );
}

/** The roles the account's push record names; none when there is no record or it is not one mycli understands. */
function recordRoles(value: string | undefined): string[] {
  const record = value === undefined ? undefined : parseRecord(value);
  return record ? recordRoleNames(record) : [];
}

function accountIdOf(categories: Record<string, unknown>): string | undefined {
  const auth = categories['auth'];
  if (!isPlainObject(auth)) return undefined;
  for (const params of Object.values(auth)) {
    const arn = isPlainObject(params) ? params['authRoleArn'] : undefined;
    const accountId = typeof arn === 'string' ? accountIdFromRoleArn(arn) : undefined;
    if (accountId) return accountId;
  }
  return undefined;
}
