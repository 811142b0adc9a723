import { describe, expect, it } from 'vitest';
import { USER_POOL_ACTIONS } from '../core/function-grant-policy.js';
import type { PolicyDocument } from '../core/model.js';
import { buildPlanView, type PushPlanView } from '../core/plan-view.js';
import { ownedPolicyPrefix, planPolicyChanges, type DesiredPolicy, type ExistingPolicy } from '../core/policy-plan.js';
import { planSummaryLine, renderPushPlan, wrap, type PlanPalette } from './plan-renderer.js';

const PREFIX = ownedPolicyPrefix('shop', 'dev');
const AUTH_ROLE = 'acme-auth-role';
const FUNCTION_ROLE = 'admin-fn-role';
const POOL_ARN = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Pool1';

/** The lines without the blank ones between groups. */
const render = (plan: PushPlanView, options: Parameters<typeof renderPushPlan>[1]) => renderPushPlan(plan, options).filter((line) => line !== '');
const plain: PlanPalette = { green: (t) => t, yellow: (t) => t, red: (t) => t, dim: (t) => t, bold: (t) => t };
const tagged: PlanPalette = { green: (t) => `<g>${t}</g>`, yellow: (t) => `<y>${t}</y>`, red: (t) => `<r>${t}</r>`, dim: (t) => t, bold: (t) => t };

const doc = (...statements: object[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements as PolicyDocument['Statement'] });
const statement = (actions: string[], resource: string, condition?: object) => ({ Effect: 'Allow', Action: actions, Resource: resource, ...(condition ? { Condition: condition } : {}) });

function view(desired: DesiredPolicy[], existing: ExistingPolicy[] = [], variables: PushPlanView['functionVariables'] = []): PushPlanView {
  return buildPlanView([{ envName: 'dev', plan: planPolicyChanges(desired, existing, PREFIX) }], variables);
}

const grant = (access: Array<keyof typeof USER_POOL_ACTIONS>): PolicyDocument =>
  doc(statement([...new Set(access.flatMap((word) => USER_POOL_ACTIONS[word]))].sort(), POOL_ARN));

describe('renderPushPlan', () => {
  it('groups by role, marks add/change/remove, shows purposes and statements with their conditions', () => {
    const plan = view(
      [
        { roleName: AUTH_ROLE, policyName: `${PREFIX}list`, purpose: "storage 'media': list", document: doc(statement(['s3:ListBucket'], 'arn:aws:s3:::b', { StringLike: { 's3:prefix': ['public/', 'public/*'] } })) },
        { roleName: AUTH_ROLE, policyName: `${PREFIX}public`, purpose: "storage 'media': read, upload", document: doc(statement(['s3:GetObject'], 'arn:aws:s3:::b/public/*'), statement(['s3:PutObject'], 'arn:aws:s3:::b/uploads/*')) },
      ],
      [
        { roleName: AUTH_ROLE, policyName: `${PREFIX}public`, document: doc(statement(['s3:GetObject'], 'arn:aws:s3:::b/public/*'), statement(['s3:DeleteObject'], 'arn:aws:s3:::b/private/*')) },
        { roleName: AUTH_ROLE, policyName: `${PREFIX}old`, document: doc(statement(['s3:GetObject'], 'arn:aws:s3:::b/old/*')) },
      ],
    );
    expect(renderPushPlan(plan, { palette: plain, fullActions: false })).toEqual([
      '',
      `  IAM role ${AUTH_ROLE}`,
      `    + add    ${PREFIX}list`,
      "               storage 'media': list",
      '             + Allow s3:ListBucket on arn:aws:s3:::b when StringLike s3:prefix is one of public/, public/*',
      `    - remove ${PREFIX}old`,
      '             - Allow s3:GetObject on arn:aws:s3:::b/old/*',
      `    ~ change ${PREFIX}public`,
      "               storage 'media': read, upload",
      '               Allow s3:GetObject on arn:aws:s3:::b/public/*',
      '             + Allow s3:PutObject on arn:aws:s3:::b/uploads/*',
      '             - Allow s3:DeleteObject on arn:aws:s3:::b/private/*',
    ]);
    expect(planSummaryLine(plan)).toBe('Plan: 1 IAM policy to add, 1 to change, 1 to remove.');
  });

  it('colours the marks and names green, yellow and red, and leaves them plain without colour', () => {
    const plan = view([{ roleName: AUTH_ROLE, policyName: `${PREFIX}a`, purpose: 'p', document: doc(statement(['s3:GetObject'], 'arn:aws:s3:::b/*')) }], [
      { roleName: AUTH_ROLE, policyName: `${PREFIX}z`, document: doc(statement(['s3:GetObject'], 'arn:aws:s3:::b/*')) },
    ]);
    const lines = renderPushPlan(plan, { palette: tagged, fullActions: false });
    expect(lines).toContain(`    <g>+ add    </g><g>${PREFIX}a</g>`);
    expect(lines).toContain(`    <r>- remove </r><r>${PREFIX}z</r>`);
    expect(renderPushPlan(plan, { palette: plain, fullActions: false }).join('\n')).not.toContain('<');
  });

  it("summarises a function grant's actions on one line, and lists them all with fullActions", () => {
    const actions = [...new Set([...USER_POOL_ACTIONS.read, ...USER_POOL_ACTIONS.update])];
    const plan = view([{ roleName: FUNCTION_ROLE, policyName: `${PREFIX}function-admin-userpool`, purpose: 'function admin: read, update', document: grant(['read', 'update']) }]);
    const summarised = renderPushPlan(plan, { palette: plain, fullActions: false });
    expect(summarised).toContain(`             + Allow ${actions.length} cognito-idp actions (--debug lists them) on ${POOL_ARN}`);
    const full = renderPushPlan(plan, { palette: plain, fullActions: true }).join('\n');
    for (const action of actions) expect(full).toContain(action);
  });

  it('shows a widened grant as the actions gained, counted, or listed with fullActions', () => {
    const plan = view(
      [{ roleName: FUNCTION_ROLE, policyName: `${PREFIX}function-admin-userpool`, purpose: 'function admin: create, read', document: grant(['create', 'read']) }],
      [{ roleName: FUNCTION_ROLE, policyName: `${PREFIX}function-admin-userpool`, document: grant(['read']) }],
    );
    const read = USER_POOL_ACTIONS.read.length;
    const both = new Set([...USER_POOL_ACTIONS.create, ...USER_POOL_ACTIONS.read]).size;
    const line = `             ~ Allow ${both} cognito-idp actions on ${POOL_ARN}: ${both - read} added (${read} → ${both})`;
    expect(render(plan, { palette: plain, fullActions: false })).toEqual([
      `  IAM role ${FUNCTION_ROLE}`,
      `    ~ change ${PREFIX}function-admin-userpool`,
      '               function admin: create, read',
      line,
    ]);
    const full = renderPushPlan(plan, { palette: plain, fullActions: true });
    expect(full).toContain(line);
    expect(full).toContain('               + cognito-idp:AdminCreateUser');
  });

  it('wraps long lines to the width under their own text, keeping long words whole', () => {
    const plan = view([{ roleName: AUTH_ROLE, policyName: `${PREFIX}p`, purpose: 'signed-in users may read and write and delete everything under public/', document: doc(statement(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::a-very-long-bucket-name-for-wrapping/public/*')) }]);
    const lines = render(plan, { width: 50, palette: plain, fullActions: false });
    expect(lines).toEqual([
      `  IAM role ${AUTH_ROLE}`,
      `    + add    ${PREFIX}p`,
      '               signed-in users may read and write',
      '               and delete everything under public/',
      '             + Allow s3:GetObject, s3:PutObject on',
      '               arn:aws:s3:::a-very-long-bucket-name-for-wrapping/public/*',
    ]);
    expect(lines.filter((line) => line.length > 50)).toEqual(['               arn:aws:s3:::a-very-long-bucket-name-for-wrapping/public/*']);
  });

  it('shows function variables under their function, escapes untrusted names, and names environments when several', () => {
    const plan = view([], [], [{ function: 'admin\nfn', variable: 'AUTH_SHOP_USERPOOLID', value: 'us-east-1_Pool1' }]);
    expect(renderPushPlan(plan, { palette: plain, fullActions: false })).toEqual([
      '',
      '  Lambda function admin\\nfn',
      '    ~ set   AUTH_SHOP_USERPOOLID=us-east-1_Pool1 in its environment (its other variables are kept)',
    ]);
    expect(planSummaryLine(plan)).toBe('Plan: 0 IAM policies to add, 0 to change, 0 to remove, 1 function variable to set.');

    const staging = ownedPolicyPrefix('shop', 'staging');
    const twoEnvs = buildPlanView(
      [
        { envName: 'dev', plan: planPolicyChanges([], [{ roleName: AUTH_ROLE, policyName: `${PREFIX}x`, document: doc(statement(['s3:GetObject'], '*')) }], PREFIX) },
        { envName: 'staging', plan: planPolicyChanges([], [{ roleName: AUTH_ROLE, policyName: `${staging}x`, document: doc(statement(['s3:GetObject'], '*')) }], staging) },
      ],
      [],
    );
    const headers = renderPushPlan(twoEnvs, { palette: plain, fullActions: false }).filter((line) => line.startsWith('  IAM'));
    expect(headers).toEqual([`  IAM role ${AUTH_ROLE} (environment 'dev')`, `  IAM role ${AUTH_ROLE} (environment 'staging')`]);
  });
});

describe('wrap', () => {
  it('fills lines greedily and never splits a word', () => {
    expect(wrap('a bb ccc dddd', 6)).toEqual(['a bb', 'ccc', 'dddd']);
    expect(wrap('averyveryverylongword x', 5)).toEqual(['averyveryverylongword', 'x']);
    expect(wrap('', 5)).toEqual(['']);
  });
});
