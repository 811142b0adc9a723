// Features built on the imported identity — storage on an S3 bucket, Lambda functions granted access to the
// user pool — as recorded in the project, and the gates that refuse what the imported auth cannot serve.
import { UserError, usageError } from '../core/errors.js';
import type { UserPoolAccess } from '../core/function-grant-policy.js';
import { USER_POOL_ACCESS_ORDER } from '../core/function-grant-policy.js';
import type { AuthType } from '../core/model.js';
import { listResources } from '../core/resource-status.js';
import { STORAGE_ACCESS_ORDER, type StorageAccess } from '../core/storage-policies.js';
import type { ProjectStore } from '../project/project-store.js';
import { authTypeOf } from './recorded-auth.js';
import { escapeUntrusted, nameAndId, quoted } from '../core/untrusted-text.js';
import { shellQuote } from '../core/shell-quote.js';

export interface ImportedAuthFacts {
  resourceName: string;
  authType: AuthType;
  envName: string;
  userPoolId?: string;
  webClientId?: string;
  nativeClientId?: string;
  identityPoolId?: string;
  identityPoolName?: string;
  authRoleName?: string;
  authRoleArn?: string;
  unauthRoleName?: string;
}

/** What the current environment imported as auth; a project without imported auth is refused with the command to run. */
export async function importedAuthFacts(store: ProjectStore, envName: string, feature: string): Promise<ImportedAuthFacts> {
  const auth = await store.authResource();
  if (!auth || auth.serviceType !== 'imported') {
    throw new UserError('InvalidInput', `${feature} needs imported auth, and this project has none.`, 'Run `mycli import auth` first.');
  }
  const parameters = await store.readAuthParameters(auth.resourceName);
  const env = (await store.readAuthEnvParameters(envName, auth.resourceName)) ?? {};
  const text = (key: string) => (typeof env[key] === 'string' ? (env[key] as string) : undefined);
  return {
    resourceName: auth.resourceName,
    authType: authTypeOf(parameters?.['authSelections']),
    envName,
    userPoolId: text('userPoolId'),
    webClientId: text('webClientId'),
    nativeClientId: text('nativeClientId'),
    identityPoolId: text('identityPoolId'),
    identityPoolName: text('identityPoolName'),
    authRoleName: text('authRoleName'),
    authRoleArn: text('authRoleArn'),
    unauthRoleName: text('unauthRoleName'),
  };
}

/** Storage gives S3 access through the identity pool's roles: without an identity pool (or, for guests, an unauthenticated role) it cannot. */
export function assertStorageCompatible(auth: ImportedAuthFacts, guestAccess: StorageAccess[]): void {
  if (auth.authType === 'identityPoolAndUserPool' && !auth.authRoleName) {
    throw new UserError(
      'ValidationFailed',
      `Auth ${quoted(auth.resourceName)} has no authenticated role recorded for environment ${quoted(auth.envName)}, and storage needs it.`,
      `Run \`mycli env checkout ${shellQuote(auth.envName)}\` (or \`mycli push\`) so mycli records the identity pool's roles, then import storage again.`,
    );
  }
  if (auth.authType === 'userPoolOnly') {
    throw new UserError(
      'ValidationFailed',
      `Auth ${quoted(auth.resourceName)} imports a user pool only; without an identity pool no one gets AWS credentials, so storage cannot give anyone S3 access.`,
      'Import the identity pool too: `mycli remove auth`, then `mycli import auth --user-pool-id <id> --web-client-id <id> --identity-pool-id <id>` ' +
        '(or choose "Cognito User Pool and Identity Pool" interactively), then import storage.',
    );
  }
  if (guestAccess.length > 0 && !auth.unauthRoleName) {
    const pool = nameAndId(auth.identityPoolName, auth.identityPoolId ?? '');
    throw new UserError(
      'ValidationFailed',
      `Guest access needs the unauthenticated role of identity pool ${pool}, and it has none in environment ${quoted(auth.envName)}.`,
      'Give guests no access (--guest-access none), or add an unauthenticated role to the identity pool (Amazon Cognito console > ' +
        'Identity pools > your pool > User access > Guest access), run `mycli push` so mycli sees it, then import storage again.',
    );
  }
}

export interface StorageRecord {
  resourceName: string;
  authAccess: StorageAccess[];
  guestAccess: StorageAccess[];
  bucket?: { bucketName: string; region: string };
}

export async function importedStorageRecord(store: ProjectStore, envName: string): Promise<StorageRecord | undefined> {
  const storage = await store.importedStorage(envName);
  if (!storage) return undefined;
  const parameters = (await store.readResourceParameters('storage', storage.resourceName)) ?? {};
  return {
    resourceName: storage.resourceName,
    authAccess: accessList(parameters['authAccess'], STORAGE_ACCESS_ORDER),
    guestAccess: accessList(parameters['guestAccess'], STORAGE_ACCESS_ORDER),
    bucket: storage.bucket,
  };
}

export interface FunctionGrantRecord {
  functionName: string;
  access: UserPoolAccess[];
  setUserPoolIdVariable: boolean;
}

export async function functionGrantRecords(store: ProjectStore): Promise<FunctionGrantRecord[]> {
  const grants: FunctionGrantRecord[] = [];
  for (const { category, resourceName, entry } of listResources(await store.readBackendConfig())) {
    // Functions the Amplify CLI manages live in the same category: only mycli's grants are imported Lambda entries.
    if (!isImportedGrant(category, entry)) continue;
    const parameters = (await store.readResourceParameters('function', resourceName)) ?? {};
    grants.push({
      functionName: typeof parameters['functionName'] === 'string' ? parameters['functionName'] : resourceName,
      access: accessList(parameters['userPoolAccess'], USER_POOL_ACCESS_ORDER),
      setUserPoolIdVariable: parameters['setUserPoolIdVariable'] === true,
    });
  }
  return grants;
}

export function isImportedGrant(category: string, entry: Record<string, unknown>): boolean {
  return category === 'function' && entry['serviceType'] === 'imported' && entry['service'] === 'Lambda';
}

/** `AUTH_<NAME>_USERPOOLID`, the variable Amplify Gen 1 gives functions with access to auth '<name>'. */
export function userPoolIdVariable(authResourceName: string): string {
  return `AUTH_${authResourceName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_USERPOOLID`;
}

/** Parses `create,read` (or `none`) against the allowed words, naming the flag on a mistake. */
export function parseAccessList<T extends string>(text: string, allowed: readonly T[], flag: string): T[] {
  const words = text.split(',').map((word) => word.trim().toLowerCase()).filter(Boolean);
  if (words.length === 1 && words[0] === 'none') return [];
  const unknown = words.filter((word) => !allowed.includes(word as T));
  if (unknown.length > 0 || words.length === 0) {
    throw usageError(`${flag} "${escapeUntrusted(text)}" is not valid${unknown.length ? `: unknown ${unknown.map(escapeUntrusted).join(', ')}` : ''}.`, `Use a comma-separated list of ${allowed.join(', ')}, or none.`);
  }
  return allowed.filter((word) => words.includes(word));
}

function accessList<T extends string>(value: unknown, allowed: readonly T[]): T[] {
  return Array.isArray(value) ? allowed.filter((word) => value.includes(word)) : [];
}
