// The APIs a project imported, as recorded (backend-config, parameters.json, team-provider-info, amplify-meta), and the
// imported auth as the API checks see it. A record of the wrong shape is an error naming the file and key, never "no API".
import type { ApiTrustContext } from '../core/api-model.js';
import { API_ACCESS_ORDER } from '../core/api-policies.js';
import { KIND_OF_API_TYPE, type ApiEnvParameters, type ApiParameters, type ApiTypeName, type ImportedApiOutput } from '../core/api-records.js';
import { UserError } from '../core/errors.js';
import { accountIdFromRoleArn } from '../core/function-grant-policy.js';
import { regionOfUserPoolId } from '../core/model.js';
import { listResources } from '../core/resource-status.js';
import { escapeUntrusted } from '../core/untrusted-text.js';
import { isPlainObject } from '../project/json-file.js';
import type { ProjectStore } from '../project/project-store.js';
import type { ImportedAuthFacts } from './features.js';

export interface ApiRecord {
  resourceName: string;
  parameters: ApiParameters;
  /** The environment's API; undefined when team-provider-info.json has none for it. */
  env?: ApiEnvParameters;
  /** amplify-meta.json output (git-ignored: absent after a clone until push or env checkout). */
  output?: ImportedApiOutput;
}

export function isImportedApi(category: string, entry: Record<string, unknown>): boolean {
  return category === 'api' && entry['serviceType'] === 'imported' && (entry['service'] === 'AppSync' || entry['service'] === 'API Gateway');
}

/** Every API mycli imported (APIs the Amplify CLI manages in the same category are not mycli's), in file order. */
export async function importedApiRecords(store: ProjectStore, envName: string): Promise<ApiRecord[]> {
  const backendConfig = await store.readBackendConfig();
  const teamProviderInfo = await store.readTeamProviderInfo();
  const meta = await store.readMeta();
  const records: ApiRecord[] = [];
  for (const { category, resourceName, entry } of listResources(backendConfig)) {
    if (!isImportedApi(category, entry)) continue;
    const file = `amplify/backend/api/${resourceName}/parameters.json`;
    const parameters = parseParameters(await store.readResourceParameters('api', resourceName), resourceName, file);
    const envSection = valueAt(teamProviderInfo, [envName, 'categories', 'api', resourceName]);
    const output = valueAt(meta, ['api', resourceName, 'output']);
    records.push({
      resourceName,
      parameters,
      ...(envSection === undefined ? {} : { env: parseEnvParameters(envSection, parameters, `${envName}.categories.api.${resourceName}`) }),
      ...(isPlainObject(output) && typeof output['ApiType'] === 'string' ? { output: output as unknown as ImportedApiOutput } : {}),
    });
  }
  return records;
}

/** The environment's API parameters, or the error that says where to set them. */
export function requireEnvApi(record: ApiRecord, envName: string): ApiEnvParameters {
  if (record.env) return record.env;
  const stage = record.parameters.apiType === 'GraphQL' ? '' : ', "stage": "<stage>"';
  throw new UserError(
    'MissingInput',
    `Environment '${escapeUntrusted(envName)}' has no API for api '${escapeUntrusted(record.resourceName)}' in amplify/team-provider-info.json.`,
    `Set "${envName}.categories.api.${record.resourceName}": {"apiId": "<id>", "apiName": "<name>", "region": "<region>"${stage}} there, ` +
      `or run \`mycli remove api ${record.resourceName}\` and import it again.`,
  );
}

/** What the API checks need of the imported auth; refuses auth without a pool or, with an identity pool, without its role. */
export function apiTrustContext(auth: ImportedAuthFacts, envRegion: string): ApiTrustContext {
  if (!auth.userPoolId || !auth.webClientId) {
    throw new UserError('MissingInput', `Auth '${escapeUntrusted(auth.resourceName)}' has no user pool or web client recorded for environment '${escapeUntrusted(auth.envName)}'.`,
      `Run \`mycli env checkout ${auth.envName}\` so mycli records them, then import the API again.`);
  }
  if (auth.authType === 'identityPoolAndUserPool' && !auth.authRoleName) {
    throw new UserError('ValidationFailed', `Auth '${escapeUntrusted(auth.resourceName)}' has no authenticated role recorded for environment '${escapeUntrusted(auth.envName)}', and the API checks need it.`,
      `Run \`mycli env checkout ${auth.envName}\` (or \`mycli push\`) so mycli records the identity pool's roles, then import the API again.`);
  }
  const withIdentityPool = auth.authType === 'identityPoolAndUserPool';
  return {
    authResourceName: auth.resourceName,
    envName: auth.envName,
    userPoolId: auth.userPoolId,
    userPoolRegion: regionOfUserPoolId(auth.userPoolId) ?? envRegion,
    webClientId: auth.webClientId,
    nativeClientId: auth.nativeClientId ?? auth.webClientId,
    ...(withIdentityPool
      ? {
          identityPoolId: auth.identityPoolId,
          identityPoolName: auth.identityPoolName,
          authRoleName: auth.authRoleName,
          unauthRoleName: auth.unauthRoleName,
          accountId: auth.authRoleArn ? accountIdFromRoleArn(auth.authRoleArn) : undefined,
        }
      : {}),
  };
}

/** The store has checked parameters.json against its schema (apiType present and known, access words known). */
function parseParameters(value: Record<string, unknown> | undefined, resourceName: string, file: string): ApiParameters {
  if (value === undefined) throw invalid(file, '(the file)', 'an object', 'no file');
  const words = (list: unknown) => API_ACCESS_ORDER.filter((word) => Array.isArray(list) && list.includes(word));
  return {
    resourceName,
    serviceType: 'imported',
    apiType: value['apiType'] as ApiTypeName,
    authAccess: words(value['authAccess']),
    guestAccess: words(value['guestAccess']),
    paths: Array.isArray(value['paths']) ? (value['paths'] as string[]) : [],
    apiKeyInConfig: value['apiKeyInConfig'] === true,
  };
}

function parseEnvParameters(value: unknown, parameters: ApiParameters, where: string): ApiEnvParameters {
  const file = 'amplify/team-provider-info.json';
  if (!isPlainObject(value)) throw invalid(file, where, 'an object', value);
  const text = (key: string, required: boolean): string | undefined => {
    const found = value[key];
    if (found === undefined && !required) return undefined;
    if (typeof found !== 'string' || found === '') throw invalid(file, `${where}.${key}`, 'a non-empty string', found);
    return found;
  };
  const needsStage = KIND_OF_API_TYPE[parameters.apiType] !== 'graphql';
  const stage = text('stage', needsStage);
  return {
    apiId: text('apiId', true) as string,
    apiName: text('apiName', false) ?? (text('apiId', true) as string),
    region: text('region', true) as string,
    ...(stage === undefined ? {} : { stage }),
  };
}

function invalid(file: string, key: string, expected: string, found: unknown): UserError {
  const shown = typeof found === 'string' ? JSON.stringify(found) : Array.isArray(found) ? 'a list' : found === null ? 'null' : typeof found;
  return new UserError('ProjectFileInvalid', `${file}: ${key}: expected ${expected}, found ${escapeUntrusted(shown)}.`,
    `Repair ${file} (git checkout -- ${file} restores the committed version), or run \`mycli remove api\` and import the API again.`);
}

function valueAt(object: unknown, keys: string[]): unknown {
  return keys.reduce<unknown>((level, key) => (isPlainObject(level) ? level[key] : undefined), object);
}
