// mycli remove auth: unlinks the imported auth from the project. Works offline and when the pool is gone from AWS:
// nothing here calls AWS. The Cognito resources are never deleted; the next push takes this project's policies
// off the roles.
import { UserError } from '../core/errors.js';
import { listResources } from '../core/resource-status.js';
import type { FileChange } from '../project/atomic-write.js';
import { isPlainObject } from '../project/json-file.js';
import type { ProjectStore } from '../project/project-store.js';
import type { Prompter } from '../ui/prompter.js';
import { readAppConfig, writeAppConfig } from './client-config.js';
import { escapeUntrusted, quoted } from '../core/untrusted-text.js';

export interface RemoveAuthResult {
  resourceName: string;
  changes: FileChange[];
  notes: string[];
}

export async function removeAuth(store: ProjectStore, prompter: Prompter, yes: boolean): Promise<RemoveAuthResult> {
  const auth = await store.authResource();
  if (!auth) {
    throw new UserError('NotFound', 'This project has no auth resource to remove.', 'Run `mycli status` to see what the project holds.');
  }
  if (auth.serviceType !== 'imported') {
    throw new UserError('InvalidInput', `Auth resource ${quoted(auth.resourceName)} was created by the Amplify CLI, not imported; mycli only unlinks what it imported.`,
      'Use `amplify remove auth` for it.');
  }
  const dependents = dependentsOf(await store.readBackendConfig(), auth.resourceName);
  if (dependents.length > 0) {
    throw new UserError(
      'InvalidInput',
      `Auth resource ${quoted(auth.resourceName)} cannot be unlinked while ${dependents.join(', ')} depend${dependents.length === 1 ? 's' : ''} on it.`,
      `Remove ${dependents.length === 1 ? 'it' : 'them'} first (e.g. \`mycli remove storage\`, \`mycli remove api <name>\`, \`mycli auth revoke-function <name>\`), then remove auth.`,
    );
  }
  if (!yes) {
    const confirmed = await prompter.confirm(
      {
        message: `Unlink auth ${quoted(auth.resourceName)} from this project? The Cognito user pool, identity pool and IAM roles are not deleted, only unlinked.`,
        flag: '--yes',
      },
      false,
    );
    if (!confirmed) throw new UserError('Declined', 'Nothing was removed.', 'Run `mycli remove auth` again when ready.');
  }
  const env = await store.currentEnv();
  const appConfig = await readAppConfig(store);
  const changes = await store.removeAuthResource(auth.resourceName);
  const written = await writeAppConfig(store, appConfig, env, { authMeta: undefined });
  changes.push(...written.changes);
  return { resourceName: auth.resourceName, changes, notes: written.notes };
}

/** Resources of other categories whose `dependsOn` names this auth resource, as "<category> '<name>'". */
export function dependentsOf(backendConfig: Record<string, unknown>, authName: string): string[] {
  return listResources(backendConfig)
    .filter(({ category, entry }) => {
      const dependsOn = isPlainObject(entry) ? entry['dependsOn'] : undefined;
      return category !== 'auth' && Array.isArray(dependsOn) &&
        dependsOn.some((dependency) => isPlainObject(dependency) && dependency['category'] === 'auth' && dependency['resourceName'] === authName);
    })
    .map(({ category, resourceName }) => `${escapeUntrusted(category)} ${quoted(resourceName)}`);
}
