import type { FileChange } from '../project/atomic-write.js';
import type { Printer } from './printer.js';
import { escapeUntrusted } from '../core/untrusted-text.js';

/**
 * One line per file a command created, updated or deleted, relative to the project; unchanged files are not listed,
 * and a file written twice in one command is listed once (created then updated is "created").
 */
export function printFileChanges(printer: Printer, changes: FileChange[], relative: (path: string) => string): void {
  const byPath = new Map<string, FileChange['change']>();
  for (const { path, change } of changes) {
    if (change === 'unchanged') continue;
    const earlier = byPath.get(path);
    byPath.set(path, earlier === 'created' && change !== 'deleted' ? 'created' : change);
  }
  for (const [path, change] of byPath) printer.detail(`${change} ${escapeUntrusted(relative(path))}`);
}
