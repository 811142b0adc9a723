import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { frontendSettings } from '../core/frontend-settings.js';
import { initProject } from './project-init.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mycli-init-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const options = (cwd: string) => ({ cwd, projectName: 'notes_app', envName: 'dev', region: 'eu-west-1' });
const readJson = async (...parts: string[]) => JSON.parse(await readFile(join(dir, ...parts), 'utf8')) as unknown;

describe('initProject', () => {
  it('writes the Gen 1 project files with their exact keys', async () => {
    const result = await initProject(options(dir));

    expect(result).toMatchObject({ root: dir, alreadyExisted: false });
    // project-config.json marks a project, so it comes last.
    expect(result.changes.map((c) => [c.path.slice(dir.length + 1), c.change])).toEqual([
      ['amplify/.config/local-env-info.json', 'created'],
      ['amplify/team-provider-info.json', 'created'],
      ['amplify/backend/backend-config.json', 'created'],
      ['amplify/backend/amplify-meta.json', 'created'],
      ['.gitignore', 'created'],
      ['amplify/.config/project-config.json', 'created'],
    ]);
    expect(await readJson('amplify', '.config', 'project-config.json')).toEqual({
      projectName: 'notes_app',
      version: '3.1',
      frontend: 'javascript',
      javascript: {
        framework: 'none',
        config: { SourceDir: 'src', DistributionDir: 'dist', BuildCommand: 'npm run-script build', StartCommand: 'npm run-script start' },
      },
      providers: ['awscloudformation'],
      mycli: { outputs: 'both' },
    });
    expect(await readJson('amplify', '.config', 'local-env-info.json')).toEqual({ projectPath: dir, defaultEditor: 'none', envName: 'dev' });
    expect(await readJson('amplify', 'team-provider-info.json')).toEqual({
      dev: { awscloudformation: { Region: 'eu-west-1' }, categories: {} },
    });
    expect(await readJson('amplify', 'backend', 'backend-config.json')).toEqual({});
    expect(await readJson('amplify', 'backend', 'amplify-meta.json')).toEqual({ providers: { awscloudformation: { Region: 'eu-west-1' } } });
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toContain('#amplify-do-not-edit-begin\namplify/\\#current-cloud-backend\n');
  });

  it("keeps the user's .gitignore lines", async () => {
    await writeFile(join(dir, '.gitignore'), '.env\n');
    const result = await initProject(options(dir));
    expect(result.changes.find((c) => c.path === join(dir, '.gitignore'))?.change).toBe('updated');
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toMatch(/^\.env\n\n#amplify-do-not-edit-begin\n/);
  });

  it('writes nothing inside an existing project, from its root or a subfolder', async () => {
    await initProject(options(dir));
    const configPath = join(dir, 'amplify', '.config', 'project-config.json');
    const before = await readFile(configPath, 'utf8');
    await mkdir(join(dir, 'src', 'components'), { recursive: true });

    for (const cwd of [dir, join(dir, 'src', 'components')]) {
      const again = await initProject({ ...options(cwd), projectName: 'other', envName: 'prod' });
      expect(again).toEqual({ root: dir, alreadyExisted: true, changes: [] });
    }
    expect(await readFile(configPath, 'utf8')).toBe(before);
    expect(await readdir(join(dir, 'src', 'components'))).toEqual([]);
  });

  it('completes an init interrupted before project-config.json was written when run again', async () => {
    await initProject(options(dir));
    await rm(join(dir, 'amplify', '.config', 'project-config.json'));

    const again = await initProject(options(dir));
    expect(again.alreadyExisted).toBe(false);
    expect(again.changes.filter((c) => c.change !== 'unchanged').map((c) => c.path.slice(dir.length + 1))).toEqual([
      'amplify/.config/project-config.json',
    ]);
  });

  it('refuses to overwrite the files of an incomplete project', async () => {
    await mkdir(join(dir, 'amplify', 'backend'), { recursive: true });
    await writeFile(join(dir, 'amplify', 'backend', 'backend-config.json'), '{"auth":{"x":{}}}');
    const error = await initProject(options(dir)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain('amplify/backend/backend-config.json already exists');
    expect(await readFile(join(dir, 'amplify', 'backend', 'backend-config.json'), 'utf8')).toBe('{"auth":{"x":{}}}');
    expect(await readdir(join(dir, 'amplify'))).toEqual(['backend']);
  });

  it.each([
    ['projectName', 'my app', '--name'],
    ['projectName', '', '--name'],
    ['projectName', 'x'.repeat(65), '--name'],
    ['envName', 'Dev', '--env'],
    ['envName', 'd', '--env'],
    ['envName', 'staging2', '--env'],
    ['envName', 'developmentx', '--env'],
    ['region', 'Europe', '--region'],
  ])('rejects %s %j naming %s, and writes nothing', async (key, value, flag) => {
    const error = await initProject({ ...options(dir), [key]: value }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).kind).toBe('InvalidInput');
    expect((error as UserError).message).toContain(flag);
    expect((error as UserError).resolution).toContain(flag);
    expect(await readdir(dir)).toEqual([]);
  });

  it.each<[string, Parameters<typeof frontendSettings>[0], object]>([
    ['android', { frontend: 'android' }, { android: { config: { ResDir: 'app/src/main/res' } } }],
    ['flutter', { frontend: 'flutter', outputs: 'gen2' }, { flutter: { config: { ResDir: './lib/' } } }],
    ['ios', { frontend: 'ios', outputs: 'gen1' }, { ios: { config: {} } }],
  ])('records the %s frontend as the Amplify CLI does, with the outputs choice', async (frontend, input, section) => {
    await initProject({ ...options(dir), frontend: frontendSettings(input) });
    const config = await readJson('amplify', '.config', 'project-config.json');
    expect(config).toMatchObject({ frontend, ...section, mycli: { outputs: input.outputs ?? 'both' } });
    expect(config).not.toHaveProperty('javascript');
  });

  it('refuses, writing nothing, when the amplify folder is a link that leads outside the project', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'mycli-outside-'));
    try {
      await symlink(outside, join(dir, 'amplify'));
      const error = await initProject(options(dir)).catch((e: unknown) => e);
      expect((error as UserError).message).toMatch(/^amplify is a symbolic link that leads outside the project folder/);
      expect(await readdir(outside)).toEqual([]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('accepts a source folder inside the project, also one written with ".."', async () => {
    expect((await initProject({ ...options(dir), frontend: frontendSettings({ frontend: 'javascript', sourceDir: 'app/../web/src' }) })).alreadyExisted).toBe(false);
  });

  it('accepts the Gen 1 edge values', async () => {
    const result = await initProject({ ...options(dir), projectName: 'a', envName: 'abcdefghij', region: 'us-gov-west-1' });
    expect(result.alreadyExisted).toBe(false);
  });
});
