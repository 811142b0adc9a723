// The app config, for every frontend: read every file first (so an unreadable one stops a command before it changes
// anything), resolve what the project's imported resources mean for the frontend, render each file, write them.
// Written at import, push, env add and checkout, and every change (storage, remove auth, configure project).
import type { RemovedApi } from '../core/api-config.js';
import type { ImportedApiOutput } from '../core/api-records.js';
import { parseClientConfigFile, type RenderedClientConfigFile } from '../core/client-config-files.js';
import { renderClientConfigFiles } from '../core/client-config-render.js';
import { UserError } from '../core/errors.js';
import type { ImportedAuthMeta } from '../core/import-records.js';
import { changedTopLevelKeys } from '../core/plan-view.js';
import { resolveClientConfig, type ResolvedStorage } from '../core/resolved-client-config.js';
import type { FileChange } from '../project/atomic-write.js';
import { readClientConfigFiles, writeClientConfigFiles, type ClientConfigSnapshot } from '../project/client-config-store.js';
import { isPlainObject } from '../project/json-file.js';
import type { ProjectStore } from '../project/project-store.js';
import { importedApiRecords } from './imported-apis.js';
import { escapeUntrusted } from '../core/untrusted-text.js';
import { shellQuote } from '../core/shell-quote.js';

export type AppConfigSnapshot = ClientConfigSnapshot;

/** Every app config file as it is now, checked; pass it to writeAppConfig after the other writes. */
export function readAppConfig(store: ProjectStore): Promise<AppConfigSnapshot> {
  return readClientConfigFiles(store);
}

export interface AppConfigInput {
  /** The imported auth's amplify-meta.json entry; undefined when the project has no auth (or it was just removed). */
  authMeta: ImportedAuthMeta | undefined;
  /** Categories mycli just unlinked: their keys leave the files (otherwise another tool's keys of that category stay). */
  removed?: Array<'storage'>;
  /** The imported APIs as just described; by default their amplify-meta.json outputs. */
  apis?: ImportedApiOutput[];
  /** An API just unlinked: its keys leave the files. */
  removedApi?: RemovedApi;
}

/**
 * Rewrites every config file of the project's frontend for an environment. Storage comes from the environment's
 * imported bucket while the project has imported storage.
 */
export async function writeAppConfig(
  store: ProjectStore,
  snapshot: AppConfigSnapshot,
  env: { name: string; region: string },
  input: AppConfigInput,
): Promise<{ changes: FileChange[]; notes: string[] }> {
  const { rendered, notes } = await planAppConfig(store, snapshot, env, input);
  const written = await writeClientConfigFiles(store, snapshot, rendered);
  return { changes: written.changes, notes: [...notes, ...written.notes] };
}

/** The files writeAppConfig would write, without writing them (push --dry-run compares them with the files). */
export async function planAppConfig(
  store: ProjectStore,
  snapshot: AppConfigSnapshot,
  env: { name: string; region: string },
  input: AppConfigInput,
): Promise<{ rendered: RenderedClientConfigFile[]; notes: string[] }> {
  const { frontend } = await store.projectConfig();
  const importedStorage = await store.importedStorage(env.name);
  let storage: ResolvedStorage | null | undefined;
  if (importedStorage) storage = importedStorage.bucket ?? null;
  else if (input.removed?.includes('storage')) storage = null;
  const apis = input.apis ?? (await importedApiRecords(store, env.name)).flatMap((record) => (record.output ? [record.output] : []));
  const { config, notes } = resolveClientConfig({ frontend, projectRegion: env.region, authMeta: input.authMeta, storage, apis, removedApi: input.removedApi });
  return { rendered: renderClientConfigFiles(config, snapshot.files, snapshot.existing), notes };
}

/** The top-level keys that change in any of the files, and whether any file is new. */
export function appConfigChanges(snapshot: AppConfigSnapshot, rendered: RenderedClientConfigFile[]): { changedKeys: string[]; created: boolean } {
  const keys = new Set<string>();
  for (const file of rendered) {
    const after = parseClientConfigFile(file.format, file.content) ?? {};
    for (const key of changedTopLevelKeys(snapshot.existing.get(file.path) ?? {}, after)) keys.add(key);
  }
  return { changedKeys: [...keys].sort(), created: rendered.some((file) => !snapshot.present.has(file.path)) };
}

/**
 * The amplify-meta.json entry of the imported auth, for rewrites that do not describe it again (storage, configure
 * project); undefined when the project has no imported auth. A project whose meta lacks the entry (a fresh clone:
 * amplify-meta.json is git-ignored) is told to check the environment out, never written without its auth.
 */
export async function recordedAuthMeta(store: ProjectStore, envName: string): Promise<ImportedAuthMeta | undefined> {
  const auth = await store.authResource();
  if (!auth || auth.serviceType !== 'imported') return undefined;
  const entry = (await store.readMeta())['auth'];
  const meta = isPlainObject(entry) ? entry[auth.resourceName] : undefined;
  const problem = authMetaProblem(meta);
  if (problem !== undefined) {
    const shown = store.relative(store.paths.meta);
    throw new UserError(
      'ProjectFileInvalid',
      `${escapeUntrusted(shown)}: auth.${escapeUntrusted(auth.resourceName)}${problem}, so the app config cannot be written from it.`,
      `Run \`mycli env checkout ${shellQuote(envName)}\`: it describes the imported resources again and rewrites ${shown} and the app config.`,
    );
  }
  return meta as ImportedAuthMeta;
}

/** What is wrong with a recorded auth meta entry for the config writers, as `<key path>: expected …`; undefined when usable. */
function authMetaProblem(meta: unknown): string | undefined {
  if (!isPlainObject(meta)) return ': expected the imported auth entry, found nothing';
  const output = meta['output'];
  if (!isPlainObject(output)) return '.output: expected a JSON object';
  for (const key of ['UserPoolId', 'UserPoolName', 'AppClientIDWeb', 'AppClientID']) {
    if (typeof output[key] !== 'string') return `.output.${key}: expected text`;
  }
  const frontend = meta['frontendAuthConfig'];
  if (!isPlainObject(frontend)) return '.frontendAuthConfig: expected a JSON object';
  for (const key of ['socialProviders', 'usernameAttributes', 'signupAttributes', 'mfaTypes', 'verificationMechanisms']) {
    const list = frontend[key];
    if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) return `.frontendAuthConfig.${key}: expected a list of text`;
  }
  const password = frontend['passwordProtectionSettings'];
  if (!isPlainObject(password) || typeof password['passwordPolicyMinLength'] !== 'number' || !Array.isArray(password['passwordPolicyCharacters'])) {
    return '.frontendAuthConfig.passwordProtectionSettings: expected { passwordPolicyMinLength, passwordPolicyCharacters }';
  }
  if (!['OFF', 'ON', 'OPTIONAL'].includes(frontend['mfaConfiguration'] as string)) return '.frontendAuthConfig.mfaConfiguration: expected OFF, ON or OPTIONAL';
  const native = meta['nativeClient'];
  if (native !== undefined && (!isPlainObject(native) || typeof native['hasSecret'] !== 'boolean' || !Array.isArray(native['socialProviders']))) {
    return '.nativeClient: expected { hasSecret, socialProviders, … }';
  }
  return undefined;
}
