import { describe, expect, it } from 'vitest';
import { desiredPolicies, type DesiredPolicyInput } from './desired-policies.js';
import { isUserError } from './errors.js';
import type { ImportCandidate, RoleDetails } from './model.js';

const role = (name: string): RoleDetails => ({ arn: `arn:aws:iam::123456789012:role/${name}`, name, exists: true });
const candidate = {
  authType: 'identityPoolAndUserPool',
  userPool: { id: 'us-east-1_Shop123' },
  authRole: role('auth-role'),
  unauthRole: role('guest-role'),
} as unknown as ImportCandidate;
const input = (overrides: Partial<DesiredPolicyInput>): DesiredPolicyInput => ({
  projectName: 'shop',
  envName: 'dev',
  region: 'us-east-1',
  candidate,
  functionGrants: [],
  ...overrides,
});
const storage = { resourceName: 'media', authAccess: ['read' as const], guestAccess: ['read' as const], bucket: { bucketName: 'acme-media', region: 'us-east-1' } };

describe('desiredPolicies', () => {
  it('needs no policy for auth alone', () => {
    expect(desiredPolicies(input({}))).toEqual([]);
  });

  it('puts storage policies on the imported roles and a function grant on its execution role', () => {
    const policies = desiredPolicies(
      input({
        storage,
        functionGrants: [{ functionName: 'admin', access: ['read'], executionRoleName: 'admin-role', executionRoleArn: 'arn:aws:iam::123456789012:role/admin-role' }],
      }),
    );
    expect(new Set(policies.map((policy) => policy.roleName))).toEqual(new Set(['auth-role', 'guest-role', 'admin-role']));
    expect(policies.every((policy) => policy.policyName.startsWith('mycli-shop.dev.'))).toBe(true);
  });

  it('refuses a hand-edited bucket name that is not one, naming where it is', () => {
    const broken = { ...storage, bucket: { bucketName: 's3://acme-media', region: 'us-east-1' } };
    const error = (() => {
      try {
        desiredPolicies(input({ storage: broken }));
      } catch (caught) {
        return caught;
      }
    })();
    expect(isUserError(error) && error.message).toContain('dev.categories.storage.media.bucketName');
  });

  it('refuses guest access when the identity pool has no unauthenticated role', () => {
    expect(() => desiredPolicies(input({ storage, candidate: { ...candidate, unauthRole: undefined } }))).toThrow(/no unauthenticated role/);
  });
});
