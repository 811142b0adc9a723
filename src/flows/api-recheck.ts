// The imported APIs of one environment, described afresh and re-checked against its auth (push, check, env add,
// env checkout): a deleted API or stage, an authorizer that no longer trusts the pool, a granted path that no longer
// exists, is a finding that stops the command before any change. Then the grants they need, and their config outputs.
import type { ApiReaders } from '../aws/api-readers.js';
import { checkApi, type ApiCheckResult } from '../core/api-checks.js';
import { API_KIND_LABEL, type ApiDetails, type ApiTrustContext } from '../core/api-model.js';
import { apiPolicies, grantedRoutes } from '../core/api-policies.js';
import { apiOutput, KIND_OF_API_TYPE, type ApiEnvParameters, type ImportedApiOutput } from '../core/api-records.js';
import { isUserError, UserError } from '../core/errors.js';
import { regionOfUserPoolId, type Finding, type ImportCandidate } from '../core/model.js';
import { accountIdFromRoleArn } from '../core/function-grant-policy.js';
import type { DesiredPolicy } from '../core/policy-plan.js';
import { escapeUntrusted, nameAndId } from '../core/untrusted-text.js';
import type { FileChange } from '../project/atomic-write.js';
import type { ProjectStore } from '../project/project-store.js';
import { withProgress, type Printer } from '../ui/printer.js';
import { describeNamedApi } from './choose-api.js';
import { requireEnvApi, type ApiRecord } from './imported-apis.js';
import { findingsError } from './record-auth.js';

export interface RecheckedApi {
  record: ApiRecord;
  env: ApiEnvParameters;
  api: ApiDetails;
  check: ApiCheckResult;
  output: ImportedApiOutput;
}

export interface ApiRecheck {
  /** The auth the APIs were checked against (undefined when the environment imports no API). */
  auth?: ApiTrustContext;
  apis: RecheckedApi[];
  /** Every API's findings; an error means the environment's APIs changed in a way push must not act on. */
  findings: Finding[];
}

/** The API checks' view of an environment's imported auth, as just described. */
export function trustContextOf(candidate: ImportCandidate, authResourceName: string, envName: string, envRegion: string): ApiTrustContext {
  const identity = candidate.authType === 'identityPoolAndUserPool' ? candidate.identityPool : undefined;
  const authRole = identity ? candidate.authRole : undefined;
  return {
    authResourceName,
    envName,
    userPoolId: candidate.userPool.id,
    userPoolRegion: regionOfUserPoolId(candidate.userPool.id) ?? envRegion,
    webClientId: candidate.webClient.id,
    nativeClientId: candidate.nativeClient.id,
    ...(identity
      ? {
          identityPoolId: identity.id,
          identityPoolName: identity.name,
          authRoleName: authRole?.name,
          unauthRoleName: candidate.unauthRole?.name,
          accountId: authRole ? accountIdFromRoleArn(authRole.arn) : undefined,
        }
      : {}),
  };
}

/** Describes each API the environment records (a fixed number of calls per API, no listing) and checks it. */
export async function recheckApis(
  records: ApiRecord[],
  auth: ApiTrustContext,
  context: { readers: ApiReaders; printer: Printer; now: number },
): Promise<ApiRecheck> {
  if (records.length === 0) return { apis: [], findings: [] };
  const described = await withProgress(context.printer, `Checking the ${records.length === 1 ? 'API' : `${records.length} APIs`} imported in '${escapeUntrusted(auth.envName)}'`, () =>
    Promise.all(records.map(async (record) => {
      const env = requireEnvApi(record, auth.envName);
      const kind = KIND_OF_API_TYPE[record.parameters.apiType];
      try {
        return { record, env, api: await describeNamedApi(context.readers, kind, env.apiId, env.region) };
      } catch (error) {
        if (isUserError(error) && error.kind === 'NotFound') return { record, env, api: undefined };
        throw error;
      }
    })),
  );
  const apis: RecheckedApi[] = [];
  const findings: Finding[] = [];
  for (const { record, env, api } of described) {
    if (!api) {
      findings.push(apiGone(record, env));
      continue;
    }
    const check = checkApi(api, auth, { stage: env.stage, apiKey: record.parameters.apiKeyInConfig, now: context.now });
    findings.push(...check.findings, ...grantFindings(record, api, check, auth));
    apis.push({ record, env, api, check, output: apiOutput({ api, resourceName: record.resourceName, stage: env.stage, check, apiKeyInConfig: record.parameters.apiKeyInConfig, now: context.now }) });
  }
  return { auth, apis, findings };
}

/** push and check: the environment's recorded APIs against its auth as just described. */
export function recheckEnvironmentApis(
  recorded: { env: { name: string; region: string }; apis: ApiRecord[] },
  auth: { resourceName: string; candidate: ImportCandidate },
  context: { aws: { apis(): ApiReaders }; printer: Printer },
): Promise<ApiRecheck> {
  if (recorded.apis.length === 0) return Promise.resolve({ apis: [], findings: [] });
  const trust = trustContextOf(auth.candidate, auth.resourceName, recorded.env.name, recorded.env.region);
  return recheckApis(recorded.apis, trust, { readers: context.aws.apis(), printer: context.printer, now: Math.floor(Date.now() / 1000) });
}

export function apiDriftError(recheck: ApiRecheck, subject: string, envName: string): UserError {
  return findingsError(
    `${subject}: the APIs imported in environment '${escapeUntrusted(envName)}' changed in AWS since they were imported`,
    recheck.findings,
    'Either restore them in AWS as they were at import (each line says how), or run `mycli remove api <name>` (the API is not touched) and import it again as it is now.',
  );
}

/**
 * The IAM grants of every API; an API without access chosen, or that no longer authorizes anything with IAM (the
 * re-check warned that push removes its grants), needs none.
 */
export function apiDesiredPolicies(recheck: ApiRecheck, target: { projectName: string; envName: string }): DesiredPolicy[] {
  const { auth } = recheck;
  return recheck.apis.flatMap(({ record, env, api, check }) => {
    const { authAccess, guestAccess, paths } = record.parameters;
    if (authAccess.length + guestAccess.length === 0 || !check.iamAuthorized) return [];
    if (!auth?.accountId || !auth.authRoleName) throw new Error(`apiDesiredPolicies: api '${record.resourceName}' has grants but auth has no role`);
    return apiPolicies(
      { resourceName: record.resourceName, api, stage: env.stage, authAccess, guestAccess, paths },
      { projectName: target.projectName, envName: target.envName, accountId: auth.accountId, authRoleName: auth.authRoleName, unauthRoleName: auth.unauthRoleName },
    );
  });
}

/** Refreshes each API's amplify-meta.json output (what the app config is written from). */
export async function saveApiOutputs(store: ProjectStore, recheck: ApiRecheck): Promise<FileChange[]> {
  if (recheck.apis.length === 0) return [];
  return [await store.setMetaOutputs(recheck.apis.map(({ record, output }) => ({ category: 'api', resourceName: record.resourceName, output })))];
}

function apiGone(record: ApiRecord, env: ApiEnvParameters): Finding {
  const kind = KIND_OF_API_TYPE[record.parameters.apiType];
  return {
    severity: 'error',
    code: 'api-gone',
    message: `${API_KIND_LABEL[kind]} ${nameAndId(env.apiName, env.apiId)}, imported as api '${escapeUntrusted(record.resourceName)}', no longer exists in ${escapeUntrusted(env.region)}.`,
    fix: `Restore it, or run \`mycli remove api ${record.resourceName}\` (its IAM policies leave at the next push).`,
  };
}

/** Grants recorded at import that this API (as it is now) or this auth can no longer take. */
function grantFindings(record: ApiRecord, api: ApiDetails, check: ApiCheckResult, auth: ApiTrustContext): Finding[] {
  const { authAccess, guestAccess, paths } = record.parameters;
  if (authAccess.length + guestAccess.length === 0) return [];
  const subject = `api '${escapeUntrusted(record.resourceName)}'`;
  const reimport = `run \`mycli remove api ${record.resourceName}\` and import it again`;
  const findings: Finding[] = [];
  if (!check.iamAuthorized) {
    findings.push({
      severity: 'warning',
      code: 'api-iam-gone',
      message: `${subject} no longer authorizes anything with IAM, so its grants are not needed; push removes them.`,
      fix: `Nothing to do, or ${reimport} to record it without IAM access.`,
    });
    return findings;
  }
  if (!auth.accountId || !auth.authRoleName) {
    findings.push({ severity: 'error', code: 'api-grant-without-role', message: `${subject} grants IAM access, but auth in '${escapeUntrusted(auth.envName)}' has no identity pool role.`, fix: reimport });
  } else if (guestAccess.length > 0 && !auth.unauthRoleName) {
    findings.push({
      severity: 'error',
      code: 'api-guest-without-role',
      message: `${subject} gives guests IAM access, but the identity pool in '${escapeUntrusted(auth.envName)}' has no unauthenticated role.`,
      fix: `Add a guest role to the identity pool (Amazon Cognito console > Identity pools > your pool > User access > Guest access), or ${reimport} with --guest-access none.`,
    });
  }
  if (api.kind !== 'graphql' && paths.length > 0) {
    try {
      grantedRoutes(api, paths);
    } catch (error) {
      if (!isUserError(error)) throw error;
      findings.push({ severity: 'error', code: 'api-path-gone', message: `${subject}: ${error.message}`, fix: `Restore the routes, or ${reimport} with other --path values.` });
    }
  }
  return findings;
}
