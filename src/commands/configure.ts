import path from 'node:path';
import type { GlobalOptions } from '../cli.js';
import { clientConfigFiles } from '../core/client-config-files.js';
import { escapeUntrusted } from '../core/untrusted-text.js';
import { configureProject, type ConfigureProjectOptions } from '../flows/configure-project.js';
import { ProjectStore } from '../project/project-store.js';
import { printFileChanges } from '../ui/file-changes.js';
import type { Printer } from '../ui/printer.js';
import { createPrompter, isInteractiveSession } from '../ui/prompter.js';

export async function runConfigureProjectCommand(options: GlobalOptions & ConfigureProjectOptions & { yes?: boolean }, printer: Printer): Promise<void> {
  const store = await ProjectStore.open(path.resolve(options.cwd));
  const prompter = createPrompter(isInteractiveSession({ yes: options.yes }));
  const { frontend, outputs, sourceDir, resDir } = options;
  const result = await configureProject(store, { frontend, outputs, sourceDir, resDir }, prompter);
  for (const note of result.notes) printer.warn(note);
  printFileChanges(printer, result.changes, (changed) => store.relative(changed));
  const files = clientConfigFiles(result.after).map((file) => escapeUntrusted(file.path));
  printer.success(`Frontend ${result.after.frontend}, ${result.after.outputs} outputs: the app config is ${files.join(', ')}.`);
}
