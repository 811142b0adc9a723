import { describe, expect, it } from 'vitest';
import {
  accountIdFromRoleArn,
  functionGrantPolicy,
  USER_POOL_ACTIONS,
  userPoolArn,
  type UserPoolAccess,
} from './function-grant-policy.js';
import { evaluate } from './policy-evaluator.js';
import { isOwnedPolicyName, ownedPolicyPrefix } from './policy-plan.js';

const POOL_ARN = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Abc123';
const TARGET = { projectName: 'shop', envName: 'dev', userPoolArn: POOL_ARN };
const ALL: UserPoolAccess[] = ['create', 'read', 'update', 'delete'];

function grant(access: UserPoolAccess[]) {
  return functionGrantPolicy({ functionName: 'adminApi', executionRoleName: 'adminApi-role', access }, TARGET);
}

function subsets(words: UserPoolAccess[]): UserPoolAccess[][] {
  return words.reduce<UserPoolAccess[][]>((all, word) => [...all, ...all.map((subset) => [...subset, word])], [[]]).filter((subset) => subset.length > 0);
}

function actionsOf(access: UserPoolAccess[]): string[] {
  const statements = [grant(access).document.Statement].flat();
  return statements.flatMap((statement) => [statement.Action ?? []].flat());
}

/** Cognito's write-side verbs: none may appear in a read-only grant. */
const WRITE_VERB = /^cognito-idp:(Admin)?(Add|Confirm|Create|Delete|Disable|Enable|Forget|Initiate|Link|Remove|Reset|Respond|Set|Start|Stop|Update|UserGlobalSignOut)/;

describe('USER_POOL_ACTIONS', () => {
  it('holds explicit cognito-idp action names only: no wildcards, no other service', () => {
    for (const actions of Object.values(USER_POOL_ACTIONS)) {
      for (const action of actions) expect(action, action).toMatch(/^cognito-idp:[A-Za-z]+$/);
    }
  });

  it('keeps the groups apart, each action in exactly one group', () => {
    const all = Object.values(USER_POOL_ACTIONS).flat();
    expect(new Set(all).size).toBe(all.length);
  });

  it('sorts actions into their group by verb', () => {
    expect(USER_POOL_ACTIONS.read.every((action) => /^cognito-idp:(Admin)?(Describe|Get|List)/.test(action))).toBe(true);
    expect(USER_POOL_ACTIONS.delete.every((action) => /^cognito-idp:(Admin)?Delete/.test(action))).toBe(true);
    expect(USER_POOL_ACTIONS.update.every((action) => /^cognito-idp:(Admin)?Update/.test(action))).toBe(true);
    expect(USER_POOL_ACTIONS.create.some((action) => /Delete|Describe|List/.test(action))).toBe(false);
  });

  it('includes the actions a user-management function needs, and none that cannot be scoped to a pool', () => {
    expect(USER_POOL_ACTIONS.create).toEqual(expect.arrayContaining(['cognito-idp:AdminCreateUser', 'cognito-idp:CreateGroup', 'cognito-idp:AdminAddUserToGroup']));
    expect(USER_POOL_ACTIONS.read).toEqual(expect.arrayContaining(['cognito-idp:AdminGetUser', 'cognito-idp:ListUsers', 'cognito-idp:ListUsersInGroup']));
    expect(USER_POOL_ACTIONS.update).toContain('cognito-idp:AdminUpdateUserAttributes');
    expect(USER_POOL_ACTIONS.delete).toContain('cognito-idp:AdminDeleteUser');
    expect(USER_POOL_ACTIONS.delete).not.toContain('cognito-idp:DeleteUserPool');
    const unscoped = ['CreateUserPool', 'ListUserPools', 'DescribeUserPoolDomain', 'SignUp', 'InitiateAuth', 'ChangePassword', 'UpdateUserAttributes', 'DeleteUser'];
    const all = Object.values(USER_POOL_ACTIONS).flat();
    for (const name of unscoped) expect(all, name).not.toContain(`cognito-idp:${name}`);
  });
});

describe('functionGrantPolicy', () => {
  for (const access of subsets(ALL)) {
    it(`${access.join('+')}: grants exactly the union of the chosen groups, on the pool ARN only`, () => {
      const policy = grant(access);
      const expected = [...new Set(access.flatMap((word) => USER_POOL_ACTIONS[word]))].sort();
      expect(actionsOf(access)).toEqual(expected);
      expect(policy.document).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: expected, Resource: [POOL_ARN] }] });
      for (const word of ALL) {
        const sample = USER_POOL_ACTIONS[word][0] as string;
        expect(evaluate([policy.document], { action: sample, resource: POOL_ARN, context: {} }), `${word} ${sample}`).toBe(
          access.includes(word) ? 'allow' : 'implicit-deny',
        );
      }
    });
  }

  it('a read-only grant contains no write action', () => {
    const actions = actionsOf(['read']);
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((action) => WRITE_VERB.test(action))).toEqual([]);
  });

  it('allows nothing on another pool, another account, or another service', () => {
    const document = grant(ALL).document;
    const decide = (action: string, resource: string) => evaluate([document], { action, resource, context: {} });
    expect(decide('cognito-idp:AdminCreateUser', POOL_ARN)).toBe('allow');
    expect(decide('cognito-idp:AdminCreateUser', 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Other')).toBe('implicit-deny');
    expect(decide('cognito-idp:AdminCreateUser', 'arn:aws:cognito-idp:us-east-1:999999999999:userpool/us-east-1_Abc123')).toBe('implicit-deny');
    expect(decide('cognito-identity:GetId', POOL_ARN)).toBe('implicit-deny');
    expect(decide('iam:ListRoles', '*')).toBe('implicit-deny');
  });

  it('names the policy with the owned prefix, puts it on the execution role, and says what it grants', () => {
    const policy = grant(['update', 'read']);
    expect(policy.roleName).toBe('adminApi-role');
    expect(isOwnedPolicyName(policy.policyName, ownedPolicyPrefix('shop', 'dev'))).toBe(true);
    expect(policy.policyName.endsWith('function-adminApi-userpool')).toBe(true);
    expect(policy.purpose).toBe(`function 'adminApi': read, update on user pool ${POOL_ARN}`);
  });

  it('gives the same document whatever the order or repetition of the access words', () => {
    expect(grant(['delete', 'read', 'delete'])).toEqual(grant(['read', 'delete']));
  });

  it('refuses no access and a resource that is not one pool ARN', () => {
    expect(() => grant([])).toThrow(/no access/);
    for (const arn of ['*', 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/*', 'arn:aws:cognito-idp:us-east-1:*:userpool/us-east-1_Abc123']) {
      expect(() => functionGrantPolicy({ functionName: 'f', executionRoleName: 'r', access: ['read'] }, { ...TARGET, userPoolArn: arn }), arn).toThrow(
        /not a user pool ARN/,
      );
    }
  });
});

describe('userPoolArn', () => {
  it('builds the pool ARN in the partition of its region', () => {
    expect(userPoolArn('us-east-1', '123456789012', 'us-east-1_Abc123')).toBe(POOL_ARN);
    expect(userPoolArn('cn-north-1', '123456789012', 'cn-north-1_Abc123')).toBe('arn:aws-cn:cognito-idp:cn-north-1:123456789012:userpool/cn-north-1_Abc123');
    expect(userPoolArn('us-gov-west-1', '123456789012', 'us-gov-west-1_Abc')).toBe(
      'arn:aws-us-gov:cognito-idp:us-gov-west-1:123456789012:userpool/us-gov-west-1_Abc',
    );
  });

  it('refuses a bad account id or a pool id of another region', () => {
    expect(() => userPoolArn('us-east-1', '1234', 'us-east-1_Abc123')).toThrow(/account id/);
    expect(() => userPoolArn('us-east-1', '123456789012', 'eu-west-1_Abc123')).toThrow(/user pool id/);
    expect(() => userPoolArn('us-east-1', '123456789012', '*')).toThrow(/user pool id/);
  });
});

describe('accountIdFromRoleArn', () => {
  it('reads the account of a role ARN, with or without a path, in any partition', () => {
    expect(accountIdFromRoleArn('arn:aws:iam::123456789012:role/shop-auth')).toBe('123456789012');
    expect(accountIdFromRoleArn('arn:aws:iam::123456789012:role/service-role/fn-role')).toBe('123456789012');
    expect(accountIdFromRoleArn('arn:aws-cn:iam::210987654321:role/r')).toBe('210987654321');
  });

  it('is undefined for anything that is not a role ARN', () => {
    expect(accountIdFromRoleArn('arn:aws:iam::123456789012:user/alice')).toBeUndefined();
    expect(accountIdFromRoleArn('arn:aws:lambda:us-east-1:123456789012:function:f')).toBeUndefined();
    expect(accountIdFromRoleArn('shop-auth')).toBeUndefined();
  });
});
