import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { readJsonFile, writeJsonFile } from './json-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mycli-json-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readError(text: string, options: Parameters<typeof readJsonFile>[1] = {}): Promise<UserError> {
  const path = join(dir, 'file.json');
  await writeFile(path, text);
  const error = await readJsonFile(path, { displayPath: 'amplify/file.json', ...options }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('readJsonFile', () => {
  it('returns undefined for a missing file and the value for a valid one', async () => {
    expect(await readJsonFile(join(dir, 'missing.json'))).toBeUndefined();
    await writeFile(join(dir, 'ok.json'), '\uFEFF{ "a": [1, 2] }');
    expect(await readJsonFile(join(dir, 'ok.json'))).toEqual({ a: [1, 2] });
  });

  // Node 20 reports some errors "at position N" and others with no position at all; both must point at the spot.
  it.each([
    ['a misplaced value after a property', '{\n  "a": 1\n  "b": 2\n}', '3:3'],
    ['a trailing comma in an array', '{\n  "list": [1,\n  ]\n}', '3:3'],
    ['a truncated literal', '{\n  "ok": tru\n}', '2:12'],
    ['a missing closing brace', '{\n  "a": 1\n', '3:1'],
    ['text after the value', '{}\n}', '2:1'],
    ['a bad escape', '{"a": "\\q"}', '1:9'],
    ['an empty file', '', '1:1'],
    ['an error in the middle of a long line', `{"a": [${'1,'.repeat(50)}], "b": [${'2,'.repeat(50)}3]}`, '1:108'],
  ])('reports path:line:column for %s', async (_case, text, lineColumn) => {
    const error = await readError(text);
    expect(error.kind).toBe('ProjectFileInvalid');
    expect(error.message).toMatch(new RegExp(`^amplify/file\\.json:${lineColumn}: \\S`));
    expect(error.message).not.toContain('is not valid JSON');
    expect(error.resolution).toContain('Repair amplify/file.json');
    expect(error.resolution).toContain('never overwrites');
  });

  it("offers the caller's way to recover the file, and no git advice it was not given", async () => {
    expect((await readError('{', { recovery: 'restore it from git (git checkout -- amplify/file.json)' })).resolution).toBe(
      'Repair amplify/file.json, or restore it from git (git checkout -- amplify/file.json); mycli never overwrites a file it cannot read.',
    );
    expect((await readError('{')).resolution).not.toContain('git');
  });

  it('says what is wrong without the raw parser suffix', async () => {
    expect((await readError('[1,]')).message).toBe("amplify/file.json:1:4: Unexpected token ']'");
    expect((await readError('   ')).message).toBe('amplify/file.json:1:4: the file is empty');
  });

  it('rejects a top-level non-object when an object is expected', async () => {
    const error = await readError('[1, 2]', { expectObject: true });
    expect(error.message).toBe('amplify/file.json: expected a JSON object, found an array');
  });

  it('names the file by its path when no display path is given', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(path, '{');
    await expect(readJsonFile(path)).rejects.toThrow(`${path}:1:2:`);
  });
});

describe('writeJsonFile', () => {
  it('writes 2-space JSON with a trailing newline', async () => {
    const path = join(dir, 'out.json');
    expect((await writeJsonFile(path, { a: { b: 1 } }, { root: dir })).change).toBe('created');
    expect(await readFile(path, 'utf8')).toBe('{\n  "a": {\n    "b": 1\n  }\n}\n');
    expect((await writeJsonFile(path, { a: { b: 1 } }, { root: dir })).change).toBe('unchanged');
  });
});
