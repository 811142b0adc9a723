// Every project file, made unparseable and then of the wrong shape, in turn, under every command that reads it
// (every command reads them all): exit 1, a message naming the file, no call to AWS at all (so no write call) and
// no file changed. The commands run in this process (src/cli.ts main) so that the whole matrix stays fast; the
// project they run on was made by the built CLI against the emulators.
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.js';
import { DEMO_IDS, demoWorld } from '../support/world.js';
import { createTestProject, DEMO_FULL_IMPORT, expectSuccess, useEmulatorSuite } from './project-fixture.js';

const STORAGE = 'acmemedia';
const FUNCTION = DEMO_IDS.adminFunction;

const { emulators, workDir } = useEmulatorSuite(demoWorld, { workDirPrefix: 'mycli-files-', projectName: 'shop' });

let template: string;
beforeAll(async () => {
  const project = await createTestProject(emulators().env, workDir());
  for (const args of [
    ['init', '--yes', '--name', 'shop'],
    [...DEMO_FULL_IMPORT],
    ['import', 'storage', '--yes', '--bucket', DEMO_IDS.mediaBucket, '--auth-access', 'create,read', '--guest-access', 'read'],
    ['auth', 'grant-function', FUNCTION, '--access', 'read', '--yes'],
    ['push', '--yes'],
    ['env', 'add', 'prod', '--yes'],
    ['env', 'checkout', 'dev', '--yes'],
  ]) {
    await expectSuccess(project.run(args));
  }
  template = project.dir;
});

afterAll(async () => {
  if (template) await rm(template, { recursive: true, force: true });
});

type Json = Record<string, any>;

interface Corruption {
  file: string;
  /** Changes one value so that the file parses but has the wrong shape. */
  wrongShape: (json: Json) => unknown;
}

const CORRUPTIONS: Corruption[] = [
  { file: 'amplify/.config/project-config.json', wrongShape: (json) => ({ ...json, frontend: 7 }) },
  { file: 'amplify/.config/local-env-info.json', wrongShape: (json) => ({ ...json, envName: ['dev'] }) },
  { file: 'amplify/team-provider-info.json', wrongShape: (json) => ({ ...json, prod: { ...json.prod, awscloudformation: 'us-east-1' } }) },
  { file: 'amplify/backend/backend-config.json', wrongShape: (json) => ({ ...json, storage: 'S3' }) },
  { file: 'amplify/backend/amplify-meta.json', wrongShape: (json) => ({ ...json, auth: [] }) },
  { file: 'amplify/backend/auth/shop/parameters.json', wrongShape: (json) => ({ ...json, authSelections: 5 }) },
  { file: `amplify/backend/storage/${STORAGE}/parameters.json`, wrongShape: (json) => ({ ...json, authAccess: 'read' }) },
  { file: `amplify/backend/function/${FUNCTION}/parameters.json`, wrongShape: (json) => ({ ...json, userPoolAccess: 7 }) },
  { file: 'amplify/#current-cloud-backend/backend-config.json', wrongShape: (json) => ({ ...json, function: { [FUNCTION]: 7 } }) },
  { file: 'amplify/#current-cloud-backend/amplify-meta.json', wrongShape: (json) => ({ ...json, auth: { shop: { ...json.auth.shop, lastPushTimeStamp: 5 } } }) },
  { file: 'amplify/#current-cloud-backend/team-provider-info.json', wrongShape: () => [] },
  { file: 'amplify/#current-cloud-backend/mycli-pushed-state.json', wrongShape: (json) => ({ ...json, dev: { ...json.dev, policies: 'none' } }) },
  { file: 'amplify/#current-cloud-backend/auth/shop/parameters.json', wrongShape: (json) => ({ ...json, authSelections: true }) },
  { file: 'src/amplifyconfiguration.json', wrongShape: (json) => ({ ...json, aws_user_pools_id: 1 }) },
  { file: 'src/aws-exports.js', wrongShape: () => ({ aws_user_pools_id: ['x'] }) },
  { file: 'amplify_outputs.json', wrongShape: () => [] },
  { file: 'amplify/.config/local-client-config-files.json', wrongShape: (json) => ({ files: { ...json.files, 'src/aws-exports.js': { format: 'gen1-aws-exports' } } }) },
];

const COMMANDS: string[][] = [
  ['status'],
  ['env', 'list'],
  ['check'],
  ['push', '--yes'],
  ['push', '--dry-run'],
  ['env', 'add', 'qa', '--yes'],
  ['env', 'checkout', 'prod', '--yes'],
  ['env', 'remove', 'prod', '--yes'],
  ['env', 'remove', 'prod', '--force-unlock', '--yes'],
  [...DEMO_FULL_IMPORT],
  ['import', 'storage', '--yes', '--bucket', DEMO_IDS.mediaBucket, '--auth-access', 'read'],
  ['remove', 'storage', '--yes'],
  ['remove', 'auth', '--yes'],
  ['auth', 'grant-function', FUNCTION, '--access', 'read', '--yes'],
  ['auth', 'revoke-function', FUNCTION],
  ['status', '--remote'],
  ['push', '--force-unlock', '--yes'],
  ['import', 'api', '--yes', '--graphql-api-id', 'nosuchapi', '--auth-access', 'read'],
  ['remove', 'api', '--yes'],
  ['configure', 'project', '--frontend', 'android', '--yes'],
];

describe.each(CORRUPTIONS)('$file', (corruption) => {
  it.each([['unparseable'], ['of the wrong shape']])('%s: every command exits 1 naming it, calls no AWS and changes no file', async (how) => {
    const dir = await mkdtemp(path.join(workDir(), 'corrupt-'));
    try {
      await cp(template, dir, { recursive: true });
      const target = path.join(dir, corruption.file);
      await writeFile(target, how === 'unparseable' ? '{ "broken": ' : await wrongShapeOf(target, corruption));
      const before = await treeHash(dir);

      for (const command of COMMANDS) {
        emulators().stub.resetCalls();
        const result = await runInProcess(command, dir);
        const label = `mycli ${command.join(' ')}\n${result.stderr}`;
        expect(result.code, label).toBe(1);
        expect(result.stderr, label).toContain(corruption.file);
        expect(result.stderr, label).not.toMatch(/^\s+at /m);
        expect(result.stderr.trim().split('\n').length, label).toBeLessThanOrEqual(6);
        expect(emulators().stub.calls, label).toEqual([]);
        expect(await treeHash(dir), label).toBe(before);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

async function wrongShapeOf(target: string, corruption: Corruption): Promise<string> {
  const text = await readFile(target, 'utf8');
  if (target.endsWith('.js')) {
    return text.replace(/const awsmobile = [\s\S]*;\n\nexport default awsmobile;/, `const awsmobile = ${JSON.stringify(corruption.wrongShape({}))};\n\nexport default awsmobile;`);
  }
  return JSON.stringify(corruption.wrongShape(JSON.parse(text) as Json), null, 2);
}

/** One hash of every file's path and content under `dir`. */
async function treeHash(dir: string): Promise<string> {
  const { readdir } = await import('node:fs/promises');
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const hash = createHash('sha256');
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name)).sort();
  for (const file of files) hash.update(`${path.relative(dir, file)}\0`).update(await readFile(file)).update('\0');
  return hash.digest('hex');
}

/** Runs the CLI's entry in this process with the emulators' environment only, capturing what it prints. */
async function runInProcess(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (key !== 'PATH') delete process.env[key];
  Object.assign(process.env, emulators().env);
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await main(['node', 'mycli', '--cwd', cwd, ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    for (const key of Object.keys(process.env)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}
