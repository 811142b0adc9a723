// mycli writes only inside the project folder. The folders project-config.json names are checked where they are read
// (client-config-schemas.ts), resource names by the schemas; here: every symbolic link on a path mycli writes or
// deletes must resolve inside it too, or a cloned repository could aim writes at any file of the user's (a committed
// team-provider-info.json linked to ~/.bashrc).
import { lstat, readlink, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../core/errors.js';
import { escapeUntrusted } from '../core/untrusted-text.js';

/** True when `path` is `root` or below it (both absolute and normalised). */
export function isInsideFolder(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Where a write to `path` really lands: the file itself, or the file a symbolic link inside the project points at.
 * Refuses, naming the link, when any part of the path is a link that leads outside the project, or a link to nothing.
 */
export async function resolveWriteTarget(root: string, path: string): Promise<string> {
  const realRoot = await realpath(root);
  const absolute = resolve(root, path);
  // The path as the file system resolves it: the deepest part that exists, resolved, plus the parts still to create.
  let existing = absolute;
  let stats = await lstatIfExists(existing);
  while (stats === undefined && dirname(existing) !== existing) {
    existing = dirname(existing);
    stats = await lstatIfExists(existing);
  }
  let real: string;
  try {
    real = join(await realpath(existing), relative(existing, absolute));
  } catch (error) {
    if (!isMissing(error)) throw error;
    throw await outsideError(root, realRoot, absolute, 'a symbolic link to a file that does not exist');
  }
  if (!isInsideFolder(realRoot, real)) throw await outsideError(root, realRoot, absolute, `a symbolic link that leads outside the project folder, to ${escapeUntrusted(real)}`);
  return real;
}

/** The first symbolic link on the way from the project root to `path`, for the message. */
async function firstLink(root: string, path: string): Promise<{ link: string; target: string } | undefined> {
  const parts = relative(root, path).split(sep).filter(Boolean);
  let current = resolve(root);
  for (const part of parts) {
    current = join(current, part);
    const stats = await lstatIfExists(current);
    if (stats === undefined) return undefined;
    if (stats.isSymbolicLink()) return { link: current, target: await readlink(current) };
  }
  return undefined;
}

async function outsideError(root: string, realRoot: string, path: string, what: string): Promise<UserError> {
  const shown = (absolute: string) => escapeUntrusted(isInsideFolder(resolve(root), absolute) ? relative(root, absolute) || '.' : absolute);
  const found = await firstLink(root, path);
  const link = found ? shown(found.link) : shown(path);
  const pointsAt = found ? ` (it points at ${escapeUntrusted(found.target)})` : '';
  return new UserError(
    'ProjectFileInvalid',
    `${link} is ${what}${pointsAt}; mycli writes only inside the project folder ${escapeUntrusted(realRoot)}.`,
    `Replace the link with a real file or folder inside the project (for example: copy what it points at, delete the link, and move the copy to ${link}), then run the command again.`,
  );
}

async function lstatIfExists(path: string) {
  try {
    return await lstat(path);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** The error of a file operation on a path that does not exist (or has a file where a folder should be). */
export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
