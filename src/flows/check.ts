// mycli check: what push re-checks, for one or every environment, without changing anything — the imported
// auth described and validated, drift since the import, granted functions and the roles their policies need,
// and how many IAM changes a push would make. Every problem is a finding; a finding of severity "error" means
// a push of that environment would be refused.
import { RolePolicies } from '../aws/role-policies.js';
import { isUserError, UserError, type UserErrorKind } from '../core/errors.js';
import type { Finding } from '../core/model.js';
import type { PlanSummary } from '../core/plan-view.js';
import { accountIdFromRoleArn } from '../core/function-grant-policy.js';
import { pushParameters } from '../core/push-lock.js';
import { compareWithRecord, type RecordMarker } from '../core/push-record.js';
import { escapeUntrusted, quoted } from '../core/untrusted-text.js';
import { hasBlockingFindings } from '../core/validator.js';
import type { ProjectStore } from '../project/project-store.js';
import { readPushedSnapshot } from '../project/pushed-state.js';
import type { Printer } from '../ui/printer.js';
import { environmentNeeds, readRecordedEnvironment, recheckImportedAuth, recordedRegionFindings, type RecordedEnvironment, type RegionAws } from './environment-recheck.js';
import { apiDesiredPolicies, recheckEnvironmentApis } from './api-recheck.js';
import { currentEnvScope, planScope, planViewOf } from './policy-sync.js';
import { describeLock, lookAtLock, parameterAccessError, type LockLook, type TeamLockContext } from './team-lock.js';

export type EnvironmentCheckStatus = 'ok' | 'refused' | 'nothing-imported';

export interface EnvironmentCheck {
  environment: string;
  region: string | null;
  status: EnvironmentCheckStatus;
  findings: Finding[];
  /** What a push would change in AWS, when the check got as far as planning. */
  pending?: PlanSummary;
}

export interface CheckContext {
  store: ProjectStore;
  printer: Printer;
  aws: (region: string) => RegionAws;
  /** For the look at each environment's push lock. */
  world: Pick<TeamLockContext, 'clock' | 'identity' | 'processRunning'>;
}

/** `which`: one environment's name, or every environment in team-provider-info.json order. */
export async function checkEnvironments(which: { envName: string } | 'all', context: CheckContext): Promise<EnvironmentCheck[]> {
  const { store } = context;
  const environments = await store.environments();
  const chosen = which === 'all' ? environments : environments.filter((env) => env.name === which.envName);
  if (which !== 'all' && chosen.length === 0) {
    throw new UserError('NotFound', `Environment ${quoted(which.envName)} does not exist in this project.`,
      `Use one of: ${environments.map((env) => escapeUntrusted(env.name)).join(', ') || 'none'} (see \`mycli env list\`), or check them all with \`mycli check --all\`.`);
  }
  const results: EnvironmentCheck[] = [];
  for (const env of chosen) results.push(await checkEnvironment(env, context));
  return results;
}

async function checkEnvironment(env: { name: string; region: string | undefined }, context: CheckContext): Promise<EnvironmentCheck> {
  const result = (status: EnvironmentCheckStatus, findings: Finding[], pending?: PlanSummary): EnvironmentCheck => ({
    environment: env.name,
    region: env.region ?? null,
    status,
    findings,
    ...(pending ? { pending } : {}),
  });
  if (!env.region) {
    return result('refused', [{
      severity: 'error',
      code: 'environment-without-region',
      message: `Environment ${quoted(env.name)} has no region in amplify/team-provider-info.json.`,
      fix: `Set "${escapeUntrusted(env.name)}.awscloudformation.Region" in amplify/team-provider-info.json.`,
    }]);
  }
  const region = env.region;
  const findings: Finding[] = [];
  try {
    const recorded = await readRecordedEnvironment(context.store, { name: env.name, region });
    if (!recorded.authIds) return result('nothing-imported', []);
    findings.push(...recordedRegionFindings(recorded.authIds, region));
    if (hasBlockingFindings(findings)) return result('refused', findings);

    const aws = context.aws(region);
    const rechecked = await recheckImportedAuth(recorded.authIds, region, aws, context.printer);
    findings.push(...rechecked.findings);
    if (hasBlockingFindings(findings)) return result('refused', findings);
    const apis = await recheckEnvironmentApis(recorded, { resourceName: recorded.authIds.resourceName, candidate: rechecked.candidate }, { aws, printer: context.printer });
    findings.push(...apis.findings);
    if (hasBlockingFindings(findings)) return result('refused', findings);

    const needs = await environmentNeeds(recorded, rechecked.candidate, aws);
    const desired = [...needs.desired, ...apiDesiredPolicies(apis, { projectName: recorded.projectName, envName: env.name })];
    const snapshot = await readPushedSnapshot(context.store.paths);
    const scope = currentEnvScope(recorded.projectName, env.name, desired, rechecked.candidate, snapshot.pushedState[env.name]?.policies ?? []);
    const plan = scope.roleNames.size > 0 ? [await planScope(scope, new RolePolicies(aws.clients().iam))] : [];
    findings.push(...(await teamFindings(recorded, snapshot.pushedState[env.name]?.record, aws, context)));
    return result(hasBlockingFindings(findings) ? 'refused' : 'ok', findings, planViewOf(plan, needs.functionVariables).summary);
  } catch (error) {
    // A project file of the wrong shape is the whole project's problem, not this environment's: it stops the command.
    if (!isUserError(error) || error.kind === 'ProjectFileInvalid' || error.kind === 'NoProject') throw error;
    findings.push(findingOf(error));
    return result('refused', findings);
  }
}

/** The environment's push lock and record in the account: a stale lock, or no access to them, refuses a push. */
async function teamFindings(recorded: RecordedEnvironment, local: RecordMarker | undefined, aws: RegionAws, context: CheckContext): Promise<Finding[]> {
  const { env, projectName } = recorded;
  const names = pushParameters(projectName, env.name);
  let look: LockLook | undefined;
  let recordValue: string | undefined;
  try {
    const parameters = await aws.ssm();
    [look, recordValue] = await Promise.all([lookAtLock({ parameters, names, ...context.world }), parameters.get(names.record).then((stored) => stored?.value)]);
  } catch (error) {
    const accountId = recorded.authIds?.authRoleArn ? accountIdFromRoleArn(recorded.authIds.authRoleArn) : undefined;
    const mapped = parameterAccessError(error, { region: env.region, accountId, projectName, subject: `A push of ${quoted(env.name)} would be refused` });
    if (!isUserError(mapped)) throw mapped;
    return [{ ...findingOf(mapped), code: mapped.kind === 'AwsAccessDenied' ? 'push-lock-access-denied' : 'push-lock-unreadable' }];
  }
  const findings: Finding[] = [];
  const now = context.world.clock.now();
  if (look?.assessment.stale) {
    findings.push({
      severity: 'error',
      code: 'push-lock-stale',
      message: `${describeLock(env.name, look, now)}, and it is stale: ${look.assessment.staleReason}. A push waits for no stale lock: it refuses.`,
      fix: `If no push of ${quoted(env.name)} is running: \`mycli env checkout ${env.name}\`, then \`mycli push --force-unlock\`.`,
    });
  } else if (look) {
    findings.push({ severity: 'warning', code: 'push-in-progress', message: `${describeLock(env.name, look, now)}: a push of it is running.`, fix: 'Nothing to do: a push started now waits for it (--lock-timeout).' });
  }
  const comparison = compareWithRecord({ remoteValue: recordValue, local, baseline: [], planned: [] });
  if (comparison.kind === 'pushed-elsewhere') {
    const { record } = comparison;
    findings.push({
      severity: 'warning',
      code: 'pushed-elsewhere',
      message: `Environment ${quoted(env.name)} was pushed by ${escapeUntrusted(record.user)} on ${escapeUntrusted(record.host)} at ${escapeUntrusted(record.pushedAt)} (generation ${record.generation}) after this clone's last push of it (generation ${comparison.local.generation}).`,
      fix: 'Pull the changes behind that push before pushing from this clone; `mycli push --dry-run` lists what a push would undo.',
    });
  }
  return findings;
}

const FINDING_CODES: Partial<Record<UserErrorKind, string>> = {
  ValidationFailed: 'imported-resource-gone',
  NotFound: 'not-found',
  MissingInput: 'missing-record',
  AwsAccessDenied: 'access-denied',
  AwsCredentials: 'credentials',
  AwsThrottled: 'throttled',
  AwsError: 'aws-error',
};

/** A refusal push would raise, as the finding check reports: its message (and AWS's words), its resolution as the fix. */
function findingOf(error: UserError): Finding {
  return {
    severity: 'error',
    code: FINDING_CODES[error.kind] ?? 'push-refused',
    message: [error.message, ...error.details].join(' '),
    fix: error.resolution,
  };
}
