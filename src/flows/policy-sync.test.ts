import { describe, expect, it } from 'vitest';
import type { DesiredPolicy } from '../core/policy-plan.js';
import { policiesToRecord, type EnvPlan } from './policy-sync.js';

const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] };
const plan = (desired: DesiredPolicy[], missingRoles: string[]): EnvPlan => ({
  scope: { envName: 'prod', prefix: 'mycli-shop.prod.', roleNames: new Set(), desired },
  plan: { changes: [], unchanged: [] },
  missingRoles,
});

describe('policiesToRecord', () => {
  const onGone = { roleName: 'gone-role', policyName: 'mycli-shop.prod.a', document };
  const onReached = { roleName: 'auth-role', policyName: 'mycli-shop.prod.b', document };

  it('records what is desired now', () => {
    const desired = [{ ...onReached, purpose: 'storage' }];
    expect(policiesToRecord(plan(desired, []), [onGone, onReached])).toEqual([onReached]);
  });

  it('keeps the record of policies on roles that could not be reached, so a later run can remove them', () => {
    expect(policiesToRecord(plan([], ['gone-role']), [onGone, onReached])).toEqual([onGone]);
  });

  it('keeps everything when the environment was not planned at all', () => {
    expect(policiesToRecord(undefined, [onGone])).toEqual([onGone]);
  });
});
