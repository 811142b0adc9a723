import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GITIGNORE_BLOCK_ENTRIES, mergeGitignoreBlock, updateGitignore } from './gitignore.js';

const BLOCK = ['#amplify-do-not-edit-begin', ...GITIGNORE_BLOCK_ENTRIES, '#amplify-do-not-edit-end'].join('\n');

describe('mergeGitignoreBlock', () => {
  it("holds Gen 1's entries and Gen 2's amplify_outputs files", () => {
    expect(GITIGNORE_BLOCK_ENTRIES).toEqual(expect.arrayContaining([
      'amplify/\\#current-cloud-backend', 'amplify/.config/local-*', 'amplify/backend/amplify-meta.json',
      'aws-exports.js', 'amplifyconfiguration.json', '.secret-*', '**.sample', 'node_modules/', 'amplify_outputs*',
    ]));
    expect(GITIGNORE_BLOCK_ENTRIES).toHaveLength(20);
  });

  it('creates the block for a missing or empty file', () => {
    expect(mergeGitignoreBlock(undefined)).toBe(`${BLOCK}\n`);
    expect(mergeGitignoreBlock('')).toBe(`${BLOCK}\n`);
  });

  it('appends the block after user lines, separated by a blank line, and is idempotent', () => {
    const once = mergeGitignoreBlock('node_modules\n.env');
    expect(once).toBe(`node_modules\n.env\n\n${BLOCK}\n`);
    expect(mergeGitignoreBlock(once)).toBe(once);
  });

  it('refreshes an outdated block in place and keeps the user lines around it', () => {
    const existing = '# mine\n.env\n#amplify-do-not-edit-begin\namplify/old-entry\n#amplify-do-not-edit-end\ncoverage/\n';
    expect(mergeGitignoreBlock(existing)).toBe(`# mine\n.env\n${BLOCK}\ncoverage/\n`);
  });

  it('keeps the file to one block and drops a stray marker without dropping user lines', () => {
    const twoBlocks = `${BLOCK}\nmine-1\n${BLOCK}\n`;
    expect(mergeGitignoreBlock(twoBlocks)).toBe(`${BLOCK}\nmine-1\n`);
    const strayBegin = '#amplify-do-not-edit-begin\nmine-2\n';
    const merged = mergeGitignoreBlock(strayBegin);
    expect(merged).toBe(`mine-2\n\n${BLOCK}\n`);
    expect(mergeGitignoreBlock(merged)).toBe(merged);
  });

  it('keeps Windows line endings', () => {
    expect(mergeGitignoreBlock('a\r\nb\r\n')).toBe(`a\r\nb\r\n\r\n${BLOCK.replaceAll('\n', '\r\n')}\r\n`);
  });
});

describe('updateGitignore', () => {
  it('writes the merged text, then reports unchanged', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mycli-gitignore-'));
    try {
      const path = join(dir, '.gitignore');
      await writeFile(path, 'dist-local/\n');
      expect((await updateGitignore(path, { root: dir })).change).toBe('updated');
      expect(await readFile(path, 'utf8')).toBe(`dist-local/\n\n${BLOCK}\n`);
      expect((await updateGitignore(path, { root: dir })).change).toBe('unchanged');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
