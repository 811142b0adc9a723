// The imported auth's life after the import, through the built CLI against cognito-local and the Cognito Identity /
// IAM stub: push, status, drift, remove auth, a push killed half-way, and environments (add, list, checkout, remove).
// Every story checks exit codes, the files the CLI wrote, and what reached the stub.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ownedPolicyName } from '../../src/core/policy-plan.js';
import { startCognitoLocal } from '../support/cognito-local.js';
import type { StubCall } from '../support/identity-iam-stub.js';
import { runCli, type CliResult } from '../support/run-cli.js';
import { DEMO_IDS, roleArn, type SeedIdentityPool } from '../support/world.js';
import { EU_IDS, lifecycleWorld, lifecycleWorldWithWebClientSecret, REPLACEMENT_AUTH_ROLE, STAGING_IDS } from './lifecycle-world.js';
import { roleBlock } from './plan-output.js';
import { DEMO_FULL_IMPORT, expectSuccess, type TestProject, useEmulatorSuite } from './project-fixture.js';

const PROJECT = 'shop';
const CLI_ENTRY = fileURLToPath(new URL('../../bin/mycli.js', import.meta.url));
const WRITE_OPERATIONS = ['PutRolePolicy', 'DeleteRolePolicy'];
const HAND_MADE_POLICY = 'team-managed-s3';

const devImport = [...DEMO_FULL_IMPORT];
const stagingIdFlags = [
  '--user-pool-id', STAGING_IDS.userPoolId,
  '--web-client-id', STAGING_IDS.webClientId,
  '--identity-pool-id', STAGING_IDS.identityPoolId,
];
const stagingOAuth = {
  domain: `${STAGING_IDS.domain}.auth.us-east-1.amazoncognito.com`,
  redirectSignIn: STAGING_IDS.callbackUrl,
  redirectSignOut: STAGING_IDS.logoutUrl,
  responseType: 'code',
};

// Stories change the stub's "AWS" (policies seeded, pools deleted, roles swapped): each starts from the seeded account.
const { emulators, workDir, newProject, stubRole } = useEmulatorSuite(lifecycleWorld, { workDirPrefix: 'mycli-lifecycle-', projectName: PROJECT });

describe('push and status', () => {
  it('import → status Import → push → status No Change → a second push changes nothing and writes nothing', async () => {
    const project = await newProject();
    await expectSuccess(project.run(devImport));
    expect(await statusRows(project)).toEqual([expect.objectContaining({ category: 'auth', resourceName: PROJECT, operation: 'Import' })]);

    const pushed = await expectSuccess(project.run(['push', '--yes']));
    expect(pushed.stderr).toContain("Pushed environment 'dev'");
    const cloud = 'amplify/#current-cloud-backend';
    expect(await project.readJson(`${cloud}/backend-config.json`)).toEqual(await project.readJson('amplify/backend/backend-config.json'));
    const pushedMeta = await project.readJson(`${cloud}/amplify-meta.json`);
    expect(Date.parse(pushedMeta.auth[PROJECT].lastPushTimeStamp)).not.toBeNaN();
    expect((await project.readJson(`${cloud}/team-provider-info.json`)).dev.categories.auth[PROJECT]).toMatchObject({
      userPoolId: DEMO_IDS.userPoolId,
      identityPoolId: DEMO_IDS.identityPoolId,
    });
    expect((await project.readJson(`${cloud}/mycli-pushed-state.json`)).dev).toEqual({
      lastPushTimeStamp: pushedMeta.auth[PROJECT].lastPushTimeStamp,
      policies: [],
      record: { generation: 1, pushId: expect.stringMatching(/^[0-9a-f]{16}$/) },
    });
    expect(await statusRows(project)).toEqual([expect.objectContaining({ resourceName: PROJECT, operation: 'No Change' })]);

    const before = await project.snapshot();
    emulators().stub.resetCalls();
    const again = await expectSuccess(project.run(['push', '--yes']));
    expect(again.stderr).toContain("Nothing to push: environment 'dev' is up to date");
    expect(writeCalls()).toEqual([]);
    // The re-check describes what was recorded; it lists no identity pools.
    expect(operations()).not.toContain('ListIdentityPools');
    expect(operations()).toContain('DescribeIdentityPool');
    expect(await project.snapshot()).toEqual(before);
  });
});

describe('environments on two different pools', () => {
  it('env add with other ids, then checkout back and forth: the config always names that environment\'s pool', async () => {
    const project = await newProject();
    await expectSuccess(project.run(devImport));

    const added = await expectSuccess(project.run(['env', 'add', 'staging', '--yes', ...stagingIdFlags]));
    expect(added.stderr).toContain(`'${STAGING_IDS.userPoolName}' (${STAGING_IDS.userPoolId})`);
    await expectStagingConfig(project);
    expect(await envList(project)).toEqual({
      current: 'staging',
      environments: [
        { name: 'dev', current: false, region: 'us-east-1', userPoolId: DEMO_IDS.userPoolId, identityPoolId: DEMO_IDS.identityPoolId },
        { name: 'staging', current: true, region: 'us-east-1', userPoolId: STAGING_IDS.userPoolId, identityPoolId: STAGING_IDS.identityPoolId },
      ],
    });

    for (let round = 0; round < 2; round++) {
      await expectSuccess(project.run(['env', 'checkout', 'dev']));
      await expectDevConfig(project);
      expect((await envList(project)).current).toBe('dev');
      expect((await project.readJson('amplify/.config/local-env-info.json')).envName).toBe('dev');

      await expectSuccess(project.run(['env', 'checkout', 'staging']));
      await expectStagingConfig(project);
      expect((await envList(project)).current).toBe('staging');
    }
  });
});

describe('push refuses when AWS changed since the import (drift)', () => {
  it('the identity pool was deleted: exit 1, says what changed and the two ways out, nothing changed', async () => {
    const project = await importedAndPushed();
    emulators().stub.state.identityPools.delete(DEMO_IDS.identityPoolId);

    const refused = await expectUnchangedRefusal(project, ['push', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(DEMO_IDS.identityPoolId);
    expect(refused.stderr).toContain('no longer exists in AWS');
    expectBothWaysOut(refused.stderr);
  });

  it("the identity pool's authenticated role was replaced: exit 1, names both roles, nothing changed", async () => {
    const project = await importedAndPushed();
    const identityPool = stubIdentityPool(DEMO_IDS.identityPoolId);
    identityPool.roles.authenticated = roleArn(lifecycleWorld(), REPLACEMENT_AUTH_ROLE);

    const refused = await expectUnchangedRefusal(project, ['push', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('authenticated role of identity pool');
    expect(refused.stderr).toContain(roleArn(lifecycleWorld(), DEMO_IDS.authRoleName));
    expect(refused.stderr).toContain(roleArn(lifecycleWorld(), REPLACEMENT_AUTH_ROLE));
    expectBothWaysOut(refused.stderr);
  });

  it('the web client was given a secret: exit 1, names the client, nothing changed', async () => {
    // cognito-local reads its data files only when it starts: this story imports against its own instance,
    // then restarts it on an account where the same web client has a secret.
    const before = await startCognitoLocal(lifecycleWorld(), await mkdtemp(path.join(workDir(), 'cognito-before-')));
    const env = { ...emulators().env, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: before.endpoint };
    let project: TestProject;
    try {
      project = await importedAndPushed(env);
    } finally {
      await before.stop();
    }
    const after = await startCognitoLocal(lifecycleWorldWithWebClientSecret(), await mkdtemp(path.join(workDir(), 'cognito-after-')));
    try {
      const snapshot = await project.snapshot();
      emulators().stub.resetCalls();
      const refused = await runCli(['push', '--yes'], {
        cwd: project.dir,
        env: { ...env, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: after.endpoint },
      });
      expect(refused.code, refused.stderr).toBe(1);
      expect(refused.stderr).toContain(`'acme-web' (${DEMO_IDS.webClientId}) has a client secret`);
      expectBothWaysOut(refused.stderr);
      expect(writeCalls()).toEqual([]);
      expect(await project.snapshot()).toEqual(snapshot);
    } finally {
      await after.stop();
    }
  });
});

describe('remove auth', () => {
  it('works when AWS lost the identity pool and with no AWS at all; the next push removes only mycli policies', async () => {
    const project = await importedAndPushed();
    const owned = ownedPolicyName(PROJECT, 'dev', 'test-owned');
    seedPolicies(DEMO_IDS.authRoleName, [owned, HAND_MADE_POLICY]);
    emulators().stub.state.identityPools.delete(DEMO_IDS.identityPoolId);
    // Nothing answers on this address: any Cognito user pools call would fail the command.
    const offlineEnv = { ...emulators().env, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: await closedLoopbackEndpoint() };

    emulators().stub.resetCalls();
    const removed = await expectSuccess(runCli(['remove', 'auth', '--yes'], { cwd: project.dir, env: offlineEnv }));
    expect(removed.stderr).toContain('not touched');
    expect(emulators().stub.calls).toEqual([]);
    expect(await statusRows(project)).toEqual([expect.objectContaining({ resourceName: PROJECT, operation: 'Unlink' })]);
    const config = await project.loadAwsExports();
    expect(config).not.toHaveProperty('aws_user_pools_id');
    expect(config).not.toHaveProperty('aws_cognito_identity_pool_id');
    expect(config.aws_project_region).toBe('us-east-1');
    expect(await project.readJson('src/amplifyconfiguration.json')).toEqual(config);
    expect((await project.readJson('amplify/team-provider-info.json')).dev.categories.auth?.[PROJECT]).toBeUndefined();

    emulators().stub.resetCalls();
    const pushed = await expectSuccess(runCli(['push', '--yes'], { cwd: project.dir, env: offlineEnv }));
    expect(pushed.stderr).toContain(owned);
    expect(writeCalls()).toEqual([
      expect.objectContaining({ operation: 'DeleteRolePolicy', params: expect.objectContaining({ RoleName: DEMO_IDS.authRoleName, PolicyName: owned }) }),
    ]);
    expect(Object.keys(stubRole(DEMO_IDS.authRoleName).inlinePolicies).sort()).toEqual(['acme-identities-auth-base', HAND_MADE_POLICY]);
    expect(await statusRows(project)).toEqual([]);

    const before = await project.snapshot();
    emulators().stub.resetCalls();
    const again = await expectSuccess(project.run(['push', '--yes']));
    expect(again.stderr).toContain('Nothing to push');
    expect(writeCalls()).toEqual([]);
    expect(await project.snapshot()).toEqual(before);
  });

  it("the push after it clears mycli's policies in every environment, tolerating a role that no longer exists", async () => {
    const project = await importedAndPushed();
    await expectSuccess(project.run(['env', 'add', 'staging', '--yes', ...stagingIdFlags]));
    await expectSuccess(project.run(['push', '--yes']));
    const devOwned = ownedPolicyName(PROJECT, 'dev', 'grant');
    const stagingOwned = ownedPolicyName(PROJECT, 'staging', 'grant');
    seedPolicies(DEMO_IDS.authRoleName, [devOwned, HAND_MADE_POLICY]);
    seedPolicies(STAGING_IDS.authRoleName, [stagingOwned]);
    emulators().stub.state.roles.delete(STAGING_IDS.unauthRoleName);

    await expectSuccess(project.run(['remove', 'auth', '--yes']));
    const teamProvider = await project.readJson('amplify/team-provider-info.json');
    for (const envName of ['dev', 'staging']) expect(teamProvider[envName].categories.auth?.[PROJECT], envName).toBeUndefined();

    emulators().stub.resetCalls();
    const pushed = await expectSuccess(project.run(['push', '--yes']));
    expect(pushed.stderr).toContain(STAGING_IDS.unauthRoleName);
    const deleted = writeCalls().map((call) => [call.operation, call.params['RoleName'], call.params['PolicyName']]);
    expect(deleted.sort()).toEqual([
      ['DeleteRolePolicy', DEMO_IDS.authRoleName, devOwned],
      ['DeleteRolePolicy', STAGING_IDS.authRoleName, stagingOwned],
    ]);
    expect(Object.keys(stubRole(DEMO_IDS.authRoleName).inlinePolicies).sort()).toEqual(['acme-identities-auth-base', HAND_MADE_POLICY]);

    emulators().stub.resetCalls();
    await expectSuccess(project.run(['env', 'checkout', 'dev']));
    const fromDev = await expectSuccess(project.run(['push', '--yes']));
    expect(fromDev.stderr).toContain('Nothing to push');
    expect(writeCalls()).toEqual([]);
  });
});

describe('a push killed between two policy writes', () => {
  it('leaves files that parse, and the next push finishes the work', async () => {
    const project = await importedAndPushed();
    const first = ownedPolicyName(PROJECT, 'dev', 'a');
    const second = ownedPolicyName(PROJECT, 'dev', 'b');
    seedPolicies(DEMO_IDS.authRoleName, [first, second, HAND_MADE_POLICY]);
    await expectSuccess(project.run(['remove', 'auth', '--yes']));

    emulators().stub.resetCalls();
    const killed = await pushKilledAtFirstDelete(project);
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(writeCalls().map((call) => call.params['PolicyName'])).toEqual([first]);
    expect(Object.keys(stubRole(DEMO_IDS.authRoleName).inlinePolicies)).toContain(second);
    for (const [file, content] of await project.snapshot()) {
      if (file.endsWith('.json')) expect(() => JSON.parse(content), file).not.toThrow();
    }
    await project.loadAwsExports();

    // The killed push left its lock: the next push reports it as stale (its process is gone) and writes nothing
    // until --force-unlock removes it.
    emulators().stub.resetCalls();
    const refused = await project.run(['push', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('it is stale: its process');
    expect(writeCalls()).toEqual([]);
    await expectSuccess(project.run(['push', '--force-unlock', '--yes']));

    emulators().stub.resetCalls();
    await expectSuccess(project.run(['push', '--yes']));
    expect(writeCalls().map((call) => call.params['PolicyName'])).toEqual([second]);
    expect(Object.keys(stubRole(DEMO_IDS.authRoleName).inlinePolicies).sort()).toEqual(['acme-identities-auth-base', HAND_MADE_POLICY]);

    emulators().stub.resetCalls();
    const third = await expectSuccess(project.run(['push', '--yes']));
    expect(third.stderr).toContain('Nothing to push');
    expect(writeCalls()).toEqual([]);
  });
});

describe('env add headless', () => {
  it('refuses partial ids from each source (exit 2, naming what is missing) and a pool in another region (exit 1)', async () => {
    const project = await newProject();
    await expectSuccess(project.run(devImport));

    const partialFlags = await expectUnchangedRefusal(project, ['env', 'add', 'staging', '--yes', '--user-pool-id', STAGING_IDS.userPoolId]);
    expect(partialFlags.code).toBe(2);
    expect(partialFlags.stderr).toContain('missing --web-client-id, --identity-pool-id');

    const categories = JSON.stringify({ auth: { userPoolId: STAGING_IDS.userPoolId, webClientId: STAGING_IDS.webClientId } });
    const partialCategories = await expectUnchangedRefusal(project, ['env', 'add', 'staging', '--yes', '--categories', categories]);
    expect(partialCategories.code).toBe(2);
    expect(partialCategories.stderr).toContain('missing identityPoolId');

    const partialVariables = await expectUnchangedRefusal(project, ['env', 'add', 'staging', '--yes'], {
      AMPLIFY_USERPOOL_ID: STAGING_IDS.userPoolId,
      AMPLIFY_IDENTITYPOOL_ID: STAGING_IDS.identityPoolId,
    });
    expect(partialVariables.code).toBe(2);
    expect(partialVariables.stderr).toContain('missing AMPLIFY_WEBCLIENT_ID');

    const otherRegion = await expectUnchangedRefusal(project, [
      'env', 'add', 'europe', '--yes',
      '--user-pool-id', EU_IDS.userPoolId,
      '--web-client-id', EU_IDS.webClientId,
      '--identity-pool-id', EU_IDS.identityPoolId,
    ]);
    expect(otherRegion.code).toBe(1);
    expect(otherRegion.stderr).toContain(`User pool ${EU_IDS.userPoolId} is in eu-west-1, but this project environment is in us-east-1`);
    expect(otherRegion.stderr).toContain('--region eu-west-1');
    expect(emulators().stub.calls).toEqual([]);
  });

  it('takes full ids from flags, --categories or the AMPLIFY_* variables, and keeps the same resources with --yes alone', async () => {
    const project = await newProject();
    await expectSuccess(project.run(devImport));
    const stagingRecord = {
      userPoolId: STAGING_IDS.userPoolId,
      webClientId: STAGING_IDS.webClientId,
      nativeClientId: STAGING_IDS.webClientId,
      identityPoolId: STAGING_IDS.identityPoolId,
      authRoleName: STAGING_IDS.authRoleName,
    };

    await expectSuccess(project.run(['env', 'add', 'flags', '--yes', ...stagingIdFlags]));
    const categories = { auth: { userPoolId: STAGING_IDS.userPoolId, webClientId: STAGING_IDS.webClientId, identityPoolId: STAGING_IDS.identityPoolId } };
    await expectSuccess(project.run(['env', 'add', 'categories', '--yes', '--categories', JSON.stringify(categories)]));
    await expectSuccess(
      runCli(['env', 'add', 'hosting', '--yes'], {
        cwd: project.dir,
        env: {
          ...emulators().env,
          AMPLIFY_USERPOOL_ID: STAGING_IDS.userPoolId,
          AMPLIFY_WEBCLIENT_ID: STAGING_IDS.webClientId,
          AMPLIFY_IDENTITYPOOL_ID: STAGING_IDS.identityPoolId,
        },
      }),
    );
    await expectStagingConfig(project);
    await expectSuccess(project.run(['env', 'checkout', 'dev']));
    const same = await expectSuccess(project.run(['env', 'add', 'same', '--yes']));
    expect(same.stderr).toContain('the same as before');
    await expectDevConfig(project);

    const teamProvider = await project.readJson('amplify/team-provider-info.json');
    for (const envName of ['flags', 'categories', 'hosting']) {
      expect(teamProvider[envName].categories.auth[PROJECT], envName).toMatchObject(stagingRecord);
    }
    expect(teamProvider.same.categories.auth[PROJECT]).toEqual(teamProvider.dev.categories.auth[PROJECT]);
    expect((await envList(project)).current).toBe('same');
  });
});

describe('env remove', () => {
  it('refuses the current environment; removes another, taking only its mycli policies off its roles', async () => {
    const project = await newProject();
    await expectSuccess(project.run(devImport));
    await expectSuccess(project.run(['env', 'add', 'staging', '--yes', ...stagingIdFlags]));
    const stagingOwned = ownedPolicyName(PROJECT, 'staging', 'grant');
    const devOwned = ownedPolicyName(PROJECT, 'dev', 'grant');
    seedPolicies(STAGING_IDS.authRoleName, [stagingOwned, HAND_MADE_POLICY]);
    seedPolicies(DEMO_IDS.authRoleName, [devOwned]);

    const refused = await expectUnchangedRefusal(project, ['env', 'remove', 'staging', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Environment 'staging' is the current environment");
    expect(refused.stderr).toContain('mycli env checkout dev');
    expect(emulators().stub.calls).toEqual([]);

    await expectSuccess(project.run(['env', 'checkout', 'dev']));
    emulators().stub.resetCalls();
    const removed = await expectSuccess(project.run(['env', 'remove', 'staging', '--yes']));
    expect(removed.stderr).toContain('1 mycli IAM policy taken off');
    expect(writeCalls()).toEqual([
      expect.objectContaining({
        operation: 'DeleteRolePolicy',
        params: expect.objectContaining({ RoleName: STAGING_IDS.authRoleName, PolicyName: stagingOwned }),
      }),
    ]);
    expect(Object.keys(stubRole(STAGING_IDS.authRoleName).inlinePolicies)).toEqual([HAND_MADE_POLICY]);
    expect(Object.keys(stubRole(DEMO_IDS.authRoleName).inlinePolicies)).toContain(devOwned);
    expect(await project.readJson('amplify/team-provider-info.json')).not.toHaveProperty('staging');
    expect((await envList(project)).environments.map((env: { name: string }) => env.name)).toEqual(['dev']);
    await expectDevConfig(project);
  });
});

describe('confirmations under CI without --yes', () => {
  it('remove auth asks for --yes (exit 2) and changes nothing', async () => {
    const project = await importedAndPushed();
    const refused = await expectUnchangedRefusal(project, ['remove', 'auth']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
  });

  it('push with IAM policy changes to make asks for --yes (exit 2) and changes nothing', async () => {
    const project = await importedAndPushed();
    const stale = ownedPolicyName(PROJECT, 'dev', 'stale');
    seedPolicies(DEMO_IDS.authRoleName, [stale]);
    const refused = await expectUnchangedRefusal(project, ['push']);
    expect(refused.code).toBe(2);
    expect(roleBlock(refused.stderr, DEMO_IDS.authRoleName)).toContain(`- remove ${stale}`);
    expect(refused.stderr).toContain('--yes');
    expect(Object.keys(stubRole(DEMO_IDS.authRoleName).inlinePolicies)).toContain(stale);
  });
});

// ---------- projects and commands ----------

async function importedAndPushed(env?: Record<string, string>): Promise<TestProject> {
  const project = await newProject({ env });
  await expectSuccess(project.run(devImport));
  await expectSuccess(project.run(['push', '--yes']));
  return project;
}

/** Runs a command that must fail, and proves it changed no file of the project and wrote nothing to IAM. */
async function expectUnchangedRefusal(project: TestProject, args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
  const before = await project.snapshot();
  emulators().stub.resetCalls();
  const result = await runCli(args, { cwd: project.dir, env: { ...emulators().env, ...extraEnv } });
  expect(result.code, result.stderr).not.toBe(0);
  expect(writeCalls()).toEqual([]);
  expect(await project.snapshot()).toEqual(before);
  return result;
}

function expectBothWaysOut(stderr: string): void {
  expect(stderr).toContain('restore it in AWS');
  expect(stderr).toContain('mycli remove auth');
  expect(stderr).toContain('mycli import auth');
}

async function statusRows(project: TestProject): Promise<Array<Record<string, unknown>>> {
  const result = await expectSuccess(project.run(['status', '--json']));
  return (JSON.parse(result.stdout) as { resources: Array<Record<string, unknown>> }).resources;
}

async function envList(project: TestProject): Promise<Record<string, any>> {
  const result = await expectSuccess(project.run(['env', 'list', '--json']));
  return JSON.parse(result.stdout) as Record<string, any>;
}

async function expectStagingConfig(project: TestProject): Promise<void> {
  const config = await project.loadAwsExports();
  expect(config).toMatchObject({
    aws_user_pools_id: STAGING_IDS.userPoolId,
    aws_user_pools_web_client_id: STAGING_IDS.webClientId,
    aws_cognito_identity_pool_id: STAGING_IDS.identityPoolId,
    oauth: stagingOAuth,
  });
  expect(await project.readJson('src/amplifyconfiguration.json')).toEqual(config);
}

async function expectDevConfig(project: TestProject): Promise<void> {
  const config = await project.loadAwsExports();
  expect(config).toMatchObject({
    aws_user_pools_id: DEMO_IDS.userPoolId,
    aws_user_pools_web_client_id: DEMO_IDS.webClientId,
    aws_cognito_identity_pool_id: DEMO_IDS.identityPoolId,
  });
  expect(config).not.toHaveProperty('oauth');
  expect(await project.readJson('src/amplifyconfiguration.json')).toEqual(config);
}

/**
 * Runs `push --yes` and SIGKILLs it the moment the stub receives its first DeleteRolePolicy: the stub still applies
 * that call (it records before it handles), but the CLI never sees the answer, so it cannot send the next one.
 */
async function pushKilledAtFirstDelete(project: TestProject): Promise<{ signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI_ENTRY, 'push', '--yes'], {
    cwd: project.dir,
    env: { ...emulators().env, PATH: process.env.PATH ?? '/usr/bin:/bin' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  const calls = emulators().stub.calls;
  calls.push = (...items: StubCall[]): number => {
    if (items.some((call) => call.operation === 'DeleteRolePolicy')) child.kill('SIGKILL');
    return Array.prototype.push.apply(calls, items);
  };
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  try {
    const [, signal] = await exited;
    return { signal, stderr };
  } finally {
    clearTimeout(timer);
    Reflect.deleteProperty(calls, 'push');
  }
}

async function closedLoopbackEndpoint(): Promise<string> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no loopback port');
  return `http://127.0.0.1:${address.port}`;
}

// ---------- the stub's account ----------

function writeCalls(): StubCall[] {
  return emulators().stub.calls.filter((call) => WRITE_OPERATIONS.includes(call.operation));
}

function operations(): string[] {
  return emulators().stub.calls.map((call) => call.operation);
}

function stubIdentityPool(id: string): SeedIdentityPool {
  const pool = emulators().stub.state.identityPools.get(id);
  if (!pool) throw new Error(`identity pool ${id} is not in the stub`);
  return pool;
}

/** As if a previous push (or a person, for names mycli does not own) had put these inline policies on the role. */
function seedPolicies(roleName: string, policyNames: string[]): void {
  const role = stubRole(roleName);
  for (const policyName of policyNames) {
    role.inlinePolicies[policyName] = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${DEMO_IDS.mediaBucket}/${policyName}/*`] }],
    };
  }
}
