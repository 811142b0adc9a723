// The snapshot of what was last pushed, in the Gen 1 place (amplify/#current-cloud-backend/, git-ignored):
// copies of backend-config.json, amplify-meta.json and each resource's parameters.json (category folders directly
// under the snapshot folder), team-provider-info.json with one section per environment as that environment was last
// pushed, and mycli-pushed-state.json with the IAM policies this tool put, per environment.
import { readdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { PolicyDocument } from '../core/model.js';
import type { RecordMarker } from '../core/push-record.js';
import { listResources, resourceKey } from '../core/resource-status.js';
import type { FileChange } from './atomic-write.js';
import { backendConfigSchema, metaSchema, pushedStateSchema, resourceParametersSchema, teamProviderInfoSchema } from './file-schemas.js';
import { isPlainObject, readJsonFile, writeJsonFile } from './json-file.js';
import { resolveWriteTarget } from './project-boundary.js';
import { fileRecovery, type ProjectPaths } from './project-paths.js';
import type { Schema } from './schema.js';

type JsonObject = Record<string, unknown>;

export interface PushedPolicy {
  roleName: string;
  policyName: string;
  document: PolicyDocument;
}

export interface PushedEnvState {
  lastPushTimeStamp: string;
  policies: PushedPolicy[];
  /** The account's push record this clone last wrote or adopted (absent before the first push with a record). */
  record?: RecordMarker;
}

/** One folder of the Gen 1 layout as status compares it: backend-config.json, team-provider-info.json, parameters.json files. */
export interface BackendState {
  backendConfig: JsonObject;
  teamProviderInfo: JsonObject;
  /** parameters.json of each resource in backendConfig, by `"<category>/<name>"`; absent files are left out. */
  parametersByResource: Record<string, JsonObject>;
}

export interface PushedSnapshot extends BackendState {
  meta: JsonObject;
  /** mycli-pushed-state.json, by environment name. */
  pushedState: Record<string, PushedEnvState>;
}

export interface PushedSnapshotInput {
  envName: string;
  backendConfig: JsonObject;
  meta: JsonObject;
  /** parameters.json content by `"<category>/<name>"`, any category. */
  authParameters: Record<string, object>;
  /** The environment's whole team-provider-info.json section (`awscloudformation`, `categories`). */
  envSection: object;
  policies: PushedPolicy[];
  /** ISO 8601 time of the push. */
  pushedAt: string;
  /** The account's push record this push wrote (undefined when it could not: --no-lock without access). */
  record?: RecordMarker;
}

export function pushedSnapshotPaths(paths: ProjectPaths) {
  const dir = paths.currentCloudBackendDir;
  return {
    dir,
    backendConfig: join(dir, 'backend-config.json'),
    meta: join(dir, 'amplify-meta.json'),
    teamProviderInfo: join(dir, 'team-provider-info.json'),
    pushedState: join(dir, 'mycli-pushed-state.json'),
  };
}

/** The backend folder and team-provider-info.json as they are now. Missing files read as empty. */
export async function readBackendState(paths: ProjectPaths): Promise<BackendState> {
  const backendConfig = await readObject(paths, paths.backendConfig, backendConfigSchema());
  return {
    backendConfig,
    teamProviderInfo: await readObject(paths, paths.teamProviderInfo, teamProviderInfoSchema()),
    parametersByResource: await readParameters(paths, paths.backendDir, backendConfig),
  };
}

/** The state of the last push; a project never pushed reads as empty. */
export async function readPushedSnapshot(paths: ProjectPaths): Promise<PushedSnapshot> {
  const files = pushedSnapshotPaths(paths);
  const backendConfig = await readObject(paths, files.backendConfig, backendConfigSchema());
  return {
    backendConfig,
    meta: await readObject(paths, files.meta, metaSchema()),
    teamProviderInfo: await readObject(paths, files.teamProviderInfo, teamProviderInfoSchema()),
    parametersByResource: await readParameters(paths, files.dir, backendConfig),
    pushedState: await readPushedState(paths),
  };
}

/**
 * Records a successful push of `input.envName`. Other environments' team-provider-info sections and pushed-state
 * entries are kept. backend-config.json is written last: until it is, the previous snapshot still lists every
 * resource whose folder may need removing, so an interrupted write is completed by the next one.
 */
export async function writePushedSnapshot(paths: ProjectPaths, input: PushedSnapshotInput): Promise<FileChange[]> {
  const files = pushedSnapshotPaths(paths);
  const previous = await readPushedSnapshot(paths);
  const changes: FileChange[] = [];

  for (const [key, parameters] of Object.entries(input.authParameters)) {
    changes.push(await writeJsonFile(join(files.dir, ...splitResourceKey(key), 'parameters.json'), parameters, { root: paths.root }));
  }
  changes.push(...(await removeStaleResourceFolders(paths.root, files.dir, [previous.backendConfig, input.backendConfig], input.backendConfig)));

  changes.push(await writeJsonFile(files.teamProviderInfo, { ...previous.teamProviderInfo, [input.envName]: input.envSection }, { root: paths.root }));
  const envState: PushedEnvState = { lastPushTimeStamp: input.pushedAt, policies: input.policies, ...(input.record ? { record: input.record } : {}) };
  changes.push(await writeJsonFile(files.pushedState, { ...previous.pushedState, [input.envName]: envState }, { root: paths.root }));
  changes.push(await writeJsonFile(files.meta, stampPushedResources(input.meta, input.backendConfig, input.pushedAt), { root: paths.root }));
  changes.push(await writeJsonFile(files.backendConfig, input.backendConfig, { root: paths.root }));
  return changes;
}

/**
 * Records that another environment's policies were taken away (after `remove auth`): its pushed policies become
 * `policies` and, with `withoutCategory`, that category leaves its team-provider-info section in the snapshot.
 */
export async function updatePushedEnv(
  paths: ProjectPaths,
  envName: string,
  update: { policies: PushedPolicy[]; withoutCategory?: string; pushedAt: string },
): Promise<FileChange[]> {
  const files = pushedSnapshotPaths(paths);
  const previous = await readPushedEnvs(paths);
  const changes: FileChange[] = [];
  const section = previous.teamProviderInfo[envName];
  if (update.withoutCategory && isPlainObject(section) && isPlainObject(section['categories'])) {
    const { [update.withoutCategory]: _removed, ...categories } = section['categories'];
    changes.push(await writeJsonFile(files.teamProviderInfo, { ...previous.teamProviderInfo, [envName]: { ...section, categories } }, { root: paths.root }));
  }
  const kept = previous.pushedState[envName]?.record;
  const envState: PushedEnvState = { lastPushTimeStamp: update.pushedAt, policies: update.policies, ...(kept ? { record: kept } : {}) };
  changes.push(await writeJsonFile(files.pushedState, { ...previous.pushedState, [envName]: envState }, { root: paths.root }));
  return changes;
}

/** Drops a removed environment from the snapshot: its team-provider-info section and its pushed policies. */
export async function forgetPushedEnv(paths: ProjectPaths, envName: string): Promise<FileChange[]> {
  const files = pushedSnapshotPaths(paths);
  const previous = await readPushedEnvs(paths);
  const changes: FileChange[] = [];
  if (envName in previous.teamProviderInfo) {
    const { [envName]: _section, ...teamProviderInfo } = previous.teamProviderInfo;
    changes.push(await writeJsonFile(files.teamProviderInfo, teamProviderInfo, { root: paths.root }));
  }
  if (envName in previous.pushedState) {
    const { [envName]: _state, ...pushedState } = previous.pushedState;
    changes.push(await writeJsonFile(files.pushedState, pushedState, { root: paths.root }));
  }
  return changes;
}

/** The two snapshot files kept per environment: what updatePushedEnv and forgetPushedEnv change. */
async function readPushedEnvs(paths: ProjectPaths): Promise<Pick<PushedSnapshot, 'teamProviderInfo' | 'pushedState'>> {
  const files = pushedSnapshotPaths(paths);
  return {
    teamProviderInfo: await readObject(paths, files.teamProviderInfo, teamProviderInfoSchema()),
    pushedState: await readPushedState(paths),
  };
}

/** A copy of amplify-meta.json with `lastPushTimeStamp` on every resource backend-config.json declares. */
function stampPushedResources(meta: JsonObject, backendConfig: JsonObject, pushedAt: string): JsonObject {
  const stamped: JsonObject = { ...meta };
  for (const { category, resourceName } of listResources(backendConfig)) {
    const byName = stamped[category];
    const entry = isPlainObject(byName) ? byName[resourceName] : undefined;
    if (!isPlainObject(byName) || !isPlainObject(entry)) continue;
    stamped[category] = { ...byName, [resourceName]: { ...entry, lastPushTimeStamp: pushedAt } };
  }
  return stamped;
}

/** Deletes `<category>/<name>` folders of resources `current` no longer declares, in the categories any config names. */
async function removeStaleResourceFolders(root: string, dir: string, configs: JsonObject[], current: JsonObject): Promise<FileChange[]> {
  const kept = new Set(listResources(current).map((resource) => resourceKey(resource.category, resource.resourceName)));
  const categories = new Set(configs.flatMap((config) => listResources(config).map((resource) => resource.category)));
  const changes: FileChange[] = [];
  for (const category of categories) {
    const categoryDir = join(dir, category);
    const names = await subfolders(categoryDir);
    for (const name of names.filter((name) => !kept.has(resourceKey(category, name)))) {
      await resolveWriteTarget(root, join(categoryDir, name));
      await rm(join(categoryDir, name), { recursive: true, force: true });
      changes.push({ path: join(categoryDir, name), change: 'deleted' });
    }
    if (names.length > 0 && names.every((name) => !kept.has(resourceKey(category, name)))) {
      await resolveWriteTarget(root, categoryDir);
      await rm(categoryDir, { recursive: true, force: true });
    }
  }
  return changes;
}

async function subfolders(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
}

async function readParameters(paths: ProjectPaths, categoriesDir: string, backendConfig: JsonObject): Promise<Record<string, JsonObject>> {
  const byResource: Record<string, JsonObject> = {};
  for (const { category, resourceName, entry } of listResources(backendConfig)) {
    const path = join(categoriesDir, category, resourceName, 'parameters.json');
    const parameters = await readObjectIfExists(paths, path, resourceParametersSchema(category, entry));
    if (parameters !== undefined) byResource[resourceKey(category, resourceName)] = parameters;
  }
  return byResource;
}

// Keys come from the push code, never from the user: a key that would leave the snapshot folder is a bug.
function splitResourceKey(key: string): [string, string] {
  const parts = key.split('/');
  if (parts.length !== 2 || parts.some((part) => part === '' || part === '.' || part === '..' || part.includes('\\'))) {
    throw new Error(`writePushedSnapshot: "${key}" is not a "<category>/<name>" resource key`);
  }
  return [parts[0]!, parts[1]!];
}

/** mycli-pushed-state.json: the policies each environment's last push put, checked like every other file. */
async function readPushedState(paths: ProjectPaths): Promise<Record<string, PushedEnvState>> {
  return (await readObject(paths, pushedSnapshotPaths(paths).pushedState, pushedStateSchema())) as unknown as Record<string, PushedEnvState>;
}

async function readObject(paths: ProjectPaths, path: string, schema: Schema): Promise<JsonObject> {
  return (await readObjectIfExists(paths, path, schema)) ?? {};
}

function readObjectIfExists(paths: ProjectPaths, path: string, schema: Schema): Promise<JsonObject | undefined> {
  return readJsonFile<JsonObject>(path, { displayPath: relative(paths.root, path), schema, recovery: fileRecovery(paths, path) });
}
