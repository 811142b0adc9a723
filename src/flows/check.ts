// mycli check: what push re-checks, for one or every environment, without changing anything — the imported
// auth described and validated, drift since the import, granted functions and the roles their policies need,
// and how many IAM changes a push would make. Every problem is a finding; a finding of severity "error" means
// a push of that environment would be refused.
import { RolePolicies } from '../aws/role-policies.js';
import { isUserError, UserError, type UserErrorKind } from '../core/errors.js';
import type { Finding } from '../core/model.js';
import type { PlanSummary } from '../core/plan-view.js';
import { quoted } from '../core/untrusted-text.js';
import { hasBlockingFindings } from '../core/validator.js';
import type { ProjectStore } from '../project/project-store.js';
import { readPushedSnapshot } from '../project/pushed-state.js';
import type { Printer } from '../ui/printer.js';
import { environmentNeeds, readRecordedEnvironment, recheckImportedAuth, recordedRegionFindings, type RegionAws } from './environment-recheck.js';
import { currentEnvScope, planScope, planViewOf } from './policy-sync.js';

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
}

/** `which`: one environment's name, or every environment in team-provider-info.json order. */
export async function checkEnvironments(which: { envName: string } | 'all', context: CheckContext): Promise<EnvironmentCheck[]> {
  const { store } = context;
  const environments = await store.environments();
  const chosen = which === 'all' ? environments : environments.filter((env) => env.name === which.envName);
  if (which !== 'all' && chosen.length === 0) {
    throw new UserError('NotFound', `Environment ${quoted(which.envName)} does not exist in this project.`,
      `Use one of: ${environments.map((env) => env.name).join(', ') || 'none'} (see \`mycli env list\`), or check them all with \`mycli check --all\`.`);
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
      fix: `Set "${env.name}.awscloudformation.Region" in amplify/team-provider-info.json.`,
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

    const needs = await environmentNeeds(recorded, rechecked.candidate, aws);
    const snapshot = await readPushedSnapshot(context.store.paths);
    const scope = currentEnvScope(recorded.projectName, env.name, needs.desired, rechecked.candidate, snapshot.pushedState[env.name]?.policies ?? []);
    const plan = scope.roleNames.size > 0 ? [await planScope(scope, new RolePolicies(aws.clients().iam))] : [];
    return result('ok', findings, planViewOf(plan, needs.functionVariables).summary);
  } catch (error) {
    // A project file of the wrong shape is the whole project's problem, not this environment's: it stops the command.
    if (!isUserError(error) || error.kind === 'ProjectFileInvalid' || error.kind === 'NoProject') throw error;
    findings.push(findingOf(error));
    return result('refused', findings);
  }
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
