import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeStaleTempFiles, tempPathFor } from './temp-files.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mycli-temp-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function exitedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid!;
}

describe('temporary files of atomic writes', () => {
  it('are named after the target and this process', () => {
    expect(basename(tempPathFor(join(dir, 'a.json')))).toMatch(new RegExp(`^\\.a\\.json\\.${process.pid}\\.[0-9a-f]{12}\\.tmp$`));
  });

  it('are removed when their process is gone; those of running processes, other files and links are kept', async () => {
    const gone = await exitedPid();
    const names = [
      `.team-provider-info.json.${gone}.0123456789ab.tmp`,
      `.other.json.${process.pid}.0123456789ab.tmp`,
      `.notes.${gone}.tmp`,
      'team-provider-info.json',
    ];
    for (const name of names) await writeFile(join(dir, name), 'x');
    const target = join(dir, 'team-provider-info.json');
    await symlink(target, join(dir, `.link.json.${gone}.0123456789ab.tmp`));

    expect(await removeStaleTempFiles([dir, dir, join(dir, 'missing')])).toEqual([join(dir, names[0]!)]);
    expect((await readdir(dir)).sort()).toEqual([names[1], names[2], `.link.json.${gone}.0123456789ab.tmp`, names[3]].sort());
  });
});
