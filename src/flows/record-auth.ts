// Writing what an import (or a push, an env add, an env checkout) found: the project records and the app config.
import { UserError } from '../core/errors.js';
import { buildImportRecords, type ImportRecords } from '../core/import-records.js';
import type { Finding, ImportCandidate } from '../core/model.js';
import type { FileChange } from '../project/atomic-write.js';
import type { ProjectStore } from '../project/project-store.js';
import { readAppConfig, writeAppConfig, type AppConfigSnapshot } from './client-config.js';

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
  options: { envName: string; region: string; resourceName: string; appConfig?: AppConfigSnapshot },
): Promise<RecordedAuth> {
  const records = buildImportRecords(candidate, { resourceName: options.resourceName });
  const appConfig = options.appConfig ?? (await readAppConfig(store));
  const changes = await store.saveImportedAuth({ ...records, envName: options.envName });
  const written = await writeAppConfig(store, appConfig, { name: options.envName, region: options.region }, { authMeta: records.metaEntry });
  return { records, changes: [...changes, ...written.changes], configNotes: written.notes };
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
