import path from 'node:path';
import { shellQuote } from '../core/shell-quote.js';
import type { GlobalOptions } from '../cli.js';
import { API_KIND_LABEL } from '../core/api-model.js';
import { escapeUntrusted, nameAndId } from '../core/untrusted-text.js';
import { assertRegion } from '../project/project-init.js';
import { importApi, removeApi, type ImportApiOptions } from '../flows/import-api.js';
import { ProjectStore } from '../project/project-store.js';
import { printFileChanges } from '../ui/file-changes.js';
import type { Printer } from '../ui/printer.js';
import { createPrompter, isInteractiveSession } from '../ui/prompter.js';
import { awsClientOptions } from './aws-client-options.js';

export async function runImportApiCommand(options: GlobalOptions & ImportApiOptions & { yes?: boolean }, printer: Printer): Promise<void> {
  if (options.region !== undefined) assertRegion(options.region);
  const store = await ProjectStore.open(path.resolve(options.cwd));
  const { createApiReaders } = await import('../aws/api-readers.js');
  const result = await importApi(options, {
    store,
    printer,
    prompter: createPrompter(isInteractiveSession({ yes: options.yes })),
    readers: createApiReaders((region) => awsClientOptions(options, printer, region)),
    now: () => Math.floor(Date.now() / 1000),
  });
  const { api, records } = result;
  const output = records.metaEntry.output;
  const stage = result.stage === undefined ? '' : `, stage '${escapeUntrusted(result.stage)}'`;
  printer.success(`${API_KIND_LABEL[api.kind]} ${nameAndId(api.name, api.id)}${stage} (${escapeUntrusted(api.region)}) imported as api '${result.resourceName}'.`);
  printer.detail(`endpoint: ${escapeUntrusted(output.GraphQLAPIEndpointOutput ?? output.RootUrl ?? '')}`);
  if (output.AuthenticationType) printer.detail(`the app calls it with: ${output.AuthenticationType}`);
  const describe = (access: string[]) => (access.length ? access.join(', ') : 'no IAM access');
  const granted = result.authAccess.length + result.guestAccess.length > 0;
  if (granted) {
    const scope = records.parameters.paths.length ? ` (IAM routes on or below ${records.parameters.paths.map(escapeUntrusted).join(', ')})` : '';
    printer.detail(`signed-in users: ${describe(result.authAccess)}; guests: ${describe(result.guestAccess)}${scope}`);
  }
  for (const note of result.notes) printer.warn(note);
  printFileChanges(printer, result.changes, (file) => store.relative(file));
  if (output.GraphQLAPIKeyOutput) {
    printer.warn(`The API key ${escapeUntrusted(output.GraphQLAPIKeyOutput)} is now in the app config: an AppSync API key is public by design (anyone with the app can read it), so use it only for data meant for everyone.`);
  }
  const withoutGrants = result.iamAuthorized
    ? `to finalise (no IAM access was granted to its IAM-authorized parts: to grant some, \`mycli remove api ${shellQuote(result.resourceName)}\`, then import it again with --auth-access or --guest-access)`
    : 'to finalise (this API authorizes nothing with IAM, so it needs no IAM policy)';
  printer.info(`Next: ${printer.highlight('mycli push')} ${granted ? 'shows and applies the IAM policies on the imported roles' : withoutGrants}.`);
}

export async function runRemoveApiCommand(name: string | undefined, options: GlobalOptions & { yes?: boolean }, printer: Printer): Promise<void> {
  const store = await ProjectStore.open(path.resolve(options.cwd));
  const { record, changes, notes } = await removeApi(store, name, { prompter: createPrompter(isInteractiveSession({ yes: options.yes })), yes: Boolean(options.yes) });
  for (const note of notes) printer.warn(note);
  printFileChanges(printer, changes, (file) => store.relative(file));
  printer.success(`API '${record.resourceName}' was unlinked; the API itself was not touched.`);
  const granted = record.parameters.authAccess.length + record.parameters.guestAccess.length > 0;
  printer.info(`Next: ${printer.highlight('mycli push')}${granted ? ' removes its IAM policies from the roles' : ' records the removal'}.`);
}
