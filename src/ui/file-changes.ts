import type { FileChange } from '../project/atomic-write.js';
import type { Printer } from './printer.js';

/** One line per file a command created, updated or deleted, relative to the project; unchanged files are not listed. */
export function printFileChanges(printer: Printer, changes: FileChange[], relative: (path: string) => string): void {
  for (const change of changes) {
    if (change.change !== 'unchanged') printer.detail(`${change.change} ${relative(change.path)}`);
  }
}
