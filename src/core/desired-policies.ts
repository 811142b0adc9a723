// The IAM policies one environment must have, from the features recorded in the project: storage on the
// imported roles, and one pool-scoped statement per function granted access to the user pool. Auth alone needs none.
import { UserError } from './errors.js';
import { escapeUntrusted, quoted } from './untrusted-text.js';
import { accountIdFromRoleArn, functionGrantPolicy, userPoolArn, type UserPoolAccess } from './function-grant-policy.js';
import type { ImportCandidate } from './model.js';
import type { DesiredPolicy } from './policy-plan.js';
import { isBucketName, storagePolicies, type StorageAccess } from './storage-policies.js';

export interface DesiredPolicyInput {
  projectName: string;
  envName: string;
  region: string;
  candidate: ImportCandidate;
  storage?: {
    resourceName: string;
    authAccess: StorageAccess[];
    guestAccess: StorageAccess[];
    bucket?: { bucketName: string; region: string };
  };
  functionGrants: Array<{ functionName: string; access: UserPoolAccess[]; executionRoleName: string; executionRoleArn: string }>;
}

export function desiredPolicies(input: DesiredPolicyInput): DesiredPolicy[] {
  const { projectName, envName, candidate } = input;
  const policies: DesiredPolicy[] = [];
  if (input.storage) {
    const { storage } = input;
    if (!storage.bucket) {
      throw new UserError('MissingInput', `Environment ${quoted(envName)} has no bucket for storage ${quoted(storage.resourceName)}.`,
        `Set "${escapeUntrusted(envName)}.categories.storage.${escapeUntrusted(storage.resourceName)}": {"bucketName": "<bucket>", "region": "<region>"} in amplify/team-provider-info.json, ` +
          'or `mycli remove storage` and import it again.');
    }
    if (!isBucketName(storage.bucket.bucketName)) {
      throw new UserError('InvalidInput', `${quoted(storage.bucket.bucketName)} in amplify/team-provider-info.json (${escapeUntrusted(envName)}.categories.storage.${escapeUntrusted(storage.resourceName)}.bucketName) is not an S3 bucket name.`,
        'Write the bare bucket name there (no s3:// prefix, no ARN, no path).');
    }
    const authRole = candidate.authType === 'identityPoolAndUserPool' ? candidate.authRole : undefined;
    if (!authRole) {
      throw new UserError('ValidationFailed', `Storage ${quoted(storage.resourceName)} needs the identity pool's authenticated role, and auth in ${quoted(envName)} has none.`,
        'Import auth with an identity pool (`mycli remove storage`, `mycli remove auth`, `mycli import auth --identity-pool-id <id>`), then import storage again.');
    }
    if (storage.guestAccess.length > 0 && !candidate.unauthRole) {
      throw new UserError('ValidationFailed', `Storage ${quoted(storage.resourceName)} gives guests access, but the identity pool in ${quoted(envName)} has no unauthenticated role.`,
        'Add a guest role to the identity pool (Amazon Cognito console > Identity pools > your pool > User access > Guest access), or import storage again with --guest-access none.');
    }
    policies.push(
      ...storagePolicies(
        { resourceName: storage.resourceName, bucketName: storage.bucket.bucketName, authAccess: storage.authAccess, guestAccess: storage.guestAccess },
        { projectName, envName, authRoleName: authRole.name, unauthRoleName: storage.guestAccess.length > 0 ? candidate.unauthRole?.name : undefined },
      ),
    );
  }
  for (const grant of input.functionGrants) {
    const accountId = accountIdFromRoleArn(grant.executionRoleArn);
    if (!accountId) throw new Error(`desiredPolicies: '${grant.executionRoleArn}' is not a role ARN`);
    policies.push(
      functionGrantPolicy(
        { functionName: grant.functionName, executionRoleName: grant.executionRoleName, access: grant.access },
        { projectName, envName, userPoolArn: userPoolArn(input.region, accountId, candidate.userPool.id) },
      ),
    );
  }
  return policies;
}
