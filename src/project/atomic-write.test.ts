import { chmod, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../core/errors.js';
import { writeFileAtomic } from './atomic-write.js';

// Lets a test make the final rename, or the opening of the temp file, fail; every other call goes to the real function.
const renameFailure = vi.hoisted(() => ({ error: undefined as Error | undefined }));
const openFailure = vi.hoisted(() => ({ error: undefined as Error | undefined }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    rename: async (from: string, to: string) => {
      if (renameFailure.error) throw renameFailure.error;
      return actual.rename(from, to);
    },
    open: async (...args: Parameters<typeof actual.open>) => {
      if (openFailure.error) throw openFailure.error;
      return actual.open(...args);
    },
  };
});

/** An errno error as Node raises it: its message names the temp file, which the user never asked for. */
function errnoError(code: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated, open '${path}.1234.tmp'`), { code, path: `${path}.1234.tmp` });
}

async function userErrorOf(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mycli-atomic-'));
});
afterEach(async () => {
  renameFailure.error = undefined;
  openFailure.error = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates missing parent folders and reports created, then updated, then unchanged', async () => {
    const path = join(dir, 'a', 'b', 'file.json');
    expect(await writeFileAtomic(path, 'one', { root: dir })).toEqual({ path, change: 'created' });
    expect(await writeFileAtomic(path, 'two', { root: dir })).toEqual({ path, change: 'updated' });
    expect(await writeFileAtomic(path, 'two', { root: dir })).toEqual({ path, change: 'unchanged' });
    expect(await readFile(path, 'utf8')).toBe('two');
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['file.json']);
  });

  it('does not touch a file whose content is identical', async () => {
    const path = join(dir, 'same.txt');
    await writeFile(path, 'content');
    const past = new Date('2020-01-01T00:00:00Z');
    await utimes(path, past, past);
    await writeFileAtomic(path, 'content', { root: dir });
    expect((await stat(path)).mtime.getTime()).toBe(past.getTime());
  });

  it("keeps the replaced file's mode", async () => {
    const path = join(dir, 'secret.json');
    await writeFile(path, 'old');
    await chmod(path, 0o600);
    await writeFileAtomic(path, 'new', { root: dir });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('writes through a symlink inside the project instead of replacing it', async () => {
    const real = join(dir, 'real.txt');
    const link = join(dir, 'link.txt');
    await writeFile(real, 'old');
    await symlink(real, link);
    await writeFileAtomic(link, 'new', { root: dir });
    expect(await readFile(real, 'utf8')).toBe('new');
    expect((await readdir(dir)).sort()).toEqual(['link.txt', 'real.txt']);
  });

  it.each([
    ['the file', async (outside: string) => {
      await writeFile(join(outside, 'target.txt'), 'theirs');
      await symlink(join(outside, 'target.txt'), join(dir, 'link.txt'));
      return join(dir, 'link.txt');
    }],
    ['a folder on its path', async (outside: string) => {
      await symlink(outside, join(dir, 'linked'));
      return join(dir, 'linked', 'target.txt');
    }],
    ['a link to nothing', async (outside: string) => {
      await symlink(join(outside, 'missing.txt'), join(dir, 'link.txt'));
      return join(dir, 'link.txt');
    }],
  ])('refuses to write when %s is a symbolic link leading outside the project, naming the link', async (_case, arrange) => {
    const outside = await mkdtemp(join(tmpdir(), 'mycli-outside-'));
    try {
      await writeFile(join(outside, 'target.txt'), 'theirs');
      const path = await arrange(outside);
      const error = await userErrorOf(writeFileAtomic(path, 'ours', { root: dir }));
      expect(error.message).toMatch(/^(link\.txt|linked) is a symbolic link .*\(it points at .*\); mycli writes only inside the project folder/);
      expect(await readFile(join(outside, 'target.txt'), 'utf8')).toBe('theirs');
      expect((await readdir(outside)).sort()).toEqual(['target.txt']);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('removes its temp file and leaves the target alone when the rename fails', async () => {
    const path = join(dir, 'kept.txt');
    await writeFile(path, 'old');
    renameFailure.error = Object.assign(new Error('EXDEV: simulated'), { code: 'EXDEV' });
    await expect(writeFileAtomic(path, 'new', { root: dir })).rejects.toThrow('simulated');
    expect(await readdir(dir)).toEqual(['kept.txt']);
    expect(await readFile(path, 'utf8')).toBe('old');
  });

  it('fails without leaving anything behind when the target is a folder, naming the target', async () => {
    const target = join(dir, 'is-a-folder');
    await writeFileAtomic(join(target, 'child.txt'), 'x', { root: dir });
    const error = await userErrorOf(writeFileAtomic(target, 'cannot replace a folder', { root: dir }));
    expect(error.message).toBe(`Cannot write ${target}: it is a folder (EISDIR).`);
    expect(error.resolution).toContain(`Move or delete the folder ${target}`);
    expect(await readdir(dir)).toEqual(['is-a-folder']);
  });

  it('names the target, not its temp file, when a file stands where a folder should be', async () => {
    await writeFile(join(dir, 'config'), 'a file');
    const target = join(dir, 'config', 'app.json');
    const error = await userErrorOf(writeFileAtomic(target, '{}', { root: dir }));
    expect(error.message).toMatch(new RegExp(`^Cannot write ${target}: a part of its folder path is a file \\((ENOTDIR|EEXIST)\\)\\.$`));
    expect(error.resolution).toContain('Move or rename the file');
  });

  it.each([
    ['EACCES', 'permission denied', 'write permission'],
    ['EROFS', 'the file system is read-only', 'writable file system'],
    ['ENOSPC', 'the disk is full', 'Free some disk space'],
  ])('turns %s into a UserError naming the target and the fix, leaving no temp file', async (code, what, fix) => {
    const target = join(dir, 'out.json');
    openFailure.error = errnoError(code, join(dir, '.out.json'));
    const error = await userErrorOf(writeFileAtomic(target, '{}', { root: dir }));
    expect(error.kind).toBe('ProjectFileInvalid');
    expect(error.message).toBe(`Cannot write ${target}: ${what} (${code}).`);
    expect(error.message).not.toContain('.tmp');
    expect(error.resolution).toContain(fix);
    expect(await readdir(dir)).toEqual([]);
  });
});
