// The built CLI's `status` through a project's life: nothing yet, imported, pushed, changed, removed. Status is
// offline, so the child gets no emulators and no AWS settings at all: only HOME and PATH.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPaths } from '../../src/project/project-paths.js';
import { writePushedSnapshot } from '../../src/project/pushed-state.js';
import { createTestProject, type TestProject } from './project-fixture.js';

const POOL = 'us-east-1_Status01';
const backendEntry = { service: 'Cognito', serviceType: 'imported', providerPlugin: 'awscloudformation', dependsOn: [], customAuth: false };
const parameters = {
  authSelections: 'identityPoolAndUserPool',
  resourceName: 'shop',
  serviceType: 'imported',
  region: 'us-east-1',
  usernameAttributes: ['email', 'phone_number'],
};
const envParameters = {
  userPoolId: POOL,
  userPoolName: 'acme-users',
  webClientId: 'webclient1',
  nativeClientId: 'nativeclient1',
  identityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555',
  identityPoolName: 'acme_identities',
  allowUnauthenticatedIdentities: true,
  authRoleArn: 'arn:aws:iam::123456789012:role/acme-auth',
  authRoleName: 'acme-auth',
  unauthRoleArn: 'arn:aws:iam::123456789012:role/acme-unauth',
  unauthRoleName: 'acme-unauth',
};

let home: string;
let project: TestProject;

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'mycli-status-home-'));
  project = await createTestProject({ HOME: home, PATH: process.env.PATH ?? '' });
  const init = await project.run(['init', '--yes', '--name', 'shop', '--region', 'us-east-1']);
  expect(init.code, init.stderr).toBe(0);
});

afterAll(async () => {
  await project?.remove();
  await rm(home, { recursive: true, force: true });
});

const file = (...parts: string[]) => path.join(project.dir, ...parts);
const readJson = async (relativePath: string) => JSON.parse(await readFile(file(relativePath), 'utf8')) as Record<string, any>;
const writeJson = (relativePath: string, value: unknown) => writeFile(file(relativePath), `${JSON.stringify(value, null, 2)}\n`);

/** The environment line and the table on stdout (where `mycli status | grep Auth` finds them), hints on stderr. */
async function status(): Promise<string> {
  const result = await project.run(['status']);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toMatch(/^Current Environment: \w+\n/);
  expect(result.stderr).not.toContain('Current Environment');
  expect(result.stderr).not.toContain('│');
  return result.stdout + result.stderr;
}

/** What `mycli import auth` records, written by hand. */
async function recordImportedAuth(): Promise<void> {
  await mkdir(file('amplify/backend/auth/shop'), { recursive: true });
  await writeJson('amplify/backend/auth/shop/parameters.json', parameters);
  await writeJson('amplify/backend/backend-config.json', { auth: { shop: backendEntry } });
  const meta = await readJson('amplify/backend/amplify-meta.json');
  await writeJson('amplify/backend/amplify-meta.json', { ...meta, auth: { shop: { ...backendEntry, output: { UserPoolId: POOL } } } });
  const teamProvider = await readJson('amplify/team-provider-info.json');
  teamProvider.dev.categories = { auth: { shop: envParameters } };
  await writeJson('amplify/team-provider-info.json', teamProvider);
}

/** What `mycli push` records after pushing dev. */
async function recordPush(): Promise<void> {
  const teamProvider = await readJson('amplify/team-provider-info.json');
  await writePushedSnapshot(projectPaths(project.dir), {
    envName: 'dev',
    backendConfig: await readJson('amplify/backend/backend-config.json'),
    meta: await readJson('amplify/backend/amplify-meta.json'),
    authParameters: { 'auth/shop': await readJson('amplify/backend/auth/shop/parameters.json') },
    envSection: teamProvider.dev,
    policies: [],
    pushedAt: new Date().toISOString(),
  });
}

function tableRow(output: string): string | undefined {
  return output.split('\n').find((line) => line.includes('│ Auth'));
}

describe('mycli status', () => {
  it('follows the project from empty through import, push, change and unlink', async () => {
    const empty = await status();
    expect(empty).toContain('Current Environment: dev');
    expect(empty).toContain('No resources');
    expect(empty).toContain('mycli import auth');

    await recordImportedAuth();
    const imported = await status();
    expect(imported).toContain('│ Category │ Resource name │ Operation │ Provider plugin   │');
    expect(tableRow(imported)).toBe('│ Auth     │ shop          │ Import    │ awscloudformation │');
    expect(imported).toContain('mycli push');

    await recordPush();
    const pushed = await status();
    expect(tableRow(pushed)).toBe('│ Auth     │ shop          │ No Change │ awscloudformation │');
    expect(pushed).not.toContain('mycli push');

    const teamProvider = await readJson('amplify/team-provider-info.json');
    teamProvider.dev.categories.auth.shop.webClientId = 'webclient2';
    await writeJson('amplify/team-provider-info.json', teamProvider);
    expect(tableRow(await status())).toContain('│ Update    │');

    await writeJson('amplify/backend/backend-config.json', {});
    expect(tableRow(await status())).toContain('│ Unlink    │');

    // --json: the same rows as data, alone on stdout.
    const result = await project.run(['status', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      environment: 'dev',
      resources: [{ category: 'auth', resourceName: 'shop', operation: 'Unlink', provider: 'awscloudformation', serviceType: 'imported' }],
      lastPush: { source: 'local-cache', pushedAt: expect.any(String), generation: null },
    });
  });

  it('outside a project says to run mycli init (exit 1)', async () => {
    const result = await project.run(['--cwd', home, 'status', '--json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('mycli init');
  });
});
