import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isInsideFolder, resolveWriteTarget } from './project-boundary.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mycli-bounds-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('isInsideFolder', () => {
  it('takes the folder itself and what is below it, nothing beside or above it', () => {
    expect(isInsideFolder('/p/app', '/p/app')).toBe(true);
    expect(isInsideFolder('/p/app', '/p/app/src')).toBe(true);
    expect(isInsideFolder('/p/app', '/p/app/..src')).toBe(true);
    expect(isInsideFolder('/p/app', '/p/apps')).toBe(false);
    expect(isInsideFolder('/p/app', '/p')).toBe(false);
  });
});

describe('resolveWriteTarget', () => {
  it('gives the real path, through links that stay inside, for files that exist or not', async () => {
    await mkdir(join(dir, 'web', 'src'), { recursive: true });
    await symlink(join(dir, 'web', 'src'), join(dir, 'src'));
    expect(await resolveWriteTarget(dir, join(dir, 'src', 'new', 'aws-exports.js'))).toBe(join(dir, 'web', 'src', 'new', 'aws-exports.js'));
    expect(await resolveWriteTarget(dir, join(dir, 'amplify', 'x.json'))).toBe(join(dir, 'amplify', 'x.json'));
  });

  it('refuses a folder link that leads out, naming the link', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'mycli-outside-'));
    try {
      await mkdir(join(dir, 'amplify'));
      await symlink(outside, join(dir, 'amplify', 'backend'));
      await expect(resolveWriteTarget(dir, join(dir, 'amplify', 'backend', 'auth', 'x', 'parameters.json'))).rejects.toThrow(
        /^amplify\/backend is a symbolic link that leads outside the project folder/,
      );
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});
