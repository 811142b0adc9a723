// One push at a time per environment, seen by the whole team: the push lock and the push record in Parameter Store
// (the stub's SSM), through the built CLI. Two clones pushing at once never leave a mix; two pushes in one folder
// apply the plan once; a stale clone says what it undoes; a killed push's lock is reported stale and removable;
// Ctrl+C releases the lock; without SSM access a push refuses naming the permission, and --no-lock goes on.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../src/core/model.js';
import { isOwnedPolicyName, normalizePolicyDocument, ownedPolicyPrefix } from '../../src/core/policy-plan.js';
import { encodeLock } from '../../src/core/push-lock.js';
import { storagePolicies, type StorageAccess } from '../../src/core/storage-policies.js';
import type { StubCall } from '../support/identity-iam-stub.js';
import { parameterKey } from '../support/ssm-stub.js';
import { DEMO_IDS, demoWorld } from '../support/world.js';
import { createTestProject, DEMO_FULL_IMPORT, expectSuccess, type TestProject, useEmulatorSuite } from './project-fixture.js';

const PROJECT = 'shop';
const PREFIX = ownedPolicyPrefix(PROJECT, 'dev');
const LOCK = '/mycli/shop/dev/push-lock';
const RECORD = '/mycli/shop/dev/pushed-state';
const CLI_ENTRY = fileURLToPath(new URL('../../bin/mycli.js', import.meta.url));
const IAM_WRITES = ['PutRolePolicy', 'DeleteRolePolicy'];
const ROLES = [DEMO_IDS.authRoleName, DEMO_IDS.unauthRoleName];
/** Each story runs the CLI a dozen times; under a shared machine's load that takes longer than the default 30 s. */
const SLOW_TEST_MS = 90_000;
const storageImport = (auth: string, guest: string) => ['import', 'storage', '--yes', '--bucket', DEMO_IDS.mediaBucket, '--auth-access', auth, '--guest-access', guest];

const { emulators, newProject, workDir, stubRole } = useEmulatorSuite(demoWorld, { workDirPrefix: 'mycli-lock-', projectName: PROJECT });

describe('two clones of one project pushing the same environment at once', () => {
  it('leave one clone\'s whole state, never a mix: the other waited (and says what it undid) or refused clearly; several rounds', async () => {
    const [reader, writer] = await twoClones();
    await expectSuccess(reader.run(storageImport('read', 'none')));
    await expectSuccess(writer.run(storageImport('create,read,delete', 'read')));
    const readerState = expectedState(['read'], []);
    const writerState = expectedState(['create', 'read', 'delete'], ['read']);
    expect(readerState).not.toEqual(writerState);

    // Slow Cognito Identity replies (the re-check, under the lock) make the two pushes overlap whatever the start-up jitter.
    emulators().stub.setPacing({ latencyMs: [200, 300] });
    let lastGeneration = 0;
    let roundsWithAWait = 0;
    try {
      for (let round = 1; round <= 5; round++) {
        emulators().stub.resetCalls();
        const results = await Promise.all([reader, writer].map((clone) => clone.run(['push', '--yes'])));
        for (const result of results) {
          expect([0, 1], result.stderr).toContain(result.code);
          if (result.code === 1) expect(result.stderr).toMatch(/Push refused: the push lock of 'dev' is held by .+ since /);
        }
        expect(results.some((result) => result.code === 0), `round ${round}`).toBe(true);
        const final = ownedState();
        expect([JSON.stringify(readerState), JSON.stringify(writerState)], `round ${round}: a mix of both clones`).toContain(JSON.stringify(final));
        // Whoever went second knew it: it said what it undid of the first one's push (having waited for the lock).
        const applied = results.filter((result) => /Pushed environment 'dev'/.test(result.stderr));
        if (applied.length === 2) expect(results.some((result) => result.stderr.includes('This plan undoes')), `round ${round}`).toBe(true);
        if (results.some((result) => result.stderr.includes('another push of it is running; waiting up to 30 s'))) roundsWithAWait++;
        expect(emulators().stub.state.ssm.parameters.has(parameterKey('us-east-1', LOCK)), 'lock left behind').toBe(false);
        const generation = recordInStub().generation as number;
        expect(generation).toBeGreaterThanOrEqual(lastGeneration);
        lastGeneration = generation;
      }
    } finally {
      emulators().stub.setPacing({});
    }
    // The rounds did race: at least one push found the other's lock and waited.
    expect(roundsWithAWait).toBeGreaterThan(0);
  }, 150_000);

  it('two pushes in one folder at once apply the plan once: the second waits, then has nothing to do', async () => {
    const project = await importedAndPushed();
    await expectSuccess(project.run(storageImport('create,read', 'read')));
    emulators().stub.resetCalls();
    emulators().stub.setPacing({ latencyMs: [300, 500] });
    const results = await Promise.all([project.run(['push', '--yes']), project.run(['push', '--yes'])]).finally(() => emulators().stub.setPacing({}));
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const expected = expectedState(['create', 'read'], ['read']);
    expect(ownedState()).toEqual(expected);
    expect(iamWrites().filter((call) => call.operation === 'PutRolePolicy')).toHaveLength(Object.values(expected).reduce((sum, byName) => sum + Object.keys(byName).length, 0));
    expect(results.filter((result) => result.stderr.includes("Nothing to push: environment 'dev' is up to date"))).toHaveLength(1);
    expect(results.some((result) => result.stderr.includes('another push of it is running; waiting up to 30 s'))).toBe(true);
    expect(results.every((result) => !result.stderr.includes('This plan undoes'))).toBe(true);
  }, SLOW_TEST_MS);
});

describe('a stale clone', () => {
  it("says who pushed since and which of that push's changes it undoes; asks (exit 2 in CI), --yes goes on; a fresh checkout adopts the record silently", async () => {
    const [stale, teammate] = await twoClones();
    await expectSuccess(teammate.run(storageImport('create,read', 'none')));
    await expectSuccess(teammate.run(['push', '--yes']));
    const teammateState = expectedState(['create', 'read'], []);
    expect(ownedState()).toEqual(teammateState);

    const before = await stale.snapshot();
    emulators().stub.resetCalls();
    const asked = await stale.run(['push']);
    expect(asked.code, asked.stderr).toBe(2);
    expect(asked.stderr).toMatch(/Environment 'dev' was pushed by \S+ on \S+ at \S+ \(.*generation 2\) after this clone's last push of it \(generation 1\)/);
    expect(asked.stderr).toContain(`This plan undoes ${Object.keys(teammateState[DEMO_IDS.authRoleName] ?? {}).length} of the changes pushed since:`);
    for (const policyName of Object.keys(teammateState[DEMO_IDS.authRoleName] ?? {})) {
      expect(asked.stderr).toContain(`- removes ${policyName} on role ${DEMO_IDS.authRoleName} (that push added it)`);
    }
    expect(asked.stderr).toContain('Push anyway, undoing those');
    expect(asked.stderr).toContain('--yes');
    expect(iamWrites()).toEqual([]);
    expect(await stale.snapshot()).toEqual(before);

    const dry = await stale.run(['push', '--dry-run', '--json']);
    expect(dry.code).toBe(3);
    expect(JSON.parse(dry.stdout).teammatePush).toMatchObject({ kind: 'pushed-elsewhere', record: { generation: 2 }, thisCloneGeneration: 1 });

    const undone = await expectSuccess(stale.run(['push', '--yes']));
    expect(undone.stderr).toContain('This plan undoes');
    expect(undone.stderr).toContain('Going on (--yes): this push undoes the changes listed above.');
    expect(ownedState()).toEqual({});
    expect(recordInStub()).toMatchObject({ generation: 3 });

    // A fresh checkout of the teammate's repository (no local cache) adopts the record: no warning, its state wins.
    const fresh = await cloneOf(teammate, { withCache: false });
    const adopted = await expectSuccess(fresh.run(['push', '--yes']));
    expect(adopted.stderr).not.toContain('was pushed by');
    expect(ownedState()).toEqual(teammateState);
    expect(recordInStub()).toMatchObject({ generation: 4 });
    const again = await expectSuccess(fresh.run(['push', '--yes']));
    expect(again.stderr).toContain('Nothing to push');
  }, SLOW_TEST_MS);
});

describe('a push killed while it holds the lock', () => {
  it('leaves a lock reported as stale (exit 1, nothing written); --force-unlock removes it after confirmation; the next push finishes', async () => {
    const project = await importedAndPushed();
    await expectSuccess(project.run(storageImport('create,read', 'read')));
    emulators().stub.resetCalls();
    const killed = await pushKilledAtFirst(project, 'PutRolePolicy', 'SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    expect(emulators().stub.state.ssm.parameters.has(parameterKey('us-east-1', LOCK))).toBe(true);

    emulators().stub.resetCalls();
    const refused = await project.run(['push', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/the push lock of 'dev' \(\/mycli\/shop\/dev\/push-lock\) is held by \S+ on \S+ \(pid \d+\) since .*, and it is stale: its process \(pid \d+\) no longer runs on this host/);
    expect(refused.stderr).toContain('mycli push --force-unlock');
    expect(iamWrites()).toEqual([]);

    const status = await expectSuccess(project.run(['status', '--remote']));
    expect(status.stdout).toContain('it is stale');
    const check = await project.run(['check', '--json']);
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).environments[0].findings).toEqual([expect.objectContaining({ severity: 'error', code: 'push-lock-stale' })]);

    const asked = await project.run(['push', '--force-unlock']);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain("Remove the push lock of 'dev'?");
    expect(emulators().stub.state.ssm.parameters.has(parameterKey('us-east-1', LOCK))).toBe(true);
    const unlocked = await expectSuccess(project.run(['push', '--force-unlock', '--yes']));
    expect(unlocked.stderr).toContain("Removed the push lock of environment 'dev'");
    expect(emulators().stub.state.ssm.parameters.has(parameterKey('us-east-1', LOCK))).toBe(false);

    await expectSuccess(project.run(['push', '--yes']));
    expect(ownedState()).toEqual(expectedState(['create', 'read'], ['read']));
  }, SLOW_TEST_MS);

  it("a teammate's lock older than 30 minutes is stale too; a fresh one makes the push wait, then refuse naming who and since when", async () => {
    const project = await importedAndPushed();
    await expectSuccess(project.run(storageImport('read', 'none')));
    const startedAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
    seedLock({ user: 'bob', host: 'build-7', pid: 77, startedAt, id: 'theirs' });
    const old = await project.run(['push', '--yes']);
    expect(old.code).toBe(1);
    expect(old.stderr).toContain(`held by bob on build-7 (pid 77) since ${startedAt} (2 h ago), and it is stale: it is older than 30 minutes`);

    seedLock({ user: 'bob', host: 'build-7', pid: 77, startedAt: new Date().toISOString(), id: 'theirs' });
    emulators().stub.resetCalls();
    const dry = await project.run(['push', '--dry-run', '--json']);
    expect(dry.code).toBe(3);
    expect(dry.stderr).toContain('held by bob on build-7 (pid 77)');
    expect(JSON.parse(dry.stdout).pushLock).toMatchObject({ holder: { user: 'bob', host: 'build-7', pid: 77 }, stale: false });
    expect(emulators().stub.calls.filter((call) => call.service === 'ssm').map((call) => call.operation).sort()).toEqual(['GetParameter', 'GetParameter']);

    const waited = await project.run(['push', '--yes', '--lock-timeout', '1']);
    expect(waited.code).toBe(1);
    expect(waited.stderr).toContain("The push lock of 'dev' is held by bob on build-7 (pid 77) since");
    expect(waited.stderr).toContain('waiting up to 1 s');
    expect(waited.stderr).toContain('still after waiting 1 s');
    expect(iamWrites()).toEqual([]);
    expect(JSON.parse(lockInStub()!.value)).toMatchObject({ id: 'theirs' });

    // The teammate's push ends while this one waits: it goes on.
    const running = project.run(['push', '--yes', '--lock-timeout', '20']);
    setTimeout(() => emulators().stub.state.ssm.parameters.delete(parameterKey('us-east-1', LOCK)), 1500);
    const after = await running;
    expect(after.code, after.stderr).toBe(0);
    expect(after.stderr).toContain("The push lock of 'dev' is free; this push holds it now.");
    expect(ownedState()).toEqual(expectedState(['read'], []));
  }, SLOW_TEST_MS);
});

describe('Ctrl+C', () => {
  it('while waiting for the lock exits 130 and leaves the holder\'s lock alone; mid-push it stops after the current write and releases the lock', async () => {
    const project = await importedAndPushed();
    await expectSuccess(project.run(storageImport('create,read', 'read')));
    seedLock({ user: 'bob', host: 'build-7', pid: 77, startedAt: new Date().toISOString(), id: 'theirs' });
    const waiting = await pushInterrupted(project, (stderr) => stderr.includes('waiting up to'));
    expect(waiting.code).toBe(130);
    expect(waiting.stderr).toContain('Interrupted while waiting for the push lock; nothing was changed.');
    expect(JSON.parse(lockInStub()!.value)).toMatchObject({ id: 'theirs' });
    emulators().stub.state.ssm.parameters.delete(parameterKey('us-east-1', LOCK));

    emulators().stub.resetCalls();
    const midway = await pushKilledAtFirst(project, 'PutRolePolicy', 'SIGINT');
    // The write in flight when the signal came completes; the push stops at its next step (which one depends on when
    // the signal is handled), releases its lock and exits 130.
    expect(midway.code, midway.stderr).toBe(130);
    expect(midway.stderr).toContain('Interrupted: the push stopped between two steps and released its lock.');
    expect(iamWrites().length).toBeGreaterThanOrEqual(1);
    expect(lockInStub()).toBeUndefined();
    await expectSuccess(project.run(['push', '--yes']));
    expect(ownedState()).toEqual(expectedState(['create', 'read'], ['read']));
  }, SLOW_TEST_MS);
});

describe('without Parameter Store access', () => {
  it('push refuses before any change naming the permission and the ARN; --no-lock pushes with a warning', async () => {
    const project = await importedAndPushed();
    await expectSuccess(project.run(storageImport('read', 'none')));
    emulators().stub.state.ssm.deniedOperations.add('PutParameter');
    emulators().stub.state.ssm.deniedOperations.add('GetParameter');

    const before = await project.snapshot();
    emulators().stub.resetCalls();
    const refused = await project.run(['push', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Push stopped before any change: Access denied: ssm:PutParameter on SSM parameter /mycli/shop/dev/push-lock.');
    expect(refused.stderr).toContain('ssm:GetParameter, ssm:PutParameter and ssm:DeleteParameter on arn:aws:ssm:us-east-1:123456789012:parameter/mycli/shop/*');
    expect(refused.stderr).toContain('--no-lock');
    expect(iamWrites()).toEqual([]);
    expect(await project.snapshot()).toEqual(before);

    const check = await project.run(['check', '--json']);
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).environments[0].findings).toEqual([expect.objectContaining({ code: 'push-lock-access-denied' })]);

    const pushed = await expectSuccess(project.run(['push', '--yes', '--no-lock']));
    expect(pushed.stderr).toContain("Pushing 'dev' without the team's push lock (--no-lock)");
    expect(pushed.stderr).toContain("Cannot read the push record of 'dev'");
    expect(ownedState()).toEqual(expectedState(['read'], []));

    // That push left no record, but this clone still knows the one it last wrote: a teammate's push since is seen,
    // not adopted silently.
    emulators().stub.state.ssm.deniedOperations.clear();
    const teammate = await cloneOf(project, { withCache: true });
    await expectSuccess(teammate.run(['remove', 'storage', '--yes']));
    await expectSuccess(teammate.run(['push', '--yes']));
    const dry = await project.run(['push', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(3);
    expect(JSON.parse(dry.stdout).teammatePush).toMatchObject({ kind: 'pushed-elsewhere', record: { generation: 2 }, thisCloneGeneration: 1 });
    expect(dry.stderr).toContain('This plan undoes');
  }, SLOW_TEST_MS);
});

describe('status', () => {
  it('offline says its knowledge is this clone\'s cache; --remote reads the record and compares', async () => {
    const [mine, theirs] = await twoClones();
    const offline = await expectSuccess(mine.run(['status']));
    expect(offline.stderr).toContain("As of this clone's last push of 'dev'");
    expect(offline.stderr).toContain('generation 1');
    expect(offline.stderr).toContain('mycli status --remote');
    expect(JSON.parse((await expectSuccess(mine.run(['status', '--json']))).stdout).lastPush).toMatchObject({ source: 'local-cache', generation: 1 });

    const current = await expectSuccess(mine.run(['status', '--remote']));
    expect(current.stdout).toContain("Account record of 'dev' (/mycli/shop/dev/pushed-state): generation 1");
    expect(current.stdout).toContain("That is this clone's last push");
    expect(current.stdout).toContain("No push of 'dev' is running");

    await expectSuccess(theirs.run(storageImport('read', 'none')));
    await expectSuccess(theirs.run(['push', '--yes']));
    const behind = await expectSuccess(mine.run(['status', '--remote', '--json']));
    expect(JSON.parse(behind.stdout).remote).toMatchObject({ parameter: RECORD, comparison: { kind: 'pushed-elsewhere', record: { generation: 2 }, thisCloneGeneration: 1 }, lock: null });
    const text = await expectSuccess(mine.run(['status', '--remote']));
    expect(text.stdout).toContain("Pushed elsewhere since this clone's last push (generation 1)");
    expect(text.stdout).toMatch(/\+ mycli-shop\.dev\.storage-acmemedia-auth-public on role acme-identities-auth-role \(added by those pushes\)/);
  }, SLOW_TEST_MS);
});

// ---------- projects ----------

async function importedAndPushed(): Promise<TestProject> {
  const project = await newProject();
  await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
  await expectSuccess(project.run(['push', '--yes']));
  return project;
}

/** One project pushed once, and a copy of its folder (cache included): two clones that both know generation 1. */
async function twoClones(): Promise<[TestProject, TestProject]> {
  const first = await importedAndPushed();
  return [first, await cloneOf(first, { withCache: true })];
}

/** A copy of the folder in the suite's work folder (removed with it); without the cache it is a fresh checkout. */
async function cloneOf(source: TestProject, options: { withCache: boolean }): Promise<TestProject> {
  const clone = await createTestProject(emulators().env, workDir());
  await rm(clone.dir, { recursive: true, force: true });
  await cp(source.dir, clone.dir, { recursive: true });
  if (!options.withCache) await rm(path.join(clone.dir, 'amplify', '#current-cloud-backend'), { recursive: true, force: true });
  return clone;
}

// ---------- the stub's account ----------

function expectedState(authAccess: StorageAccess[], guestAccess: StorageAccess[]): Record<string, Record<string, PolicyDocument>> {
  const policies = storagePolicies(
    { resourceName: 'acmemedia', bucketName: DEMO_IDS.mediaBucket, authAccess, guestAccess },
    { projectName: PROJECT, envName: 'dev', authRoleName: DEMO_IDS.authRoleName, unauthRoleName: guestAccess.length > 0 ? DEMO_IDS.unauthRoleName : undefined },
  );
  const state: Record<string, Record<string, PolicyDocument>> = {};
  for (const policy of policies) (state[policy.roleName] ??= {})[policy.policyName] = normalizePolicyDocument(policy.document);
  return sortedState(state);
}

/** The owned policies on the demo roles now, in the same shape. */
function ownedState(): Record<string, Record<string, PolicyDocument>> {
  const state: Record<string, Record<string, PolicyDocument>> = {};
  for (const roleName of ROLES) {
    for (const [name, document] of Object.entries(stubRole(roleName).inlinePolicies)) {
      if (isOwnedPolicyName(name, PREFIX)) (state[roleName] ??= {})[name] = normalizePolicyDocument(document as PolicyDocument);
    }
  }
  return sortedState(state);
}

function sortedState(state: Record<string, Record<string, PolicyDocument>>): Record<string, Record<string, PolicyDocument>> {
  return Object.fromEntries(Object.keys(state).sort().map((role) => [role, Object.fromEntries(Object.keys(state[role]!).sort().map((name) => [name, state[role]![name]!]))]));
}

function iamWrites(): StubCall[] {
  return emulators().stub.calls.filter((call) => IAM_WRITES.includes(call.operation));
}

function lockInStub() {
  return emulators().stub.state.ssm.parameters.get(parameterKey('us-east-1', LOCK));
}

function recordInStub(): Record<string, unknown> {
  const stored = emulators().stub.state.ssm.parameters.get(parameterKey('us-east-1', RECORD));
  if (!stored) throw new Error('no push record in the stub');
  return JSON.parse(stored.value) as Record<string, unknown>;
}

function seedLock(holder: { user: string; host: string; pid: number; startedAt: string; id: string }): void {
  emulators().stub.state.ssm.parameters.set(parameterKey('us-east-1', LOCK), { value: encodeLock(holder), type: 'String', version: 1, lastModified: Date.parse(holder.startedAt) });
}

// ---------- signals ----------

interface SpawnedResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function spawnPush(project: TestProject, args: string[]) {
  const child = spawn(process.execPath, [CLI_ENTRY, ...args], {
    cwd: project.dir,
    env: { ...emulators().env, PATH: process.env.PATH ?? '/usr/bin:/bin' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const output = { stderr: '' };
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
  const exited = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
  const result = exited.then(([code, signal]): SpawnedResult => {
    clearTimeout(timer);
    return { code, signal, stderr: output.stderr };
  });
  return { child, output, result };
}

/** Sends `signal` to `push --yes` the moment the stub receives its first `operation` (the stub still applies that call). */
async function pushKilledAtFirst(project: TestProject, operation: string, signal: NodeJS.Signals): Promise<SpawnedResult> {
  const { child, result } = spawnPush(project, ['push', '--yes']);
  const calls = emulators().stub.calls;
  let sent = false;
  calls.push = (...items: StubCall[]): number => {
    if (!sent && items.some((call) => call.operation === operation)) {
      sent = true;
      child.kill(signal);
    }
    return Array.prototype.push.apply(calls, items);
  };
  try {
    return await result;
  } finally {
    Reflect.deleteProperty(calls, 'push');
  }
}

/** Sends SIGINT to `push --yes` once its standard error satisfies `ready`. */
async function pushInterrupted(project: TestProject, ready: (stderr: string) => boolean): Promise<SpawnedResult> {
  const { child, output, result } = spawnPush(project, ['push', '--yes', '--lock-timeout', '20']);
  const poll = setInterval(() => {
    if (ready(output.stderr)) {
      clearInterval(poll);
      child.kill('SIGINT');
    }
  }, 50);
  try {
    return await result;
  } finally {
    clearInterval(poll);
  }
}
