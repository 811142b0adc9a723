import path from 'node:path';
import type { GlobalOptions } from '../cli.js';
import { removeAuth } from '../flows/remove-auth.js';
import { ProjectStore } from '../project/project-store.js';
import { printFileChanges } from '../ui/file-changes.js';
import type { Printer } from '../ui/printer.js';
import { createPrompter, isInteractiveSession } from '../ui/prompter.js';
import { quoted } from '../core/untrusted-text.js';

export interface RemoveAuthOptions extends GlobalOptions {
  yes?: boolean;
}

export async function runRemoveAuthCommand(options: RemoveAuthOptions, printer: Printer): Promise<void> {
  const store = await ProjectStore.open(path.resolve(options.cwd));
  const prompter = createPrompter(isInteractiveSession({ yes: options.yes }));
  const result = await removeAuth(store, prompter, Boolean(options.yes));
  for (const note of result.notes) printer.warn(note);
  printFileChanges(printer, result.changes, (path) => store.relative(path));
  printer.success(`Auth ${quoted(result.resourceName)} was unlinked from the project. The Cognito resources themselves were not touched.`);
  printer.info(`Next: ${printer.highlight('mycli push')} removes the IAM policies mycli put on the imported roles.`);
}
