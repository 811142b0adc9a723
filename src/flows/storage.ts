// mycli import storage / remove storage: an existing S3 bucket for signed-in users and guests of the imported identity.
// The bucket itself is never modified; push puts the S3 policies on the imported roles.
import type { S3Buckets } from '../aws/s3-buckets.js';
import { UserError, usageError } from '../core/errors.js';
import { STORAGE_ACCESS_ORDER, type StorageAccess } from '../core/storage-policies.js';
import type { FileChange } from '../project/atomic-write.js';
import type { ProjectStore } from '../project/project-store.js';
import { withProgress, type Printer } from '../ui/printer.js';
import type { Prompter } from '../ui/prompter.js';
import { assertStorageCompatible, importedAuthFacts, parseAccessList } from './features.js';
import { readAppConfig, recordedAuthMeta, writeAppConfig } from './client-config.js';
import { escapeUntrusted, quoted } from '../core/untrusted-text.js';

export interface ImportStorageOptions {
  bucket?: string;
  authAccess?: string;
  guestAccess?: string;
  name?: string;
}

export interface ImportStorageResult {
  resourceName: string;
  bucketName: string;
  region: string;
  authAccess: StorageAccess[];
  guestAccess: StorageAccess[];
  changes: FileChange[];
  /** Why a part of the app config was left out or a file left in place. */
  notes: string[];
}

const ACCESS_CHOICES = [
  { name: 'create/update', value: 'create' as const },
  { name: 'read', value: 'read' as const },
  { name: 'delete', value: 'delete' as const },
];

export async function importStorage(
  options: ImportStorageOptions,
  context: { store: ProjectStore; prompter: Prompter; printer: Printer; buckets: () => Promise<S3Buckets> },
): Promise<ImportStorageResult> {
  const { store, prompter, printer } = context;
  const env = await store.currentEnv();
  const auth = await importedAuthFacts(store, env.name, 'Storage');
  assertStorageCompatible(auth, []);
  const existing = await store.importedStorage(env.name);
  if (existing) {
    throw new UserError('InvalidInput', `Storage ${quoted(existing.resourceName)} is already imported in this project.`,
      'Run `mycli remove storage` first (the bucket is not touched), then import again.');
  }

  const buckets = await context.buckets();
  const bucketName = options.bucket ?? (await chooseBucket(buckets, prompter, printer));
  const bucket = await buckets.describeBucket(bucketName);
  if (!bucket) {
    throw new UserError('NotFound', `S3 bucket ${quoted(bucketName)} does not exist (or is not visible to these credentials).`,
      `Check the name with \`aws s3api list-buckets --query "Buckets[].Name"\`, and that --profile selects the bucket's account.`);
  }

  const authAccess = options.authAccess !== undefined
    ? parseAccessList(options.authAccess, STORAGE_ACCESS_ORDER, '--auth-access')
    : await prompter.checkbox({ message: 'What may signed-in users do?', flag: '--auth-access create,read,delete' },
        ACCESS_CHOICES.map((choice) => ({ ...choice, checked: true })));
  const guestAccess = options.guestAccess !== undefined
    ? parseAccessList(options.guestAccess, STORAGE_ACCESS_ORDER, '--guest-access')
    : prompter.interactive
      ? await prompter.checkbox({ message: 'What may guests (not signed in) do?', flag: '--guest-access read' }, ACCESS_CHOICES)
      : [];
  if (authAccess.length === 0 && guestAccess.length === 0) {
    throw usageError('Neither signed-in users nor guests would get any access to the bucket.', 'Pass --auth-access (e.g. create,read,delete) and/or --guest-access.');
  }
  assertStorageCompatible(auth, guestAccess);

  if (options.name !== undefined && !/^[A-Za-z0-9]{1,64}$/.test(options.name)) {
    throw usageError(`--name "${escapeUntrusted(options.name)}" is not valid: use 1 to 64 letters or digits.`, 'Pass e.g. --name media, or leave it out to derive it from the bucket name.');
  }
  const resourceName = options.name ?? storageResourceName(bucket.name);
  const appConfig = await readAppConfig(store);
  const authMeta = await recordedAuthMeta(store, env.name);
  const environments = await store.environments();
  // The same bucket in every environment; a team that uses one bucket per environment edits team-provider-info.json.
  const envParameters = Object.fromEntries(environments.map((environment) => [environment.name, { bucketName: bucket.name, region: bucket.region }]));
  const changes = await store.saveResource({
    category: 'storage',
    resourceName,
    backendConfigEntry: {
      service: 'S3',
      serviceType: 'imported',
      providerPlugin: 'awscloudformation',
      dependsOn: [{ category: 'auth', resourceName: auth.resourceName, attributes: ['IdentityPoolId'] }],
    },
    parameters: { resourceName, serviceType: 'imported', authAccess, guestAccess },
    envParameters,
  });
  const written = await writeAppConfig(store, appConfig, env, { authMeta });
  changes.push(...written.changes);
  return { resourceName, bucketName: bucket.name, region: bucket.region, authAccess, guestAccess, changes, notes: written.notes };
}

export async function removeStorage(store: ProjectStore, prompter: Prompter, yes: boolean): Promise<{ resourceName: string; changes: FileChange[]; notes: string[] }> {
  const env = await store.currentEnv();
  const storage = await store.importedStorage(env.name);
  if (!storage) throw new UserError('NotFound', 'This project has no storage to remove.', 'Run `mycli status` to see what the project holds.');
  if (!yes) {
    const confirmed = await prompter.confirm(
      { message: `Unlink storage ${quoted(storage.resourceName)}? The S3 bucket and its objects are not touched; the next push removes the S3 policies from the roles.`, flag: '--yes' },
      false,
    );
    if (!confirmed) throw new UserError('Declined', 'Nothing was removed.', 'Run `mycli remove storage` again when ready.');
  }
  const appConfig = await readAppConfig(store);
  const authMeta = await recordedAuthMeta(store, env.name);
  const changes = await store.removeResource('storage', storage.resourceName);
  const written = await writeAppConfig(store, appConfig, env, { authMeta, removed: ['storage'] });
  changes.push(...written.changes);
  return { resourceName: storage.resourceName, changes, notes: written.notes };
}

async function chooseBucket(buckets: S3Buckets, prompter: Prompter, printer: Printer): Promise<string> {
  if (!prompter.interactive) {
    return prompter.search({ message: 'Select the S3 bucket to import', flag: '--bucket <name>' }, []);
  }
  const all = await withProgress(printer, 'Listing S3 buckets', () => buckets.listBuckets());
  if (all.length === 0) {
    throw new UserError('NotFound', 'These credentials see no S3 bucket.', 'Create the bucket first, or check --profile; then pass --bucket <name>.');
  }
  return prompter.search(
    { message: `Select the S3 bucket to import (${all.length}; type to filter):`, flag: '--bucket <name>' },
    all.map((bucket) => ({ name: bucket.name, value: bucket.name })).sort((a, b) => a.name.localeCompare(b.name)),
  );
}

/** A resource name from the bucket name: letters and digits only, as Gen 1 resource names are. */
function storageResourceName(bucketName: string): string {
  return bucketName.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 64) || 'storage';
}
