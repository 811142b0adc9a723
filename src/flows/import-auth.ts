// import auth: choose → validate → record → write the app config. Everything is read and computed before the
// first write, so a refused import or an unreadable project file leaves the project exactly as it was.
import type { CognitoDiscovery } from '../aws/cognito-discovery.js';
import { UserError } from '../core/errors.js';
import { defaultAuthResourceName, type ImportRecords } from '../core/import-records.js';
import type { Finding, ImportCandidate } from '../core/model.js';
import { checkResourceRegions, hasBlockingFindings, validateImport } from '../core/validator.js';
import type { FileChange } from '../project/atomic-write.js';
import type { ProjectStore } from '../project/project-store.js';
import type { Printer } from '../ui/printer.js';
import type { Prompter } from '../ui/prompter.js';
import { chooseAuthResources, type AuthSelectionInput, type ChooseContext } from './choose-auth-resources.js';
import { findingsError, recordImportedAuth } from './record-auth.js';
import { nameAndId, quoted } from '../core/untrusted-text.js';

export interface ImportAuthContext {
  store: ProjectStore;
  discovery: CognitoDiscovery;
  prompter: Prompter;
  printer: Printer;
  envName: string;
  region: string;
  /** Identity pool descriptions remembered from an earlier run (the describe cache), when it is used. */
  identityPoolCache?: ChooseContext['identityPoolCache'];
}

export interface ImportAuthResult {
  candidate: ImportCandidate;
  records: ImportRecords;
  warnings: Finding[];
  configNotes: string[];
  changes: FileChange[];
}

/** Fails before any AWS call when the project already has auth. */
export async function assertNoAuthYet(store: ProjectStore): Promise<void> {
  const existing = await store.authResource();
  if (!existing) return;
  const what = existing.serviceType === 'imported' ? 'imported' : 'added';
  throw new UserError(
    'AuthAlreadyImported',
    `Auth resource ${quoted(existing.resourceName)} is already ${what} in this project; a project has one auth resource.`,
    'Run `mycli remove auth` to unlink it (the Cognito resources are not deleted), then `mycli import auth` again.',
  );
}

export async function importAuth(input: AuthSelectionInput, context: ImportAuthContext): Promise<ImportAuthResult> {
  const { store, printer, region, envName } = context;
  const named = {
    userPool: input.userPoolId ? { id: input.userPoolId } : undefined,
    identityPool: input.identityPoolId ? { id: input.identityPoolId } : undefined,
  };
  const regionFindings = checkResourceRegions(named, region);
  if (regionFindings.length > 0) throw findingsError(`The resources named cannot be imported into environment ${quoted(envName)}`, regionFindings);

  const candidate = await chooseAuthResources(input, context);

  // The native client defaults to the web client (with --yes, and as the preselected answer of the picker): only
  // naming the same client for both (--web-client-id and --native-client-id, or the headless payload) is worth a warning.
  const bothNamed = input.webClientId !== undefined && input.nativeClientId !== undefined;
  const findings = validateImport(candidate).filter(
    (finding) => bothNamed || finding.code !== 'same-client-for-web-and-native',
  );
  if (hasBlockingFindings(findings)) {
    throw findingsError(`User pool ${nameAndId(candidate.userPool.name, candidate.userPool.id)} cannot be imported as chosen`, findings);
  }
  const warnings = findings.filter((finding) => finding.severity === 'warning');

  const { projectName } = await store.projectConfig();
  const resourceName = defaultAuthResourceName(projectName);
  printer.debug(`recording auth resource ${quoted(resourceName)} in environment ${quoted(envName)}`);
  const { records, changes, configNotes } = await recordImportedAuth(store, candidate, { envName, region, resourceName });
  return { candidate, records, warnings, configNotes, changes };
}
