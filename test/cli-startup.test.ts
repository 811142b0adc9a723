// `mycli --help` and every offline command must not pay for the AWS SDK, the schema library or the prompt library:
// each is run on a real project (made by the CLI against the local emulators), with a recorder of every module it loads.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initProject } from '../src/project/project-init.js';
import { DEMO_FULL_IMPORT, expectSuccess, useEmulatorSuite } from './e2e/project-fixture.js';
import { DEMO_IDS, demoWorld } from './support/world.js';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '..');
const recorder = path.join(repo, 'test/support/fixtures/record-module-loads.mjs');
const HEAVY = /@aws-sdk|@smithy|@inquirer|\/zod\//;
// What a read-only command never needs: the app config writers (only commands that write the config load them) and
// the built-ins commander and the atomic writes would load eagerly (child processes, hashing, random names).
const CONFIG_WRITERS = /^src\/core\/(client-config-render|amplify-outputs|gen1-js-config|gen1-native-config|resolved-client-config|import-records|api-config)\.ts$/;
const UNNEEDED_BUILTINS = ['node:child_process', 'node:crypto'];

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'mycli-startup-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Runs the built CLI with only PATH and a private HOME (no AWS settings at all); returns its exit code and the modules it loaded. */
async function modulesLoadedBy(args: string[], cwd = tmp): Promise<{ code: number; loaded: string[]; stderr: string }> {
  const log = path.join(tmp, `${args.join('_').replace(/\W+/g, '_')}-${Date.now()}.log`);
  await writeFile(log, '');
  let code = 0;
  let stderr = '';
  await run(process.execPath, ['--import', recorder, path.join(repo, 'bin/mycli.js'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', MODULE_LOAD_LOG: log, HOME: tmp, CI: 'true', NO_COLOR: '1' },
  }).then(
    (result) => {
      stderr = result.stderr;
    },
    (error: { code?: number; stderr?: string }) => {
      if (typeof error.code !== 'number') throw error;
      code = error.code;
      stderr = error.stderr ?? '';
    },
  );
  return { code, loaded: (await readFile(log, 'utf8')).split('\n').filter(Boolean), stderr };
}

/** The sources (src/…, node_modules/…) bundled into the dist/ files a run loaded, read from their source maps. */
async function sourcesLoaded(loaded: string[]): Promise<string[]> {
  const files = [...new Set(loaded.filter((url) => url.startsWith('file:') && url.includes('/dist/') && url.endsWith('.js')))];
  const maps = await Promise.all(files.map(async (url) => JSON.parse(await readFile(`${fileURLToPath(url)}.map`, 'utf8')) as { sources: string[] }));
  return maps.flatMap((map) => map.sources.map((source) => source.replace(/^(\.\.\/)+/, '')));
}

/** What a read-only command must not load beyond HEAVY: the config writers and the built-ins it does not use. */
async function expectReadOnlyLoads(loaded: string[], label: string): Promise<void> {
  const sources = await sourcesLoaded(loaded);
  expect(sources, label).toContain('src/cli.ts');
  expect(sources.filter((source) => CONFIG_WRITERS.test(source)), label).toEqual([]);
  expect(loaded.filter((url) => UNNEEDED_BUILTINS.includes(url)), label).toEqual([]);
}

describe('start-up cost', () => {
  it.each([[['--help']], [['import', 'auth', '--help']], [['--version']]])('%j loads neither the AWS SDK nor the prompts', async (args) => {
    const { code, loaded } = await modulesLoadedBy(args);
    expect(code).toBe(0);
    expect(loaded.some((url) => url.includes('/dist/'))).toBe(true);
    expect(loaded.filter((url) => HEAVY.test(url))).toEqual([]);
    await expectReadOnlyLoads(loaded, args.join(' '));
    // The completion script generator is loaded by `mycli completion` alone.
    expect(await sourcesLoaded(loaded)).not.toContain('src/core/completion-script.ts');
  });

  it('outside a project, import auth stops before loading the SDK', async () => {
    const { code, loaded } = await modulesLoadedBy(['import', 'auth', '--yes', '--user-pool-id', 'us-east-1_x', '--web-client-id', 'c']);
    expect(code).toBe(1);
    expect(loaded.filter((url) => url.includes('@aws-sdk'))).toEqual([]);
  });

  it('the recorder sees package loads (control): init reads the shared AWS config through @smithy/core', async () => {
    const projectDir = await mkdtemp(path.join(os.tmpdir(), 'mycli-startup-init-'));
    try {
      // Without --region, init looks for the configured one (and, here, finds none: exit 2 after the lookup).
      const { loaded } = await modulesLoadedBy(['init', '--yes', '--name', 'startup'], projectDir);
      expect(loaded.some((url) => url.includes('@smithy/core'))).toBe(true);
      expect(loaded.filter((url) => url.includes('@aws-sdk/client'))).toEqual([]);
    } finally {
      await rm(projectDir, { recursive: true, force: true });
    }
  });

  it('status in a project that has only been initialised loads nothing heavy', async () => {
    const projectDir = await mkdtemp(path.join(os.tmpdir(), 'mycli-startup-status-'));
    try {
      await initProject({ cwd: projectDir, projectName: 'startup', envName: 'dev', region: 'us-east-1' });
      const { code, loaded } = await modulesLoadedBy(['--cwd', projectDir, 'status']);
      expect(code).toBe(0);
      expect(loaded.filter((url) => HEAVY.test(url))).toEqual([]);
      await expectReadOnlyLoads(loaded, 'status');
    } finally {
      await rm(projectDir, { recursive: true, force: true });
    }
  });
});

describe('offline commands on a project with imported auth, storage, an API and a function grant', () => {
  const { newProject } = useEmulatorSuite(demoWorld, { workDirPrefix: 'mycli-startup-offline-' });
  let template: string;

  beforeAll(async () => {
    const project = await newProject();
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    await expectSuccess(project.run(['import', 'storage', '--yes', '--bucket', DEMO_IDS.mediaBucket, '--auth-access', 'read', '--guest-access', 'none']));
    await expectSuccess(project.run(['auth', 'grant-function', DEMO_IDS.adminFunction, '--access', 'read', '--yes']));
    await expectSuccess(project.run(['import', 'api', '--yes', '--rest-api-id', DEMO_IDS.restApiId, '--stage', 'dev', '--name', 'shopapi', '--auth-access', 'read']));
    template = path.join(tmp, 'offline-template');
    await cp(project.dir, template, { recursive: true });
  });

  const removeStorage = ['remove', 'storage', '--yes'];
  const revokeFunction = ['auth', 'revoke-function', DEMO_IDS.adminFunction];
  const removeApi = ['remove', 'api', 'shopapi', '--yes'];

  /** Each command, after the commands it needs first (auth is unlinked only once nothing depends on it). */
  async function offlineCommands(): Promise<string[][][]> {
    const commands = [
      [['status']],
      [['status', '--json']],
      [['status', '--policies']],
      [['env', 'list']],
      [['env', 'list', '--json']],
      [removeStorage],
      [revokeFunction],
      [removeApi],
      [removeStorage, revokeFunction, removeApi, ['remove', 'auth', '--yes']],
    ];
    // `completion` is offline too, once the CLI has it.
    const { stdout } = await run(process.execPath, [path.join(repo, 'bin/mycli.js'), '--help'], { env: { PATH: process.env.PATH ?? '', HOME: tmp } });
    if (/^\s+completion\b/m.test(stdout)) commands.push([['completion', 'bash']]);
    return commands;
  }

  it('each one succeeds without loading the AWS SDK, zod or the prompt library', async () => {
    for (const steps of await offlineCommands()) {
      // A copy per command: remove and revoke change the project.
      const projectDir = await mkdtemp(path.join(tmp, 'offline-'));
      await cp(template, projectDir, { recursive: true });
      for (const args of steps) {
        const { code, loaded, stderr } = await modulesLoadedBy(args, projectDir);
        expect(code, `mycli ${args.join(' ')}: ${stderr}`).toBe(0);
        expect(loaded.some((url) => url.includes('/dist/')), args.join(' ')).toBe(true);
        expect(loaded.filter((url) => HEAVY.test(url)), `mycli ${args.join(' ')}`).toEqual([]);
        if (args[0] === 'status' || args[0] === 'env') await expectReadOnlyLoads(loaded, `mycli ${args.join(' ')}`);
      }
    }
  });
});

describe('the built CLI (CommonJS, two esbuild passes)', () => {
  it('maps a stack frame of dist/ back to its TypeScript source when source maps are on (as --debug turns them on)', async () => {
    // main() given no argument list fails in its first line (src/cli.ts): the trace must name that file, not dist/.
    const script = `process.setSourceMapsEnabled(true); require(${JSON.stringify(path.join(repo, 'dist/cli.js'))}).main(undefined).catch((error) => console.log(error.stack));`;
    const { stdout } = await run(process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '', HOME: tmp } });
    const source = (await readFile(path.join(repo, 'src/cli.ts'), 'utf8')).split('\n');
    const line = source.findIndex((text) => text.includes("argv.includes('--debug')")) + 1;
    expect(stdout).toMatch(/TypeError/);
    expect(stdout).toMatch(new RegExp(`at (Object\\.)?main \\(.*/src/cli\\.ts:${line}:\\d+\\)`));
  });
});
