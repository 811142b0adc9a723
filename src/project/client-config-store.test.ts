import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderClientConfigFiles } from '../core/client-config-render.js';
import { UserError } from '../core/errors.js';
import { frontendSettings, type FrontendSettings } from '../core/frontend-settings.js';
import { resolveClientConfig } from '../core/resolved-client-config.js';
import { readClientConfigFiles, writeClientConfigFiles } from './client-config-store.js';
import { initProject } from './project-init.js';
import { ProjectStore } from './project-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mycli-client-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const file = (...parts: string[]) => join(dir, ...parts);

async function project(settings: FrontendSettings = frontendSettings({ frontend: 'javascript' })): Promise<ProjectStore> {
  await initProject({ cwd: dir, projectName: 'notes', envName: 'dev', region: 'eu-west-1', frontend: settings });
  return ProjectStore.open(dir);
}

/** Writes the (auth-less) config of the store's current settings, as every command does: read all, then write. */
async function writeConfig(store: ProjectStore) {
  const snapshot = await readClientConfigFiles(store);
  const { frontend } = await store.projectConfig();
  const { config } = resolveClientConfig({ frontend, projectRegion: 'eu-west-1' });
  return writeClientConfigFiles(store, snapshot, renderClientConfigFiles(config, snapshot.files, snapshot.existing));
}

async function caught(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

const record = async () => JSON.parse(await readFile(file('amplify', '.config', 'local-client-config-files.json'), 'utf8')) as {
  files: Record<string, { format: string; sha256: string; createdByMycli: boolean }>;
};

describe('reading the app config files', () => {
  it('reads aws-exports.js when it is the only one, and prefers amplifyconfiguration.json', async () => {
    const store = await project();
    await mkdir(file('src'));
    await writeFile(file('src', 'aws-exports.js'), 'const awsmobile = { "aws_project_region": "eu-west-1", "x": 1 };\nexport default awsmobile;\n');
    expect((await readClientConfigFiles(store)).existing.get('src/aws-exports.js')).toEqual({ aws_project_region: 'eu-west-1', x: 1 });
    const rendered = (await writeConfig(store)).changes;
    expect(rendered.map((change) => [store.relative(change.path), change.change])).toEqual([
      [join('src', 'aws-exports.js'), 'updated'],
      [join('src', 'amplifyconfiguration.json'), 'created'],
      ['amplify_outputs.json', 'created'],
    ]);
    expect(JSON.parse(await readFile(file('src', 'amplifyconfiguration.json'), 'utf8'))).toEqual({ aws_project_region: 'eu-west-1', x: 1 });
  });

  it('refuses an unreadable file by path (and line for JSON), telling to rewrite it with env checkout, not git', async () => {
    const store = await project();
    await mkdir(file('src'));
    await writeFile(file('src', 'aws-exports.js'), 'module.exports = 42;\n');
    const script = await caught(readClientConfigFiles(store));
    expect(script.message).toContain(join('src', 'aws-exports.js'));
    expect(script.resolution).toContain('mycli env checkout <current env>');
    expect(script.resolution).not.toContain('git');

    await writeFile(file('amplify_outputs.json'), '{ "a": }');
    await rm(file('src', 'aws-exports.js'));
    expect((await caught(readClientConfigFiles(store))).message).toMatch(/^amplify_outputs\.json:1:8: /);
  });

  it('refuses a Dart file that is not a config constant', async () => {
    const store = await project(frontendSettings({ frontend: 'flutter' }));
    await mkdir(file('lib'));
    await writeFile(file('lib', 'amplify_outputs.dart'), "const amplifyConfig = '''{}''' + evil;\n");
    expect((await caught(readClientConfigFiles(store))).message).toBe(`${join('lib', 'amplify_outputs.dart')} does not hold a config object mycli can read.`);
  });
});

describe('the record of the files mycli wrote', () => {
  it('lists each file with its hash and whether mycli created it', async () => {
    const store = await project();
    await writeFile(file('amplify_outputs.json'), '{"version":"1.4","custom":{"mine":true}}');
    await writeConfig(store);
    const { files } = await record();
    expect(Object.keys(files)).toEqual(['src/aws-exports.js', 'src/amplifyconfiguration.json', 'amplify_outputs.json']);
    expect(files['src/aws-exports.js']).toMatchObject({ format: 'gen1-aws-exports', createdByMycli: true });
    expect(files['amplify_outputs.json']).toMatchObject({ format: 'gen2-json', createdByMycli: false });
    expect(files['amplify_outputs.json']!.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Written again: still not mycli's creation.
    await writeConfig(store);
    expect((await record()).files['amplify_outputs.json']!.createdByMycli).toBe(false);
  });

  it('deletes the files mycli created that no longer apply, and leaves edited or pre-existing ones with a note', async () => {
    const store = await project();
    await mkdir(file('src'));
    await writeFile(file('src', 'amplifyconfiguration.json'), '{"aws_project_region":"eu-west-1","theirs":1}');
    await writeConfig(store);

    await store.saveFrontendSettings(frontendSettings({ frontend: 'javascript', outputs: 'gen2' }));
    const { changes, notes } = await writeConfig(store);
    expect(changes.filter((change) => change.change === 'deleted').map((change) => store.relative(change.path))).toEqual([join('src', 'aws-exports.js')]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(`'${join('src', 'amplifyconfiguration.json')}' no longer applies`);
    expect(notes[0]).toContain('existed before mycli wrote to it');
    expect(await readdir(file('src'))).toEqual(['amplifyconfiguration.json']);
    expect(Object.keys((await record()).files)).toEqual(['amplify_outputs.json']);

    await store.saveFrontendSettings(frontendSettings({ frontend: 'ios', outputs: 'gen1' }));
    await writeConfig(store);
    await writeFile(file('awsconfiguration.json'), '{"edited":true}');
    await store.saveFrontendSettings(frontendSettings({ frontend: 'android' }));
    const switched = await writeConfig(store);
    expect(switched.changes.filter((change) => change.change === 'deleted').map((change) => store.relative(change.path))).toEqual(['amplifyconfiguration.json']);
    expect(switched.notes.join('\n')).toContain("'awsconfiguration.json' no longer applies to this project's frontend, but it changed since mycli wrote it");
    expect(await readFile(file('awsconfiguration.json'), 'utf8')).toBe('{"edited":true}');
  });

  it('replaces its own file of another format at the same path instead of reading it as this one', async () => {
    const store = await project(frontendSettings({ frontend: 'javascript', sourceDir: '.', outputs: 'gen1' }));
    await writeConfig(store);
    await store.saveFrontendSettings(frontendSettings({ frontend: 'ios', outputs: 'gen1' }));
    await writeConfig(store);
    const native = JSON.parse(await readFile(file('amplifyconfiguration.json'), 'utf8'));
    expect(native).toEqual({ UserAgent: 'aws-amplify-cli/2.0', Version: '1.0' });
  });

  it('refuses a record that names a file outside the project, deleting nothing', async () => {
    const store = await project();
    await writeFile(file('amplify', '.config', 'local-client-config-files.json'),
      JSON.stringify({ files: { '../victim.json': { format: 'gen2-json', sha256: '0'.repeat(64), createdByMycli: true } } }));
    const error = await caught(readClientConfigFiles(store));
    expect(error.message).toContain('files["../victim.json"]: expected a path inside the project');
    expect(error.resolution).toContain('delete');
  });
});

describe('saveFrontendSettings', () => {
  it("replaces the previous frontend's section, keeps every other key and the same frontend's own config keys", async () => {
    const store = await project();
    const path = file('amplify', '.config', 'project-config.json');
    const config = JSON.parse(await readFile(path, 'utf8'));
    await writeFile(path, JSON.stringify({ ...config, javascript: { ...config.javascript, framework: 'react' }, extra: 1 }));
    await store.saveFrontendSettings(frontendSettings({ frontend: 'javascript', sourceDir: 'web', outputs: 'gen1' }));
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({
      javascript: { framework: 'react', config: { SourceDir: 'web', DistributionDir: 'dist' } },
      extra: 1,
      mycli: { outputs: 'gen1' },
    });
    await store.saveFrontendSettings(frontendSettings({ frontend: 'android' }));
    const android = JSON.parse(await readFile(path, 'utf8'));
    expect(android).toMatchObject({ frontend: 'android', android: { config: { ResDir: 'app/src/main/res' } }, extra: 1 });
    expect(android).not.toHaveProperty('javascript');
    expect((await store.projectConfig()).frontendSettings).toEqual({ frontend: 'android', resDir: 'app/src/main/res', outputs: 'both' });
  });

  it('refuses a hand-edited frontend section: an unknown outputs choice, a folder outside the project', async () => {
    await project();
    const path = file('amplify', '.config', 'project-config.json');
    const config = JSON.parse(await readFile(path, 'utf8'));
    const shown = join('amplify', '.config', 'project-config.json');
    // Opening the project reads and checks it.
    await writeFile(path, JSON.stringify({ ...config, mycli: { outputs: 'gen3' } }));
    expect((await caught(ProjectStore.open(dir))).message).toBe(
      `${shown}: mycli.outputs: expected which app config files mycli writes: "gen1", "gen2" or "both", found "gen3"`,
    );
    await writeFile(path, JSON.stringify({ ...config, javascript: { config: { SourceDir: '../out' } } }));
    expect((await caught(ProjectStore.open(dir))).message).toBe(
      `${shown}: javascript.config.SourceDir: expected a folder inside the project, relative to it, found "../out"`,
    );
  });
});
