import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from './model.js';
import {
  MAX_POLICY_NAME_LENGTH,
  isOwnedPolicyName,
  normalizePolicyDocument,
  ownedPolicyName,
  ownedPolicyPrefix,
  planPolicyChanges,
  type DesiredPolicy,
  type ExistingPolicy,
} from './policy-plan.js';

const PREFIX = ownedPolicyPrefix('acme', 'dev');
const AUTH_ROLE = 'acme-auth-role';
const UNAUTH_ROLE = 'acme-unauth-role';
const IAM_POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

function publicReadWrite(bucket = 'media-bucket'): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: [`arn:aws:s3:::${bucket}/public/*`] }],
  };
}

function listPublic(): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: 'arn:aws:s3:::media-bucket',
        Condition: { StringLike: { 's3:prefix': ['public/', 'public/*'] } },
      },
    ],
  };
}

function desired(roleName: string, suffix: string, document: PolicyDocument, purpose = `purpose of ${suffix}`): DesiredPolicy {
  return { roleName, policyName: `${PREFIX}${suffix}`, document, purpose };
}

function existing(roleName: string, policyName: string, document: PolicyDocument): ExistingPolicy {
  return { roleName, policyName, document };
}

describe('ownedPolicyPrefix / ownedPolicyName', () => {
  it('builds mycli-<project>.<env>. and appends the suffix', () => {
    expect(ownedPolicyPrefix('acme', 'dev')).toBe('mycli-acme.dev.');
    expect(ownedPolicyName('acme', 'dev', 'storage-media-public')).toBe('mycli-acme.dev.storage-media-public');
    expect(ownedPolicyPrefix('My_App-2', 'prod')).toBe('mycli-My_App-2.prod.');
  });

  it('never lets one project/environment prefix be the start of another (project names may contain "-")', () => {
    const prefixes = [
      ownedPolicyPrefix('app', 'dev'),
      ownedPolicyPrefix('app-dev', 'qa'),
      ownedPolicyPrefix('app', 'devx'),
      ownedPolicyPrefix('ap', 'pdev'),
    ];
    for (const prefix of prefixes) {
      for (const other of prefixes) {
        if (other !== prefix) expect(isOwnedPolicyName(`${other}storage`, prefix)).toBe(false);
      }
    }
  });

  it('sanitises names outside the IAM alphabet deterministically, keeping distinct names distinct', () => {
    const spaced = ownedPolicyPrefix('my app!', 'dev');
    expect(spaced).toMatch(/^mycli-my-app--[0-9a-f]{8}\.dev\.$/);
    expect(ownedPolicyPrefix('my app!', 'dev')).toBe(spaced);
    expect(ownedPolicyPrefix('my-app-', 'dev')).not.toBe(spaced);
    expect(ownedPolicyPrefix('my app?', 'dev')).not.toBe(spaced);
    // '.' is IAM-legal but is the separator, so it is replaced (with a hash) as well.
    expect(ownedPolicyPrefix('a.b', 'dev')).toMatch(/^mycli-a-b-[0-9a-f]{8}\.dev\.$/);
    expect(ownedPolicyName('projé ct/ü', 'dév', 'x y')).toMatch(IAM_POLICY_NAME);
  });

  it('keeps names within 128 characters, shortening long suffixes with a stable hash', () => {
    const longSuffix = `storage-${'m'.repeat(200)}`;
    const name = ownedPolicyName('acme', 'dev', longSuffix);
    expect(name).toHaveLength(MAX_POLICY_NAME_LENGTH);
    expect(name).toMatch(IAM_POLICY_NAME);
    expect(name.startsWith(PREFIX)).toBe(true);
    expect(ownedPolicyName('acme', 'dev', longSuffix)).toBe(name);
    expect(ownedPolicyName('acme', 'dev', `${longSuffix}-other`)).not.toBe(name);
    const exactFit = 'x'.repeat(MAX_POLICY_NAME_LENGTH - PREFIX.length);
    expect(ownedPolicyName('acme', 'dev', exactFit)).toBe(PREFIX + exactFit);
  });

  it('keeps the whole name within 128 characters even for very long project names', () => {
    const name = ownedPolicyName('p'.repeat(300), 'e'.repeat(40), 's'.repeat(300));
    expect(name.length).toBeLessThanOrEqual(MAX_POLICY_NAME_LENGTH);
    expect(name).toMatch(IAM_POLICY_NAME);
    expect(ownedPolicyPrefix('p'.repeat(300), 'dev')).not.toBe(ownedPolicyPrefix('p'.repeat(301), 'dev'));
  });

  it('rejects empty names', () => {
    expect(() => ownedPolicyPrefix('', 'dev')).toThrow(Error);
    expect(() => ownedPolicyName('acme', 'dev', '')).toThrow(Error);
  });

  it('isOwnedPolicyName needs the prefix and something after it', () => {
    expect(isOwnedPolicyName(`${PREFIX}storage`, PREFIX)).toBe(true);
    expect(isOwnedPolicyName(PREFIX, PREFIX)).toBe(false);
    expect(isOwnedPolicyName('acme-identities-auth-base', PREFIX)).toBe(false);
    expect(isOwnedPolicyName('MYCLI-acme.dev.storage', PREFIX)).toBe(false);
    expect(isOwnedPolicyName('anything', '')).toBe(false);
  });
});

describe('planPolicyChanges', () => {
  it('adds, changes, removes and keeps, ordered by role then policy', () => {
    const plan = planPolicyChanges(
      [
        desired(UNAUTH_ROLE, 'storage-public', publicReadWrite(), 'guests read and write public/'),
        desired(AUTH_ROLE, 'storage-public', publicReadWrite('other-bucket'), 'signed-in users read and write public/'),
        desired(AUTH_ROLE, 'storage-list', listPublic()),
      ],
      [
        existing(AUTH_ROLE, `${PREFIX}storage-public`, publicReadWrite()),
        existing(AUTH_ROLE, `${PREFIX}storage-list`, listPublic()),
        existing(UNAUTH_ROLE, `${PREFIX}storage-old`, listPublic()),
      ],
      PREFIX,
    );

    expect(plan.changes.map(({ kind, roleName, policyName }) => [kind, roleName, policyName])).toEqual([
      ['change', AUTH_ROLE, `${PREFIX}storage-public`],
      ['remove', UNAUTH_ROLE, `${PREFIX}storage-old`],
      ['add', UNAUTH_ROLE, `${PREFIX}storage-public`],
    ]);
    expect(plan.unchanged).toEqual([{ roleName: AUTH_ROLE, policyName: `${PREFIX}storage-list` }]);

    const [change, remove, add] = plan.changes;
    expect(change).toMatchObject({
      kind: 'change',
      document: normalizePolicyDocument(publicReadWrite('other-bucket')),
      previous: normalizePolicyDocument(publicReadWrite()),
      purpose: 'signed-in users read and write public/',
    });
    expect(add).toMatchObject({ kind: 'add', document: normalizePolicyDocument(publicReadWrite()), purpose: 'guests read and write public/' });
    expect(remove).toEqual({ kind: 'remove', roleName: UNAUTH_ROLE, policyName: `${PREFIX}storage-old`, previous: normalizePolicyDocument(listPublic()) });
    expect(plan.changes.length).toBeGreaterThan(0);
  });

  it('treats the same policy name on two roles as two policies', () => {
    const plan = planPolicyChanges(
      [desired(AUTH_ROLE, 'storage-public', publicReadWrite())],
      [existing(UNAUTH_ROLE, `${PREFIX}storage-public`, publicReadWrite())],
      PREFIX,
    );
    expect(plan.changes.map(({ kind, roleName }) => [kind, roleName])).toEqual([
      ['add', AUTH_ROLE],
      ['remove', UNAUTH_ROLE],
    ]);
  });

  it('never plans to remove or change a policy it does not own, even when the caller passes one in', () => {
    const foreign = [
      existing(AUTH_ROLE, 'acme-identities-auth-base', listPublic()),
      existing(AUTH_ROLE, `${ownedPolicyPrefix('acme', 'prod')}storage-public`, listPublic()),
      existing(AUTH_ROLE, `${ownedPolicyPrefix('acme-dev', 'qa')}storage-public`, listPublic()),
    ];
    const plan = planPolicyChanges([], foreign, PREFIX);
    expect(plan).toEqual({ changes: [], unchanged: [] });
    expect(plan.changes).toEqual([]);
  });

  it('throws (a bug) when a desired policy is not named with the owned prefix', () => {
    expect(() =>
      planPolicyChanges([{ roleName: AUTH_ROLE, policyName: 'hand-made', document: listPublic(), purpose: 'x' }], [], PREFIX),
    ).toThrow(/hand-made.*not named with the owned prefix/);
  });

  it('throws (a bug) when the same policy is desired twice', () => {
    expect(() =>
      planPolicyChanges([desired(AUTH_ROLE, 'a', listPublic()), desired(AUTH_ROLE, 'a', publicReadWrite())], [], PREFIX),
    ).toThrow(/desired twice/);
  });

  it('is empty when everything desired is already there', () => {
    const plan = planPolicyChanges([desired(AUTH_ROLE, 'list', listPublic())], [existing(AUTH_ROLE, `${PREFIX}list`, listPublic())], PREFIX);
    expect(plan.changes).toEqual([]);
    expect(plan.unchanged).toHaveLength(1);
  });

  describe('compares documents by meaning', () => {
    const base: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject'],
          Resource: ['arn:aws:s3:::b/public/*'],
          Condition: { StringLike: { 's3:prefix': ['public/', 'public/*'] } },
        },
        { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::b'] },
      ],
    };
    const sameMeaning: Array<[string, unknown]> = [
      [
        'key order',
        {
          Statement: [
            { Resource: ['arn:aws:s3:::b/public/*'], Condition: { StringLike: { 's3:prefix': ['public/', 'public/*'] } }, Action: ['s3:GetObject', 's3:PutObject'], Effect: 'Allow' },
            { Resource: ['arn:aws:s3:::b'], Effect: 'Allow', Action: ['s3:ListBucket'] },
          ],
          Version: '2012-10-17',
        },
      ],
      [
        'Action and Resource as strings, arrays in another order',
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: 'arn:aws:s3:::b/public/*', Condition: { StringLike: { 's3:prefix': ['public/*', 'public/'] } } },
            { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' },
          ],
        },
      ],
      [
        'statements in another order, one repeated',
        { Version: '2012-10-17', Statement: [(base.Statement as object[])[1], (base.Statement as object[])[0], (base.Statement as object[])[1]] },
      ],
    ];

    it.each(sameMeaning)('%s is no change', (_label, document) => {
      const plan = planPolicyChanges([desired(AUTH_ROLE, 's', base)], [existing(AUTH_ROLE, `${PREFIX}s`, document as PolicyDocument)], PREFIX);
      expect(plan.changes).toEqual([]);
    });

    it('Statement as one object equals a one-element array; one-value condition as string equals a one-element list', () => {
      const asObject: PolicyDocument = {
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b', Condition: { StringLike: { 's3:prefix': 'public/' } } },
      };
      const asArrays: PolicyDocument = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::b'], Condition: { StringLike: { 's3:prefix': ['public/'] } } }],
      };
      const plan = planPolicyChanges([desired(AUTH_ROLE, 's', asObject)], [existing(AUTH_ROLE, `${PREFIX}s`, asArrays)], PREFIX);
      expect(plan.changes).toEqual([]);
    });

    const differentMeaning: Array<[string, PolicyDocument]> = [
      ['an extra action', { ...base, Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: ['arn:aws:s3:::b/public/*'], Condition: { StringLike: { 's3:prefix': ['public/', 'public/*'] } } }, { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::b'] }] }],
      ['a different condition value', { ...base, Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::b/public/*'], Condition: { StringLike: { 's3:prefix': ['public/'] } } }, { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::b'] }] }],
      ['Deny instead of Allow', { ...base, Statement: [(base.Statement as object[])[0] as never, { Effect: 'Deny', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::b'] }] }],
      ['no Version', { Statement: base.Statement }],
    ];

    it.each(differentMeaning)('%s is a change', (_label, document) => {
      const plan = planPolicyChanges([desired(AUTH_ROLE, 's', base)], [existing(AUTH_ROLE, `${PREFIX}s`, document)], PREFIX);
      expect(plan.changes.map((change) => change.kind)).toEqual(['change']);
    });
  });
});

describe('normalizePolicyDocument', () => {
  it('produces arrays, sorted values and a fixed key order, without losing unknown fields', () => {
    const normalized = normalizePolicyDocument({
      Statement: {
        Resource: 'arn:aws:s3:::b/*',
        NotAction: ['s3:PutObject', 's3:DeleteObject', 's3:PutObject'],
        Effect: 'Deny',
        Sid: 'NoWrites',
        Condition: { Bool: { 'aws:SecureTransport': false }, StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
      } as never,
      Version: '2012-10-17',
    });
    expect(JSON.stringify(normalized)).toBe(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'NoWrites',
            Effect: 'Deny',
            NotAction: ['s3:DeleteObject', 's3:PutObject'],
            Resource: ['arn:aws:s3:::b/*'],
            Condition: { Bool: { 'aws:SecureTransport': false }, StringEquals: { 'aws:RequestedRegion': ['us-east-1'] } },
          },
        ],
      }),
    );
  });

  it('is idempotent', () => {
    const once = normalizePolicyDocument(listPublic());
    expect(normalizePolicyDocument(once)).toEqual(once);
  });
});
