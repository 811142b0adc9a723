// A temporary app folder per test, with the emulators' environment, and helpers to read what the CLI wrote.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli, type CliResult } from '../support/run-cli.js';

export interface TestProject {
  dir: string;
  run(args: string[], input?: string): Promise<CliResult>;
  readJson<T = Record<string, any>>(relativePath: string): Promise<T>;
  readText(relativePath: string): Promise<string>;
  /** Every file under the folder with its content, to prove that a refused command changed nothing. */
  snapshot(): Promise<Map<string, string>>;
  /** Loads src/aws-exports.js the way a bundler would: as an ES module's default export. */
  loadAwsExports(): Promise<Record<string, any>>;
  remove(): Promise<void>;
}

export async function createTestProject(env: Record<string, string>, parent = os.tmpdir()): Promise<TestProject> {
  const dir = await mkdtemp(path.join(parent, 'mycli-app-'));
  const read = (relativePath: string) => readFile(path.join(dir, relativePath), 'utf8');
  let loads = 0;
  return {
    dir,
    run: (args, input) => runCli(args, { cwd: dir, env, input }),
    readJson: async (relativePath) => JSON.parse(await read(relativePath)),
    readText: read,
    snapshot: () => snapshotOf(dir),
    loadAwsExports: async () => {
      const url = pathToFileURL(path.join(dir, 'src', 'aws-exports.js'));
      url.searchParams.set('load', String(++loads));
      return ((await import(url.href)) as { default: Record<string, any> }).default;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

async function snapshotOf(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir)) {
      const full = path.join(dir, entry);
      if ((await stat(full)).isDirectory()) await walk(full);
      else files.set(path.relative(root, full), await readFile(full, 'utf8'));
    }
  };
  await walk(root);
  return files;
}
