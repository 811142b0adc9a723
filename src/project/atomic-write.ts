import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, realpath, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export type FileChange = { path: string; change: 'created' | 'updated' | 'unchanged' | 'deleted' };

/**
 * Writes `content` so that readers only ever see the old or the new file: a temp file in the same folder is
 * fsynced and renamed over the target. Identical content is left alone, so its mtime does not move.
 */
export async function writeFileAtomic(path: string, content: string): Promise<FileChange> {
  // Write through a symlink to the file it points at rather than replacing the link itself.
  const target = await realpathIfExists(path);
  const existing = await readIfExists(target);
  if (existing === content) return { path, change: 'unchanged' };

  const dir = dirname(target);
  await mkdir(dir, { recursive: true });
  const mode = existing === undefined ? undefined : (await stat(target)).mode & 0o7777;
  const tempPath = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);

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

export async function removeFile(path: string): Promise<FileChange | undefined> {
  try {
    await unlink(path);
    return { path, change: 'deleted' };
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

async function realpathIfExists(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if (isMissing(error)) return path;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
