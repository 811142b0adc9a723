// Writes stay inside the project: source folders, links on written paths, leftovers of killed writes; and the exact
// bad inputs of issue 7, through the built CLI.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_IDS, demoWorld } from '../support/world.js';
import { DEMO_FULL_IMPORT, expectSuccess, type TestProject, useEmulatorSuite } from './project-fixture.js';

const { emulators, newProject, emptyProject } = useEmulatorSuite(demoWorld, { workDirPrefix: 'mycli-bounds-', projectName: 'shop' });
const IAM_WRITES = ['PutRolePolicy', 'DeleteRolePolicy', 'UpdateFunctionConfiguration'];

let outside: string;
beforeEach(async () => {
  outside = await mkdtemp(path.join(os.tmpdir(), 'mycli-outside-'));
  await writeFile(path.join(outside, 'theirs.json'), '{"theirs": true}\n');
});
afterEach(async () => {
  await rm(outside, { recursive: true, force: true });
});

const outsideFiles = async () => (await readdir(outside)).sort();
const stubCalls = () => emulators().stub.calls.map((call) => call.operation);

async function editJson(project: TestProject, file: string, edit: (json: Record<string, any>) => void): Promise<void> {
  const json = await project.readJson(file);
  edit(json);
  await writeFile(path.join(project.dir, file), JSON.stringify(json, null, 2));
}

describe('source folders', () => {
  it('init refuses --source-dir outside the project and writes nothing', async () => {
    const project = await emptyProject();
    const result = await project.run(['init', '--yes', '--name', 'shop', '--source-dir', '../../outside']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--source-dir "../../outside" is not valid: it must be a folder inside');
    expect(await readdir(project.dir)).toEqual([]);
  });

  it('a committed SourceDir outside the project stops import auth before AWS, naming the key and the value', async () => {
    const project = await newProject();
    await editJson(project, 'amplify/.config/project-config.json', (json) => {
      json.javascript.config.SourceDir = `../${path.basename(outside)}`;
    });
    const before = await project.snapshot();
    emulators().stub.resetCalls();
    const result = await project.run([...DEMO_FULL_IMPORT]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`amplify/.config/project-config.json: javascript.config.SourceDir: expected a folder inside the project, relative to it, found "../${path.basename(outside)}"`);
    expect(stubCalls()).toEqual([]);
    expect(await project.snapshot()).toEqual(before);
    expect(await outsideFiles()).toEqual(['theirs.json']);
  });
});

describe('symbolic links on written paths', () => {
  it('a team-provider-info.json linked outside the project is refused, and the file it points at is untouched', async () => {
    const project = await newProject();
    const linked = path.join(outside, 'theirs.json');
    await writeFile(linked, await project.readText('amplify/team-provider-info.json'));
    const original = await readFile(linked, 'utf8');
    await rm(path.join(project.dir, 'amplify/team-provider-info.json'));
    await symlink(linked, path.join(project.dir, 'amplify/team-provider-info.json'));

    const result = await project.run(['env', 'add', 'qa', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('amplify/team-provider-info.json is a symbolic link that leads outside the project folder');
    expect(result.stderr).toContain(`(it points at ${linked})`);
    expect(await readFile(linked, 'utf8')).toBe(original);
    // Read-only commands still work: nothing is written through the link.
    expect((await project.run(['env', 'list'])).code).toBe(0);
  });

  it('an amplify-meta.json linked outside stops import auth before any AWS call', async () => {
    const project = await newProject();
    const linked = path.join(outside, 'amplify-meta.json');
    await writeFile(linked, await project.readText('amplify/backend/amplify-meta.json'));
    const original = await readFile(linked, 'utf8');
    await rm(path.join(project.dir, 'amplify/backend/amplify-meta.json'));
    await symlink(linked, path.join(project.dir, 'amplify/backend/amplify-meta.json'));
    emulators().stub.resetCalls();
    const result = await project.run([...DEMO_FULL_IMPORT]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('amplify/backend/amplify-meta.json is a symbolic link that leads outside the project folder');
    expect(stubCalls()).toEqual([]);
    expect(await readFile(linked, 'utf8')).toBe(original);
  });

  it('a source folder linked elsewhere inside the project is written through', async () => {
    const project = await newProject();
    await mkdir(path.join(project.dir, 'web', 'src'), { recursive: true });
    await symlink(path.join(project.dir, 'web', 'src'), path.join(project.dir, 'src'));
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    expect(JSON.parse(await project.readText('web/src/amplifyconfiguration.json'))).toMatchObject({ aws_user_pools_id: DEMO_IDS.userPoolId });
  });
});

describe('leftovers of a killed write', () => {
  it('the next command removes the temporary files of processes that are gone, and keeps those of running ones', async () => {
    const project = await newProject();
    const gone = await exitedPid();
    const snapshotDir = path.join(project.dir, 'amplify', '#current-cloud-backend');
    await mkdir(snapshotDir, { recursive: true });
    const stale = path.join(snapshotDir, `.mycli-pushed-state.json.${gone}.0123456789ab.tmp`);
    const staleConfig = path.join(project.dir, 'amplify', '.config', `.local-env-info.json.${gone}.ba9876543210.tmp`);
    const live = path.join(project.dir, 'amplify', `.team-provider-info.json.${process.pid}.00aa11bb22cc.tmp`);
    for (const file of [stale, staleConfig, live]) await writeFile(file, '{"half":');

    // status only reads: it leaves them.
    await expectSuccess(project.run(['status']));
    expect(await readdir(snapshotDir)).toContain(path.basename(stale));

    await expectSuccess(project.run(['env', 'add', 'qa', '--yes']));
    expect(await readdir(snapshotDir)).not.toContain(path.basename(stale));
    expect(await readdir(path.join(project.dir, 'amplify', '.config'))).not.toContain(path.basename(staleConfig));
    expect(await readdir(path.join(project.dir, 'amplify'))).toContain(path.basename(live));
  });
});

describe('the bad inputs of issue 7', () => {
  it('"storage": "S3" stops push with exit 1 and no IAM call, instead of removing the storage policies', async () => {
    const project = await pushedWithStorage();
    await editJson(project, 'amplify/backend/backend-config.json', (json) => {
      json.storage = 'S3';
    });
    const before = await project.snapshot();
    emulators().stub.resetCalls();
    const result = await project.run(['push', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('amplify/backend/backend-config.json: storage: expected an object of resources');
    expect(stubCalls()).toEqual([]);
    expect(await project.snapshot()).toEqual(before);
  });

  it('an amplify-meta.json that does not parse stops push before its first PutRolePolicy', async () => {
    const project = await newProject();
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    await expectSuccess(project.run(['import', 'storage', '--yes', '--bucket', DEMO_IDS.mediaBucket, '--auth-access', 'create,read,delete']));
    await writeFile(path.join(project.dir, 'amplify/backend/amplify-meta.json'), '{"providers": ');
    emulators().stub.resetCalls();
    const result = await project.run(['push', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/amplify\/backend\/amplify-meta\.json:1:\d+:/);
    expect(stubCalls().filter((operation) => IAM_WRITES.includes(operation))).toEqual([]);
  });

  it('an auth entry {} is named as a file problem, not sent to the Amplify CLI as "not imported"', async () => {
    const project = await newProject();
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    await editJson(project, 'amplify/backend/backend-config.json', (json) => {
      json.auth.shop = {};
    });
    const result = await project.run(['push', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('amplify/backend/backend-config.json: auth.shop.service: expected');
    expect(result.stderr).not.toContain('not an imported resource');
  });

  it('an auth entry of wrong types is refused, not rewritten', async () => {
    const project = await newProject();
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    await editJson(project, 'amplify/backend/backend-config.json', (json) => {
      json.auth.shop = { ...json.auth.shop, dependsOn: 'none', customAuth: 'false' };
    });
    const before = await project.snapshot();
    const result = await project.run(['env', 'checkout', 'dev', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('auth.shop.dependsOn: expected an array of dependencies');
    expect(result.stderr).toContain('auth.shop.customAuth: expected true or false, found a string');
    expect(await project.snapshot()).toEqual(before);
  });
});

async function pushedWithStorage(): Promise<TestProject> {
  const project = await newProject();
  await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
  await expectSuccess(project.run(['import', 'storage', '--yes', '--bucket', DEMO_IDS.mediaBucket, '--auth-access', 'read']));
  await expectSuccess(project.run(['push', '--yes']));
  return project;
}

/** The pid of a process that has exited. */
async function exitedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid!;
}
