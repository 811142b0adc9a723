import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from './model.js';
import { ownedPolicyPrefix } from './policy-plan.js';
import {
  buildRecord,
  compareWithRecord,
  encodeRecord,
  fingerprints,
  parseRecord,
  policyDocumentHash,
  RECORD_VALUE_LIMIT,
  recordRoleNames,
  roleDigests,
  undoneChanges,
  type PolicyFingerprint,
} from './push-record.js';

const PREFIX = ownedPolicyPrefix('shop', 'dev');
const AUTH = 'acme-auth-role';
const GUEST = 'acme-unauth-role';
const doc = (action: string, resource = 'arn:aws:s3:::b/*'): PolicyDocument => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: [action], Resource: [resource] }] });
const policy = (roleName: string, suffix: string, document: PolicyDocument) => ({ roleName, policyName: `${PREFIX}${suffix}`, document });

function recordOf(generation: number, policies: PolicyFingerprint[], pushId = `push-${generation}`) {
  return buildRecord({ previousGeneration: generation - 1, pushId, pushedAt: '2026-12-01T10:00:00.000Z', user: 'bob', host: 'build-7', prefix: PREFIX, policies });
}

describe('policyDocumentHash', () => {
  it('is the SHA-256 of the normalised document: the same meaning gives the same hash', () => {
    const a: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: 'arn:aws:s3:::b/*' }] };
    const b: PolicyDocument = { Version: '2012-10-17', Statement: [{ Resource: ['arn:aws:s3:::b/*'], Action: ['s3:GetObject', 's3:PutObject', 's3:GetObject'], Effect: 'Allow' }] };
    expect(policyDocumentHash(a)).toBe(policyDocumentHash(b));
    expect(policyDocumentHash(a)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(policyDocumentHash(doc('s3:GetObject'))).not.toBe(policyDocumentHash(a));
  });
});

describe('the record value', () => {
  it('round-trips, with names stored without the owned prefix, grouped by role', () => {
    const prints = fingerprints([policy(AUTH, 'storage-a', doc('s3:GetObject')), policy(GUEST, 'storage-b', doc('s3:PutObject'))]);
    const record = recordOf(3, prints);
    expect(record.generation).toBe(3);
    expect(record.policies).toEqual({ [AUTH]: { 'storage-a': prints[0]!.hash }, [GUEST]: { 'storage-b': prints[1]!.hash } });
    expect(parseRecord(encodeRecord(record))).toEqual(record);
  });

  it('stays under 4 KB for a large project, and keeps one digest per role past that', () => {
    const many = (count: number) =>
      fingerprints(Array.from({ length: count }, (_, index) => policy(index % 2 ? AUTH : `function-role-${index % 7}`, `storage-bucket${index}-auth-protected`, doc(`s3:Get${index}`))));
    const forty = encodeRecord(recordOf(1, many(40)));
    expect(forty.length).toBeLessThanOrEqual(RECORD_VALUE_LIMIT);
    expect(parseRecord(forty)?.policies).toBeDefined();

    const hundred = encodeRecord(recordOf(1, many(100)));
    expect(hundred.length).toBeLessThanOrEqual(RECORD_VALUE_LIMIT);
    const compact = parseRecord(hundred);
    expect(compact?.policies).toBeUndefined();
    expect(Object.keys(compact?.roleDigests ?? {}).sort()).toEqual([AUTH, ...Array.from({ length: 7 }, (_, index) => `function-role-${index}`)].filter((role, index, all) => all.indexOf(role) === index).sort());
  });

  it('names the roles it holds policies on, in either form (env remove looks at them all)', () => {
    const many = fingerprints(Array.from({ length: 100 }, (_, index) => policy(index % 2 ? AUTH : 'function-role', `storage-bucket${index}-auth-protected`, doc(`s3:Get${index}`))));
    const compact = parseRecord(encodeRecord(recordOf(1, many)))!;
    expect(compact.roleDigests).toBeDefined();
    expect(recordRoleNames(compact).sort()).toEqual([AUTH, 'function-role']);
    expect(recordRoleNames(recordOf(1, fingerprints([policy(GUEST, 'storage-b', doc('s3:PutObject'))])))).toEqual([GUEST]);
    expect(recordRoleNames(recordOf(1, []))).toEqual([]);
  });

  it('refuses values it does not understand', () => {
    const good = JSON.parse(encodeRecord(recordOf(2, []))) as Record<string, unknown>;
    for (const bad of ['', 'x', '[]', JSON.stringify({ ...good, version: 2 }), JSON.stringify({ ...good, generation: 0 }), JSON.stringify({ ...good, generation: 1.5 }),
      JSON.stringify({ ...good, pushedAt: 'soon' }), JSON.stringify({ ...good, policies: { r: { p: 5 } } }), JSON.stringify({ ...good, policies: undefined })]) {
      expect(parseRecord(bad), bad).toBeUndefined();
    }
  });
});

describe('compareWithRecord', () => {
  const mine = fingerprints([policy(AUTH, 'storage-a', doc('s3:GetObject'))]);

  it('no record, an unreadable one, a clone that never pushed (adopts), and the same push', () => {
    expect(compareWithRecord({ baseline: [], planned: mine })).toEqual({ kind: 'no-record' });
    expect(compareWithRecord({ remoteValue: 'junk', baseline: [], planned: mine })).toEqual({ kind: 'unreadable', raw: 'junk' });
    const record = recordOf(4, mine);
    const value = encodeRecord(record);
    expect(compareWithRecord({ remoteValue: value, baseline: [], planned: mine })).toEqual({ kind: 'adopted', record });
    expect(compareWithRecord({ remoteValue: value, local: { generation: 4, pushId: 'push-4' }, baseline: mine, planned: mine })).toEqual({ kind: 'same', record });
    expect(compareWithRecord({ remoteValue: value, local: { generation: 6, pushId: 'x' }, baseline: mine, planned: mine }).kind).toBe('older');
  });

  it('a push elsewhere with the same generation but another id still counts (--no-lock races)', () => {
    const value = encodeRecord(recordOf(4, mine, 'theirs'));
    expect(compareWithRecord({ remoteValue: value, local: { generation: 4, pushId: 'mine' }, baseline: mine, planned: mine }).kind).toBe('pushed-elsewhere');
  });
});

describe('undoneChanges', () => {
  const base = fingerprints([policy(AUTH, 'kept', doc('s3:GetObject')), policy(AUTH, 'changed', doc('s3:GetObject')), policy(GUEST, 'dropped', doc('s3:GetObject'))]);
  const theirs = fingerprints([
    policy(AUTH, 'kept', doc('s3:GetObject')),
    policy(AUTH, 'changed', doc('s3:PutObject')),
    policy(AUTH, 'added', doc('s3:DeleteObject')),
  ]);

  it('lists each change of that push this plan reverts, and nothing this plan keeps', () => {
    // A stale clone plans what it had: it would undo all three of the teammate's changes.
    expect(undoneChanges(recordOf(5, theirs), base, base)).toEqual([
      { roleName: AUTH, policyName: `${PREFIX}added`, theirs: 'added', ours: 'removes' },
      { roleName: AUTH, policyName: `${PREFIX}changed`, theirs: 'changed', ours: 'overwrites' },
      { roleName: GUEST, policyName: `${PREFIX}dropped`, theirs: 'removed', ours: 'restores' },
    ]);
    // A clone that pulled the teammate's commit plans their state: nothing is undone.
    expect(undoneChanges(recordOf(5, theirs), base, theirs)).toEqual([]);
    // Its own further change to a policy the teammate did not touch is not theirs to lose.
    const ownChange = theirs.map((print) => (print.policyName.endsWith('kept') ? { ...print, hash: 'other' } : print));
    expect(undoneChanges(recordOf(5, theirs), base, ownChange)).toEqual([]);
  });

  it('with one digest per role, names the roles whose changes would be overwritten', () => {
    const compact = { ...recordOf(5, []), policies: undefined, roleDigests: roleDigests(theirs) };
    expect(undoneChanges(compact, base, base)).toEqual([
      { roleName: AUTH, theirs: 'changed', ours: 'overwrites' },
      { roleName: GUEST, theirs: 'changed', ours: 'overwrites' },
    ]);
    expect(undoneChanges(compact, base, theirs)).toEqual([]);
  });
});
