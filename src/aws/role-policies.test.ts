import {
  DeleteRolePolicyCommand,
  GetRolePolicyCommand,
  IAMClient,
  IAMServiceException,
  LimitExceededException,
  ListRolePoliciesCommand,
  NoSuchEntityException,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AWS_ERROR_METADATA, useIsolatedAwsEnvironment, userErrorOf } from '../../test/support/aws-unit-env.js';
import { startIdentityIamStub, type IdentityIamStub } from '../../test/support/identity-iam-stub.js';
import { DEMO_IDS, demoWorld } from '../../test/support/world.js';
import type { PolicyDocument } from '../core/model.js';
import { normalizePolicyDocument, ownedPolicyName, ownedPolicyPrefix } from '../core/policy-plan.js';
import { ROLE_POLICY_IAM_PERMISSIONS, RolePolicies } from './role-policies.js';

const REGION = 'us-east-1';
const ROLE = 'acme-auth-role';
const PREFIX = ownedPolicyPrefix('acme', 'dev');

const publicRead: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::media/public/*'] }],
};
const publicReadWrite: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: 'arn:aws:s3:::media/public/*' }],
};

useIsolatedAwsEnvironment('role-policies');

function iamError(name: string): IAMServiceException {
  return new IAMServiceException({ name, message: `${name} from IAM`, $fault: 'client', $metadata: AWS_ERROR_METADATA });
}

describe('RolePolicies with a mocked IAM client', () => {
  const iamMock = mockClient(IAMClient);
  const rolePolicies = (concurrency?: number) =>
    new RolePolicies(new IAMClient({ region: REGION }), concurrency === undefined ? {} : { concurrency });

  beforeEach(() => {
    iamMock.reset();
  });

  // mockClient patches every IAMClient; the stub tests below need the real one.
  afterAll(() => {
    iamMock.restore();
  });

  it('lists every page (Marker / IsTruncated) and fetches only the owned policies, decoding their URL-encoded documents', async () => {
    const owned = [`${PREFIX}storage-public`, `${PREFIX}storage-read`];
    const documents: Record<string, PolicyDocument> = { [owned[0]!]: publicRead, [owned[1]!]: publicReadWrite };
    iamMock.on(ListRolePoliciesCommand).callsFake((input: { Marker?: string }) =>
      input.Marker === undefined
        ? { PolicyNames: ['hand-made', owned[0]], IsTruncated: true, Marker: 'page-2' }
        : { PolicyNames: [`${ownedPolicyPrefix('acme', 'prod')}storage-public`, owned[1]], IsTruncated: false },
    );
    iamMock.on(GetRolePolicyCommand).callsFake((input: { PolicyName: string }) => ({
      RoleName: ROLE,
      PolicyName: input.PolicyName,
      PolicyDocument: encodeURIComponent(JSON.stringify(documents[input.PolicyName])),
    }));

    const result = await rolePolicies().listOwned(ROLE, PREFIX);

    expect(result).toEqual({
      exists: true,
      policies: [
        { roleName: ROLE, policyName: owned[0], document: publicRead },
        { roleName: ROLE, policyName: owned[1], document: publicReadWrite },
      ],
    });
    expect(iamMock.commandCalls(ListRolePoliciesCommand).map((call) => call.args[0].input)).toEqual([
      { RoleName: ROLE, MaxItems: 1000, Marker: undefined },
      { RoleName: ROLE, MaxItems: 1000, Marker: 'page-2' },
    ]);
    expect(iamMock.commandCalls(GetRolePolicyCommand).map((call) => call.args[0].input.PolicyName).sort()).toEqual(owned);
  });

  it('stops when IAM repeats the marker it was sent', async () => {
    iamMock.on(ListRolePoliciesCommand).resolves({ PolicyNames: [], IsTruncated: true, Marker: 'same' });
    await expect(rolePolicies().listOwned(ROLE, PREFIX)).resolves.toEqual({ exists: true, policies: [] });
    expect(iamMock.commandCalls(ListRolePoliciesCommand)).toHaveLength(2);
  });

  it('reports a role that does not exist as exists: false', async () => {
    iamMock.on(ListRolePoliciesCommand).rejects(new NoSuchEntityException({ message: 'The role with name x cannot be found.', $metadata: AWS_ERROR_METADATA }));
    await expect(rolePolicies().listOwned(ROLE, PREFIX)).resolves.toEqual({ exists: false, policies: [] });
    expect(iamMock.commandCalls(GetRolePolicyCommand)).toHaveLength(0);
  });

  it('skips an owned policy deleted between the list and the read', async () => {
    iamMock.on(ListRolePoliciesCommand).resolves({ PolicyNames: [`${PREFIX}gone`, `${PREFIX}kept`], IsTruncated: false });
    iamMock
      .on(GetRolePolicyCommand, { PolicyName: `${PREFIX}gone` })
      .rejects(new NoSuchEntityException({ message: 'no policy', $metadata: AWS_ERROR_METADATA }))
      .on(GetRolePolicyCommand, { PolicyName: `${PREFIX}kept` })
      .resolves({ RoleName: ROLE, PolicyName: `${PREFIX}kept`, PolicyDocument: encodeURIComponent(JSON.stringify(publicRead)) });
    const result = await rolePolicies().listOwned(ROLE, PREFIX);
    expect(result.policies.map((policy) => policy.policyName)).toEqual([`${PREFIX}kept`]);
  });

  it('reads the owned policies with at most `concurrency` requests in flight', async () => {
    const names = Array.from({ length: 7 }, (_, index) => `${PREFIX}p${index}`);
    let inFlight = 0;
    let maxInFlight = 0;
    iamMock.on(ListRolePoliciesCommand).resolves({ PolicyNames: names, IsTruncated: false });
    iamMock.on(GetRolePolicyCommand).callsFake(async (input: { PolicyName: string }) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return { RoleName: ROLE, PolicyName: input.PolicyName, PolicyDocument: encodeURIComponent(JSON.stringify(publicRead)) };
    });
    const result = await rolePolicies(2).listOwned(ROLE, PREFIX);
    expect(result.policies).toHaveLength(7);
    expect(maxInFlight).toBe(2);
  });

  it('fails with the role and policy named when IAM returns a document that is not URL-encoded JSON', async () => {
    iamMock.on(ListRolePoliciesCommand).resolves({ PolicyNames: [`${PREFIX}bad`], IsTruncated: false });
    iamMock.on(GetRolePolicyCommand).resolves({ RoleName: ROLE, PolicyName: `${PREFIX}bad`, PolicyDocument: '%7B%ZZ' });
    const error = await userErrorOf(rolePolicies().listOwned(ROLE, PREFIX));
    expect(error.kind).toBe('AwsError');
    expect(error.message).toContain(`${PREFIX}bad on IAM role ${ROLE}`);
    expect(error.resolution).toContain(`aws iam get-role-policy --role-name ${ROLE} --policy-name ${PREFIX}bad`);
  });

  it('puts the normalised document as JSON', async () => {
    iamMock.on(PutRolePolicyCommand).resolves({});
    await rolePolicies().put(ROLE, `${PREFIX}storage`, publicReadWrite);
    const [call] = iamMock.commandCalls(PutRolePolicyCommand);
    expect(call?.args[0].input).toEqual({
      RoleName: ROLE,
      PolicyName: `${PREFIX}storage`,
      PolicyDocument: JSON.stringify(normalizePolicyDocument(publicReadWrite)),
    });
    expect(JSON.parse(call?.args[0].input.PolicyDocument ?? '')).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::media/public/*'] }],
    });
  });

  it('explains the inline-policy size quota when PutRolePolicy hits LimitExceeded', async () => {
    iamMock.on(PutRolePolicyCommand).rejects(new LimitExceededException({ message: 'Maximum policy size of 10240 bytes exceeded', $metadata: AWS_ERROR_METADATA }));
    const error = await userErrorOf(rolePolicies().put(ROLE, `${PREFIX}storage`, publicRead));
    expect(error.kind).toBe('AwsError');
    expect(error.message).toContain(`${PREFIX}storage`);
    expect(error.message).toContain(`IAM role ${ROLE}`);
    expect(error.message).toContain('size quota');
    expect(error.resolution).toContain(`aws iam list-role-policies --role-name ${ROLE}`);
  });

  it('removes a policy, and reports one that is already gone (or whose role is gone)', async () => {
    iamMock
      .on(DeleteRolePolicyCommand, { PolicyName: `${PREFIX}here` })
      .resolves({})
      .on(DeleteRolePolicyCommand, { PolicyName: `${PREFIX}gone` })
      .rejects(new NoSuchEntityException({ message: 'The role policy with name x cannot be found.', $metadata: AWS_ERROR_METADATA }));
    await expect(rolePolicies().remove(ROLE, `${PREFIX}here`)).resolves.toBe('removed');
    await expect(rolePolicies().remove(ROLE, `${PREFIX}gone`)).resolves.toBe('already-gone');
    expect(iamMock.commandCalls(DeleteRolePolicyCommand).map((call) => call.args[0].input)).toEqual([
      { RoleName: ROLE, PolicyName: `${PREFIX}here` },
      { RoleName: ROLE, PolicyName: `${PREFIX}gone` },
    ]);
  });

  const denied: Array<[string, (policies: RolePolicies) => Promise<unknown>, string]> = [
    ['listOwned (list)', (policies) => policies.listOwned(ROLE, PREFIX), 'iam:ListRolePolicies'],
    ['put', (policies) => policies.put(ROLE, `${PREFIX}x`, publicRead), 'iam:PutRolePolicy'],
    ['remove', (policies) => policies.remove(ROLE, `${PREFIX}x`), 'iam:DeleteRolePolicy'],
  ];

  it.each(denied)('%s: AccessDenied names the missing iam: action and the role', async (_label, run, action) => {
    iamMock.onAnyCommand().rejects(iamError('AccessDenied'));
    const error = await userErrorOf(run(rolePolicies()));
    expect(error.kind).toBe('AwsAccessDenied');
    expect(error.message).toBe(`Access denied: ${action} on IAM role ${ROLE}.`);
    expect(error.resolution).toContain(`Grant the IAM permission ${action} for IAM role ${ROLE}`);
  });

  it('listOwned (read): AccessDenied on GetRolePolicy names iam:GetRolePolicy', async () => {
    iamMock.on(ListRolePoliciesCommand).resolves({ PolicyNames: [`${PREFIX}x`], IsTruncated: false });
    iamMock.on(GetRolePolicyCommand).rejects(iamError('AccessDenied'));
    const error = await userErrorOf(rolePolicies().listOwned(ROLE, PREFIX));
    expect(error.message).toBe(`Access denied: iam:GetRolePolicy on IAM role ${ROLE}.`);
  });

  it('maps other IAM errors through the shared mapping (a deleted role on put is NotFound)', async () => {
    iamMock.on(PutRolePolicyCommand).rejects(new NoSuchEntityException({ message: 'no role', $metadata: AWS_ERROR_METADATA }));
    const notFound = await userErrorOf(rolePolicies().put(ROLE, `${PREFIX}x`, publicRead));
    expect(notFound.kind).toBe('NotFound');
    expect(notFound.message).toContain(`IAM role ${ROLE} was not found (iam:PutRolePolicy)`);

    iamMock.on(PutRolePolicyCommand).rejects(iamError('MalformedPolicyDocument'));
    const malformed = await userErrorOf(rolePolicies().put(ROLE, `${PREFIX}x`, publicRead));
    expect(malformed.kind).toBe('AwsError');
    expect(malformed.message).toContain('iam:PutRolePolicy on IAM role acme-auth-role: MalformedPolicyDocument');
  });

  it('lets a bug (a non-AWS error) through unchanged', async () => {
    const bug = new TypeError('boom');
    iamMock.on(DeleteRolePolicyCommand).rejects(bug);
    await expect(rolePolicies().remove(ROLE, `${PREFIX}x`)).rejects.toBe(bug);
  });

  it('declares exactly the IAM actions it calls', () => {
    expect([...ROLE_POLICY_IAM_PERMISSIONS].sort()).toEqual([
      'iam:DeleteRolePolicy',
      'iam:GetRolePolicy',
      'iam:ListRolePolicies',
      'iam:PutRolePolicy',
    ]);
  });
});

describe('RolePolicies against the loopback identity/IAM stub', () => {
  let stub: IdentityIamStub;

  beforeAll(async () => {
    stub = await startIdentityIamStub(demoWorld());
  });

  afterAll(async () => {
    await stub.stop();
  });

  it('round-trips put → listOwned → put (changed) → remove, never returning or touching the hand-made policy', async () => {
    const iam = new IAMClient({
      region: REGION,
      endpoint: stub.endpoint,
      credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
      maxAttempts: 1,
    });
    const rolePolicies = new RolePolicies(iam);
    const role = DEMO_IDS.authRoleName;
    const handMade = 'acme-identities-auth-base';
    const handMadeBefore = structuredClone(stub.state.roles.get(role)?.inlinePolicies[handMade]);
    expect(handMadeBefore).toBeDefined();
    const name = ownedPolicyName('acme', 'dev', 'storage-public');

    await rolePolicies.put(role, name, publicRead);
    expect(await rolePolicies.listOwned(role, PREFIX)).toEqual({
      exists: true,
      policies: [{ roleName: role, policyName: name, document: normalizePolicyDocument(publicRead) }],
    });

    await rolePolicies.put(role, name, publicReadWrite);
    expect(await rolePolicies.listOwned(role, PREFIX)).toEqual({
      exists: true,
      policies: [{ roleName: role, policyName: name, document: normalizePolicyDocument(publicReadWrite) }],
    });

    expect(await rolePolicies.remove(role, name)).toBe('removed');
    expect(await rolePolicies.remove(role, name)).toBe('already-gone');
    expect(await rolePolicies.listOwned(role, PREFIX)).toEqual({ exists: true, policies: [] });
    expect(await rolePolicies.listOwned('no-such-role', PREFIX)).toEqual({ exists: false, policies: [] });

    expect(stub.state.roles.get(role)?.inlinePolicies[handMade]).toEqual(handMadeBefore);
    const touched = stub.calls.filter((call) => call.service === 'iam' && ['GetRolePolicy', 'PutRolePolicy', 'DeleteRolePolicy'].includes(call.operation));
    expect(touched.length).toBeGreaterThan(0);
    expect(touched.every((call) => call.params.PolicyName === name)).toBe(true);
  });
});
