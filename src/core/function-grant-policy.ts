// The inline policy that lets an existing Lambda function manage the imported user pool: Amplify Gen 1's
// create/read/update/delete action groups, reduced to actions IAM authorizes against a user pool ARN.
//
// Left out of Gen 1's groups, because a statement whose only Resource is the pool cannot grant them:
//   - other services' actions (cognito-identity:*, cognito-sync:*, iam:List*, sns:ListPlatformApplications);
//   - account-level actions that need Resource "*" (CreateUserPool, ListUserPools, DescribeUserPoolDomain);
//   - operations Cognito authorizes with a user's tokens or none, never with IAM (SignUp, InitiateAuth,
//     ChangePassword, ForgotPassword, GlobalSignOut, UpdateUserAttributes, DeleteUser, ...).
// Gen 1's wildcards (Describe*, List*, AdminList*) are spelled out, so the plan shows every action granted.

import { regionOfUserPoolId } from './model.js';
import { ownedPolicyName, type DesiredPolicy } from './policy-plan.js';

export type UserPoolAccess = 'create' | 'read' | 'update' | 'delete';

export const USER_POOL_ACCESS_ORDER: readonly UserPoolAccess[] = ['create', 'read', 'update', 'delete'];

const idp = (...names: string[]): readonly string[] => Object.freeze(names.map((name) => `cognito-idp:${name}`));

export const USER_POOL_ACTIONS: Record<UserPoolAccess, readonly string[]> = {
  create: idp(
    'AddCustomAttributes',
    'AdminAddUserToGroup',
    'AdminConfirmSignUp',
    'AdminCreateUser',
    'AdminDisableProviderForUser',
    'AdminDisableUser',
    'AdminEnableUser',
    'AdminForgetDevice',
    'AdminInitiateAuth',
    'AdminLinkProviderForUser',
    'AdminRemoveUserFromGroup',
    'AdminResetUserPassword',
    'AdminRespondToAuthChallenge',
    'AdminSetUserMFAPreference',
    'AdminSetUserPassword',
    'AdminSetUserSettings',
    'AdminUpdateDeviceStatus',
    'AdminUserGlobalSignOut',
    'CreateGroup',
    'CreateIdentityProvider',
    'CreateResourceServer',
    'CreateUserImportJob',
    'CreateUserPoolClient',
    'CreateUserPoolDomain',
    'SetRiskConfiguration',
    'SetUICustomization',
    'SetUserPoolMfaConfig',
    'StartUserImportJob',
    'StopUserImportJob',
  ),
  read: idp(
    'AdminGetDevice',
    'AdminGetUser',
    'AdminListDevices',
    'AdminListGroupsForUser',
    'AdminListUserAuthEvents',
    'DescribeIdentityProvider',
    'DescribeResourceServer',
    'DescribeRiskConfiguration',
    'DescribeUserImportJob',
    'DescribeUserPool',
    'DescribeUserPoolClient',
    'GetCSVHeader',
    'GetGroup',
    'GetIdentityProviderByIdentifier',
    'GetSigningCertificate',
    'GetUICustomization',
    'GetUserPoolMfaConfig',
    'ListGroups',
    'ListIdentityProviders',
    'ListResourceServers',
    'ListTagsForResource',
    'ListUserImportJobs',
    'ListUserPoolClients',
    'ListUsers',
    'ListUsersInGroup',
  ),
  update: idp(
    'AdminUpdateAuthEventFeedback',
    'AdminUpdateUserAttributes',
    'UpdateGroup',
    'UpdateIdentityProvider',
    'UpdateResourceServer',
    'UpdateUserPool',
    'UpdateUserPoolClient',
    'UpdateUserPoolDomain',
  ),
  delete: idp(
    'AdminDeleteUser',
    'AdminDeleteUserAttributes',
    'DeleteGroup',
    'DeleteIdentityProvider',
    'DeleteResourceServer',
    // Not DeleteUserPool: the pool is imported and belongs to its owners; no grant of mycli's may delete it.
    'DeleteUserPoolClient',
    'DeleteUserPoolDomain',
  ),
};

export interface FunctionGrant {
  functionName: string;
  executionRoleName: string;
  access: UserPoolAccess[];
}

export interface FunctionGrantTarget {
  projectName: string;
  envName: string;
  userPoolArn: string;
}

const USER_POOL_ARN = /^arn:aws[a-z-]*:cognito-idp:[a-z]{2}(?:-[a-z]+)+-\d+:\d{12}:userpool\/[a-z]{2}(?:-[a-z]+)+-\d+_[A-Za-z0-9]+$/;

export function functionGrantPolicy(grant: FunctionGrant, target: FunctionGrantTarget): DesiredPolicy {
  if (!USER_POOL_ARN.test(target.userPoolArn)) throw new Error(`functionGrantPolicy: '${target.userPoolArn}' is not a user pool ARN`);
  const unknown = grant.access.filter((word) => !USER_POOL_ACCESS_ORDER.includes(word));
  if (unknown.length > 0) throw new Error(`functionGrantPolicy: unknown access '${unknown.join(', ')}'`);
  const access = USER_POOL_ACCESS_ORDER.filter((word) => grant.access.includes(word));
  if (access.length === 0) throw new Error(`functionGrantPolicy: function '${grant.functionName}' is granted no access`);

  const actions = [...new Set(access.flatMap((word) => USER_POOL_ACTIONS[word]))].sort();
  return {
    roleName: grant.executionRoleName,
    policyName: ownedPolicyName(target.projectName, target.envName, `function-${grant.functionName}-userpool`),
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: [target.userPoolArn] }] },
    purpose: `function '${grant.functionName}': ${access.join(', ')} on user pool ${target.userPoolArn}`,
  };
}

export function userPoolArn(region: string, accountId: string, userPoolId: string): string {
  if (!/^\d{12}$/.test(accountId)) throw new Error(`userPoolArn: '${accountId}' is not an AWS account id`);
  if (regionOfUserPoolId(userPoolId) !== region) throw new Error(`userPoolArn: '${userPoolId}' is not a user pool id of region ${region}`);
  return `arn:${partitionOf(region)}:cognito-idp:${region}:${accountId}:userpool/${userPoolId}`;
}

export function accountIdFromRoleArn(roleArn: string): string | undefined {
  return /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(roleArn)?.[1];
}

/** The ARN partition of a region: aws, aws-cn or aws-us-gov. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
