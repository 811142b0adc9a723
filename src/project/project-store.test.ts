import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../core/errors.js';
import { initProject } from './project-init.js';
import { ProjectStore } from './project-store.js';

// Tests run as root here, where chmod cannot deny access: one test makes access() refuse a folder instead.
const deniedFolder = vi.hoisted(() => ({ path: undefined as string | undefined }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    access: async (path: string, mode?: number) => {
      if (path === deniedFolder.path) throw Object.assign(new Error(`EACCES: permission denied, access '${path}'`), { code: 'EACCES' });
      return actual.access(path, mode);
    },
  };
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mycli-store-'));
});
afterEach(async () => {
  deniedFolder.path = undefined;
  await rm(dir, { recursive: true, force: true });
});

const file = (...parts: string[]) => join(dir, ...parts);
const readJson = async (...parts: string[]) => JSON.parse(await readFile(file(...parts), 'utf8')) as unknown;
const writeJson = (value: unknown, ...parts: string[]) => writeFile(file(...parts), JSON.stringify(value, null, 2));

async function openInitialised(): Promise<ProjectStore> {
  await initProject({ cwd: dir, projectName: 'notes', envName: 'dev', region: 'eu-west-1' });
  return ProjectStore.open(dir);
}

async function caught(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

const records = {
  resourceName: 'notesImported',
  envName: 'dev',
  parameters: { serviceType: 'imported', authSelections: 'userPoolOnly' },
  backendConfigEntry: { service: 'Cognito', serviceType: 'imported' },
  metaEntry: { service: 'Cognito', serviceType: 'imported', output: { UserPoolId: 'eu-west-1_abc' } },
  envParameters: { userPoolId: 'eu-west-1_abc' },
};

describe('ProjectStore.open', () => {
  it('finds the project from a subfolder and fails with NoProject outside one', async () => {
    await openInitialised();
    await mkdir(file('src', 'ui'), { recursive: true });
    expect((await ProjectStore.open(file('src', 'ui'))).root).toBe(dir);

    const error = await caught(ProjectStore.open(tmpdir()));
    expect(error.kind).toBe('NoProject');
    expect(error.message).toBe(`No mycli project found in ${tmpdir()} or any folder above it.`);
    expect(error.resolution).toContain('mycli init');
  });
});

describe('reading project state', () => {
  it('reads the project config, the current env and no auth resource', async () => {
    const store = await openInitialised();
    expect(await store.projectConfig()).toEqual({
      projectName: 'notes',
      frontend: 'javascript',
      frontendSettings: { frontend: 'javascript', sourceDir: 'src', outputs: 'both' },
    });
    expect(await store.currentEnv()).toEqual({ name: 'dev', region: 'eu-west-1' });
    expect(await store.authResource()).toBeUndefined();
    expect(store.relative(store.paths.meta)).toBe(join('amplify', 'backend', 'amplify-meta.json'));
  });

  it('names the missing file and the environments when local-env-info.json is gone', async () => {
    const store = await openInitialised();
    await rm(file('amplify', '.config', 'local-env-info.json'));
    const error = await caught(store.currentEnv());
    expect(error.message).toContain(join('amplify', '.config', 'local-env-info.json'));
    expect(error.resolution).toBe(`Run \`mycli env checkout dev\`; it recreates ${join('amplify', '.config', 'local-env-info.json')}.`);

    await writeJson({ dev: { awscloudformation: { Region: 'eu-west-1' } }, prod: { awscloudformation: { Region: 'us-east-1' } } }, 'amplify', 'team-provider-info.json');
    expect((await caught(store.currentEnv())).resolution).toContain('Run `mycli env checkout <env>` with <env> one of: dev, prod');
  });

  it('says to check out an existing env when local-env-info.json names one team-provider-info.json does not list', async () => {
    const store = await openInitialised();
    await writeJson({ projectPath: dir, defaultEditor: 'none', envName: 'gone' }, 'amplify', '.config', 'local-env-info.json');
    const error = await caught(store.currentEnv());
    expect(error.message).toBe(`${join('amplify', '.config', 'local-env-info.json')} names environment 'gone', which ${join('amplify', 'team-provider-info.json')} does not list.`);
    expect(error.resolution).toContain('mycli env checkout dev');
    expect(error.resolution).not.toContain('{');
  });

  it('offers git only for tracked files, and how mycli rebuilds the git-ignored ones', async () => {
    const store = await openInitialised();
    await writeFile(file('amplify', 'backend', 'amplify-meta.json'), '{ broken');
    const metaError = await caught(store.readMeta());
    expect(metaError.resolution).toContain('mycli env checkout <current env>');
    expect(metaError.resolution).not.toContain('git');

    await writeJson({ projectPath: dir }, 'amplify', '.config', 'local-env-info.json');
    const envError = await caught(store.currentEnv());
    expect(envError.resolution).toContain('mycli env checkout');
    expect(envError.resolution).not.toContain('git');

    await writeFile(file('amplify', 'backend', 'backend-config.json'), '{ broken');
    expect((await caught(store.readBackendConfig())).resolution).toContain(`git checkout -- ${join('amplify', 'backend', 'backend-config.json')}`);
  });

  it('names the key when the env has no region', async () => {
    const store = await openInitialised();
    await writeJson({ dev: { categories: {} } }, 'amplify', 'team-provider-info.json');
    const error = await caught(store.currentEnv());
    expect(error.message).toBe(`${join('amplify', 'team-provider-info.json')}: dev.awscloudformation: expected an object with the environment's "Region", found nothing`);
  });
});

describe('saveImportedAuth', () => {
  it('writes the four records and keeps unrelated keys, categories and envs', async () => {
    const store = await openInitialised();
    await writeJson({ api: { notes: { service: 'AppSync' } } }, 'amplify', 'backend', 'backend-config.json');
    await writeJson({
      dev: { awscloudformation: { Region: 'eu-west-1' }, categories: { api: { notes: { x: 1 } } } },
      prod: { awscloudformation: { Region: 'us-east-1' }, categories: { auth: { other: { userPoolId: 'p' } } } },
    }, 'amplify', 'team-provider-info.json');

    const changes = await store.saveImportedAuth(records);

    expect(changes.map((c) => [store.relative(c.path), c.change])).toEqual([
      [join('amplify', 'backend', 'auth', 'notesImported', 'parameters.json'), 'created'],
      [join('amplify', 'backend', 'backend-config.json'), 'updated'],
      [join('amplify', 'backend', 'amplify-meta.json'), 'updated'],
      [join('amplify', 'team-provider-info.json'), 'updated'],
    ]);
    expect(await readJson('amplify', 'backend', 'auth', 'notesImported', 'parameters.json')).toEqual(records.parameters);
    expect(await readJson('amplify', 'backend', 'backend-config.json')).toEqual({
      api: { notes: { service: 'AppSync' } },
      auth: { notesImported: records.backendConfigEntry },
    });
    expect(await readJson('amplify', 'backend', 'amplify-meta.json')).toEqual({
      providers: { awscloudformation: { Region: 'eu-west-1' } },
      auth: { notesImported: records.metaEntry },
    });
    expect(await readJson('amplify', 'team-provider-info.json')).toEqual({
      dev: { awscloudformation: { Region: 'eu-west-1' }, categories: { api: { notes: { x: 1 } }, auth: { notesImported: records.envParameters } } },
      prod: { awscloudformation: { Region: 'us-east-1' }, categories: { auth: { other: { userPoolId: 'p' } } } },
    });
    expect(await store.authResource()).toEqual({ resourceName: 'notesImported', serviceType: 'imported' });
    expect(await store.readAuthEnvParameters('dev', 'notesImported')).toEqual(records.envParameters);
    expect(await store.readAuthEnvParameters('prod', 'notesImported')).toBeUndefined();
    expect((await store.saveImportedAuth(records)).every((c) => c.change === 'unchanged')).toBe(true);
  });

  it('stops before writing anything when team-provider-info.json does not parse', async () => {
    const store = await openInitialised();
    const broken = '{\n  "dev": {\n    "awscloudformation": { "Region": "eu-west-1" },\n  }\n}\n';
    await writeFile(file('amplify', 'team-provider-info.json'), broken);
    const backendBefore = await stat(file('amplify', 'backend', 'backend-config.json'));
    const metaBefore = await readFile(file('amplify', 'backend', 'amplify-meta.json'), 'utf8');

    const error = await caught(store.saveImportedAuth(records));

    expect(error.kind).toBe('ProjectFileInvalid');
    expect(error.message).toMatch(new RegExp(`^${join('amplify', 'team-provider-info.json')}:4:3: `));
    expect(await readFile(file('amplify', 'team-provider-info.json'), 'utf8')).toBe(broken);
    expect((await stat(file('amplify', 'backend', 'backend-config.json'))).mtimeMs).toBe(backendBefore.mtimeMs);
    expect(await readFile(file('amplify', 'backend', 'amplify-meta.json'), 'utf8')).toBe(metaBefore);
    expect(await readdir(file('amplify', 'backend'))).not.toContain('auth');
  });

  it('names the key when a level on the way is not an object', async () => {
    const store = await openInitialised();
    await writeJson({ auth: 'oops' }, 'amplify', 'backend', 'backend-config.json');
    const error = await caught(store.saveImportedAuth(records));
    expect(error.message).toBe(`${join('amplify', 'backend', 'backend-config.json')}: auth: expected an object of resources ({"<resource name>": { … }}), found a string`);
    expect(await readdir(file('amplify', 'backend'))).not.toContain('auth');
  });

  it('checks that the app config folder can be written before recording anything', async () => {
    const store = await openInitialised();
    await writeFile(file('src'), 'a file where the source folder should be');
    const error = await caught(store.saveImportedAuth(records));
    expect(error.message).toBe(`Cannot write ${join('src', 'aws-exports.js')}: a part of its folder path is a file (ENOTDIR).`);
    expect(await readdir(file('amplify', 'backend'))).not.toContain('auth');
    expect(await readJson('amplify', 'backend', 'backend-config.json')).toEqual({});
  });

  it('names the file and the permission fix when a folder is not writable', async () => {
    const store = await openInitialised();
    deniedFolder.path = file('amplify');
    const error = await caught(store.saveImportedAuth(records));
    expect(error.message).toBe(`Cannot write ${join('amplify', 'team-provider-info.json')}: permission denied (EACCES).`);
    expect(error.resolution).toContain('write permission');
    expect(await readdir(file('amplify', 'backend'))).not.toContain('auth');
    await expect(store.assertWritable([file('src', 'deep', 'new.json'), file('amplify', 'backend', 'x.json')])).resolves.toBeUndefined();
  });

  it('treats an auth entry without serviceType as CLI-managed', async () => {
    const store = await openInitialised();
    await writeJson({ auth: { cognito1: { service: 'Cognito' } } }, 'amplify', 'backend', 'backend-config.json');
    expect(await store.authResource()).toEqual({ resourceName: 'cognito1', serviceType: 'managed' });
  });
});

describe('importedStorage', () => {
  it('returns only storage mycli imported, never an Amplify-managed bucket', async () => {
    const store = await openInitialised();
    await writeJson({ storage: { amplifyMedia: { service: 'S3', providerPlugin: 'awscloudformation' } } }, 'amplify', 'backend', 'backend-config.json');
    expect(await store.importedStorage('dev')).toBeUndefined();

    await writeJson({
      storage: { amplifyMedia: { service: 'S3', serviceType: 'managed' }, media: { service: 'S3', serviceType: 'imported' } },
    }, 'amplify', 'backend', 'backend-config.json');
    await writeJson({
      dev: { awscloudformation: { Region: 'eu-west-1' }, categories: { storage: { media: { bucketName: 'acme-media', region: 'eu-west-1' } } } },
    }, 'amplify', 'team-provider-info.json');
    expect(await store.importedStorage('dev')).toEqual({ resourceName: 'media', bucket: { bucketName: 'acme-media', region: 'eu-west-1' } });
  });
});
