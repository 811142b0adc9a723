// What push and check establish about one environment before any change: the project's records of it (read
// and checked offline), its imported auth described afresh and re-validated, the granted functions described,
// and the IAM policies its features need. Nothing here writes, to AWS or to the project.
import type { ApiReaders } from '../aws/api-readers.js';
import type { AwsClients } from '../aws/clients.js';
import { CognitoDiscovery } from '../aws/cognito-discovery.js';
import type { LambdaFunctions } from '../aws/lambda-functions.js';
import type { SsmParameters } from '../aws/ssm-parameters.js';
import { desiredPolicies } from '../core/desired-policies.js';
import { UserError } from '../core/errors.js';
import type { Finding, ImportCandidate } from '../core/model.js';
import type { DesiredPolicy } from '../core/policy-plan.js';
import type { FunctionVariableView } from '../core/plan-view.js';
import { quoted } from '../core/untrusted-text.js';
import { checkResourceRegions, validateImport } from '../core/validator.js';
import type { ProjectStore } from '../project/project-store.js';
import { withProgress, type Printer } from '../ui/printer.js';
import { functionGrantRecords, importedStorageRecord, userPoolIdVariable, type FunctionGrantRecord, type StorageRecord } from './features.js';
import { importedApiRecords, type ApiRecord } from './imported-apis.js';
import { findingsError } from './record-auth.js';
import { driftResolution, driftSinceImport, recordedAuthIds, resolveRecordedAuth, type RecordedAuthIds } from './recorded-auth.js';
import { shellQuote } from '../core/shell-quote.js';

/** AWS access for one region, created on first use. */
export interface RegionAws {
  clients(): AwsClients;
  functions(): LambdaFunctions;
  /** Parameter Store, for the push lock and record; its SDK is loaded only when asked for. */
  ssm(): Promise<SsmParameters>;
  /** AppSync and API Gateway readers; each imported API is read in its own region. */
  apis(): ApiReaders;
}

/** An environment's imported auth and features, as the project records them (offline). */
export interface RecordedEnvironment {
  env: { name: string; region: string };
  projectName: string;
  /** Undefined when the project has no imported auth. */
  authIds?: RecordedAuthIds;
  storage?: StorageRecord;
  grants: FunctionGrantRecord[];
  apis: ApiRecord[];
}

/** Reads what an environment recorded; a project file of the wrong shape or a missing id stops here, before AWS. */
export async function readRecordedEnvironment(store: ProjectStore, env: { name: string; region: string }): Promise<RecordedEnvironment> {
  const { projectName } = await store.projectConfig();
  const auth = await store.authResource();
  if (auth && auth.serviceType !== 'imported') {
    throw new UserError('InvalidInput', `Auth resource ${quoted(auth.resourceName)} is not an imported resource; mycli only manages imported auth.`,
      'Use the Amplify CLI for auth it created, or `mycli remove auth` and `mycli import auth`.');
  }
  if (!auth) return { env, projectName, grants: [], apis: [] };
  const parameters = await store.readAuthParameters(auth.resourceName);
  const authIds = recordedAuthIds(auth.resourceName, env.name, parameters?.['authSelections'], await store.readAuthEnvParameters(env.name, auth.resourceName));
  return {
    env,
    projectName,
    authIds,
    storage: await importedStorageRecord(store, env.name),
    grants: await functionGrantRecords(store),
    apis: await importedApiRecords(store, env.name),
  };
}

/** The recorded ids name resources of another region than the environment's: found on the ids alone, before AWS. */
export function recordedRegionFindings(ids: RecordedAuthIds, region: string): Finding[] {
  return checkResourceRegions({ userPool: { id: ids.userPoolId }, identityPool: ids.identityPoolId ? { id: ids.identityPoolId } : undefined }, region);
}

export function regionMismatchError(ids: RecordedAuthIds, findings: Finding[], subject: string): UserError {
  return findingsError(`${subject}: auth ${quoted(ids.resourceName)} does not match environment ${quoted(ids.envName)}`, findings, driftResolution(ids));
}

export interface RecheckedAuth {
  ids: RecordedAuthIds;
  candidate: ImportCandidate;
  /** Validation rules and drift since the import; errors mean a push must refuse. */
  findings: Finding[];
}

/** Describes what the environment recorded (a fixed number of calls, no listing) and re-validates it. */
export async function recheckImportedAuth(ids: RecordedAuthIds, region: string, aws: RegionAws, printer: Printer): Promise<RecheckedAuth> {
  const candidate = await withProgress(printer, `Checking the resources imported as auth ${quoted(ids.resourceName)} in ${quoted(ids.envName)}`, () =>
    resolveRecordedAuth(ids, new CognitoDiscovery(aws.clients()), region),
  );
  // The same client for web and native was the user's choice at import; it is not news at every push.
  const findings = [...validateImport(candidate), ...driftSinceImport(ids, candidate)].filter(
    (finding) => finding.code !== 'same-client-for-web-and-native',
  );
  return { ids, candidate, findings };
}

export function driftError(rechecked: RecheckedAuth, subject: string): UserError {
  return findingsError(
    `${subject}: auth ${quoted(rechecked.ids.resourceName)} in environment ${quoted(rechecked.ids.envName)} changed in AWS since it was imported`,
    rechecked.findings,
    driftResolution(rechecked.ids),
  );
}

export interface EnvironmentNeeds {
  /** Every IAM policy the environment's features need, on the imported roles and the granted execution roles. */
  desired: DesiredPolicy[];
  /** Function variables `--set-env` asks for that are not set yet. */
  functionVariables: FunctionVariableView[];
}

/** Describes each granted function for its execution role, then builds the policies the features need. */
export async function environmentNeeds(recorded: RecordedEnvironment, candidate: ImportCandidate, aws: RegionAws): Promise<EnvironmentNeeds> {
  const { env, grants } = recorded;
  const described = grants.length > 0 ? await Promise.all(grants.map((grant) => aws.functions().describeFunction(grant.functionName))) : [];
  const functionGrants = grants.map((grant, index) => {
    const fn = described[index];
    if (!fn) {
      throw new UserError('NotFound', `Lambda function ${quoted(grant.functionName)}, granted access to the user pool, was not found in ${env.region} with these credentials. Nothing was written.`,
        `Check --profile/--region (the function may be in another account), restore the function, or revoke the grant with \`mycli auth revoke-function ${shellQuote(grant.functionName)}\`, then push again.`);
    }
    return { ...grant, executionRoleName: fn.roleName, executionRoleArn: fn.roleArn, environment: fn.environment };
  });
  const desired = desiredPolicies({
    projectName: recorded.projectName,
    envName: env.name,
    region: env.region,
    candidate,
    storage: recorded.storage,
    functionGrants,
  });
  const variable = userPoolIdVariable(recorded.authIds?.resourceName ?? '');
  const functionVariables = functionGrants
    .filter((grant) => grant.setUserPoolIdVariable && grant.environment[variable] !== candidate.userPool.id)
    .map((grant) => ({ function: grant.functionName, variable, value: candidate.userPool.id }));
  return { desired, functionVariables };
}
