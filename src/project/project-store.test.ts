import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { initProject } from './project-init.js';
import { ProjectStore } from './project-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mycli-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const file = (...parts: string[]) => join(dir, ...parts);
const readJson = async (...parts: string[]) => JSON.parse(await readFile(file(...parts), 'utf8')) as unknown;
const writeJson = (value: unknown, ...parts: string[]) => writeFile(file(...parts), JSON.stringify(value, null, 2));

async function openInitialised(options?: Parameters<typeof ProjectStore.open>[1]): Promise<ProjectStore> {
  await initProject({ cwd: dir, projectName: 'notes', envName: 'dev', region: 'eu-west-1', sourceDir: 'src' });
  return ProjectStore.open(dir, options);
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
    expect(await store.projectConfig()).toEqual({ projectName: 'notes', sourceDir: 'src', frontend: 'javascript' });
    expect(await store.currentEnv()).toEqual({ name: 'dev', region: 'eu-west-1' });
    expect(await store.authResource()).toBeUndefined();
    expect(store.relative(store.paths.meta)).toBe(join('amplify', 'backend', 'amplify-meta.json'));
  });

  it('names the missing file and the environments when local-env-info.json is gone', async () => {
    const store = await openInitialised();
    await rm(file('amplify', '.config', 'local-env-info.json'));
    const error = await caught(store.currentEnv());
    expect(error.message).toContain(join('amplify', '.config', 'local-env-info.json'));
    expect(error.resolution).toContain('(dev)');
  });

  it('names the key when the env has no region', async () => {
    const store = await openInitialised();
    await writeJson({ dev: { categories: {} } }, 'amplify', 'team-provider-info.json');
    const error = await caught(store.currentEnv());
    expect(error.message).toBe(`${join('amplify', 'team-provider-info.json')} has no text value at "dev.awscloudformation.Region".`);
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
    expect(error.message).toBe(`${join('amplify', 'backend', 'backend-config.json')}: "auth" should be a JSON object.`);
    expect(await readdir(file('amplify', 'backend'))).not.toContain('auth');
  });

  it('treats an auth entry without serviceType as CLI-managed', async () => {
    const store = await openInitialised();
    await writeJson({ auth: { cognito1: { service: 'Cognito' } } }, 'amplify', 'backend', 'backend-config.json');
    expect(await store.authResource()).toEqual({ resourceName: 'cognito1', serviceType: 'managed' });
  });
});

describe('app config files', () => {
  const parseAwsExports = (text: string) => (text.includes('aws_project_region') ? { aws_project_region: 'eu-west-1' } : undefined);

  it('reports none, then reads aws-exports.js through the injected parser, then prefers amplifyconfiguration.json', async () => {
    const store = await openInitialised({ parseAwsExports });
    expect(await store.readAppConfig()).toEqual({ config: {}, source: 'none' });

    await mkdir(file('src'));
    await writeFile(file('src', 'aws-exports.js'), 'const awsmobile = { "aws_project_region": "eu-west-1" };\nexport default awsmobile;\n');
    expect(await store.readAppConfig()).toEqual({ config: { aws_project_region: 'eu-west-1' }, source: 'aws-exports.js' });

    await writeJson({ aws_project_region: 'us-east-1' }, 'src', 'amplifyconfiguration.json');
    expect(await store.readAppConfig()).toEqual({ config: { aws_project_region: 'us-east-1' }, source: 'amplifyconfiguration.json' });
  });

  it('rejects an unreadable aws-exports.js or amplifyconfiguration.json', async () => {
    const store = await openInitialised({ parseAwsExports });
    await mkdir(file('src'));
    await writeFile(file('src', 'aws-exports.js'), 'module.exports = 42;\n');
    expect((await caught(store.readAppConfig())).message).toContain(join('src', 'aws-exports.js'));

    await writeFile(file('src', 'amplifyconfiguration.json'), '{ "a": }');
    const error = await caught(store.readAppConfig());
    expect(error.message).toMatch(new RegExp(`^${join('src', 'amplifyconfiguration.json')}:1:8: `));
  });

  it('writes both files into the source folder', async () => {
    const store = await openInitialised();
    const changes = await store.writeAppConfig({ awsExportsJs: 'export default {};\n', amplifyConfigurationJson: '{}\n' });
    expect(changes.map((c) => [store.relative(c.path), c.change])).toEqual([
      [join('src', 'aws-exports.js'), 'created'],
      [join('src', 'amplifyconfiguration.json'), 'created'],
    ]);
    expect(await readFile(file('src', 'aws-exports.js'), 'utf8')).toBe('export default {};\n');
    expect(await readdir(file('src'))).toEqual(['amplifyconfiguration.json', 'aws-exports.js']);
  });
});
