// `mycli completion <shell>`: the scripts the built CLI prints, run by the real shells, complete commands, subcommands,
// options (globals too), option values and argument choices, skipping the values of options already typed.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';

const run = promisify(execFile);
let tmp: string;
const scripts: Record<string, string> = {};

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'mycli-completion-'));
  for (const shell of ['bash', 'zsh', 'fish']) {
    const result = await runCli(['completion', shell], { cwd: tmp, env: { HOME: tmp } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    scripts[shell] = path.join(tmp, `mycli.${shell}`);
    await writeFile(scripts[shell], result.stdout);
  }
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** What bash offers for the words typed (the last one is the word being completed). */
async function bashComplete(...words: string[]): Promise<string[]> {
  const program = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _mycli; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const { stdout } = await run('bash', ['-c', program, 'bash', scripts.bash!, 'mycli', ...words], { cwd: tmp });
  return stdout.split('\n').filter(Boolean);
}

async function hasShell(shell: string): Promise<boolean> {
  return run('sh', ['-c', `command -v ${shell}`]).then(
    () => true,
    () => false,
  );
}

describe('mycli completion bash', () => {
  it('completes commands, subcommands, options with the globals, and argument choices', async () => {
    expect(await bashComplete('im')).toEqual(['import']);
    expect(await bashComplete('import', '')).toEqual(['auth', 'storage', 'api']);
    expect(await bashComplete('import', 'auth', '--user')).toEqual(['--user-pool-id', '--user-pool-only']);
    expect(await bashComplete('auth', 'revoke-function', 'fn', '--')).toEqual(expect.arrayContaining(['--yes', '--timeout', '--profile', '--help']));
    expect(await bashComplete('completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(await bashComplete('--')).toContain('--version');
    expect(await bashComplete('env', 'add', 'dev', '--')).not.toContain('--version');
  });

  it('skips the value of an option before the command, and completes a directory for --cwd', async () => {
    expect(await bashComplete('--region', 'eu-west-1', 'env', '')).toEqual(['add', 'list', 'checkout', 'remove']);
    // "import" is the profile's name here, so "i" is still the command.
    expect(await bashComplete('--profile', 'import', 'i')).toEqual(['init', 'import']);
    expect(await bashComplete('init', '--cwd', path.join(tmp, 'mycli.ba'))).toEqual([]);
    expect(await bashComplete('init', '--cwd', tmp.slice(0, -2))).toContain(tmp);
    // A value with no fixed list offers nothing rather than commands.
    expect(await bashComplete('import', 'auth', '--user-pool-id', '')).toEqual([]);
  });
});

describe('mycli completion fish', () => {
  it('completes through fish\'s own engine, with descriptions', async (context) => {
    if (!(await hasShell('fish'))) context.skip();
    const complete = async (line: string) =>
      (await run('fish', ['-c', `source ${scripts.fish}; complete -C "${line}"`], { cwd: tmp })).stdout.split('\n').filter(Boolean);
    expect(await complete('mycli imp')).toEqual(['import\tbring an existing AWS resource into the project']);
    expect(await complete('mycli import auth --user')).toEqual([
      '--user-pool-id\tthe user pool to import',
      expect.stringMatching(/^--user-pool-only\t/),
    ]);
    expect((await complete('mycli --region x env ')).map((line) => line.split('\t')[0])).toEqual(['add', 'checkout', 'list', 'remove']);
    expect(await complete('mycli completion ')).toEqual(['bash', 'fish', 'zsh']);
  });
});

describe('mycli completion zsh', () => {
  it('is valid zsh whose path walk agrees with bash', async (context) => {
    if (!(await hasShell('zsh'))) context.skip();
    await run('zsh', ['-n', scripts.zsh!]);
    const program = `autoload -U compinit; compinit -u -d "$1/.zcompdump"; source "$2"; _mycli_path --region eu-west-1 env add dev; _mycli_subcommands 'mycli import'`;
    const { stdout } = await run('zsh', ['-f', '-c', program, 'zsh', tmp, scripts.zsh!], { cwd: tmp, env: { HOME: tmp, PATH: process.env.PATH ?? '' } });
    expect(stdout.split('\n').filter(Boolean)).toEqual(['mycli env add', 'auth storage api']);
  });
});

describe('mycli completion', () => {
  it('refuses a shell it does not know (exit 2)', async () => {
    const result = await runCli(['completion', 'powershell'], { cwd: tmp, env: { HOME: tmp } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("value 'powershell' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish.");
  });
});
