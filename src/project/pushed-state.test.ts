import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { projectPaths, type ProjectPaths } from './project-paths.js';
import { forgetPushedEnv, readBackendState, readPushedSnapshot, updatePushedEnv, writePushedSnapshot, type PushedSnapshotInput } from './pushed-state.js';

let dir: string;
let paths: ProjectPaths;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mycli-pushed-'));
  paths = projectPaths(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const snapshotFile = (...parts: string[]) => join(dir, 'amplify', '#current-cloud-backend', ...parts);
const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as Record<string, any>;
const exists = (path: string) => stat(path).then(() => true, () => false);

const shopEntry = { service: 'Cognito', serviceType: 'imported', providerPlugin: 'awscloudformation' };
const policy = {
  roleName: 'shop-auth-role',
  policyName: 'mycli-shop-dev-storage',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: 's3:GetObject', Resource: '*' }] },
};

function push(envName: string, overrides: Partial<PushedSnapshotInput> = {}): PushedSnapshotInput {
  return {
    envName,
    backendConfig: { auth: { shop: shopEntry } },
    meta: { providers: { awscloudformation: { Region: 'us-east-1' } }, auth: { shop: { ...shopEntry, output: { UserPoolId: `us-east-1_${envName}` } } } },
    authParameters: { 'auth/shop': { resourceName: 'shop', serviceType: 'imported', authSelections: 'userPoolOnly' } },
    envSection: { awscloudformation: { Region: 'us-east-1' }, categories: { auth: { shop: { userPoolId: `us-east-1_${envName}` } } } },
    policies: [policy],
    pushedAt: '2025-01-02T03:04:05.000Z',
    ...overrides,
  };
}

describe('readPushedSnapshot', () => {
  it('reads a project that was never pushed as an empty snapshot', async () => {
    expect(await readPushedSnapshot(paths)).toEqual({
      backendConfig: {}, meta: {}, teamProviderInfo: {}, parametersByResource: {}, pushedState: {},
    });
  });

  it('names the pushed-state file and how to recover when an entry has the wrong shape', async () => {
    await mkdir(snapshotFile(), { recursive: true });
    await writeFile(snapshotFile('mycli-pushed-state.json'), JSON.stringify({ dev: { policies: 'none' } }));
    const error = await readPushedSnapshot(paths).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain(join('amplify', '#current-cloud-backend', 'mycli-pushed-state.json'));
    expect((error as UserError).message).toBe(
      `${join('amplify', '#current-cloud-backend', 'mycli-pushed-state.json')}: dev.lastPushTimeStamp: expected a non-empty string, found nothing`,
    );
    expect((error as UserError).details).toEqual([
      `${join('amplify', '#current-cloud-backend', 'mycli-pushed-state.json')}: dev.policies: expected an array of pushed policies, found a string`,
    ]);
    expect((error as UserError).resolution).toContain('mycli push');
  });
});

describe('writePushedSnapshot', () => {
  it('writes the Gen 1 layout, stamps lastPushTimeStamp on pushed resources, and reads back what it wrote', async () => {
    const changes = await writePushedSnapshot(paths, push('dev'));
    expect(changes.map((change) => change.change)).toEqual(['created', 'created', 'created', 'created', 'created']);

    expect(await readJson(snapshotFile('auth', 'shop', 'parameters.json'))).toEqual({ resourceName: 'shop', serviceType: 'imported', authSelections: 'userPoolOnly' });
    const meta = await readJson(snapshotFile('amplify-meta.json'));
    expect(meta.auth.shop.lastPushTimeStamp).toBe('2025-01-02T03:04:05.000Z');
    expect(meta.providers).toEqual({ awscloudformation: { Region: 'us-east-1' } });

    const snapshot = await readPushedSnapshot(paths);
    expect(snapshot.backendConfig).toEqual({ auth: { shop: shopEntry } });
    expect(snapshot.parametersByResource).toEqual({ 'auth/shop': { resourceName: 'shop', serviceType: 'imported', authSelections: 'userPoolOnly' } });
    expect(snapshot.teamProviderInfo).toEqual({ dev: push('dev').envSection });
    expect(snapshot.pushedState).toEqual({ dev: { lastPushTimeStamp: '2025-01-02T03:04:05.000Z', policies: [policy] } });

    const again = await writePushedSnapshot(paths, push('dev'));
    expect(again.every((change) => change.change === 'unchanged')).toBe(true);
  });

  it("keeps env A's team-provider-info section and pushed state when env B is pushed", async () => {
    await writePushedSnapshot(paths, push('dev'));
    await writePushedSnapshot(paths, push('prod', { policies: [], pushedAt: '2025-02-01T00:00:00.000Z' }));

    const snapshot = await readPushedSnapshot(paths);
    expect(snapshot.teamProviderInfo).toEqual({ dev: push('dev').envSection, prod: push('prod').envSection });
    expect(snapshot.pushedState).toEqual({
      dev: { lastPushTimeStamp: '2025-01-02T03:04:05.000Z', policies: [policy] },
      prod: { lastPushTimeStamp: '2025-02-01T00:00:00.000Z', policies: [] },
    });
  });

  it('deletes the folder of a resource that is no longer in backend-config.json, and its emptied category folder', async () => {
    await writePushedSnapshot(paths, push('dev', {
      backendConfig: { auth: { shop: shopEntry, old: shopEntry } },
      authParameters: { 'auth/shop': { resourceName: 'shop', authSelections: 'userPoolOnly' }, 'auth/old': { resourceName: 'old', authSelections: 'userPoolOnly' } },
    }));
    expect(await exists(snapshotFile('auth', 'old', 'parameters.json'))).toBe(true);

    const removeOld = await writePushedSnapshot(paths, push('dev', { authParameters: { 'auth/shop': { resourceName: 'shop', authSelections: 'userPoolOnly' } } }));
    expect(removeOld).toContainEqual({ path: snapshotFile('auth', 'old'), change: 'deleted' });
    expect(await exists(snapshotFile('auth', 'old'))).toBe(false);
    expect(await exists(snapshotFile('auth', 'shop', 'parameters.json'))).toBe(true);

    await writePushedSnapshot(paths, push('dev', { backendConfig: {}, authParameters: {} }));
    expect(await exists(snapshotFile('auth'))).toBe(false);
    expect((await readPushedSnapshot(paths)).backendConfig).toEqual({});
  });

  it('refuses a resource key that would write outside its category folder', async () => {
    await expect(writePushedSnapshot(paths, push('dev', { authParameters: { '../escape': {} } }))).rejects.toThrow('"../escape"');
    await expect(writePushedSnapshot(paths, push('dev', { authParameters: { shop: {} } }))).rejects.toThrow('"shop"');
  });
});

describe('updatePushedEnv and forgetPushedEnv', () => {
  it('read and write only team-provider-info.json and mycli-pushed-state.json of the snapshot', async () => {
    await writePushedSnapshot(paths, push('dev'));
    await writePushedSnapshot(paths, push('prod'));
    // A broken copy of a file they do not need must not stop them (nor be suggested as restorable from git).
    await writeFile(snapshotFile('amplify-meta.json'), '{ broken');
    await writeFile(snapshotFile('auth', 'shop', 'parameters.json'), '{ broken');

    await updatePushedEnv(paths, 'prod', { policies: [], withoutCategory: 'auth', pushedAt: '2025-02-01T00:00:00.000Z' });
    expect((await readJson(snapshotFile('team-provider-info.json')))['prod']).toEqual({ awscloudformation: { Region: 'us-east-1' }, categories: {} });
    expect((await readJson(snapshotFile('mycli-pushed-state.json')))['prod']).toEqual({ lastPushTimeStamp: '2025-02-01T00:00:00.000Z', policies: [] });

    await forgetPushedEnv(paths, 'prod');
    expect(Object.keys(await readJson(snapshotFile('team-provider-info.json')))).toEqual(['dev']);
    expect(Object.keys(await readJson(snapshotFile('mycli-pushed-state.json')))).toEqual(['dev']);
  });

  it('tells to delete a broken snapshot file, not to restore it from git', async () => {
    await mkdir(snapshotFile(), { recursive: true });
    await writeFile(snapshotFile('team-provider-info.json'), '{ broken');
    const error = await forgetPushedEnv(paths, 'dev').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).resolution).toContain(`delete ${join('amplify', '#current-cloud-backend', 'team-provider-info.json')} (the next \`mycli push\` rewrites it)`);
    expect((error as UserError).resolution).not.toContain('git');
  });
});

describe('readBackendState', () => {
  it('reads backend-config.json, team-provider-info.json and the parameters.json of each declared resource', async () => {
    await mkdir(paths.authDir('shop'), { recursive: true });
    await writeFile(paths.backendConfig, JSON.stringify({ auth: { shop: shopEntry, noFile: shopEntry } }));
    await writeFile(paths.authParameters('shop'), JSON.stringify({ resourceName: 'shop', authSelections: 'userPoolOnly' }));
    const teamProviderInfo = { dev: { awscloudformation: { Region: 'us-east-1' }, categories: {} } };
    await writeFile(paths.teamProviderInfo, JSON.stringify(teamProviderInfo));

    expect(await readBackendState(paths)).toEqual({
      backendConfig: { auth: { shop: shopEntry, noFile: shopEntry } },
      teamProviderInfo,
      parametersByResource: { 'auth/shop': { resourceName: 'shop', authSelections: 'userPoolOnly' } },
    });
  });
});
