// Runs the built CLI (bin/mycli.js → dist/) as a child process, either with piped stdio or under a
// pseudo-terminal (util-linux `script`), with exactly the environment the test gives it.

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cliEntry = path.join(repoRoot, 'bin', 'mycli.js');
const DEFAULT_TIMEOUT_MS = 20_000;
const TERMINAL_COLUMNS = 120;
const TERMINAL_ROWS = 40;

export interface CliRunOptions {
  cwd: string;
  env: Record<string, string>;
  input?: string;
  timeoutMs?: number;
  /** Script to run instead of bin/mycli.js (used to test the runner itself, or an installed copy). */
  entry?: string;
  /** Node.js options before the script (`--import` a loader). */
  nodeArgs?: string[];
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface TerminalStep {
  /** Waited for in the output printed since the previous step's match, ANSI escapes removed. */
  expect: RegExp;
  /** Keys to type once it appears: '\r' Enter, '\x1b[B' down arrow, or text. */
  send: string;
}

export interface TerminalRunOptions {
  cwd: string;
  env: Record<string, string>;
  steps: TerminalStep[];
  timeoutMs?: number;
  entry?: string;
  /** Standard output goes to this file instead of the terminal (`mycli … > file`): the terminal then shows stderr only. */
  stdoutFile?: string;
}

export interface TerminalResult {
  code: number | null;
  /** Everything the terminal showed, ANSI escapes removed. */
  output: string;
}

/** Only the given variables plus PATH: the developer's AWS_* settings must never reach the CLI. */
function isolatedEnv(env: Record<string, string>): Record<string, string> {
  return { ...env, PATH: env.PATH ?? process.env.PATH ?? '/usr/bin:/bin' };
}

export async function runCli(args: string[], options: CliRunOptions): Promise<CliResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.entry ?? cliEntry, ...args], {
    cwd: options.cwd,
    env: isolatedEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // The CLI may exit without reading its input; that is not the test's failure.
  child.stdin.on('error', () => undefined);
  child.stdin.end(options.input ?? '');

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  try {
    const code = await exitCode(child);
    if (timedOut) {
      throw new Error(`mycli ${args.join(' ')} did not finish within ${timeoutMs} ms.\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`);
    }
    return { code, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

export async function runCliInTerminal(args: string[], options: TerminalRunOptions): Promise<TerminalResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const { CI: _ci, ...envWithoutCi } = options.env;
  const command = [process.execPath, options.entry ?? cliEntry, ...args].map(shellQuote).join(' ') +
    (options.stdoutFile === undefined ? '' : ` > ${shellQuote(options.stdoutFile)}`);
  // A fixed window size keeps prompt rendering (line wrapping) the same on every machine.
  const child = spawn('script', ['-qfec', `stty cols ${TERMINAL_COLUMNS} rows ${TERMINAL_ROWS}; exec ${command}`, '/dev/null'], {
    cwd: options.cwd,
    env: { TERM: 'xterm-256color', ...isolatedEnv(envWithoutCi) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.on('error', () => undefined);

  let raw = '';
  let exit: { code: number | null } | undefined;
  const listeners = new Set<() => void>();
  const notify = (): void => listeners.forEach((listener) => listener());
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    raw += chunk;
    notify();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    raw += chunk;
    notify();
  });
  const exited = exitCode(child).then((code) => {
    exit = { code };
    notify();
    return code;
  });
  const screen = (): string => stripAnsi(raw);

  function waitFor<T>(check: () => T | undefined, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        listeners.delete(evaluate);
      };
      const evaluate = (): void => {
        const value = check();
        if (value !== undefined) {
          finish();
          resolve(value);
        } else if (exit) {
          finish();
          reject(new Error(`mycli ${args.join(' ')} exited with ${exit.code} before ${what}.\n--- screen ---\n${screen()}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.\n--- screen ---\n${screen()}`));
      }, Math.max(0, deadline - Date.now()));
      listeners.add(evaluate);
      evaluate();
    });
  }

  try {
    let cursor = 0;
    for (const [index, step] of options.steps.entries()) {
      cursor = await waitFor(() => {
        const match = step.expect.exec(screen().slice(cursor));
        return match ? cursor + match.index + match[0].length : undefined;
      }, `step ${index + 1} (${String(step.expect)})`);
      child.stdin.write(step.send);
    }
    await waitFor(() => exit, 'the end of the program after the last step');
    return { code: await exited, output: screen() };
  } finally {
    child.stdin.end();
    if (!exit) {
      child.kill('SIGKILL');
      await exited;
    }
  }
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

// CSI (colours, cursor moves), OSC (titles) and two-character escapes; carriage returns go too.
const ANSI_PATTERN = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|\r/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, '');
}
