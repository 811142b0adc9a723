import { describe, expect, it } from 'vitest';
import type { PolicyStatement, RoleDetails } from './model.js';
import {
  checkRoleTrust,
  describeTrustProblem,
  expectedTrustPolicy,
  trustProblemSeverity,
  updateTrustPolicyCommand,
} from './trust-policy.js';

const POOL = 'us-east-1:11111111-2222-3333-4444-555555555555';
const OTHER_POOL = 'us-east-1:99999999-8888-7777-6666-555555555555';
const AUD = 'cognito-identity.amazonaws.com:aud';
const AMR = 'cognito-identity.amazonaws.com:amr';

function statement(overrides: Partial<PolicyStatement> = {}): PolicyStatement {
  return {
    Effect: 'Allow',
    Principal: { Federated: 'cognito-identity.amazonaws.com' },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringEquals: { [AUD]: POOL },
      'ForAnyValue:StringLike': { [AMR]: 'authenticated' },
    },
    ...overrides,
  };
}

function role(...statements: PolicyStatement[]): RoleDetails {
  return {
    arn: 'arn:aws:iam::123456789012:role/shop-auth',
    name: 'shop-auth',
    exists: true,
    trustPolicy: { Version: '2012-10-17', Statement: statements },
  };
}

const kinds = (problems: { kind: string }[]) => problems.map((problem) => problem.kind);

describe('checkRoleTrust', () => {
  it('accepts the policy it recommends, for both kinds', () => {
    for (const kind of ['authenticated', 'unauthenticated'] as const) {
      const recommended: RoleDetails = { ...role(), trustPolicy: expectedTrustPolicy(POOL, kind) };
      expect(checkRoleTrust(recommended, POOL, kind)).toEqual([]);
    }
  });

  it('accepts a single statement object instead of an array', () => {
    const single: RoleDetails = { ...role(), trustPolicy: { Statement: statement() } };
    expect(checkRoleTrust(single, POOL, 'authenticated')).toEqual([]);
  });

  it('accepts aud as an array that contains the pool', () => {
    const policy = role(
      statement({
        Condition: { StringEquals: { [AUD]: [OTHER_POOL, POOL] }, 'ForAnyValue:StringLike': { [AMR]: 'authenticated' } },
      }),
    );
    expect(checkRoleTrust(policy, POOL, 'authenticated')).toEqual([]);
  });

  it('reports an aud that names another pool, with the pools it allows', () => {
    const problems = checkRoleTrust(
      role(statement({ Condition: { StringEquals: { [AUD]: OTHER_POOL }, 'ForAnyValue:StringLike': { [AMR]: 'authenticated' } } })),
      POOL,
      'authenticated',
    );
    expect(problems).toEqual([{ kind: 'aud-other-pool', allowed: [OTHER_POOL] }]);
    expect(trustProblemSeverity(problems[0]!)).toBe('error');
    expect(describeTrustProblem(problems[0]!, POOL, 'authenticated')).toContain(`allows ${OTHER_POOL}, not ${POOL}`);
  });

  it('matches StringLike wildcards on aud', () => {
    const withPattern = (pattern: string) =>
      role(statement({ Condition: { StringLike: { [AUD]: pattern }, 'ForAnyValue:StringLike': { [AMR]: 'authenticated' } } }));
    expect(checkRoleTrust(withPattern('us-east-1:*'), POOL, 'authenticated')).toEqual([]);
    expect(checkRoleTrust(withPattern('us-east-?:11111111-*'), POOL, 'authenticated')).toEqual([]);
    expect(kinds(checkRoleTrust(withPattern('eu-west-1:*'), POOL, 'authenticated'))).toEqual(['aud-other-pool']);
  });

  it('reports a missing aud condition as a warning only', () => {
    const problems = checkRoleTrust(
      role(statement({ Condition: { 'ForAnyValue:StringLike': { [AMR]: 'authenticated' } } })),
      POOL,
      'authenticated',
    );
    expect(problems).toEqual([{ kind: 'aud-missing' }]);
    expect(trustProblemSeverity(problems[0]!)).toBe('warning');
  });

  it('distinguishes amr "authenticated" from "unauthenticated"', () => {
    const authOnly = role(statement());
    expect(checkRoleTrust(authOnly, POOL, 'authenticated')).toEqual([]);
    expect(checkRoleTrust(authOnly, POOL, 'unauthenticated')).toEqual([
      { kind: 'amr-excludes-kind', allowed: ['authenticated'] },
    ]);
  });

  it('accepts ForAnyValue:StringLike amr listing both kinds, and plain StringEquals amr', () => {
    const both = role(
      statement({
        Condition: { StringEquals: { [AUD]: POOL }, 'ForAnyValue:StringLike': { [AMR]: ['authenticated', 'unauthenticated'] } },
      }),
    );
    expect(checkRoleTrust(both, POOL, 'unauthenticated')).toEqual([]);
    const plain = role(statement({ Condition: { StringEquals: { [AUD]: POOL, [AMR]: 'unauthenticated' } } }));
    expect(checkRoleTrust(plain, POOL, 'unauthenticated')).toEqual([]);
    expect(kinds(checkRoleTrust(plain, POOL, 'authenticated'))).toEqual(['amr-excludes-kind']);
  });

  it('treats amr as multi-valued: ForAllValues "authenticated" fails for signed-in users, whose amr also names their provider', () => {
    const allValues = role(statement({ Condition: { StringEquals: { [AUD]: POOL }, 'ForAllValues:StringLike': { [AMR]: 'authenticated' } } }));
    expect(kinds(checkRoleTrust(allValues, POOL, 'authenticated'))).toEqual(['amr-excludes-kind']);
    const withProviders = role(
      statement({ Condition: { StringEquals: { [AUD]: POOL }, 'ForAllValues:StringLike': { [AMR]: ['authenticated', 'cognito-idp.*'] } } }),
    );
    expect(checkRoleTrust(withProviders, POOL, 'authenticated')).toEqual([]);
    const guests = role(statement({ Condition: { StringEquals: { [AUD]: POOL }, 'ForAllValues:StringLike': { [AMR]: 'unauthenticated' } } }));
    expect(checkRoleTrust(guests, POOL, 'unauthenticated')).toEqual([]);
  });

  it('reports a missing amr condition as an error', () => {
    const problems = checkRoleTrust(role(statement({ Condition: { StringEquals: { [AUD]: POOL } } })), POOL, 'authenticated');
    expect(problems).toEqual([{ kind: 'amr-missing' }]);
    expect(trustProblemSeverity(problems[0]!)).toBe('error');
  });

  it('reports both conditions missing when the statement has none', () => {
    expect(kinds(checkRoleTrust(role(statement({ Condition: undefined })), POOL, 'authenticated'))).toEqual([
      'aud-missing',
      'amr-missing',
    ]);
  });

  it('evaluates negated operators', () => {
    const notGuest = role(
      statement({ Condition: { StringEquals: { [AUD]: POOL }, 'ForAnyValue:StringNotLike': { [AMR]: 'unauthenticated' } } }),
    );
    expect(checkRoleTrust(notGuest, POOL, 'authenticated')).toEqual([]);
    expect(kinds(checkRoleTrust(notGuest, POOL, 'unauthenticated'))).toEqual(['amr-excludes-kind']);
  });

  it('reads condition keys case-insensitively', () => {
    const shouting = role(
      statement({
        Condition: {
          StringEquals: { 'Cognito-Identity.AmazonAWS.com:AUD': POOL },
          'ForAnyValue:StringLike': { 'COGNITO-IDENTITY.AMAZONAWS.COM:Amr': 'authenticated' },
        },
      }),
    );
    expect(checkRoleTrust(shouting, POOL, 'authenticated')).toEqual([]);
  });

  it('accepts Principal.Federated as an array', () => {
    const policy = role(statement({ Principal: { Federated: ['accounts.google.com', 'cognito-identity.amazonaws.com'] } }));
    expect(checkRoleTrust(policy, POOL, 'authenticated')).toEqual([]);
  });

  it('accepts Action as an array and as sts:* or *', () => {
    for (const action of [['sts:TagSession', 'sts:AssumeRoleWithWebIdentity'], 'sts:*', '*', 'STS:assumerolewithwebidentity']) {
      expect(checkRoleTrust(role(statement({ Action: action })), POOL, 'authenticated')).toEqual([]);
    }
  });

  it('reports no usable statement when the principal or the action is wrong', () => {
    const wrongPrincipal = role(statement({ Principal: { AWS: 'arn:aws:iam::123456789012:root' } }));
    const wrongAction = role(statement({ Action: ['sts:AssumeRole', 'sts:TagSession'] }));
    const otherFederation = role(statement({ Principal: { Federated: 'accounts.google.com' } }));
    for (const policy of [wrongPrincipal, wrongAction, otherFederation]) {
      expect(checkRoleTrust(policy, POOL, 'authenticated')).toEqual([{ kind: 'no-web-identity-statement' }]);
    }
  });

  it('reports a role without a readable trust policy', () => {
    expect(checkRoleTrust({ ...role(), trustPolicy: undefined }, POOL, 'authenticated')).toEqual([{ kind: 'no-trust-policy' }]);
  });

  it('explains the closest Allow statement when several exist', () => {
    const otherPoolStatement = statement({
      Condition: { StringEquals: { [AUD]: OTHER_POOL }, 'ForAnyValue:StringLike': { [AMR]: 'authenticated' } },
    });
    expect(checkRoleTrust(role(otherPoolStatement, statement()), POOL, 'authenticated')).toEqual([]);
    const wrongKindStatement = statement({
      Condition: { StringEquals: { [AUD]: POOL }, 'ForAnyValue:StringLike': { [AMR]: 'unauthenticated' } },
    });
    const bare = statement({ Condition: undefined });
    // bare has a warning (aud-missing) and an error (amr-missing); the other has one error, so it is the closer one.
    expect(kinds(checkRoleTrust(role(bare, wrongKindStatement), POOL, 'authenticated'))).toEqual(['amr-excludes-kind']);
  });

  it('reports a matching Deny statement even when an Allow works', () => {
    const deny = statement({ Effect: 'Deny', Sid: 'NoShop', Condition: { StringEquals: { [AUD]: POOL } } });
    const problems = checkRoleTrust(role(statement(), deny), POOL, 'authenticated');
    expect(problems).toEqual([{ kind: 'denied', sid: 'NoShop' }]);
    expect(describeTrustProblem(problems[0]!, POOL, 'authenticated')).toContain('(NoShop)');
  });

  it('ignores a Deny statement for another pool or one that depends on keys it cannot evaluate', () => {
    const denyOther = statement({ Effect: 'Deny', Condition: { StringEquals: { [AUD]: OTHER_POOL } } });
    const denyByIp = statement({ Effect: 'Deny', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } });
    expect(checkRoleTrust(role(statement(), denyOther, denyByIp), POOL, 'authenticated')).toEqual([]);
  });

  it('reports a Deny-only policy as having no usable statement and being denied', () => {
    const deny = statement({ Effect: 'Deny', Condition: undefined });
    expect(kinds(checkRoleTrust(role(deny), POOL, 'authenticated'))).toEqual(['no-web-identity-statement', 'denied']);
  });

  it('flags, as a warning, an aud condition with an operator it does not model', () => {
    const policy = role(
      statement({ Condition: { ArnLike: { [AUD]: POOL }, 'ForAnyValue:StringLike': { [AMR]: 'authenticated' } } }),
    );
    const problems = checkRoleTrust(policy, POOL, 'authenticated');
    expect(problems).toEqual([{ kind: 'condition-not-checked', operator: 'ArnLike', key: AUD }]);
    expect(trustProblemSeverity(problems[0]!)).toBe('warning');
  });
});

describe('updateTrustPolicyCommand', () => {
  it('prints the IAM command with the expected document as JSON', () => {
    const command = updateTrustPolicyCommand('shop-unauth', POOL, 'unauthenticated');
    const match = /^aws iam update-assume-role-policy --role-name shop-unauth --policy-document '(.+)'$/.exec(command);
    expect(match).not.toBeNull();
    expect(JSON.parse(match![1]!)).toEqual(expectedTrustPolicy(POOL, 'unauthenticated'));
    expect(command).toContain('"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"unauthenticated"}');
  });
});
