// `mycli env remove` and the team's push lock and record in Parameter Store (the stub's SSM), through the built CLI:
// it takes the removed environment's push lock before its IAM changes (waiting for a teammate's push, refusing a
// held or stale lock with no IAM change), deletes its push record and lock afterwards so a later `env add` of the
// name starts fresh, and names the permission when Parameter Store refuses.
import { describe, expect, it } from 'vitest';
import { ownedPolicyName } from '../../src/core/policy-plan.js';
import { encodeLock } from '../../src/core/push-lock.js';
import type { StubCall } from '../support/identity-iam-stub.js';
import { parameterKey } from '../support/ssm-stub.js';
import { DEMO_IDS } from '../support/world.js';
import { lifecycleWorld, STAGING_IDS } from './lifecycle-world.js';
import { DEMO_FULL_IMPORT, expectSuccess, type TestProject, useEmulatorSuite } from './project-fixture.js';

const PROJECT = 'shop';
const REGION = 'us-east-1';
const LOCK = '/mycli/shop/staging/push-lock';
const RECORD = '/mycli/shop/staging/pushed-state';
const IAM_WRITES = ['PutRolePolicy', 'DeleteRolePolicy'];
const STAGING_OWNED = ownedPolicyName(PROJECT, 'staging', 'grant');
const HAND_MADE = 'team-managed-s3';
/** Each story runs the CLI several times; under a shared machine's load that takes longer than the default 30 s. */
const SLOW_TEST_MS = 90_000;
const stagingIdFlags = ['--user-pool-id', STAGING_IDS.userPoolId, '--web-client-id', STAGING_IDS.webClientId, '--identity-pool-id', STAGING_IDS.identityPoolId];

const { emulators, newProject, stubRole } = useEmulatorSuite(lifecycleWorld, { workDirPrefix: 'mycli-env-remove-', projectName: PROJECT });

describe('env remove and a teammate\'s push of that environment', () => {
  it('waits for the push lock (--lock-timeout) and refuses naming who and since when, with no IAM change; goes on once it is free', async () => {
    const project = await withStaging();
    seedLock({ user: 'bob', host: 'build-7', pid: 77, startedAt: new Date().toISOString(), id: 'theirs' });

    const before = await project.snapshot();
    emulators().stub.resetCalls();
    const refused = await project.run(['env', 'remove', 'staging', '--yes', '--lock-timeout', '1']);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toContain("The push lock of 'staging' is held by bob on build-7 (pid 77) since");
    expect(refused.stderr).toContain('waiting up to 1 s');
    expect(refused.stderr).toContain(`Environment 'staging' was not removed: the push lock of 'staging' is held by bob on build-7 (pid 77) since`);
    expect(refused.stderr).toContain(`still after waiting 1 s (${LOCK})`);
    expect(refused.stderr).toContain('mycli env remove staging --force-unlock');
    expect(iamCalls()).toEqual([]);
    expect(Object.keys(stubRole(STAGING_IDS.authRoleName).inlinePolicies).sort()).toEqual([STAGING_OWNED, HAND_MADE].sort());
    expect(JSON.parse(parameter(LOCK)!.value)).toMatchObject({ id: 'theirs' });
    expect(await project.snapshot()).toEqual(before);

    // The teammate's push ends while the removal waits: it takes the lock, then changes IAM.
    emulators().stub.resetCalls();
    const running = project.run(['env', 'remove', 'staging', '--yes', '--lock-timeout', '20']);
    setTimeout(() => emulators().stub.state.ssm.parameters.delete(parameterKey(REGION, LOCK)), 1500);
    const removed = await running;
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stderr).toContain("The push lock of 'staging' is free; this removal holds it now.");
    expect(Object.keys(stubRole(STAGING_IDS.authRoleName).inlinePolicies)).toEqual([HAND_MADE]);
    // Its IAM change came after the lock was taken (the last PutParameter: the earlier ones found it held).
    const calls = emulators().stub.calls;
    expect(calls.findIndex((call) => call.operation === 'DeleteRolePolicy')).toBeGreaterThan(lastIndex(calls, (call) => call.operation === 'PutParameter'));
    expect(parameter(LOCK)).toBeUndefined();
  }, SLOW_TEST_MS);

  it('refuses a stale lock naming `env remove --force-unlock`, which removes it after confirmation; the removal then goes through', async () => {
    const project = await withStaging();
    const startedAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
    seedLock({ user: 'bob', host: 'build-7', pid: 77, startedAt, id: 'theirs' });

    const before = await project.snapshot();
    emulators().stub.resetCalls();
    const stale = await project.run(['env', 'remove', 'staging', '--yes']);
    expect(stale.code, stale.stderr).toBe(1);
    expect(stale.stderr).toContain(`held by bob on build-7 (pid 77) since ${startedAt} (2 h ago), and it is stale: it is older than 30 minutes`);
    expect(stale.stderr).toContain('`mycli env remove staging --force-unlock`, then run `mycli env remove staging` again');
    expect(iamCalls().filter((call) => IAM_WRITES.includes(call.operation))).toEqual([]);
    expect(await project.snapshot()).toEqual(before);

    const asked = await project.run(['env', 'remove', 'staging', '--force-unlock']);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain('--yes');
    expect(parameter(LOCK)).toBeDefined();
    const unlocked = await expectSuccess(project.run(['env', 'remove', 'staging', '--force-unlock', '--yes']));
    expect(unlocked.stderr).toContain(`Removed the push lock of environment 'staging' (${LOCK}).`);
    expect(parameter(LOCK)).toBeUndefined();
    // --force-unlock removes the lock and nothing else.
    expect(await project.snapshot()).toEqual(before);
    expect(Object.keys(stubRole(STAGING_IDS.authRoleName).inlinePolicies)).toContain(STAGING_OWNED);

    await expectSuccess(project.run(['env', 'remove', 'staging', '--yes']));
    expect(Object.keys(stubRole(STAGING_IDS.authRoleName).inlinePolicies)).toEqual([HAND_MADE]);
  }, SLOW_TEST_MS);
});

describe('env remove in another region', () => {
  it('refuses a --region the environment is not in (exit 2) before any AWS call, as push and checkout do', async () => {
    const project = await withStaging({ push: false });
    const before = await project.snapshot();
    emulators().stub.resetCalls();
    for (const args of [['--yes'], ['--force-unlock', '--yes']]) {
      const refused = await project.run(['env', 'remove', 'staging', '--region', 'eu-west-1', ...args]);
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stderr).toContain("Environment 'staging' of this project is in us-east-1; `mycli env remove` cannot work in --region eu-west-1.");
    }
    expect(emulators().stub.calls).toEqual([]);
    expect(await project.snapshot()).toEqual(before);
    expect(Object.keys(stubRole(STAGING_IDS.authRoleName).inlinePolicies)).toContain(STAGING_OWNED);
  }, SLOW_TEST_MS);
});

describe('env remove and the environment\'s parameters', () => {
  it('deletes its push record and releases its lock; takes policies off roles only the record names; a later env add of the name starts fresh', async () => {
    const project = await withStaging();
    expect(parameter(RECORD)).toBeDefined();
    // A teammate's push reached a role this clone does not know (a function's execution role, say): the record names it.
    const elsewhere = DEMO_IDS.unauthRoleName;
    stubRole(elsewhere).inlinePolicies[STAGING_OWNED] = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::x/*'] }] };
    const record = JSON.parse(parameter(RECORD)!.value) as { policies: Record<string, Record<string, string>> };
    record.policies[elsewhere] = { grant: 'teammate-hash' };
    parameter(RECORD)!.value = JSON.stringify(record);

    emulators().stub.resetCalls();
    const removed = await expectSuccess(project.run(['env', 'remove', 'staging', '--yes']));
    expect(removed.stderr).toContain('2 mycli IAM policies taken off');
    expect(removed.stderr).toContain(`Its push record (${RECORD}) was deleted from Parameter Store, and its push lock released.`);
    expect(Object.keys(stubRole(STAGING_IDS.authRoleName).inlinePolicies)).toEqual([HAND_MADE]);
    expect(Object.keys(stubRole(elsewhere).inlinePolicies)).not.toContain(STAGING_OWNED);
    expect(parameter(RECORD)).toBeUndefined();
    expect(parameter(LOCK)).toBeUndefined();
    // In order: the lock is taken and the record read, the lock checked before the first IAM change; then the record
    // is deleted and the lock released (if still this removal's).
    expect(ssmCalls(emulators().stub.calls)).toEqual([
      ['PutParameter', LOCK], ['GetParameter', RECORD], ['GetParameter', LOCK], ['DeleteParameter', RECORD], ['GetParameter', LOCK], ['DeleteParameter', LOCK],
    ]);
    const calls = emulators().stub.calls;
    const firstIamWrite = calls.findIndex((call) => IAM_WRITES.includes(call.operation));
    expect(firstIamWrite).toBeGreaterThan(calls.findIndex((call) => call.operation === 'PutParameter'));
    expect(lastIndex(calls, (call) => IAM_WRITES.includes(call.operation))).toBeLessThan(calls.findIndex((call) => call.operation === 'DeleteParameter'));
    expect(await project.readJson('amplify/team-provider-info.json')).not.toHaveProperty('staging');
    expect(await project.readJson('amplify/#current-cloud-backend/mycli-pushed-state.json')).not.toHaveProperty('staging');

    // The same name again: its first push is generation 1 with nothing from the removed environment.
    await expectSuccess(project.run(['env', 'add', 'staging', '--yes', ...stagingIdFlags]));
    const pushed = await expectSuccess(project.run(['push', '--yes']));
    expect(pushed.stderr).not.toContain('was pushed by');
    expect(JSON.parse(parameter(RECORD)!.value)).toMatchObject({ generation: 1 });
  }, SLOW_TEST_MS);

  it('an environment never pushed from anywhere: the missing record is fine', async () => {
    const project = await withStaging({ push: false });
    expect(parameter(RECORD)).toBeUndefined();
    const removed = await expectSuccess(project.run(['env', 'remove', 'staging', '--yes']));
    expect(removed.stderr).toContain(`Its push record (${RECORD}) was not in the account, and its push lock released.`);
    expect(parameter(LOCK)).toBeUndefined();
    expect(Object.keys(stubRole(STAGING_IDS.authRoleName).inlinePolicies)).toEqual([HAND_MADE]);
  }, SLOW_TEST_MS);
});

describe('env remove without Parameter Store access', () => {
  it('a denied lock stops it before any change naming the permission and the ARN; --no-lock removes it with a warning', async () => {
    const project = await withStaging();
    emulators().stub.state.ssm.deniedOperations.add('PutParameter');
    emulators().stub.state.ssm.deniedOperations.add('GetParameter');
    emulators().stub.state.ssm.deniedOperations.add('DeleteParameter');

    const before = await project.snapshot();
    emulators().stub.resetCalls();
    const refused = await project.run(['env', 'remove', 'staging', '--yes']);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toContain(`Removing environment 'staging' stopped before any change: Access denied: ssm:PutParameter on SSM parameter ${LOCK}.`);
    expect(refused.stderr).toContain('ssm:GetParameter, ssm:PutParameter and ssm:DeleteParameter on arn:aws:ssm:us-east-1:123456789012:parameter/mycli/shop/*');
    expect(refused.stderr).toContain('mycli env remove staging --no-lock');
    expect(iamCalls()).toEqual([]);
    expect(await project.snapshot()).toEqual(before);

    const removed = await expectSuccess(project.run(['env', 'remove', 'staging', '--yes', '--no-lock']));
    expect(removed.stderr).toContain("Removing 'staging' without its push lock (--no-lock)");
    expect(removed.stderr).toContain(`Cannot read the push record of 'staging' (${RECORD}): Access denied: ssm:GetParameter`);
    expect(removed.stderr).toContain("Policies a teammate's push put on roles this clone does not know (the record names them) are not looked for.");
    expect(removed.stderr).toContain(`The push record of 'staging' (${RECORD}) could not be deleted: Access denied: ssm:DeleteParameter on SSM parameter ${RECORD}. It stays in the account.`);
    expect(Object.keys(stubRole(STAGING_IDS.authRoleName).inlinePolicies)).toEqual([HAND_MADE]);
    expect(await project.readJson('amplify/team-provider-info.json')).not.toHaveProperty('staging');
  }, SLOW_TEST_MS);

  it('a denied delete of the record after the roles are cleaned exits 1 naming ssm:DeleteParameter and the parameter; the environment stays until a re-run finishes', async () => {
    const project = await withStaging();
    emulators().stub.state.ssm.deniedOperations.add('DeleteParameter');

    const failed = await project.run(['env', 'remove', 'staging', '--yes']);
    expect(failed.code, failed.stderr).toBe(1);
    expect(failed.stderr).toContain(`Environment 'staging' was not removed: this project's IAM policies were taken off its roles, but its push record (${RECORD}) could not be deleted: Access denied: ssm:DeleteParameter on SSM parameter ${RECORD}.`);
    expect(failed.stderr).toContain('Allow ssm:DeleteParameter on arn:aws:ssm:us-east-1:123456789012:parameter/mycli/shop/*');
    expect(failed.stderr).toContain(`The push lock of 'staging' (${LOCK}) could not be released: Access denied: ssm:DeleteParameter on SSM parameter ${LOCK}. Once`);
    expect(failed.stderr).toContain(`Its push lock (${LOCK}) was left too: remove it first with \`mycli env remove staging --force-unlock\``);
    expect(failed.stderr).not.toMatch(/^\s+at /m);
    expect(Object.keys(stubRole(STAGING_IDS.authRoleName).inlinePolicies)).toEqual([HAND_MADE]);
    expect(await project.readJson('amplify/team-provider-info.json')).toHaveProperty('staging');
    expect(parameter(RECORD)).toBeDefined();

    // Allowed again: unlock, then the re-run finishes (nothing left on the roles).
    emulators().stub.state.ssm.deniedOperations.clear();
    await expectSuccess(project.run(['env', 'remove', 'staging', '--force-unlock', '--yes']));
    emulators().stub.resetCalls();
    const finished = await expectSuccess(project.run(['env', 'remove', 'staging', '--yes']));
    expect(finished.stderr).not.toContain('taken off its roles');
    expect(iamCalls().filter((call) => IAM_WRITES.includes(call.operation))).toEqual([]);
    expect(parameter(RECORD)).toBeUndefined();
    expect(parameter(LOCK)).toBeUndefined();
    expect(await project.readJson('amplify/team-provider-info.json')).not.toHaveProperty('staging');
  }, SLOW_TEST_MS);
});

// ---------- projects and the stub's account ----------

/** dev imported; staging added on its own pool and roles (pushed unless told not to), an owned and a hand-made policy on its auth role; dev current. */
async function withStaging(options: { push?: boolean } = {}): Promise<TestProject> {
  const project = await newProject();
  await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
  await expectSuccess(project.run(['env', 'add', 'staging', '--yes', ...stagingIdFlags]));
  if (options.push !== false) await expectSuccess(project.run(['push', '--yes']));
  const role = stubRole(STAGING_IDS.authRoleName);
  for (const name of [STAGING_OWNED, HAND_MADE]) {
    role.inlinePolicies[name] = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${DEMO_IDS.mediaBucket}/${name}/*`] }] };
  }
  await expectSuccess(project.run(['env', 'checkout', 'dev']));
  return project;
}

function parameter(name: string) {
  return emulators().stub.state.ssm.parameters.get(parameterKey(REGION, name));
}

function seedLock(holder: { user: string; host: string; pid: number; startedAt: string; id: string }): void {
  emulators().stub.state.ssm.parameters.set(parameterKey(REGION, LOCK), { value: encodeLock(holder), type: 'String', version: 1, lastModified: Date.parse(holder.startedAt) });
}

function iamCalls(): StubCall[] {
  return emulators().stub.calls.filter((call) => call.service === 'iam');
}

function ssmCalls(calls: StubCall[]): Array<[string, unknown]> {
  return calls.filter((call) => call.service === 'ssm').map((call) => [call.operation, call.params['Name']]);
}

function lastIndex(calls: StubCall[], test: (call: StubCall) => boolean): number {
  for (let index = calls.length - 1; index >= 0; index--) if (test(calls[index]!)) return index;
  return -1;
}
