// The S3 inline policies that storage on imported auth needs on the imported roles: the same shapes
// as Amplify Gen 1's storage stack (public/, protected/ and private/ per identity id, uploads/, and the
// read policy with its list conditions), each scoped to the one bucket. One inline policy per Gen 1
// policy, so the push plan names exactly which grant changes when the access changes.

import type { PolicyStatement } from './model.js';
import { ownedPolicyName, type DesiredPolicy } from './policy-plan.js';

/** 'create' means create/update. */
export type StorageAccess = 'create' | 'read' | 'delete';

export interface StorageGrant {
  resourceName: string;
  bucketName: string;
  authAccess: StorageAccess[];
  guestAccess: StorageAccess[];
}

export interface StoragePolicyTarget {
  projectName: string;
  envName: string;
  authRoleName: string;
  unauthRoleName?: string;
}

export const STORAGE_ACCESS_ORDER: readonly StorageAccess[] = ['create', 'read', 'delete'];

export const S3_ACTION_BY_ACCESS: Record<StorageAccess, string> = {
  create: 's3:PutObject',
  read: 's3:GetObject',
  delete: 's3:DeleteObject',
};

const ACCESS_WORDS: Record<StorageAccess, string> = { create: 'create/update', read: 'read', delete: 'delete' };

/** The identity id of the caller, resolved by IAM from the Cognito identity pool's credentials. */
export const IDENTITY_ID_VARIABLE = '${cognito-identity.amazonaws.com:sub}';
// Policy variables only work in this version of the policy language.
const POLICY_VERSION = '2012-10-17';
// Names S3 has accepted (legacy us-east-1 names allow capitals and '_'); nothing that could act as a wildcard or ARN separator.
const BUCKET_NAME = /^[A-Za-z0-9._-]{3,255}$/;

type Audience = 'auth' | 'guest';

export function isBucketName(name: string): boolean {
  return BUCKET_NAME.test(name);
}

export function storagePolicies(grant: StorageGrant, target: StoragePolicyTarget): DesiredPolicy[] {
  if (!isBucketName(grant.bucketName)) throw new Error(`storagePolicies: '${grant.bucketName}' is not an S3 bucket name`);
  const authAccess = orderedAccess(grant.authAccess);
  const guestAccess = orderedAccess(grant.guestAccess);
  if (guestAccess.length > 0 && target.unauthRoleName === undefined) {
    throw new Error(`storagePolicies: storage '${grant.resourceName}' grants guest access but no unauthenticated role was given`);
  }

  const policies: DesiredPolicy[] = [];
  const add = (audience: Audience, part: string, statements: PolicyStatement[], what: string) => {
    const roleName = audience === 'auth' ? target.authRoleName : (target.unauthRoleName as string);
    const who = audience === 'auth' ? 'signed-in users' : 'guests';
    policies.push({
      roleName,
      policyName: ownedPolicyName(target.projectName, target.envName, `storage-${grant.resourceName}-${audience}-${part}`),
      document: { Version: POLICY_VERSION, Statement: statements },
      purpose: `storage '${grant.resourceName}': ${who}: ${what} in bucket ${grant.bucketName}`,
    });
  };
  const bucket = grant.bucketName;
  const objects = (prefix: string) => `${bucketArn(bucket)}/${prefix}`;

  if (authAccess.length > 0) {
    const actions = authAccess.map((access) => S3_ACTION_BY_ACCESS[access]);
    const words = authAccess.map((access) => ACCESS_WORDS[access]).join(', ');
    add('auth', 'public', [allow(actions, objects('public/*'))], `${words} on public/*`);
    add('auth', 'protected', [allow(actions, objects(`protected/${IDENTITY_ID_VARIABLE}/*`))], `${words} on their own protected/<identity id>/*`);
    add('auth', 'private', [allow(actions, objects(`private/${IDENTITY_ID_VARIABLE}/*`))], `${words} on their own private/<identity id>/*`);
  }
  if (authAccess.includes('create')) {
    add('auth', 'uploads', [allow([S3_ACTION_BY_ACCESS.create], objects('uploads/*'))], 'create/update on uploads/*');
  }
  if (authAccess.includes('read')) {
    const prefixes = [...SHARED_LIST_PREFIXES, `private/${IDENTITY_ID_VARIABLE}/`, `private/${IDENTITY_ID_VARIABLE}/*`];
    add('auth', 'read', readStatements(bucket, prefixes), 'read protected/* of everyone; list public/, protected/ and their own private/<identity id>/');
  }

  if (guestAccess.length > 0) {
    const actions = guestAccess.map((access) => S3_ACTION_BY_ACCESS[access]);
    const words = guestAccess.map((access) => ACCESS_WORDS[access]).join(', ');
    add('guest', 'public', [allow(actions, objects('public/*'))], `${words} on public/*`);
  }
  if (guestAccess.includes('create')) {
    add('guest', 'uploads', [allow([S3_ACTION_BY_ACCESS.create], objects('uploads/*'))], 'create/update on uploads/*');
  }
  if (guestAccess.includes('read')) {
    add('guest', 'read', readStatements(bucket, SHARED_LIST_PREFIXES), 'read protected/* of everyone; list public/ and protected/');
  }
  return policies;
}

export function bucketArn(bucketName: string): string {
  return `arn:aws:s3:::${bucketName}`;
}

/** The prefixes anyone with read access may list; signed-in users may also list their own private prefix. */
const SHARED_LIST_PREFIXES = ['public/', 'public/*', 'protected/', 'protected/*'];

function readStatements(bucket: string, listPrefixes: string[]): PolicyStatement[] {
  return [
    allow([S3_ACTION_BY_ACCESS.read], `${bucketArn(bucket)}/protected/*`),
    { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [bucketArn(bucket)], Condition: { StringLike: { 's3:prefix': listPrefixes } } },
  ];
}

function allow(actions: string[], resource: string): PolicyStatement {
  return { Effect: 'Allow', Action: actions, Resource: [resource] };
}

/** Known words only, each once, in a fixed order, so the same choice always yields the same document. */
function orderedAccess(access: StorageAccess[]): StorageAccess[] {
  const unknown = access.filter((word) => !STORAGE_ACCESS_ORDER.includes(word));
  if (unknown.length > 0) throw new Error(`storagePolicies: unknown access '${unknown.join(', ')}'`);
  return STORAGE_ACCESS_ORDER.filter((word) => access.includes(word));
}
