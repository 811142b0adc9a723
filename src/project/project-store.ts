import { access, constants, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { clientConfigFiles, type ClientConfigFile } from '../core/client-config-files.js';
import { projectConfigFrontendSection, type Frontend, type FrontendSettings } from '../core/frontend-settings.js';
import { escapeUntrusted, quoted } from '../core/untrusted-text.js';
import type { FileChange } from './atomic-write.js';
import { toFileWriteError } from './atomic-write.js';
import { checkFrontendSettings } from './client-config-schemas.js';
import {
  backendConfigSchema,
  MYCLI_SETTINGS_KEY,
  localEnvInfoSchema,
  metaSchema,
  projectConfigSchema,
  resourceParametersSchema,
  teamProviderInfoSchema,
} from './file-schemas.js';
import { resolveWriteTarget } from './project-boundary.js';
import { checkProjectFiles } from './project-check.js';
import { isPlainObject, readJsonFile, writeJsonFile } from './json-file.js';
import { fileRecovery, findProjectRoot, projectPaths } from './project-paths.js';
import { formatKeyPath, type Schema } from './schema.js';

type JsonObject = Record<string, unknown>;

interface ProjectConfig {
  projectName: string;
  frontend: Frontend;
  /** The frontend with its folders, and which config generations mycli writes for it. */
  frontendSettings: FrontendSettings;
}

export interface ProjectStoreOptions {
  /**
   * For commands that change nothing (status, env list, check): the files are read and checked, but the paths mycli
   * writes are not checked for links leading outside, and no leftover temporary file is removed.
   */
  readOnly?: boolean;
}

export interface ImportedAuthRecords {
  resourceName: string;
  envName: string;
  parameters: object;
  backendConfigEntry: object;
  metaEntry: object;
  envParameters: object;
}

/** The only reader and writer of the project folder's files. */
export class ProjectStore {
  readonly paths: ReturnType<typeof projectPaths>;
  /** project-config.json as last read or written: every app config access needs it. */
  private cachedProjectConfig: ProjectConfig | undefined;

  private constructor(readonly root: string) {
    this.paths = projectPaths(root);
  }

  /**
   * Finds the project above `cwd`, then reads and checks every project file (see project-check.ts): a file of the
   * wrong shape, or a path that leaves the project, stops the command here, before any AWS call and any write.
   */
  static async open(cwd: string, options: ProjectStoreOptions = {}): Promise<ProjectStore> {
    const root = await findProjectRoot(cwd);
    if (root === undefined) {
      throw new UserError('NoProject', `No mycli project found in ${escapeUntrusted(resolve(cwd))} or any folder above it.`,
        "Run `mycli init` in your app's root folder first.");
    }
    const store = new ProjectStore(root);
    await checkProjectFiles(store, { readOnly: Boolean(options.readOnly) });
    return store;
  }

  async projectConfig(): Promise<ProjectConfig> {
    if (this.cachedProjectConfig !== undefined) return { ...this.cachedProjectConfig };
    const config = await this.readRequired(this.paths.projectConfig, projectConfigSchema(), 'Run `mycli init` to recreate it.');
    // The schema has checked the types; the folders must also stay inside the project.
    const frontendSettings = checkFrontendSettings(this.relative(this.paths.projectConfig), config,
      fileRecovery(this.paths, this.paths.projectConfig) ?? 'restore it from git');
    this.cachedProjectConfig = { projectName: config['projectName'] as string, frontend: frontendSettings.frontend, frontendSettings };
    return { ...this.cachedProjectConfig };
  }

  /**
   * Records a frontend (and its folders, and which configs mycli writes) in project-config.json as the Amplify CLI
   * does: `frontend` and the `<frontend>` section; a previous frontend's section goes, every other key stays.
   */
  async saveFrontendSettings(settings: FrontendSettings): Promise<FileChange> {
    const config = await this.readRequired(this.paths.projectConfig, projectConfigSchema(), 'Run `mycli init` to recreate it.');
    const previous = typeof config['frontend'] === 'string' ? config['frontend'] : undefined;
    const section = projectConfigFrontendSection(settings);
    const previousSection = previous === undefined ? undefined : config[previous];
    const kept = previous === settings.frontend && isPlainObject(previousSection) ? previousSection : {};
    const keptConfig = isPlainObject(kept['config']) ? kept['config'] : {};
    if (previous !== undefined && previous !== settings.frontend) delete config[previous];
    config['frontend'] = settings.frontend;
    // The same frontend keeps its own keys (framework, build commands); only the folder mycli writes to changes.
    const sectionConfig = section['config'] as JsonObject;
    const folders = Object.fromEntries(Object.entries(sectionConfig).filter(([key]) => key === 'SourceDir' || key === 'ResDir'));
    config[settings.frontend] = { ...section, ...kept, config: { ...sectionConfig, ...keptConfig, ...folders } };
    const mycli = isPlainObject(config[MYCLI_SETTINGS_KEY]) ? config[MYCLI_SETTINGS_KEY] : {};
    config[MYCLI_SETTINGS_KEY] = { ...mycli, outputs: settings.outputs };
    const change = await writeJsonFile(this.paths.projectConfig, config, { root: this.root });
    this.cachedProjectConfig = undefined;
    return change;
  }

  /** The app config files mycli writes for the project's frontend, relative to the root. */
  async clientConfigFiles(): Promise<ClientConfigFile[]> {
    return clientConfigFiles((await this.projectConfig()).frontendSettings);
  }

  async readLocalEnvInfo(): Promise<JsonObject | undefined> {
    return this.readObject(this.paths.localEnvInfo, localEnvInfoSchema());
  }

  async currentEnv(): Promise<{ name: string; region: string }> {
    const teamProviderInfo = await this.readTeamProviderInfoIfExists();
    const localEnvInfo = await this.readLocalEnvInfo();
    const recordedName = valueAt(localEnvInfo, ['envName']);
    if (teamProviderInfo === undefined || Object.keys(teamProviderInfo).length === 0) {
      const example = typeof recordedName === 'string' && recordedName !== '' ? recordedName : '<env>';
      const shown = this.relative(this.paths.teamProviderInfo);
      const resolution = `Restore it from git (git checkout -- ${shown}), or create it with {${escapeUntrusted(JSON.stringify(example))}: {"awscloudformation": {"Region": "<region>"}, "categories": {}}}.`;
      if (teamProviderInfo === undefined) throw this.missingFile(this.paths.teamProviderInfo, resolution);
      throw new UserError('ProjectFileInvalid', `${shown} lists no environment.`, resolution);
    }
    // `env checkout` recreates local-env-info.json (git-ignored, so missing after a clone) and switches to a listed env.
    const checkout = checkoutAdvice(Object.keys(teamProviderInfo));
    if (localEnvInfo === undefined) throw this.missingFile(this.paths.localEnvInfo, `${checkout}; it recreates ${this.relative(this.paths.localEnvInfo)}.`);
    const name = this.requireString(this.paths.localEnvInfo, localEnvInfo, ['envName']);
    if (!Object.hasOwn(teamProviderInfo, name)) {
      throw new UserError('ProjectFileInvalid',
        `${this.relative(this.paths.localEnvInfo)} names environment ${quoted(name)}, which ${this.relative(this.paths.teamProviderInfo)} does not list.`,
        `${checkout} to switch to an environment that exists.`);
    }
    // The schema requires a Region in every environment.
    const region = valueAt(teamProviderInfo, [name, 'awscloudformation', 'Region']) as string;
    return { name, region };
  }

  async authResource(): Promise<{ resourceName: string; serviceType: string } | undefined> {
    const auth = (await this.readBackendConfig())['auth'];
    if (!isPlainObject(auth)) return undefined;
    const [resourceName, entry] = Object.entries(auth)[0] ?? [];
    if (resourceName === undefined) return undefined;
    const serviceType = isPlainObject(entry) ? entry['serviceType'] : undefined;
    // Auth added before Gen 1 supported imports has no serviceType and is CLI-managed.
    return { resourceName, serviceType: typeof serviceType === 'string' ? serviceType : 'managed' };
  }

  async readAuthEnvParameters(envName: string, resourceName: string): Promise<Record<string, unknown> | undefined> {
    const teamProviderInfo = await this.readTeamProviderInfo();
    const value = valueAt(teamProviderInfo, [envName, 'categories', 'auth', resourceName]);
    return isPlainObject(value) ? value : undefined;
  }

  /** Reads every file first, so that one that cannot be parsed stops the import before anything is written. */
  async saveImportedAuth(records: ImportedAuthRecords): Promise<FileChange[]> {
    const { resourceName, envName } = records;
    const parametersPath = this.paths.authParameters(resourceName);
    // The app config is written right after these records: a folder that cannot take it must stop the import
    // before anything is recorded, not leave auth recorded with a stale config.
    const appConfigPaths = (await this.clientConfigFiles()).map((file) => join(this.root, file.path));
    await this.assertWritable([parametersPath, this.paths.backendConfig, this.paths.meta, this.paths.teamProviderInfo, ...appConfigPaths]);
    const backendConfig = await this.readBackendConfig();
    await this.readParametersFile('auth', resourceName, backendConfig);
    const meta = await this.readMeta();
    const teamProviderInfo = await this.readTeamProviderInfo();

    this.setAt(this.paths.backendConfig, backendConfig, ['auth', resourceName], records.backendConfigEntry);
    // A refresh (push, env checkout) keeps the time of the last push: only a push moves it.
    const lastPushTimeStamp = valueAt(meta, ['auth', resourceName, 'lastPushTimeStamp']);
    const metaEntry = lastPushTimeStamp === undefined ? records.metaEntry : { ...records.metaEntry, lastPushTimeStamp };
    this.setAt(this.paths.meta, meta, ['auth', resourceName], metaEntry);
    this.setAt(this.paths.teamProviderInfo, teamProviderInfo, [envName, 'categories', 'auth', resourceName], records.envParameters);

    return [
      await writeJsonFile(parametersPath, records.parameters, { root: this.root }),
      await writeJsonFile(this.paths.backendConfig, backendConfig, { root: this.root }),
      await writeJsonFile(this.paths.meta, meta, { root: this.root }),
      await writeJsonFile(this.paths.teamProviderInfo, teamProviderInfo, { root: this.root }),
    ];
  }

  /** Unlinks an auth resource: its backend-config and amplify-meta entries, every environment's parameters and its folder. */
  removeAuthResource(resourceName: string): Promise<FileChange[]> {
    return this.removeResource('auth', resourceName);
  }

  /**
   * Records an imported resource of any category: backend-config (and amplify-meta) entry, its parameters.json, and,
   * when given, its parameters for each listed environment. Every file is read before any is written.
   */
  async saveResource(input: {
    category: string;
    resourceName: string;
    backendConfigEntry: object;
    /** The amplify-meta.json entry, when it holds more than the backend-config one (an `output`). */
    metaEntry?: object;
    parameters: object;
    envParameters?: Record<string, object>;
  }): Promise<FileChange[]> {
    const { category, resourceName } = input;
    const parametersPath = join(this.paths.backendDir, category, resourceName, 'parameters.json');
    await this.assertWritable([parametersPath, this.paths.backendConfig, this.paths.meta, this.paths.teamProviderInfo]);
    const backendConfig = await this.readBackendConfig();
    await this.readParametersFile(category, resourceName, backendConfig);
    const meta = await this.readMeta();
    const teamProviderInfo = await this.readTeamProviderInfo();
    this.setAt(this.paths.backendConfig, backendConfig, [category, resourceName], input.backendConfigEntry);
    const lastPushTimeStamp = valueAt(meta, [category, resourceName, 'lastPushTimeStamp']);
    this.setAt(this.paths.meta, meta, [category, resourceName], { ...(input.metaEntry ?? input.backendConfigEntry), ...(lastPushTimeStamp ? { lastPushTimeStamp } : {}) });
    for (const [envName, envParameters] of Object.entries(input.envParameters ?? {})) {
      this.setAt(this.paths.teamProviderInfo, teamProviderInfo, [envName, 'categories', category, resourceName], envParameters);
    }
    return [
      await writeJsonFile(parametersPath, input.parameters, { root: this.root }),
      await writeJsonFile(this.paths.backendConfig, backendConfig, { root: this.root }),
      await writeJsonFile(this.paths.meta, meta, { root: this.root }),
      ...(input.envParameters ? [await writeJsonFile(this.paths.teamProviderInfo, teamProviderInfo, { root: this.root })] : []),
    ];
  }

  async readResourceParameters(category: string, resourceName: string): Promise<Record<string, unknown> | undefined> {
    return this.readParametersFile(category, resourceName, await this.readBackendConfig());
  }

  /** A resource's parameters.json, checked against the schema its backend-config.json entry calls for. */
  private readParametersFile(category: string, resourceName: string, backendConfig: JsonObject): Promise<JsonObject | undefined> {
    const entry = valueAt(backendConfig, [category, resourceName]);
    const schema = resourceParametersSchema(category, isPlainObject(entry) ? entry : undefined);
    return this.readObject(join(this.paths.backendDir, category, resourceName, 'parameters.json'), schema);
  }

  /** Unlinks a resource: backend-config and amplify-meta entries, every environment's parameters, its folder. */
  async removeResource(category: string, resourceName: string): Promise<FileChange[]> {
    const backendConfig = await this.readBackendConfig();
    const meta = await this.readMeta();
    const teamProviderInfo = await this.readTeamProviderInfo();
    deleteAt(backendConfig, [category, resourceName]);
    deleteAt(meta, [category, resourceName]);
    for (const envName of Object.keys(teamProviderInfo)) deleteAt(teamProviderInfo, [envName, 'categories', category, resourceName]);
    const changes = [
      await writeJsonFile(this.paths.backendConfig, backendConfig, { root: this.root }),
      await writeJsonFile(this.paths.meta, meta, { root: this.root }),
      await writeJsonFile(this.paths.teamProviderInfo, teamProviderInfo, { root: this.root }),
    ];
    const folder = join(this.paths.backendDir, category, resourceName);
    // A deletion follows the links on its way like a write does: it must stay inside the project.
    await resolveWriteTarget(this.root, folder);
    const folderExisted = await rm(folder, { recursive: true, force: false }).then(() => true, () => false);
    if (folderExisted) changes.push({ path: folder, change: 'deleted' });
    return changes;
  }

  async readAuthParameters(resourceName: string): Promise<Record<string, unknown> | undefined> {
    return this.readResourceParameters('auth', resourceName);
  }

  async readBackendConfig(): Promise<JsonObject> {
    return (await this.readObject(this.paths.backendConfig, backendConfigSchema())) ?? {};
  }

  async readMeta(): Promise<JsonObject> {
    return (await this.readObject(this.paths.meta, metaSchema())) ?? {};
  }

  async readTeamProviderInfo(): Promise<JsonObject> {
    return (await this.readTeamProviderInfoIfExists()) ?? {};
  }

  private readTeamProviderInfoIfExists(): Promise<JsonObject | undefined> {
    return this.readObject(this.paths.teamProviderInfo, teamProviderInfoSchema());
  }

  /** Sets `output` on existing amplify-meta.json entries (refreshed from AWS), keeping every other key of them. */
  async setMetaOutputs(outputs: Array<{ category: string; resourceName: string; output: object }>): Promise<FileChange> {
    const meta = await this.readMeta();
    for (const { category, resourceName, output } of outputs) {
      const entry = valueAt(meta, [category, resourceName]);
      if (isPlainObject(entry)) entry['output'] = output;
    }
    return writeJsonFile(this.paths.meta, meta, { root: this.root });
  }

  /** Stamps `lastPushTimeStamp` on the amplify-meta entries of the pushed resources (Gen 1 includes only pushed resources in its configs). */
  async stampLastPush(resources: Array<{ category: string; resourceName: string }>, pushedAt: string): Promise<FileChange> {
    const meta = await this.readMeta();
    for (const { category, resourceName } of resources) {
      const entry = valueAt(meta, [category, resourceName]);
      if (isPlainObject(entry)) entry['lastPushTimeStamp'] = pushedAt;
    }
    return writeJsonFile(this.paths.meta, meta, { root: this.root });
  }

  /** The imported storage resource, with the bucket this environment uses (when it has one). */
  async importedStorage(envName: string): Promise<{ resourceName: string; bucket?: { bucketName: string; region: string } } | undefined> {
    const storage = (await this.readBackendConfig())['storage'];
    // Storage Amplify manages (its own S3 bucket and stack), or a DynamoDB table Gen 1 imported, is never mycli's.
    const [resourceName] = isPlainObject(storage)
      ? Object.entries(storage).filter(([, entry]) => isPlainObject(entry) && entry['serviceType'] === 'imported' && entry['service'] === 'S3').map(([name]) => name)
      : [];
    if (resourceName === undefined) return undefined;
    const params = valueAt(await this.readTeamProviderInfo(), [envName, 'categories', 'storage', resourceName]);
    const bucketName = isPlainObject(params) ? params['bucketName'] : undefined;
    const region = isPlainObject(params) ? params['region'] : undefined;
    return typeof bucketName === 'string' && typeof region === 'string'
      ? { resourceName, bucket: { bucketName, region } }
      : { resourceName };
  }

  /** Environments in team-provider-info.json with their regions, in file order. */
  async environments(): Promise<Array<{ name: string; region: string | undefined; categories: JsonObject }>> {
    const teamProviderInfo = await this.readTeamProviderInfo();
    return Object.entries(teamProviderInfo).map(([name, section]) => {
      const region = valueAt(section, ['awscloudformation', 'Region']);
      const categories = valueAt(section, ['categories']);
      return { name, region: typeof region === 'string' ? region : undefined, categories: isPlainObject(categories) ? categories : {} };
    });
  }

  /** Adds an environment section (region, and the given categories' parameters); an existing one is left as it is. */
  async addEnvironment(envName: string, region: string, categories: JsonObject = {}): Promise<FileChange> {
    const teamProviderInfo = await this.readTeamProviderInfo();
    if (!isPlainObject(teamProviderInfo[envName])) {
      teamProviderInfo[envName] = { awscloudformation: { Region: region }, categories };
    }
    return writeJsonFile(this.paths.teamProviderInfo, teamProviderInfo, { root: this.root });
  }

  async removeEnvironment(envName: string): Promise<FileChange> {
    const teamProviderInfo = await this.readTeamProviderInfo();
    delete teamProviderInfo[envName];
    return writeJsonFile(this.paths.teamProviderInfo, teamProviderInfo, { root: this.root });
  }

  /** Makes `envName` current; also recreates local-env-info.json, which is git-ignored and missing after a clone. */
  async setCurrentEnvironment(envName: string): Promise<FileChange> {
    const localEnvInfo = (await this.readLocalEnvInfo()) ?? { projectPath: this.root, defaultEditor: 'none' };
    return writeJsonFile(this.paths.localEnvInfo, { ...localEnvInfo, envName }, { root: this.root });
  }

  /**
   * A cheap check, before a series of writes, that each path can be written: the nearest folder of it that exists must
   * be a folder the user may write to. Throws the UserError of a failed write, naming the path and the fix.
   */
  async assertWritable(paths: string[]): Promise<void> {
    for (const path of paths) {
      const target = resolve(this.root, path);
      try {
        await access(await nearestExistingFolder(dirname(target)), constants.W_OK);
      } catch (error) {
        throw toFileWriteError(this.relative(target), error);
      }
    }
  }

  /** `path` relative to the project root (raw: messages show it through escapeUntrusted). */
  relative(path: string): string {
    return relative(this.root, resolve(this.root, path)) || '.';
  }

  private readObject(path: string, schema: Schema, recovery = fileRecovery(this.paths, path)): Promise<JsonObject | undefined> {
    return readJsonFile<JsonObject>(path, { displayPath: this.relative(path), schema, recovery });
  }

  private async readRequired(path: string, schema: Schema, resolution: string): Promise<JsonObject> {
    const value = await this.readObject(path, schema);
    if (value === undefined) throw this.missingFile(path, resolution);
    return value;
  }

  private missingFile(path: string, resolution: string): UserError {
    return new UserError('ProjectFileInvalid', `${escapeUntrusted(this.relative(path))} is missing from the project in ${escapeUntrusted(this.root)}.`, resolution);
  }

  /** The non-empty string at `keys`; a file without one is named with the key path, like a shape error. */
  private requireString(path: string, object: JsonObject, keys: string[]): string {
    const value = valueAt(object, keys);
    if (typeof value === 'string' && value !== '') return value;
    const shown = escapeUntrusted(this.relative(path));
    const at = formatKeyPath(keys);
    const recovery = fileRecovery(this.paths, path);
    throw new UserError('ProjectFileInvalid', `${shown}: ${at}: expected a non-empty string, found ${value === undefined ? 'nothing' : 'an empty string'}.`,
      `Set ${at} in ${shown}${recovery ? `, or ${recovery}` : ''}.`);
  }

  /** Sets `object[keys...] = value`, creating missing levels and keeping every other key. */
  private setAt(path: string, object: JsonObject, keys: string[], value: unknown): void {
    let level = object;
    for (const [index, key] of keys.slice(0, -1).entries()) {
      const next = level[key] ?? (level[key] = {});
      if (!isPlainObject(next)) {
        const shown = escapeUntrusted(this.relative(path));
        const at = formatKeyPath(keys.slice(0, index + 1));
        const recovery = fileRecovery(this.paths, path);
        throw new UserError('ProjectFileInvalid', `${shown}: ${at}: expected an object, found something else.`,
          `Repair ${at} in ${shown}${recovery ? `, or ${recovery}` : ''}.`);
      }
      level = next;
    }
    level[keys.at(-1)!] = value;
  }
}

function checkoutAdvice(envNames: string[]): string {
  const shown = envNames.map(escapeUntrusted);
  return shown.length === 1
    ? `Run \`mycli env checkout ${shown[0]}\``
    : `Run \`mycli env checkout <env>\` with <env> one of: ${shown.join(', ')}`;
}

/** `dir` or its nearest ancestor that exists; ENOTDIR when that is a file, as a write under it would fail. */
async function nearestExistingFolder(dir: string): Promise<string> {
  for (let current = dir; ; current = dirname(current)) {
    try {
      if ((await stat(current)).isDirectory()) return current;
      throw Object.assign(new Error(`ENOTDIR: not a directory, ${current}`), { code: 'ENOTDIR' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' || dirname(current) === current) throw error;
    }
  }
}

function valueAt(object: unknown, keys: string[]): unknown {
  return keys.reduce<unknown>((level, key) => (isPlainObject(level) ? level[key] : undefined), object);
}

/** Deletes `object[keys...]`, and the level above it when that leaves it empty (no `"auth": {}` left behind). */
function deleteAt(object: JsonObject, keys: string[]): void {
  const parentKeys = keys.slice(0, -1);
  const parent = valueAt(object, parentKeys);
  if (!isPlainObject(parent)) return;
  delete parent[keys.at(-1)!];
  const grandparent = valueAt(object, parentKeys.slice(0, -1));
  if (Object.keys(parent).length === 0 && isPlainObject(grandparent)) delete grandparent[parentKeys.at(-1)!];
}
