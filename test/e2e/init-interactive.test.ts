// Interactive `mycli init` under a pseudo-terminal: the environment name is asked (a bad one asked again, not turned
// into advice about a flag) and the region picked from a list that starts at the configured one.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliInTerminal } from '../support/run-cli.js';

const ENTER = '\r';
const BACKSPACE = '\u007f';
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('mycli init (interactive)', () => {
  it('asks the environment name again after a bad one, and offers the regions from a list', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mycli-init-tty-'));
    dirs.push(dir);
    const result = await runCliInTerminal(['init'], {
      cwd: dir,
      env: { HOME: dir, AWS_REGION: 'eu-west-1', AWS_CONFIG_FILE: path.join(dir, 'none'), NO_COLOR: '1' },
      steps: [
        { expect: /Project name/, send: ENTER },
        { expect: /Name of the first environment/, send: 'Prod1' + ENTER },
        { expect: /Use 2 to 10 lowercase letters/, send: BACKSPACE.repeat(5) + 'prod' + ENTER },
        { expect: /Your app's platform/, send: ENTER },
        { expect: /❯ eu-west-1 \(configured\)/, send: 'eu-c' },
        { expect: /❯ eu-central-1\s+eu-central-2/, send: ENTER },
      ],
    });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain("created with environment 'prod' in eu-central-1.");
    const teamProvider = JSON.parse(await readFile(path.join(dir, 'amplify/team-provider-info.json'), 'utf8'));
    expect(teamProvider).toEqual({ prod: { awscloudformation: { Region: 'eu-central-1' }, categories: {} } });
  });

  it('asks on standard error: with standard output redirected, every question is still on the terminal and the file stays empty', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mycli-init-tty-'));
    dirs.push(dir);
    const stdoutFile = path.join(dir, 'stdout.txt');
    const result = await runCliInTerminal(['init', '--region', 'eu-west-1'], {
      cwd: dir,
      env: { HOME: dir, AWS_CONFIG_FILE: path.join(dir, 'none'), NO_COLOR: '1' },
      stdoutFile,
      steps: [
        { expect: /Project name/, send: ENTER },
        { expect: /Name of the first environment/, send: ENTER },
        { expect: /Your app's platform/, send: ENTER },
      ],
    });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain("created with environment 'dev' in eu-west-1.");
    expect(await readFile(stdoutFile, 'utf8')).toBe('');
  });
});
