// Writing what an import (or a push, an env add, an env checkout) found: the project records and the app config.
import { renderAmplifyConfigurationJson, renderAwsExports } from '../core/aws-exports-format.js';
import { UserError } from '../core/errors.js';
import { buildAuthConfig, mergeAppConfig } from '../core/frontend-config.js';
import { mergeStorageConfig } from '../core/storage-config.js';
import { buildImportRecords, type ImportedAuthMeta, type ImportRecords } from '../core/import-records.js';
import type { Finding, ImportCandidate } from '../core/model.js';
import type { FileChange } from '../project/atomic-write.js';
import type { ProjectStore } from '../project/project-store.js';

export interface RecordedAuth {
  records: ImportRecords;
  changes: FileChange[];
  configNotes: string[];
}

/**
 * Reads the app config before writing anything, so an unreadable config stops the run with the project unchanged.
 * Callers that write something else first pass the config they read before doing so.
 */
export async function recordImportedAuth(
  store: ProjectStore,
  candidate: ImportCandidate,
  options: { envName: string; region: string; resourceName: string; appConfig?: { config: Record<string, unknown> } },
): Promise<RecordedAuth> {
  const records = buildImportRecords(candidate, { resourceName: options.resourceName });
  const appConfig = options.appConfig ?? (await store.readAppConfig());
  const changes = await store.saveImportedAuth({ ...records, envName: options.envName });
  const written = await writeAppConfig(store, appConfig.config, { name: options.envName, region: options.region }, records.metaEntry);
  return { records, changes: [...changes, ...written.changes], configNotes: written.notes };
}

/**
 * Rewrites aws-exports.js and amplifyconfiguration.json for an environment: the auth keys from `authMeta` (none when
 * undefined); the storage keys from the environment's imported bucket while the project has imported storage (storage
 * keys another tool wrote are left alone); every other key kept.
 */
export async function writeAppConfig(
  store: ProjectStore,
  existing: Record<string, unknown>,
  env: { name: string; region: string },
  authMeta: ImportedAuthMeta | undefined,
): Promise<{ changes: FileChange[]; notes: string[] }> {
  const { config, notes } = await appConfigFor(store, existing, env, authMeta);
  const changes = await store.writeAppConfig(renderAppConfig(config));
  return { changes, notes };
}

/** The app config writeAppConfig would write, without writing it (push --dry-run compares it with the files). */
export async function appConfigFor(
  store: ProjectStore,
  existing: Record<string, unknown>,
  env: { name: string; region: string },
  authMeta: ImportedAuthMeta | undefined,
): Promise<{ config: Record<string, unknown>; notes: string[] }> {
  const auth = authMeta ? buildAuthConfig(authMeta, env.region) : undefined;
  const storage = await store.importedStorage(env.name);
  let config = mergeAppConfig(existing, env.region, auth?.config);
  if (storage) config = mergeStorageConfig(config, storage.bucket);
  return { config, notes: auth?.notes ?? [] };
}

/** The two files of the app config, holding the same object. */
export function renderAppConfig(config: Record<string, unknown>): { awsExportsJs: string; amplifyConfigurationJson: string } {
  return { awsExportsJs: renderAwsExports(config), amplifyConfigurationJson: renderAmplifyConfigurationJson(config) };
}

/** A fix may span lines (console path, then CLI command): each is indented under its finding. */
export function fixLines(fix: string): string[] {
  return fix.split('\n').map((line, index) => (index === 0 ? `  fix: ${line}` : `       ${line}`));
}

export function findingsError(subject: string, findings: Finding[], resolution?: string): UserError {
  const errors = findings.filter((finding) => finding.severity === 'error');
  const details = findings.flatMap((finding) => [`${finding.severity}: ${finding.message}`, ...fixLines(finding.fix)]);
  const problems = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
  return new UserError(
    'ValidationFailed',
    `${subject}: ${problems} found. Nothing was written.`,
    resolution ?? 'Fix the problems listed above in AWS (each line says how) and run the import again, or choose other resources.',
    { details },
  );
}
