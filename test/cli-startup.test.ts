// `mycli --help` (and other commands that need no AWS) must not pay for the AWS SDK or the prompt library.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initProject } from '../src/project/project-init.js';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '..');
const recorder = path.join(repo, 'test/support/fixtures/record-module-loads.mjs');

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'mycli-startup-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function modulesLoadedBy(args: string[]): Promise<string[]> {
  const log = path.join(tmp, `${args.join('_').replace(/\W+/g, '_')}.log`);
  await run(process.execPath, ['--import', recorder, path.join(repo, 'bin/mycli.js'), ...args], {
    cwd: tmp,
    env: { PATH: process.env.PATH ?? '', MODULE_LOAD_LOG: log, HOME: tmp },
  }).catch((error: { code?: number }) => {
    if (typeof error.code !== 'number') throw error;
  });
  return (await readFile(log, 'utf8')).split('\n').filter(Boolean);
}

describe('start-up cost', () => {
  it.each([[['--help']], [['import', 'auth', '--help']], [['--version']]])('%j loads neither the AWS SDK nor the prompts', async (args) => {
    const loaded = await modulesLoadedBy(args);
    expect(loaded.some((url) => url.includes('/dist/cli.js'))).toBe(true);
    expect(loaded.filter((url) => /@aws-sdk|@smithy|@inquirer|zod/.test(url))).toEqual([]);
  });

  it('outside a project, import auth stops before loading the SDK', async () => {
    const loaded = await modulesLoadedBy(['import', 'auth', '--yes', '--user-pool-id', 'us-east-1_x', '--web-client-id', 'c']);
    expect(loaded.some((url) => url.includes('/dist/commands/import-auth.js'))).toBe(true);
    expect(loaded.filter((url) => url.includes('@aws-sdk'))).toEqual([]);
  });

  it('status inside an initialised project with imported auth loads neither the AWS SDK nor the prompts', async () => {
    // Its own folder: a project created in tmp by another case must not be found above it.
    const projectDir = await mkdtemp(path.join(os.tmpdir(), 'mycli-startup-status-'));
    try {
      await initProject({ cwd: projectDir, projectName: 'startup', envName: 'dev', region: 'us-east-1' });
      await writeFile(path.join(projectDir, 'amplify/backend/backend-config.json'), JSON.stringify({ auth: { shop: { service: 'Cognito', serviceType: 'imported' } } }));
      const loaded = await modulesLoadedBy(['--cwd', projectDir, 'status']);
      expect(loaded.some((url) => url.includes('/dist/commands/status.js'))).toBe(true);
      expect(loaded.filter((url) => /@aws-sdk|@smithy|@inquirer|zod/.test(url))).toEqual([]);
    } finally {
      await rm(projectDir, { recursive: true, force: true });
    }
  });

  it('the recorder sees package loads (control): init reads the shared AWS config through @smithy/core', async () => {
    // Without --region, init looks for the configured one (and, here, finds none: exit 2 after the lookup).
    const loaded = await modulesLoadedBy(['init', '--yes', '--name', 'startup']);
    expect(loaded.some((url) => url.includes('@smithy/core'))).toBe(true);
    expect(loaded.filter((url) => url.includes('@aws-sdk/client'))).toEqual([]);
  });
});
