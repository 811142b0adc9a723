// Plans and checks for CI, through the built CLI against cognito-local and the stub: `push --dry-run` (exit 3 when
// changes are pending, 0 when there is nothing to do, 1 when a push would be refused) changes nothing in AWS or on
// disk; `--json` prints the plan as data that matches what the push then applies; `check` re-validates one or
// every environment and exits 1 when a push would be refused.
import { describe, expect, it } from 'vitest';
import { normalizePolicyDocument, ownedPolicyPrefix } from '../../src/core/policy-plan.js';
import { storagePolicies } from '../../src/core/storage-policies.js';
import type { StubCall } from '../support/identity-iam-stub.js';
import { runCli, type CliResult } from '../support/run-cli.js';
import { DEMO_IDS, roleArn } from '../support/world.js';
import { lifecycleWorld, REPLACEMENT_AUTH_ROLE, STAGING_IDS } from './lifecycle-world.js';
import { roleBlock } from './plan-output.js';
import { DEMO_FULL_IMPORT, expectSuccess, type TestProject, useEmulatorSuite } from './project-fixture.js';

const PROJECT = 'shop';
const STORAGE = 'acmemedia';
const WRITE_OPERATIONS = ['PutRolePolicy', 'DeleteRolePolicy', 'UpdateFunctionConfiguration'];
const storageImport = ['import', 'storage', '--yes', '--bucket', DEMO_IDS.mediaBucket, '--auth-access', 'create,read', '--guest-access', 'read'];
const stagingIdFlags = ['--user-pool-id', STAGING_IDS.userPoolId, '--web-client-id', STAGING_IDS.webClientId, '--identity-pool-id', STAGING_IDS.identityPoolId];

const { emulators, newProject, stubRole } = useEmulatorSuite(lifecycleWorld, { workDirPrefix: 'mycli-plan-', projectName: PROJECT });

interface PlanJson {
  environment: string;
  dryRun: boolean;
  status: string;
  summary: { add: number; change: number; remove: number; functionVariables: number };
  roles: Array<{ environment: string; role: string; policies: Array<{ policy: string; change: string; actions: string[]; resources: string[] }> }>;
  resources: Array<{ category: string; resourceName: string; operation: string }>;
}

describe('push --dry-run', () => {
  it('shows the plan and exits 3 with nothing changed; --json is the same plan as data; after the push it exits 0', async () => {
    const project = await newProject();
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    await expectSuccess(project.run(storageImport));

    const dry = await expectUnchanged(project, ['push', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(3);
    const expected = storagePolicies(
      { resourceName: STORAGE, bucketName: DEMO_IDS.mediaBucket, authAccess: ['create', 'read'], guestAccess: ['read'] },
      { projectName: PROJECT, envName: 'dev', authRoleName: DEMO_IDS.authRoleName, unauthRoleName: DEMO_IDS.unauthRoleName },
    );
    for (const policy of expected) expect(roleBlock(dry.stderr, policy.roleName)).toContain(`+ add    ${policy.policyName}`);
    expect(dry.stderr).toContain(`Plan: ${expected.length} IAM policies to add, 0 to change, 0 to remove.`);
    expect(dry.stderr).toContain("Dry run: changes pending in environment 'dev'");

    const plan = JSON.parse(dry.stdout) as PlanJson;
    expect(plan).toMatchObject({ environment: 'dev', dryRun: true, status: 'changes-pending', summary: { add: expected.length, change: 0, remove: 0, functionVariables: 0 } });
    expect(plan.resources).toEqual(expect.arrayContaining([{ category: 'auth', resourceName: PROJECT, operation: 'Import' }, { category: 'storage', resourceName: STORAGE, operation: 'Import' }]));
    const planned = plan.roles.flatMap((role) => role.policies.map((policy) => ({ role: role.role, ...policy })));
    expect(planned.map((policy) => `${policy.role} ${policy.policy} ${policy.change}`).sort()).toEqual(expected.map((policy) => `${policy.roleName} ${policy.policyName} add`).sort());
    for (const policy of planned) {
      const statements = (normalizePolicyDocument(expected.find((candidate) => candidate.policyName === policy.policy)!.document).Statement as Array<{ Action: string[]; Resource: string[] }>);
      expect(policy.actions, policy.policy).toEqual([...new Set(statements.flatMap((statement) => statement.Action))].sort());
      expect(policy.resources, policy.policy).toEqual([...new Set(statements.flatMap((statement) => statement.Resource))].sort());
    }

    // The push applies exactly the plan the dry run showed.
    emulators().stub.resetCalls();
    const pushed = await expectSuccess(project.run(['push', '--yes', '--json']));
    expect((JSON.parse(pushed.stdout) as PlanJson).status).toBe('pushed');
    const puts = writeCalls().map((call) => `${call.params['RoleName']} ${call.params['PolicyName']}`).sort();
    expect(puts).toEqual(planned.map((policy) => `${policy.role} ${policy.policy}`).sort());

    const after = await expectUnchanged(project, ['push', '--dry-run', '--json']);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stderr).toContain("Nothing to push: environment 'dev' is up to date");
    expect(JSON.parse(after.stdout)).toMatchObject({ status: 'up-to-date', summary: { add: 0, change: 0, remove: 0 }, roles: [] });
  });

  it('shows the removals after remove auth (exit 3), and exits 1 without a plan when a push would be refused', async () => {
    const project = await newProject();
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    await expectSuccess(project.run(['push', '--yes']));
    const stale = `${ownedPolicyPrefix(PROJECT, 'dev')}stale`;
    stubRole(DEMO_IDS.authRoleName).inlinePolicies[stale] = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };

    const drifted = emulators().stub.state.identityPools.get(DEMO_IDS.identityPoolId)!;
    const seededRoles = { ...drifted.roles };
    drifted.roles.authenticated = roleArn(lifecycleWorld(), REPLACEMENT_AUTH_ROLE);
    const refused = await expectUnchanged(project, ['push', '--dry-run', '--json']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('changed in AWS since it was imported');
    drifted.roles = seededRoles;

    await expectSuccess(project.run(['remove', 'auth', '--yes']));
    const unlink = await expectUnchanged(project, ['push', '--dry-run']);
    expect(unlink.code, unlink.stderr).toBe(3);
    expect(roleBlock(unlink.stderr, DEMO_IDS.authRoleName)).toContain(`- remove ${stale}`);
    expect(unlink.stderr).toContain(`auth '${PROJECT}': to unlink`);
  });
});

describe('mycli check', () => {
  it('checks one or every environment without changing anything; a drifted environment exits 1 with its findings', async () => {
    const project = await newProject();
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    await expectSuccess(project.run(['push', '--yes']));
    await expectSuccess(project.run(['env', 'add', 'staging', '--yes', ...stagingIdFlags]));
    await expectSuccess(project.run(['env', 'checkout', 'dev']));

    const clean = await expectUnchanged(project, ['check', '--all', '--json']);
    expect(clean.code, clean.stderr).toBe(0);
    expect(JSON.parse(clean.stdout)).toEqual({
      ok: true,
      environments: [
        { environment: 'dev', region: 'us-east-1', status: 'ok', findings: [], pending: { add: 0, change: 0, remove: 0, functionVariables: 0 } },
        { environment: 'staging', region: 'us-east-1', status: 'ok', findings: [], pending: { add: 0, change: 0, remove: 0, functionVariables: 0 } },
      ],
    });
    expect(operations()).not.toContain('ListIdentityPools');

    // Someone deletes staging's identity pool: check --all says so; the current environment alone still passes.
    emulators().stub.state.identityPools.delete(STAGING_IDS.identityPoolId);
    const drifted = await expectUnchanged(project, ['check', '--all', '--json']);
    expect(drifted.code).toBe(1);
    const report = JSON.parse(drifted.stdout) as { ok: boolean; environments: Array<{ environment: string; status: string; findings: Array<{ severity: string; code: string; message: string; fix: string }> }> };
    expect(report.ok).toBe(false);
    expect(report.environments.map((env) => [env.environment, env.status])).toEqual([['dev', 'ok'], ['staging', 'refused']]);
    const [finding] = report.environments[1]!.findings;
    expect(finding).toMatchObject({ severity: 'error', code: 'imported-resource-gone' });
    expect(finding?.message).toContain(STAGING_IDS.identityPoolId);
    expect(finding?.fix).toContain('mycli remove auth');
    expect(drifted.stderr).toContain("Environment 'staging' (us-east-1): 1 problem found; a push would be refused.");
    expect(drifted.stderr).toContain("A push of 'staging' would be refused");

    expect((await expectUnchanged(project, ['check'])).code).toBe(0);
    const one = await expectUnchanged(project, ['check', '--env', 'staging']);
    expect(one.code).toBe(1);
    expect(one.stderr).toContain(`error: A resource imported as auth '${PROJECT}' in environment 'staging' no longer exists in AWS`);
    expect(one.stderr).toContain('fix: ');
  });

  it('reports a deleted granted function and pending policy changes; refuses --env with --all (exit 2) and an unknown environment (exit 1)', async () => {
    const project = await newProject();
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    await expectSuccess(project.run(['auth', 'grant-function', DEMO_IDS.adminFunction, '--access', 'read', '--yes']));

    const pending = await expectUnchanged(project, ['check']);
    expect(pending.code, pending.stderr).toBe(0);
    expect(pending.stderr).toContain('a push would make 1 IAM policy change');

    emulators().stub.state.functions.delete(DEMO_IDS.adminFunction);
    const gone = await expectUnchanged(project, ['check', '--json']);
    expect(gone.code).toBe(1);
    const [env] = (JSON.parse(gone.stdout) as { environments: Array<{ status: string; findings: Array<{ code: string; message: string }> }> }).environments;
    expect(env?.status).toBe('refused');
    expect(env?.findings).toEqual([expect.objectContaining({ code: 'not-found', message: expect.stringContaining(`Lambda function '${DEMO_IDS.adminFunction}'`) })]);

    expect((await expectUnchanged(project, ['check', '--env', 'dev', '--all'])).code).toBe(2);
    const unknown = await expectUnchanged(project, ['check', '--env', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Environment 'nope' does not exist");
  });
});

/** Runs a command that must change no project file and make no AWS write, whatever its exit code. */
async function expectUnchanged(project: TestProject, args: string[]): Promise<CliResult> {
  const before = await project.snapshot();
  emulators().stub.resetCalls();
  const result = await runCli(args, { cwd: project.dir, env: emulators().env });
  expect(writeCalls(), result.stderr).toEqual([]);
  expect(await project.snapshot()).toEqual(before);
  return result;
}

function writeCalls(): StubCall[] {
  return emulators().stub.calls.filter((call) => WRITE_OPERATIONS.includes(call.operation));
}

function operations(): string[] {
  return emulators().stub.calls.map((call) => call.operation);
}
