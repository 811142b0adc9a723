// The package as a user gets it: a fresh copy of the repository (no dist/) is packed with `npm pack` (prepack builds),
// the tarball installed into a temporary prefix with its dependencies from the registry (npm's cache), and the
// installed `mycli` run from outside the repository: --help, init --yes and a headless import against the loopback
// services, loading nothing from the repository.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { DEMO_IDS, demoWorld } from '../support/world.js';
import { useEmulatorSuite } from './project-fixture.js';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));
const recorder = path.join(repo, 'test/support/fixtures/record-module-loads.mjs');
const packageJson = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')) as { name: string; version: string };
// Only node itself and the system tools: nothing that points into the repository.
const PATH = [path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter);

const { emulators, emptyProject } = useEmulatorSuite(demoWorld, { workDirPrefix: 'mycli-e2e-package-' });

let tmp: string;
let tarballFiles: string[];
let installedBin: string;
let installedEntry: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'mycli-package-'));
  // A fresh clone: the tracked files as they are in the working tree, and no dist/.
  const clone = path.join(tmp, 'clone');
  const { stdout: tracked } = await run('git', ['-C', repo, 'ls-files', '-z']);
  for (const file of tracked.split('\0').filter(Boolean)) {
    if (!existsSync(path.join(repo, file))) continue;
    await mkdir(path.dirname(path.join(clone, file)), { recursive: true });
    await copyFile(path.join(repo, file), path.join(clone, file));
  }
  expect(existsSync(path.join(clone, 'dist'))).toBe(false);
  // The build tools (tsc) a clone gets from `npm ci`; the installed copy below never sees them.
  await symlink(path.join(repo, 'node_modules'), path.join(clone, 'node_modules'), 'dir');

  const npmEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
  const { stdout: packed } = await run('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: clone, env: npmEnv, maxBuffer: 16 * 1024 * 1024 });
  const [report] = JSON.parse(packed.slice(packed.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarballFiles = report!.files.map((file) => file.path).sort();

  const prefix = path.join(tmp, 'prefix');
  await run('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', path.join(tmp, report!.filename)], {
    cwd: tmp,
    env: npmEnv,
  });
  installedBin = path.join(prefix, 'bin', 'mycli');
  installedEntry = path.join(prefix, 'lib', 'node_modules', packageJson.name, 'bin', 'mycli.js');
}, 600_000);

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('ships the built CLI, the launcher, the LICENSE and the README, and no sources or tests', () => {
    expect(tarballFiles).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'bin/mycli.js', 'dist/cli.js', 'package.json']));
    // dist/ is the esbuild bundle (scripts/build.mjs): the entry, one file per lazily loaded module, shared chunks.
    expect(tarballFiles.some((file) => /^dist\/import-auth-[\w-]+\.js$/.test(file))).toBe(true);
    expect(tarballFiles.filter((file) => /\.ts$/.test(file) || /(^|\/)test\//.test(file) || file.startsWith('src/'))).toEqual([]);
  });

  it('ships source maps only with their sources inside: none points at a file the package does not hold', async () => {
    const maps = tarballFiles.filter((file) => file.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    const installed = path.dirname(path.dirname(installedEntry));
    for (const file of maps) {
      expect(tarballFiles, `${file} maps a file the package ships`).toContain(file.replace(/\.map$/, ''));
      const map = JSON.parse(await readFile(path.join(installed, file), 'utf8')) as { sources: string[]; sourcesContent?: Array<string | null> };
      expect(map.sourcesContent?.length, file).toBe(map.sources.length);
      expect(map.sourcesContent?.every((content) => typeof content === 'string'), file).toBe(true);
    }
  });
});

describe('the installed mycli', () => {
  it('runs --help and --version through its bin link, from outside the repository', async () => {
    const help = await run(installedBin, ['--help'], { cwd: tmp, env: { PATH, HOME: tmp } });
    expect(help.stdout).toContain('Usage: mycli');
    expect(help.stdout).toContain('completion');
    const version = await run(installedBin, ['--version'], { cwd: tmp, env: { PATH, HOME: tmp } });
    expect(version.stdout.trim()).toBe(packageJson.version);
  });

  it('runs init --yes and a headless import against the loopback services, loading nothing from the repository', async () => {
    const project = await emptyProject();
    const env = { ...emulators().env, PATH, MODULE_LOAD_LOG: path.join(tmp, 'loads.log') };
    const init = await runCli(['init', '--yes', '--name', 'shop'], { cwd: project.dir, env, entry: installedEntry });
    expect(init.code, init.stderr).toBe(0);

    const payload = { version: 1, userPoolId: DEMO_IDS.userPoolId, webClientId: DEMO_IDS.webClientId, identityPoolId: DEMO_IDS.identityPoolId };
    const headless = await runCli(['import', 'auth', '--headless'], { cwd: project.dir, env, entry: installedEntry, nodeArgs: ['--import', recorder], input: JSON.stringify(payload) });
    expect(headless.code, headless.stderr).toBe(0);
    expect(headless.stderr).toContain(`'acme-users' (${DEMO_IDS.userPoolId})`);
    const teamProvider = await project.readJson('amplify/team-provider-info.json');
    expect(teamProvider.dev.categories.auth.shop).toMatchObject({ userPoolId: DEMO_IDS.userPoolId, identityPoolId: DEMO_IDS.identityPoolId });

    const loaded = (await readFile(env.MODULE_LOAD_LOG, 'utf8')).split('\n').filter((url) => url.startsWith('file:'));
    expect(loaded.some((url) => url.includes('/node_modules/@aws-sdk/client-cognito-identity-provider/'))).toBe(true);
    // The recorder itself is the repository's; everything the CLI loaded came from the installed copy.
    expect(loaded.filter((url) => fileURLToPath(url).startsWith(repo) && !url.includes('/test/support/fixtures/'))).toEqual([]);

    const status = await runCli(['status'], { cwd: project.dir, env, entry: installedEntry });
    expect(status.stdout).toContain('│ Auth ');
  });
});
