import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from './model.js';
import { buildPlanView, changedTopLevelKeys, hasPlannedChanges } from './plan-view.js';
import { ownedPolicyPrefix, planPolicyChanges } from './policy-plan.js';

const PREFIX = ownedPolicyPrefix('acme', 'dev');
const AUTH_ROLE = 'acme-auth-role';
const UNAUTH_ROLE = 'acme-unauth-role';

const doc = (...statements: object[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements as PolicyDocument['Statement'] });
const getPublic = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/public/*' };
const deletePublic = { Effect: 'Allow', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::b/public/*' };
const listPublic = { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b', Condition: { StringLike: { 's3:prefix': ['public/', 'public/*'] } } };

describe('buildPlanView', () => {
  it('groups the changes by role, each policy with its change, purpose, actions, resources and statements', () => {
    const plan = planPolicyChanges(
      [
        { roleName: UNAUTH_ROLE, policyName: `${PREFIX}guest`, document: doc(getPublic), purpose: 'guests read public/' },
        { roleName: AUTH_ROLE, policyName: `${PREFIX}list`, document: doc(listPublic), purpose: 'signed-in users list public/' },
        { roleName: AUTH_ROLE, policyName: `${PREFIX}public`, document: doc(getPublic), purpose: 'read instead of delete' },
      ],
      [
        { roleName: AUTH_ROLE, policyName: `${PREFIX}public`, document: doc(getPublic, deletePublic) },
        { roleName: AUTH_ROLE, policyName: `${PREFIX}old`, document: doc(deletePublic) },
      ],
      PREFIX,
    );
    const view = buildPlanView([{ envName: 'dev', plan }], []);

    expect(view.summary).toEqual({ add: 2, change: 1, remove: 1, functionVariables: 0 });
    expect(view.roles.map((role) => [role.environment, role.role, role.policies.map((policy) => `${policy.change} ${policy.policy}`)])).toEqual([
      ['dev', AUTH_ROLE, [`add ${PREFIX}list`, `remove ${PREFIX}old`, `change ${PREFIX}public`]],
      ['dev', UNAUTH_ROLE, [`add ${PREFIX}guest`]],
    ]);
    const [list, old, changed] = view.roles[0]!.policies;
    expect(list).toEqual({
      policy: `${PREFIX}list`,
      change: 'add',
      purpose: 'signed-in users list public/',
      actions: ['s3:ListBucket'],
      resources: ['arn:aws:s3:::b'],
      statements: [
        { change: 'added', effect: 'Allow', actions: ['s3:ListBucket'], resources: ['arn:aws:s3:::b'], conditions: ['StringLike s3:prefix is one of public/, public/*'] },
      ],
    });
    expect(old).not.toHaveProperty('purpose');
    expect(old?.statements.map((statement) => statement.change)).toEqual(['removed']);
    expect(old?.actions).toEqual(['s3:DeleteObject']);
    expect(changed?.statements.map((statement) => `${statement.change} ${statement.actions.join(',')}`)).toEqual(['kept s3:GetObject', 'removed s3:DeleteObject']);
    expect(changed?.actions).toEqual(['s3:GetObject']);
    expect(hasPlannedChanges(view)).toBe(true);
  });

  it('keeps environments apart, counts function variables, and has no changes for an empty plan', () => {
    const empty = buildPlanView([{ envName: 'dev', plan: { changes: [], unchanged: [{ roleName: AUTH_ROLE, policyName: `${PREFIX}x` }] } }], []);
    expect(empty.roles).toEqual([]);
    expect(hasPlannedChanges(empty)).toBe(false);

    const staging = ownedPolicyPrefix('acme', 'staging');
    const removal = planPolicyChanges([], [{ roleName: AUTH_ROLE, policyName: `${staging}x`, document: doc(getPublic) }], staging);
    const view = buildPlanView([{ envName: 'dev', plan: { changes: [], unchanged: [] } }, { envName: 'staging', plan: removal }], [
      { function: 'admin', variable: 'AUTH_ACME_USERPOOLID', value: 'us-east-1_x' },
    ]);
    expect(view.roles.map((role) => role.environment)).toEqual(['staging']);
    expect(view.summary).toEqual({ add: 0, change: 0, remove: 1, functionVariables: 1 });
    expect(hasPlannedChanges(buildPlanView([], [{ function: 'f', variable: 'V', value: 'v' }]))).toBe(true);
  });

  it('describes NotAction and NotResource statements as such', () => {
    const plan = planPolicyChanges(
      [{ roleName: AUTH_ROLE, policyName: `${PREFIX}deny`, document: doc({ Effect: 'Deny', NotAction: 's3:GetObject', NotResource: 'arn:aws:s3:::b/*' }), purpose: 'p' }],
      [],
      PREFIX,
    );
    const [statement] = buildPlanView([{ envName: 'dev', plan }], []).roles[0]!.policies[0]!.statements;
    expect(statement).toEqual({ change: 'added', effect: 'Deny', actions: [], notActions: ['s3:GetObject'], resources: [], notResources: ['arn:aws:s3:::b/*'], conditions: [] });
  });
});

describe('changedTopLevelKeys', () => {
  it('names keys added, removed or changed, ignoring key order inside values', () => {
    const before = { a: 1, b: { x: 1, y: 2 }, c: 'same', gone: true };
    const after = { a: 2, b: { y: 2, x: 1 }, c: 'same', added: [1] };
    expect(changedTopLevelKeys(before, after)).toEqual(['a', 'added', 'gone']);
    expect(changedTopLevelKeys(after, after)).toEqual([]);
  });
});
