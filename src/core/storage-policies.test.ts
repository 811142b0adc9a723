import { describe, expect, it } from 'vitest';
import type { PolicyDocument, PolicyStatement } from './model.js';
import { evaluate } from './policy-evaluator.js';
import { isOwnedPolicyName, ownedPolicyPrefix, planPolicyChanges, type DesiredPolicy } from './policy-plan.js';
import { storagePolicies, type StorageAccess, type StorageGrant } from './storage-policies.js';

const BUCKET = 'media-bucket';
const OTHER_BUCKET = 'media-bucket-2';
const TARGET = { projectName: 'shop', envName: 'dev', authRoleName: 'shop-auth', unauthRoleName: 'shop-unauth' };
const SUB = 'cognito-identity.amazonaws.com:sub';
const ME = 'us-east-1:aaaaaaaa-0000-0000-0000-000000000001';
const SOMEONE_ELSE = 'us-east-1:bbbbbbbb-0000-0000-0000-000000000002';
const GUEST = 'us-east-1:cccccccc-0000-0000-0000-000000000003';
const OBJECT_ACTIONS: Record<StorageAccess, string> = { create: 's3:PutObject', read: 's3:GetObject', delete: 's3:DeleteObject' };
const ALL_ACCESS: StorageAccess[] = ['create', 'read', 'delete'];

function grant(authAccess: StorageAccess[], guestAccess: StorageAccess[] = []): StorageGrant {
  return { resourceName: 'media', bucketName: BUCKET, authAccess, guestAccess };
}

function documentsOn(policies: DesiredPolicy[], roleName: string): PolicyDocument[] {
  return policies.filter((policy) => policy.roleName === roleName).map((policy) => policy.document);
}

function suffixes(policies: DesiredPolicy[]): string[] {
  const prefix = ownedPolicyPrefix(TARGET.projectName, TARGET.envName);
  return policies.map((policy) => policy.policyName.slice(prefix.length)).sort();
}

/** Every non-empty subset of the access words. */
function subsets(words: StorageAccess[]): StorageAccess[][] {
  return words.reduce<StorageAccess[][]>((all, word) => [...all, ...all.map((subset) => [...subset, word])], [[]]).filter((subset) => subset.length > 0);
}

const object = (key: string, bucket = BUCKET) => `arn:aws:s3:::${bucket}/${key}`;

/** Decides requests as the identity pool's role would for one caller. */
function caller(documents: PolicyDocument[], identityId: string) {
  return {
    can: (action: string, key: string, bucket = BUCKET) => evaluate(documents, { action, resource: object(key, bucket), context: { [SUB]: identityId } }) === 'allow',
    canList: (prefix: string | undefined, bucket = BUCKET) =>
      evaluate(documents, {
        action: 's3:ListBucket',
        resource: `arn:aws:s3:::${bucket}`,
        context: { [SUB]: identityId, ...(prefix === undefined ? {} : { 's3:prefix': prefix }) },
      }) === 'allow',
  };
}

describe('storagePolicies: what signed-in users can do, for every access combination', () => {
  for (const authAccess of subsets(ALL_ACCESS)) {
    const label = authAccess.join('+');
    const policies = storagePolicies(grant(authAccess), TARGET);
    const me = caller(documentsOn(policies, TARGET.authRoleName), ME);
    const has = (word: StorageAccess) => authAccess.includes(word);

    it(`${label}: exactly the chosen actions on public/ and on their own protected/ and private/ prefixes`, () => {
      for (const word of ALL_ACCESS) {
        for (const key of ['public/photo.png', `protected/${ME}/photo.png`, `private/${ME}/a/b.png`]) {
          expect(me.can(OBJECT_ACTIONS[word], key), `${word} on ${key}`).toBe(has(word));
        }
      }
    });

    it(`${label}: nothing on another identity's private/ prefix, no writes to its protected/ prefix`, () => {
      for (const word of ALL_ACCESS) expect(me.can(OBJECT_ACTIONS[word], `private/${SOMEONE_ELSE}/photo.png`), word).toBe(false);
      expect(me.can('s3:PutObject', `protected/${SOMEONE_ELSE}/photo.png`)).toBe(false);
      expect(me.can('s3:DeleteObject', `protected/${SOMEONE_ELSE}/photo.png`)).toBe(false);
    });

    it(`${label}: reads others' protected/ files only with read`, () => {
      expect(me.can('s3:GetObject', `protected/${SOMEONE_ELSE}/photo.png`)).toBe(has('read'));
    });

    it(`${label}: may only upload to uploads/, and only with create`, () => {
      expect(me.can('s3:PutObject', 'uploads/file.csv')).toBe(has('create'));
      expect(me.can('s3:GetObject', 'uploads/file.csv')).toBe(false);
      expect(me.can('s3:DeleteObject', 'uploads/file.csv')).toBe(false);
    });

    it(`${label}: lists only the listed prefixes, and only with read`, () => {
      for (const prefix of ['public/', 'public/photos/', 'protected/', `protected/${SOMEONE_ELSE}/`, `private/${ME}/`, `private/${ME}/albums/`]) {
        expect(me.canList(prefix), `list ${prefix}`).toBe(has('read'));
      }
      for (const prefix of [undefined, '', 'private/', `private/${SOMEONE_ELSE}/`, 'uploads/', 'other/']) {
        expect(me.canList(prefix), `list ${String(prefix)}`).toBe(false);
      }
    });

    it(`${label}: nothing outside the four prefixes, and nothing on another bucket`, () => {
      for (const action of Object.values(OBJECT_ACTIONS)) {
        expect(me.can(action, 'photo.png')).toBe(false);
        expect(me.can(action, 'other/photo.png')).toBe(false);
        expect(me.can(action, 'public/photo.png', OTHER_BUCKET)).toBe(false);
        expect(me.can(action, `private/${ME}/photo.png`, OTHER_BUCKET)).toBe(false);
      }
      expect(me.canList('public/', OTHER_BUCKET)).toBe(false);
      expect(me.can('s3:PutBucketPolicy', '')).toBe(false);
    });

    it(`${label}: a caller without an identity id gets no per-identity access`, () => {
      const anonymous = documentsOn(policies, TARGET.authRoleName);
      const request = (key: string) => evaluate(anonymous, { action: 's3:GetObject', resource: object(key), context: {} });
      expect(request('private/anyone/photo.png')).toBe('implicit-deny');
      expect(request('protected/anyone/photo.png')).toBe(has('read') ? 'allow' : 'implicit-deny');
    });
  }
});

describe('storagePolicies: what guests can do', () => {
  const cases: Array<{ guestAccess: StorageAccess[]; label: string }> = [
    { guestAccess: [], label: 'none' },
    { guestAccess: ['read'], label: 'read' },
    { guestAccess: ['read', 'create'], label: 'read+create' },
  ];
  for (const { guestAccess, label } of cases) {
    const policies = storagePolicies(grant(ALL_ACCESS, guestAccess), TARGET);
    const guest = caller(documentsOn(policies, TARGET.unauthRoleName), GUEST);
    const has = (word: StorageAccess) => guestAccess.includes(word);

    it(`${label}: exactly the chosen actions on public/`, () => {
      for (const word of ALL_ACCESS) expect(guest.can(OBJECT_ACTIONS[word], 'public/photo.png'), word).toBe(has(word));
    });

    it(`${label}: uploads only when create was granted`, () => {
      expect(guest.can('s3:PutObject', 'uploads/file.csv')).toBe(has('create'));
    });

    it(`${label}: reads protected/ only with read, never writes it, never touches private/`, () => {
      expect(guest.can('s3:GetObject', `protected/${SOMEONE_ELSE}/photo.png`)).toBe(has('read'));
      expect(guest.can('s3:PutObject', `protected/${GUEST}/photo.png`)).toBe(false);
      for (const word of ALL_ACCESS) {
        expect(guest.can(OBJECT_ACTIONS[word], `private/${GUEST}/photo.png`)).toBe(false);
        expect(guest.can(OBJECT_ACTIONS[word], `private/${SOMEONE_ELSE}/photo.png`)).toBe(false);
      }
    });

    it(`${label}: lists public/ and protected/ only with read, never private/`, () => {
      for (const prefix of ['public/', 'public/x/', 'protected/', `protected/${SOMEONE_ELSE}/`]) expect(guest.canList(prefix), prefix).toBe(has('read'));
      for (const prefix of [undefined, 'private/', `private/${GUEST}/`, 'uploads/']) expect(guest.canList(prefix), String(prefix)).toBe(false);
    });

    it(`${label}: nothing on another bucket`, () => {
      for (const action of Object.values(OBJECT_ACTIONS)) expect(guest.can(action, 'public/photo.png', OTHER_BUCKET)).toBe(false);
      expect(guest.canList('public/', OTHER_BUCKET)).toBe(false);
    });
  }

  it('guest policies go only to the unauthenticated role, signed-in ones only to the authenticated role', () => {
    const policies = storagePolicies(grant(['read'], ['read', 'create']), TARGET);
    expect(suffixes(policies.filter((policy) => policy.roleName === TARGET.unauthRoleName))).toEqual([
      'storage-media-guest-public',
      'storage-media-guest-read',
      'storage-media-guest-uploads',
    ]);
    expect(new Set(policies.map((policy) => policy.roleName))).toEqual(new Set([TARGET.authRoleName, TARGET.unauthRoleName]));
  });
});

describe('storagePolicies: the documents', () => {
  it('writes the Gen 1 shapes for signed-in create+read+delete and guest read', () => {
    const policies = storagePolicies(grant(['delete', 'read', 'create'], ['read']), TARGET);
    const bySuffix = Object.fromEntries(suffixes(policies).map((suffix, index) => [suffix, index]));
    expect(Object.keys(bySuffix)).toEqual([
      'storage-media-auth-private',
      'storage-media-auth-protected',
      'storage-media-auth-public',
      'storage-media-auth-read',
      'storage-media-auth-uploads',
      'storage-media-guest-public',
      'storage-media-guest-read',
    ]);
    const find = (suffix: string) => policies.find((policy) => policy.policyName.endsWith(`.${suffix}`));
    const crud = ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'];
    const statement = (Action: string[], Resource: string): PolicyStatement => ({ Effect: 'Allow', Action, Resource: [Resource] });
    const sub = '${cognito-identity.amazonaws.com:sub}';

    expect(find('storage-media-auth-public')?.document).toEqual({ Version: '2012-10-17', Statement: [statement(crud, 'arn:aws:s3:::media-bucket/public/*')] });
    expect(find('storage-media-auth-protected')?.document.Statement).toEqual([statement(crud, `arn:aws:s3:::media-bucket/protected/${sub}/*`)]);
    expect(find('storage-media-auth-private')?.document.Statement).toEqual([statement(crud, `arn:aws:s3:::media-bucket/private/${sub}/*`)]);
    expect(find('storage-media-auth-uploads')?.document.Statement).toEqual([statement(['s3:PutObject'], 'arn:aws:s3:::media-bucket/uploads/*')]);
    expect(find('storage-media-auth-read')?.document.Statement).toEqual([
      statement(['s3:GetObject'], 'arn:aws:s3:::media-bucket/protected/*'),
      {
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: ['arn:aws:s3:::media-bucket'],
        Condition: { StringLike: { 's3:prefix': ['public/', 'public/*', 'protected/', 'protected/*', `private/${sub}/`, `private/${sub}/*`] } },
      },
    ]);
    expect(find('storage-media-guest-public')?.document.Statement).toEqual([statement(['s3:GetObject'], 'arn:aws:s3:::media-bucket/public/*')]);
    expect(find('storage-media-guest-read')?.document.Statement).toEqual([
      statement(['s3:GetObject'], 'arn:aws:s3:::media-bucket/protected/*'),
      {
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: ['arn:aws:s3:::media-bucket'],
        Condition: { StringLike: { 's3:prefix': ['public/', 'public/*', 'protected/', 'protected/*'] } },
      },
    ]);
  });

  it('makes no policy at all for an empty access list', () => {
    expect(storagePolicies(grant([], []), TARGET)).toEqual([]);
    expect(suffixes(storagePolicies(grant([], ['read']), TARGET))).toEqual(['storage-media-guest-public', 'storage-media-guest-read']);
    expect(storagePolicies(grant(['delete']), TARGET).every((policy) => policy.roleName === TARGET.authRoleName)).toBe(true);
  });

  it('adds the read policy only with read and the uploads policy only with create', () => {
    expect(suffixes(storagePolicies(grant(['delete']), TARGET))).toEqual(['storage-media-auth-private', 'storage-media-auth-protected', 'storage-media-auth-public']);
    expect(suffixes(storagePolicies(grant(['create']), TARGET))).toContain('storage-media-auth-uploads');
    expect(suffixes(storagePolicies(grant(['read']), TARGET))).toContain('storage-media-auth-read');
  });

  it('always uses Version 2012-10-17, scopes every resource to the bucket, and names every policy with the owned prefix', () => {
    const prefix = ownedPolicyPrefix(TARGET.projectName, TARGET.envName);
    for (const policy of storagePolicies(grant(ALL_ACCESS, ALL_ACCESS), TARGET)) {
      expect(policy.document.Version).toBe('2012-10-17');
      expect(isOwnedPolicyName(policy.policyName, prefix)).toBe(true);
      for (const statement of [policy.document.Statement].flat()) {
        for (const resource of [statement.Resource ?? []].flat()) {
          expect(resource === `arn:aws:s3:::${BUCKET}` || resource.startsWith(`arn:aws:s3:::${BUCKET}/`), resource).toBe(true);
        }
      }
    }
  });

  it('gives the same documents whatever the order or repetition of the access words', () => {
    expect(storagePolicies(grant(['delete', 'create', 'read', 'create']), TARGET)).toEqual(storagePolicies(grant(['create', 'read', 'delete']), TARGET));
  });

  it('says in words what each policy grants', () => {
    const purposes = storagePolicies(grant(['create', 'read'], ['read']), TARGET).map((policy) => policy.purpose);
    expect(purposes).toContain("storage 'media': signed-in users: create/update, read on public/* in bucket media-bucket");
    expect(purposes).toContain("storage 'media': guests: read on public/* in bucket media-bucket");
    expect(purposes.every((purpose) => purpose.includes(BUCKET))).toBe(true);
  });

  it('keeps the full grant on one role small next to IAM 10,240-character inline quota per role', () => {
    const size = storagePolicies(grant(ALL_ACCESS, ALL_ACCESS), TARGET)
      .filter((policy) => policy.roleName === TARGET.authRoleName)
      .reduce((total, policy) => total + JSON.stringify(policy.document).length, 0);
    expect(size).toBeLessThan(1500);
  });

  it('refuses guest access without an unauthenticated role, and a bucket name that could widen the grant', () => {
    const { unauthRoleName: _ignored, ...withoutGuestRole } = TARGET;
    expect(() => storagePolicies(grant(['read'], ['read']), withoutGuestRole)).toThrow(/unauthenticated role/);
    expect(storagePolicies(grant(['read']), withoutGuestRole).length).toBeGreaterThan(0);
    expect(() => storagePolicies({ ...grant(['read']), bucketName: 'media*' }, TARGET)).toThrow(/bucket name/);
    expect(() => storagePolicies({ ...grant(['read']), bucketName: 'a/b' }, TARGET)).toThrow(/bucket name/);
  });
});

describe('storagePolicies with the policy plan', () => {
  it('changing signed-in access from read to read+create touches only the policies that differ', () => {
    const prefix = ownedPolicyPrefix(TARGET.projectName, TARGET.envName);
    const before = storagePolicies(grant(['read']), TARGET);
    const after = storagePolicies(grant(['read', 'create']), TARGET);
    const plan = planPolicyChanges(after, before, prefix);
    const byKind = (kind: string) => suffixes(plan.changes.filter((change) => change.kind === kind) as unknown as DesiredPolicy[]);
    expect(byKind('add')).toEqual(['storage-media-auth-uploads']);
    expect(byKind('change')).toEqual(['storage-media-auth-private', 'storage-media-auth-protected', 'storage-media-auth-public']);
    expect(byKind('remove')).toEqual([]);
    expect(suffixes(plan.unchanged as unknown as DesiredPolicy[])).toEqual(['storage-media-auth-read']);
  });
});
