// Storage and function grants on the imported identity, through the built CLI against cognito-local and the
// Cognito Identity / IAM / S3 / Lambda stub: the exact policies push leaves on the roles, what those stored
// documents allow (policy evaluator), access changes, removal, compatibility gates, status, the plan shown before
// any change, and that nothing outside the imported roles and granted execution roles is ever written.
import { describe, expect, it } from 'vitest';
import { USER_POOL_ACTIONS } from '../../src/core/function-grant-policy.js';
import type { PolicyDocument } from '../../src/core/model.js';
import { evaluate, type Decision } from '../../src/core/policy-evaluator.js';
import { isOwnedPolicyName, normalizePolicyDocument, ownedPolicyPrefix, type DesiredPolicy } from '../../src/core/policy-plan.js';
import { storagePolicies, type StorageAccess } from '../../src/core/storage-policies.js';
import type { StubCall, StubFunction } from '../support/identity-iam-stub.js';
import { runCli, type CliResult } from '../support/run-cli.js';
import { DEMO_IDS, demoWorld, MEMBERS_IDS, withMembersIdentityPool, type World } from '../support/world.js';
import { roleBlock } from './plan-output.js';
import { DEMO_FULL_IMPORT, expectSuccess, type TestProject, useEmulatorSuite } from './project-fixture.js';

const PROJECT = 'shop';
const ENV = 'dev';
const OWNED_PREFIX = ownedPolicyPrefix(PROJECT, ENV);
/** The resource name import storage derives from the bucket name acme-media. */
const STORAGE = 'acmemedia';
const HAND_MADE_POLICY = 'team-managed-s3';
const HAND_MADE_POLICY_DOCUMENT = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${DEMO_IDS.mediaBucket}/team/*`] }],
};
const POOL_ARN = `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${DEMO_IDS.userPoolId}`;
const POOL_ID_VARIABLE = 'AUTH_SHOP_USERPOOLID';
const IAM_WRITES = ['PutRolePolicy', 'DeleteRolePolicy'];
const WRITES = [...IAM_WRITES, 'UpdateFunctionConfiguration'];

const MEMBERS = MEMBERS_IDS;

const ALLOWED_ROLE_WRITES = [DEMO_IDS.authRoleName, DEMO_IDS.unauthRoleName, DEMO_IDS.adminFunctionRoleName, MEMBERS.authRoleName];

const devImport = [...DEMO_FULL_IMPORT];
const storageImport = (authAccess: string, guestAccess: string) => [
  'import', 'storage', '--yes', '--bucket', DEMO_IDS.mediaBucket, '--auth-access', authAccess, '--guest-access', guestAccess,
];
const grantAdminFunction = ['auth', 'grant-function', DEMO_IDS.adminFunction, '--access', 'read,update', '--set-env', '--yes'];

/** Every call the stub received in this file, for the "only our roles and functions" check at the end. */
const callLog: StubCall[] = [];
const { emulators, newProject, stubRole } = useEmulatorSuite(featuresWorld, {
  workDirPrefix: 'mycli-features-',
  projectName: PROJECT,
  afterEachTest: () => drainCalls(),
});

describe('storage on the imported roles', () => {
  it('push puts exactly the S3 policies, which allow what they claim; an access change touches only what changed; remove takes them all off', async () => {
    const project = await newProject();
    await expectSuccess(project.run(devImport));
    seedHandMadePolicy(DEMO_IDS.authRoleName);
    await expectSuccess(project.run(storageImport('create,read', 'read')));

    expect((await project.readJson('amplify/backend/backend-config.json')).storage[STORAGE]).toMatchObject({
      service: 'S3',
      serviceType: 'imported',
      dependsOn: [expect.objectContaining({ category: 'auth', resourceName: PROJECT })],
    });
    expect((await project.readJson('amplify/team-provider-info.json'))[ENV].categories.storage[STORAGE]).toEqual({
      bucketName: DEMO_IDS.mediaBucket,
      region: 'us-east-1',
    });
    const config = await project.loadAwsExports();
    expect(config).toMatchObject({ aws_user_files_s3_bucket: DEMO_IDS.mediaBucket, aws_user_files_s3_bucket_region: 'us-east-1' });
    expect(await project.readJson('src/amplifyconfiguration.json')).toEqual(config);

    drainCalls();
    const pushed = await expectSuccess(project.run(['push', '--yes']));
    // push rewrites the app config from the imported resources: the storage keys stay.
    expect(await project.loadAwsExports()).toEqual(config);
    const first = expectedStorage(['create', 'read'], ['read']);
    expect(ownedPoliciesOn(DEMO_IDS.authRoleName)).toEqual(byName(first, DEMO_IDS.authRoleName));
    expect(ownedPoliciesOn(DEMO_IDS.unauthRoleName)).toEqual(byName(first, DEMO_IDS.unauthRoleName));
    expect(Object.keys(byName(first, DEMO_IDS.unauthRoleName)).every((name) => name.includes('-guest-'))).toBe(true);
    expect(Object.keys(stubRole(DEMO_IDS.authRoleName).inlinePolicies).filter((name) => !name.startsWith(OWNED_PREFIX)).sort())
      .toEqual(['acme-identities-auth-base', HAND_MADE_POLICY]);
    expect(writeCalls(drainCalls())).toHaveLength(first.length);
    for (const policy of first) {
      expect(roleBlock(pushed.stderr, policy.roleName)).toContain(`+ add    ${policy.policyName}`);
      expectShownBeforeApplied(pushed.stderr, `+ add    ${policy.policyName}`, `Added ${policy.policyName}`);
    }

    expectStoredPoliciesBehaveAsClaimed();

    // Change the access: signed-in users read only, guests nothing.
    await expectSuccess(project.run(['remove', 'storage', '--yes']));
    await expectSuccess(project.run(storageImport('read', 'none')));
    drainCalls();
    const changed = await expectSuccess(project.run(['push', '--yes']));
    const second = expectedStorage(['read'], []);
    expect(ownedPoliciesOn(DEMO_IDS.authRoleName)).toEqual(byName(second, DEMO_IDS.authRoleName));
    expect(ownedPoliciesOn(DEMO_IDS.unauthRoleName)).toEqual({});
    const writes = roleWrites(drainCalls());
    const expectedWrites = policyDiff(first, second);
    expect(writes.sort()).toEqual(expectedWrites.sort());
    expect(expectedWrites).toHaveLength(6);
    const unchangedRead = first.find((policy) => policy.policyName.endsWith('-auth-read'));
    expect(writes.some((write) => write.endsWith(` ${unchangedRead?.policyName}`))).toBe(false);
    for (const write of writes) {
      const [operation, roleName, policyName] = write.split(' ');
      expect(roleBlock(changed.stderr, roleName!)).toContain(operation === 'PutRolePolicy' ? `~ change ${policyName}` : `- remove ${policyName}`);
    }

    // Remove storage: the next push takes every S3 policy off; the hand-made one stays.
    await expectSuccess(project.run(['remove', 'storage', '--yes']));
    expect(await project.loadAwsExports()).not.toHaveProperty('aws_user_files_s3_bucket');
    drainCalls();
    await expectSuccess(project.run(['push', '--yes']));
    expect(await project.loadAwsExports()).not.toHaveProperty('aws_user_files_s3_bucket');
    expect(ownedPoliciesOn(DEMO_IDS.authRoleName)).toEqual({});
    expect(ownedPoliciesOn(DEMO_IDS.unauthRoleName)).toEqual({});
    expect(roleWrites(drainCalls()).sort()).toEqual(policyDiff(second, []).sort());
    expect(Object.keys(stubRole(DEMO_IDS.authRoleName).inlinePolicies).sort()).toEqual(['acme-identities-auth-base', HAND_MADE_POLICY]);
    expect(stubRole(DEMO_IDS.authRoleName).inlinePolicies[HAND_MADE_POLICY]).toEqual(HAND_MADE_POLICY_DOCUMENT);
    expect(await statusRows(project)).toEqual([expect.objectContaining({ category: 'auth', operation: 'No Change' })]);
  });
});

describe('a function granted access to the user pool', () => {
  it('push puts one pool-scoped policy on its execution role and sets the pool id variable, keeping the others; revoke takes the policy off', async () => {
    const project = await newProject();
    await expectSuccess(project.run(devImport));
    await expectSuccess(project.run(grantAdminFunction));

    drainCalls();
    await expectSuccess(project.run(['push', '--yes']));
    const owned = ownedPoliciesOn(DEMO_IDS.adminFunctionRoleName);
    expect(Object.keys(stubRole(DEMO_IDS.adminFunctionRoleName).inlinePolicies)).toEqual(Object.keys(owned));
    expect(Object.keys(owned)).toHaveLength(1);
    const [document] = Object.values(owned) as [PolicyDocument];
    const statements = [document.Statement].flat();
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ Effect: 'Allow', Resource: [POOL_ARN] });
    expect(statements[0]).not.toHaveProperty('Condition');
    const actions = [statements[0]?.Action].flat();
    expect(actions).toEqual([...new Set([...USER_POOL_ACTIONS.read, ...USER_POOL_ACTIONS.update])].sort());
    expect(actions.filter((action) => /^cognito-idp:(Admin)?Delete|^cognito-idp:AdminCreateUser$/.test(action ?? ''))).toEqual([]);
    const decide = (action: string, resource = POOL_ARN) => evaluate([document], { action, resource, context: {} });
    expect(decide('cognito-idp:AdminGetUser')).toBe('allow');
    expect(decide('cognito-idp:AdminUpdateUserAttributes')).toBe('allow');
    expect(decide('cognito-idp:AdminDeleteUser')).toBe('implicit-deny');
    expect(decide('cognito-idp:AdminCreateUser')).toBe('implicit-deny');
    expect(decide('cognito-idp:AdminGetUser', `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${DEMO_IDS.legacyUserPoolId}`)).toBe('implicit-deny');

    const afterGrant = { STAGE: 'dev', [POOL_ID_VARIABLE]: DEMO_IDS.userPoolId };
    expect(stubFunction(DEMO_IDS.adminFunction).environment).toEqual(afterGrant);
    const calls = drainCalls();
    expect(writeCalls(calls).map((call) => call.operation).sort()).toEqual(['PutRolePolicy', 'UpdateFunctionConfiguration']);

    const again = await expectSuccess(project.run(['push', '--yes']));
    expect(writeCalls(drainCalls()), again.stderr).toEqual([]);

    await expectSuccess(project.run(['auth', 'revoke-function', DEMO_IDS.adminFunction, '--yes']));
    drainCalls();
    await expectSuccess(project.run(['push', '--yes']));
    expect(writeCalls(drainCalls())).toEqual([
      expect.objectContaining({
        operation: 'DeleteRolePolicy',
        params: expect.objectContaining({ RoleName: DEMO_IDS.adminFunctionRoleName, PolicyName: Object.keys(owned)[0] }),
      }),
    ]);
    expect(stubRole(DEMO_IDS.adminFunctionRoleName).inlinePolicies).toEqual({});
    expect(await statusRows(project)).toEqual([expect.objectContaining({ category: 'auth', operation: 'No Change' })]);
    // The variable is left as it is: the function's code may still read it.
    expect(stubFunction(DEMO_IDS.adminFunction).environment).toEqual(afterGrant);
  });

  it('grant-function of a function that does not exist: exit 1 naming it, nothing written', async () => {
    const project = await newProject();
    await expectSuccess(project.run(devImport));
    const refused = await expectUnchangedRefusal(project, ['auth', 'grant-function', 'acme-missing-fn', '--access', 'read', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Lambda function 'acme-missing-fn' does not exist");
  });
});

describe('compatibility gates', () => {
  it('storage on a user-pool-only import is refused (exit 1) with how to re-import with an identity pool', async () => {
    const project = await newProject();
    await expectSuccess(project.run(['import', 'auth', '--yes', '--user-pool-id', DEMO_IDS.userPoolId, '--web-client-id', DEMO_IDS.webClientId]));
    const refused = await expectUnchangedRefusal(project, storageImport('read', 'none'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('user pool only');
    expect(refused.stderr).toContain('mycli remove auth');
    expect(refused.stderr).toContain('mycli import auth');
    expect(refused.stderr).toContain('--identity-pool-id');
  });

  it('guest access without an unauthenticated role is refused (exit 1); no guest access is accepted and pushed to the one role', async () => {
    const project = await newProject();
    await expectSuccess(project.run([...devImport.slice(0, -1), MEMBERS.identityPoolId]));

    const refused = await expectUnchangedRefusal(project, storageImport('read', 'read'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Guest access needs the unauthenticated role');
    expect(refused.stderr).toContain(MEMBERS.identityPoolId);
    expect(refused.stderr).toContain('--guest-access none');

    await expectSuccess(project.run(storageImport('read', 'none')));
    await expectSuccess(project.run(['push', '--yes']));
    const expected = storagePolicies(
      { resourceName: STORAGE, bucketName: DEMO_IDS.mediaBucket, authAccess: ['read'], guestAccess: [] },
      { projectName: PROJECT, envName: ENV, authRoleName: MEMBERS.authRoleName },
    );
    expect(ownedPoliciesOn(MEMBERS.authRoleName)).toEqual(byName(expected, MEMBERS.authRoleName));
  });
});

describe('features that depend on auth', () => {
  it('remove auth refuses (exit 1) while storage or a function grant exists, naming them', async () => {
    const project = await newProject();
    await expectSuccess(project.run(devImport));
    await expectSuccess(project.run(storageImport('read', 'none')));
    await expectSuccess(project.run(grantAdminFunction));

    const refused = await expectUnchangedRefusal(project, ['remove', 'auth', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`storage '${STORAGE}'`);
    expect(refused.stderr).toContain(`function '${DEMO_IDS.adminFunction}'`);
    expect(refused.stderr).toContain('mycli remove storage');
    expect(refused.stderr).toContain('mycli auth revoke-function');
  });

  it('status shows Storage and Function rows; after push, status --policies lists each role with its policies, as text and as JSON', async () => {
    const project = await newProject();
    await expectSuccess(project.run(devImport));
    await expectSuccess(project.run(storageImport('create,read', 'read')));
    await expectSuccess(project.run(grantAdminFunction));

    expect(tableRows(await statusText(project, ['status']))).toEqual([
      ['Auth', PROJECT, 'Import'],
      ['Function', DEMO_IDS.adminFunction, 'Import'],
      ['Storage', STORAGE, 'Import'],
    ]);
    await expectSuccess(project.run(['push', '--yes']));
    expect(tableRows(await statusText(project, ['status']))).toEqual([
      ['Auth', PROJECT, 'No Change'],
      ['Function', DEMO_IDS.adminFunction, 'No Change'],
      ['Storage', STORAGE, 'No Change'],
    ]);

    const onRoles = {
      [DEMO_IDS.authRoleName]: Object.keys(ownedPoliciesOn(DEMO_IDS.authRoleName)).sort(),
      [DEMO_IDS.unauthRoleName]: Object.keys(ownedPoliciesOn(DEMO_IDS.unauthRoleName)).sort(),
      [DEMO_IDS.adminFunctionRoleName]: Object.keys(ownedPoliciesOn(DEMO_IDS.adminFunctionRoleName)).sort(),
    };
    expect(Object.values(onRoles).map((names) => names.length)).toEqual([5, 2, 1]);

    const text = await statusText(project, ['status', '--policies']);
    expect(policiesListedInText(text)).toEqual(onRoles);
    expect(text).toContain(`Allow s3:GetObject on arn:aws:s3:::${DEMO_IDS.mediaBucket}/public/*`);

    const json = await expectSuccess(project.run(['status', '--json', '--policies']));
    const listed = (JSON.parse(json.stdout) as { policies: Array<{ roleName: string; policyName: string; document: PolicyDocument }> }).policies;
    expect(listed.map(({ roleName, policyName }) => `${roleName} ${policyName}`).sort())
      .toEqual(Object.entries(onRoles).flatMap(([roleName, names]) => names.map((name) => `${roleName} ${name}`)).sort());
    for (const { roleName, policyName, document } of listed) {
      expect(normalizePolicyDocument(document), policyName).toEqual(ownedPoliciesOn(roleName)[policyName]);
    }
  });
});

describe('push shows the plan before any change', () => {
  it('under CI without --yes, a push with storage and function changes exits 2 naming --yes, after showing them; AWS got no write', async () => {
    const project = await newProject();
    await expectSuccess(project.run(devImport));
    await expectSuccess(project.run(['push', '--yes']));
    await expectSuccess(project.run(storageImport('create,read', 'read')));
    await expectSuccess(project.run(grantAdminFunction));

    const refused = await expectUnchangedRefusal(project, ['push']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    for (const policy of expectedStorage(['create', 'read'], ['read'])) {
      expect(roleBlock(refused.stderr, policy.roleName)).toContain(`+ add    ${policy.policyName}`);
    }
    expect(roleBlock(refused.stderr, DEMO_IDS.adminFunctionRoleName)).toMatch(new RegExp(`\\+ add    ${escapeRegExp(OWNED_PREFIX)}\\S+`));
    expect(refused.stderr).toContain(`${POOL_ID_VARIABLE}=${DEMO_IDS.userPoolId}`);
    expect(ownedPoliciesOn(DEMO_IDS.authRoleName)).toEqual({});
    expect(stubFunction(DEMO_IDS.adminFunction).environment).toEqual({ STAGE: 'dev' });
  });
});

// Every call passes through drainCalls, which checks its targets (so each story fails on its own stray write);
// this last story checks the whole file's log, and that the log did see writes of both kinds. Vitest runs a
// file's tests in order, so run the whole file for it.
describe('only the imported roles and granted execution roles are modified', () => {
  it('every role policy write of this file went to one of them, and every function update to the granted function', () => {
    drainCalls();
    const writes = writeCalls(callLog);
    expect(writes.filter((call) => IAM_WRITES.includes(call.operation)).length).toBeGreaterThan(0);
    expect(writes.filter((call) => call.operation === 'UpdateFunctionConfiguration').length).toBeGreaterThan(0);
    expectOnlyOwnTargets(writes);
  });
});

// ---------- expectations ----------

/** What storage 'acmemedia' on acme-media must put on the demo identity pool's roles for this access. */
function expectedStorage(authAccess: StorageAccess[], guestAccess: StorageAccess[]): DesiredPolicy[] {
  return storagePolicies(
    { resourceName: STORAGE, bucketName: DEMO_IDS.mediaBucket, authAccess, guestAccess },
    { projectName: PROJECT, envName: ENV, authRoleName: DEMO_IDS.authRoleName, unauthRoleName: guestAccess.length > 0 ? DEMO_IDS.unauthRoleName : undefined },
  );
}

function byName(policies: DesiredPolicy[], roleName: string): Record<string, PolicyDocument> {
  return Object.fromEntries(
    policies.filter((policy) => policy.roleName === roleName).map((policy) => [policy.policyName, normalizePolicyDocument(policy.document)]),
  );
}

/** The writes that take the roles from `before` to `after`: a put for each new or different document, a delete for each one gone. */
function policyDiff(before: DesiredPolicy[], after: DesiredPolicy[]): string[] {
  const key = (policy: DesiredPolicy) => `${policy.roleName} ${policy.policyName}`;
  const previous = new Map(before.map((policy) => [key(policy), JSON.stringify(normalizePolicyDocument(policy.document))]));
  const next = new Set(after.map(key));
  return [
    ...after.filter((policy) => previous.get(key(policy)) !== JSON.stringify(normalizePolicyDocument(policy.document))).map((policy) => `PutRolePolicy ${key(policy)}`),
    ...before.filter((policy) => !next.has(key(policy))).map((policy) => `DeleteRolePolicy ${key(policy)}`),
  ];
}

/**
 * Evaluates every inline policy the stub now holds on each demo role (mycli's and the account's own) against
 * sample requests: what storage with signed-in create+read and guest read must and must not allow.
 */
function expectStoredPoliciesBehaveAsClaimed(): void {
  const me = 'us-east-1:aaaaaaaa-1111-4111-8111-000000000001';
  const other = 'us-east-1:bbbbbbbb-2222-4222-8222-000000000002';
  const guest = 'us-east-1:cccccccc-3333-4333-8333-000000000003';
  const signedIn = roleDecision(DEMO_IDS.authRoleName, me);
  const asGuest = roleDecision(DEMO_IDS.unauthRoleName, guest);
  const media = (key: string) => `arn:aws:s3:::${DEMO_IDS.mediaBucket}/${key}`;
  const mediaBucket = `arn:aws:s3:::${DEMO_IDS.mediaBucket}`;

  expect(signedIn('s3:PutObject', media(`private/${me}/x`))).toBe('allow');
  expect(signedIn('s3:GetObject', media(`private/${me}/x`))).toBe('allow');
  expect(signedIn('s3:PutObject', media(`protected/${me}/x`))).toBe('allow');
  expect(signedIn('s3:PutObject', media(`private/${other}/x`))).toBe('implicit-deny');
  expect(signedIn('s3:GetObject', media(`private/${other}/x`))).toBe('implicit-deny');
  expect(signedIn('s3:PutObject', media(`protected/${other}/x`))).toBe('implicit-deny');
  expect(signedIn('s3:GetObject', media(`protected/${other}/x`))).toBe('allow');
  expect(signedIn('s3:DeleteObject', media(`private/${me}/x`))).toBe('implicit-deny');
  expect(signedIn('s3:ListBucket', mediaBucket, { 's3:prefix': 'public/' })).toBe('allow');
  expect(signedIn('s3:ListBucket', mediaBucket, { 's3:prefix': `private/${me}/` })).toBe('allow');
  expect(signedIn('s3:ListBucket', mediaBucket, { 's3:prefix': `private/${other}/` })).toBe('implicit-deny');

  expect(asGuest('s3:GetObject', media('public/x'))).toBe('allow');
  expect(asGuest('s3:PutObject', media('public/x'))).toBe('implicit-deny');
  expect(asGuest('s3:PutObject', media('uploads/x'))).toBe('implicit-deny');
  expect(asGuest('s3:GetObject', media(`private/${guest}/x`))).toBe('implicit-deny');
  expect(asGuest('s3:ListBucket', mediaBucket, { 's3:prefix': 'public/' })).toBe('allow');

  const archive = `arn:aws:s3:::${DEMO_IDS.archiveBucket}`;
  for (const decide of [signedIn, asGuest]) {
    for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) {
      for (const key of ['public/x', 'uploads/x', `protected/${me}/x`, `private/${me}/x`, `private/${guest}/x`]) {
        expect(decide(action, `${archive}/${key}`), `${action} ${archive}/${key}`).toBe('implicit-deny');
      }
    }
    expect(decide('s3:ListBucket', archive, { 's3:prefix': 'public/' })).toBe('implicit-deny');
  }
}

function roleDecision(roleName: string, identityId: string) {
  const documents = Object.values(stubRole(roleName).inlinePolicies) as PolicyDocument[];
  return (action: string, resource: string, context: Record<string, string> = {}): Decision =>
    evaluate(documents, { action, resource, context: { 'cognito-identity.amazonaws.com:sub': identityId, ...context } });
}

/** The part of a plan line shown before pushing comes before the line saying it was applied. */
function expectShownBeforeApplied(stderr: string, planned: string, applied: string): void {
  const shownAt = stderr.indexOf(planned);
  expect(shownAt, planned).toBeGreaterThanOrEqual(0);
  expect(stderr.indexOf(applied), applied).toBeGreaterThan(shownAt);
}

// ---------- projects and commands ----------

/** Runs a command that must fail, and proves it changed no file of the project and wrote nothing to AWS. */
async function expectUnchangedRefusal(project: TestProject, args: string[]): Promise<CliResult> {
  const before = await project.snapshot();
  drainCalls();
  const result = await runCli(args, { cwd: project.dir, env: emulators().env });
  expect(result.code, result.stderr).not.toBe(0);
  expect(writeCalls(drainCalls())).toEqual([]);
  expect(await project.snapshot()).toEqual(before);
  return result;
}

/** status's main output is on stdout: the table, and with --policies the policy list. */
async function statusText(project: TestProject, args: string[]): Promise<string> {
  const result = await expectSuccess(project.run(args));
  expect(result.stderr).not.toContain('│');
  return result.stdout;
}

async function statusRows(project: TestProject): Promise<Array<Record<string, unknown>>> {
  const result = await expectSuccess(project.run(['status', '--json']));
  return (JSON.parse(result.stdout) as { resources: Array<Record<string, unknown>> }).resources;
}

/** Category, resource name and operation of each body row of the status table. */
function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('│') && !line.includes('Category'))
    .map((line) => line.split('│').slice(1, 4).map((cell) => cell.trim()));
}

/** `Role <name>:` headers and the owned policy names under each, as `status --policies` prints them. */
function policiesListedInText(text: string): Record<string, string[]> {
  const listed: Record<string, string[]> = {};
  let role: string | undefined;
  for (const line of text.split('\n')) {
    const header = /^Role (\S+):$/.exec(line);
    if (header?.[1]) listed[(role = header[1])] = [];
    else if (role && line.trim().startsWith(OWNED_PREFIX)) listed[role]?.push(line.trim());
  }
  for (const names of Object.values(listed)) names.sort();
  return listed;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------- the stub's account ----------

/** The demo account plus an identity pool on the demo user pool that has no unauthenticated role. */
function featuresWorld(): World {
  return withMembersIdentityPool(demoWorld());
}

/** Moves the stub's recorded calls into the file-wide log, checking every write's target, and returns them. */
function drainCalls(): StubCall[] {
  const calls = [...emulators().stub.calls];
  callLog.push(...calls);
  emulators().stub.resetCalls();
  expectOnlyOwnTargets(writeCalls(calls));
  return calls;
}

function expectOnlyOwnTargets(writes: StubCall[]): void {
  for (const call of writes) {
    if (call.operation === 'UpdateFunctionConfiguration') expect(call.params['FunctionName'], call.operation).toBe(DEMO_IDS.adminFunction);
    else expect(ALLOWED_ROLE_WRITES, `${call.operation} ${JSON.stringify(call.params['RoleName'])}`).toContain(call.params['RoleName']);
  }
}

function writeCalls(calls: StubCall[]): StubCall[] {
  return calls.filter((call) => WRITES.includes(call.operation));
}

/** `<operation> <role> <policy>` for each role policy write. */
function roleWrites(calls: StubCall[]): string[] {
  return calls
    .filter((call) => IAM_WRITES.includes(call.operation))
    .map((call) => `${call.operation} ${String(call.params['RoleName'])} ${String(call.params['PolicyName'])}`);
}

function stubFunction(name: string): StubFunction {
  const fn = emulators().stub.state.functions.get(name);
  if (!fn) throw new Error(`function ${name} is not in the stub`);
  return fn;
}

/** The policies this project owns on a role, as the stub holds them, normalized for comparison. */
function ownedPoliciesOn(roleName: string): Record<string, PolicyDocument> {
  return Object.fromEntries(
    Object.entries(stubRole(roleName).inlinePolicies)
      .filter(([name]) => isOwnedPolicyName(name, OWNED_PREFIX))
      .map(([name, document]) => [name, normalizePolicyDocument(document as PolicyDocument)]),
  );
}

/** A policy the account's own team put on the role: mycli must never change or remove it. */
function seedHandMadePolicy(roleName: string): void {
  stubRole(roleName).inlinePolicies[HAND_MADE_POLICY] = structuredClone(HAND_MADE_POLICY_DOCUMENT);
}
