import { chmod, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { removeFile, writeFileAtomic } from './atomic-write.js';

// Lets one test make the final rename fail; every other call goes to the real function.
const renameFailure = vi.hoisted(() => ({ error: undefined as Error | undefined }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    rename: async (from: string, to: string) => {
      if (renameFailure.error) throw renameFailure.error;
      return actual.rename(from, to);
    },
  };
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mycli-atomic-'));
});
afterEach(async () => {
  renameFailure.error = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates missing parent folders and reports created, then updated, then unchanged', async () => {
    const path = join(dir, 'a', 'b', 'file.json');
    expect(await writeFileAtomic(path, 'one')).toEqual({ path, change: 'created' });
    expect(await writeFileAtomic(path, 'two')).toEqual({ path, change: 'updated' });
    expect(await writeFileAtomic(path, 'two')).toEqual({ path, change: 'unchanged' });
    expect(await readFile(path, 'utf8')).toBe('two');
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['file.json']);
  });

  it('does not touch a file whose content is identical', async () => {
    const path = join(dir, 'same.txt');
    await writeFile(path, 'content');
    const past = new Date('2020-01-01T00:00:00Z');
    await utimes(path, past, past);
    await writeFileAtomic(path, 'content');
    expect((await stat(path)).mtime.getTime()).toBe(past.getTime());
  });

  it("keeps the replaced file's mode", async () => {
    const path = join(dir, 'secret.json');
    await writeFile(path, 'old');
    await chmod(path, 0o600);
    await writeFileAtomic(path, 'new');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('writes through a symlink instead of replacing it', async () => {
    const real = join(dir, 'real.txt');
    const link = join(dir, 'link.txt');
    await writeFile(real, 'old');
    await symlink(real, link);
    await writeFileAtomic(link, 'new');
    expect(await readFile(real, 'utf8')).toBe('new');
    expect((await readdir(dir)).sort()).toEqual(['link.txt', 'real.txt']);
  });

  it('removes its temp file and leaves the target alone when the rename fails', async () => {
    const path = join(dir, 'kept.txt');
    await writeFile(path, 'old');
    renameFailure.error = Object.assign(new Error('EXDEV: simulated'), { code: 'EXDEV' });
    await expect(writeFileAtomic(path, 'new')).rejects.toThrow('simulated');
    expect(await readdir(dir)).toEqual(['kept.txt']);
    expect(await readFile(path, 'utf8')).toBe('old');
  });

  it('fails without leaving anything behind when the target is a folder', async () => {
    const target = join(dir, 'is-a-folder');
    await writeFileAtomic(join(target, 'child.txt'), 'x');
    await expect(writeFileAtomic(target, 'cannot replace a folder')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['is-a-folder']);
  });
});

describe('removeFile', () => {
  it('reports deleted, and undefined when the file is already gone', async () => {
    const path = join(dir, 'gone.txt');
    await writeFile(path, 'x');
    expect(await removeFile(path)).toEqual({ path, change: 'deleted' });
    expect(await removeFile(path)).toBeUndefined();
  });
});
