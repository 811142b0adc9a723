import path from 'node:path';
import type { GlobalOptions } from '../cli.js';
import { importStorage, removeStorage, type ImportStorageOptions } from '../flows/storage.js';
import { ProjectStore } from '../project/project-store.js';
import { printFileChanges } from '../ui/file-changes.js';
import type { Printer } from '../ui/printer.js';
import { createPrompter, isInteractiveSession } from '../ui/prompter.js';
import { awsClientOptions, environmentRegion } from './aws-client-options.js';
import { nameAndId, quoted } from '../core/untrusted-text.js';

export async function runImportStorageCommand(options: GlobalOptions & ImportStorageOptions & { yes?: boolean }, printer: Printer): Promise<void> {
  const store = await ProjectStore.open(path.resolve(options.cwd));
  const env = await store.currentEnv();
  const region = environmentRegion(options, env, 'mycli import storage');
  const result = await importStorage(options, {
    store,
    printer,
    prompter: createPrompter(isInteractiveSession({ yes: options.yes })),
    buckets: async () => {
      const [{ createS3Client }, { S3Buckets }] = await Promise.all([import('../aws/clients.js'), import('../aws/s3-buckets.js')]);
      return new S3Buckets(createS3Client(awsClientOptions(options, printer, region)));
    },
  });
  for (const note of result.notes) printer.warn(note);
  printFileChanges(printer, result.changes, (path) => store.relative(path));
  const describe = (access: string[]) => (access.length ? access.join(', ') : 'no access');
  printer.success(`S3 bucket ${nameAndId(result.bucketName, result.region)} imported as storage ${quoted(result.resourceName)}.`);
  printer.detail(`signed-in users: ${describe(result.authAccess)}; guests: ${describe(result.guestAccess)}`);
  printer.info(`Next: ${printer.highlight('mycli push')} shows and applies the S3 policies on the imported roles.`);
}

export async function runRemoveStorageCommand(options: GlobalOptions & { yes?: boolean }, printer: Printer): Promise<void> {
  const store = await ProjectStore.open(path.resolve(options.cwd));
  const result = await removeStorage(store, createPrompter(isInteractiveSession({ yes: options.yes })), Boolean(options.yes));
  for (const note of result.notes) printer.warn(note);
  printFileChanges(printer, result.changes, (path) => store.relative(path));
  printer.success(`Storage ${quoted(result.resourceName)} was unlinked; the bucket was not touched.`);
  printer.info(`Next: ${printer.highlight('mycli push')} removes its S3 policies from the roles.`);
}
