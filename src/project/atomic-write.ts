import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError } from '../core/errors.js';
import { escapeUntrusted } from '../core/untrusted-text.js';
import { isMissing, resolveWriteTarget } from './project-boundary.js';
import { tempPathFor } from './temp-files.js';

export type FileChange = { path: string; change: 'created' | 'updated' | 'unchanged' | 'deleted' };

/**
 * Writes `content` so that readers only ever see the old or the new file: a temp file in the same folder is
 * fsynced and renamed over the target. Identical content is left alone, so its mtime does not move. The file must be
 * inside the project folder `root`: a symbolic link on its path is followed only when it stays inside (see project-boundary).
 */
export async function writeFileAtomic(path: string, content: string, options: { root: string }): Promise<FileChange> {
  try {
    return await replaceFile(path, content, options.root);
  } catch (error) {
    throw toFileWriteError(path, error);
  }
}

async function replaceFile(path: string, content: string, root: string): Promise<FileChange> {
  // Through a link inside the project, the file it points at is written rather than the link replaced.
  const target = await resolveWriteTarget(root, path);
  const existing = await readIfExists(target);
  if (existing === content) return { path, change: 'unchanged' };

  const dir = dirname(target);
  await mkdir(dir, { recursive: true });
  const mode = existing === undefined ? undefined : (await stat(target)).mode & 0o7777;
  const tempPath = tempPathFor(target);

  try {
    const handle = await open(tempPath, 'wx', mode ?? 0o666);
    try {
      // open() applies the umask; chmod restores the replaced file's exact mode.
      if (mode !== undefined) await handle.chmod(mode);
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, target);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
  return { path, change: existing === undefined ? 'created' : 'updated' };
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/**
 * The UserError for a file system refusal the user can fix (permissions, a read-only or full disk, a folder or
 * file in the way), naming `shownPath`: the file mycli meant to write, never its temp file. Anything else is returned as it is.
 */
export function toFileWriteError(path: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const problem = code === undefined ? undefined : WRITE_PROBLEMS[code];
  if (problem === undefined) return error;
  const shownPath = escapeUntrusted(path);
  return new UserError('ProjectFileInvalid', `Cannot write ${shownPath}: ${problem.what} (${code}).`, problem.fix(shownPath), { cause: error });
}

const WRITE_PROBLEMS: Record<string, { what: string; fix: (path: string) => string }> = {
  EACCES: { what: 'permission denied', fix: (path) => permissionFix(path) },
  EPERM: { what: 'operation not permitted', fix: (path) => permissionFix(path) },
  EROFS: {
    what: 'the file system is read-only',
    fix: (path) => `Run mycli where ${dirname(path)} is on a writable file system (or remount it read-write), then run the command again.`,
  },
  ENOSPC: { what: 'the disk is full', fix: (path) => `Free some disk space on the drive that holds ${dirname(path)}, then run the command again.` },
  EDQUOT: { what: 'the disk quota is used up', fix: (path) => `Free some space in your disk quota on the drive that holds ${dirname(path)}, then run the command again.` },
  EISDIR: { what: 'it is a folder', fix: (path) => `Move or delete the folder ${path}, which is where mycli writes this file, then run the command again.` },
  ENOTDIR: { what: 'a part of its folder path is a file', fix: (path) => fileInTheWayFix(path) },
  EEXIST: { what: 'a part of its folder path is a file', fix: (path) => fileInTheWayFix(path) },
};

function permissionFix(path: string): string {
  return `Give your user write permission on ${dirname(path)} and on ${path} if it exists (check their owner, e.g. \`ls -ld ${dirname(path)}\`), then run the command again.`;
}

function fileInTheWayFix(path: string): string {
  return `Move or rename the file that stands where a folder of ${path} should be (see \`ls -ld ${dirname(path)}\`), then run the command again.`;
}
