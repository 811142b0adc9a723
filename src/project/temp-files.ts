// The temporary file of an atomic write sits beside its target until it is renamed over it. A process killed in
// between leaves it behind; the name says which process wrote it, so the next run removes those of processes that
// are gone (never one a running mycli is still writing).
import { lstat, readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/** `.<name>.<pid>.<12 hex>.tmp` beside `target`. */
export function tempPathFor(target: string): string {
  // node:crypto is loaded on the first write, not by the read-only commands (status, env list) that import this module.
  const { randomBytes } = process.getBuiltinModule('node:crypto');
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Removes the temporary files in `folders` left by processes that no longer run; returns the paths removed. */
export async function removeStaleTempFiles(folders: Iterable<string>): Promise<string[]> {
  const removed: string[] = [];
  for (const folder of new Set(folders)) {
    for (const name of await namesIn(folder)) {
      const pid = TEMP_NAME.exec(name)?.[1];
      if (pid === undefined || isRunning(Number(pid))) continue;
      const path = join(folder, name);
      // Only a plain file: a link of that name is not ours, and following it could delete something elsewhere.
      if (!(await lstat(path).then((stats) => stats.isFile(), () => false))) continue;
      await rm(path, { force: true });
      removed.push(path);
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function namesIn(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch {
    return [];
  }
}
