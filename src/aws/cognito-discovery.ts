// Read-only discovery of Cognito user pools, app clients, identity pools and their IAM roles.
// SDK shapes stop here: every method returns the plain types of core/model.ts, and every AWS
// failure leaves as a UserError (via toUserError) naming the IAM action and the resource.

import {
  DescribeIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
  ListIdentityPoolsCommand,
  type DescribeIdentityPoolCommandOutput,
} from '@aws-sdk/client-cognito-identity';
import {
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  type UserPoolClientType,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { UserError, isUserError } from '../core/errors.js';
import {
  roleNameFromArn,
  type AppClient,
  type IdentityPoolDetails,
  type IdentityPoolSummary,
  type MfaConfiguration,
  type PolicyDocument,
  type RoleDetails,
  type UserPoolDetails,
  type UserPoolSummary,
} from '../core/model.js';
import type { AwsClients } from './clients.js';
import { toUserError } from './errors.js';
import { mapPaced, PacedQueue, type Clock } from './paced-queue.js';
import { collectPages } from './pagination.js';
import { escapeUntrusted, quoted } from '../core/untrusted-text.js';
import { shellQuote } from '../core/shell-quote.js';

const IAM_ACTIONS = {
  listUserPools: 'cognito-idp:ListUserPools',
  describeUserPool: 'cognito-idp:DescribeUserPool',
  getUserPoolMfaConfig: 'cognito-idp:GetUserPoolMfaConfig',
  listUserPoolClients: 'cognito-idp:ListUserPoolClients',
  describeUserPoolClient: 'cognito-idp:DescribeUserPoolClient',
  listIdentityPools: 'cognito-identity:ListIdentityPools',
  describeIdentityPool: 'cognito-identity:DescribeIdentityPool',
  getIdentityPoolRoles: 'cognito-identity:GetIdentityPoolRoles',
  getRole: 'iam:GetRole',
} as const;

/** Every IAM action CognitoDiscovery calls: what the operator's identity needs to be allowed. */
export const REQUIRED_IAM_PERMISSIONS: readonly string[] = Object.freeze(Object.values(IAM_ACTIONS));

/** The service maximum for every list call used here. */
const PAGE_SIZE = 60;
/**
 * Cognito publishes no quota for DescribeIdentityPool: the pace starts here and is learned from the throttling
 * replies (request-rate.ts). App-client reads (ListUserPoolClients, DescribeUserPoolClient) are documented at 5 per
 * second per user pool.
 */
export const IDENTITY_POOL_DESCRIBE_PACE = { initialRate: 10, burst: 10 };
export const APP_CLIENT_READ_PACE = { initialRate: 5, maxRate: 5, burst: 5 };

/** Descriptions of app clients remembered from an earlier run (describe-cache.ts). */
export interface DescribedAppClients {
  appClient(userPoolId: string, clientId: string): AppClient | undefined;
  putAppClient(client: AppClient): void;
}

export interface CognitoDiscoveryOptions {
  /** For tests: the clock the pacing runs on. */
  clock?: Clock;
  /** listAppClients takes the descriptions it holds (the list itself is always asked afresh) and adds the new ones. */
  appClientCache?: Promise<DescribedAppClients | undefined>;
}

const isThrottled = (error: unknown): boolean => isUserError(error) && error.kind === 'AwsThrottled';

export class CognitoDiscovery {
  private readonly identityPoolDescribes: PacedQueue;
  private readonly appClientReads = new Map<string, PacedQueue>();

  constructor(
    private readonly clients: AwsClients,
    private readonly options: CognitoDiscoveryOptions = {},
  ) {
    this.identityPoolDescribes = new PacedQueue({ ...IDENTITY_POOL_DESCRIBE_PACE, isThrottled, clock: options.clock });
  }

  /** What the paced identity pool describes did so far (sent, answered, throttled replies, the pace now). */
  get identityPoolDescribeStats() {
    return this.identityPoolDescribes.stats;
  }

  async listUserPools(onProgress?: (count: number) => void): Promise<UserPoolSummary[]> {
    return collectPages(async (nextToken) => {
      const page = await this.call(IAM_ACTIONS.listUserPools, 'user pools in the region', () =>
        this.clients.cognitoIdp.send(new ListUserPoolsCommand({ MaxResults: PAGE_SIZE, NextToken: nextToken })),
      );
      const items = (page.UserPools ?? []).map((pool) => ({ id: required(pool.Id, 'user pool Id'), name: pool.Name ?? '' }));
      return { items, nextToken: page.NextToken };
    }, onProgress && ((_pools, count) => onProgress(count)));
  }

  async describeUserPool(userPoolId: string): Promise<UserPoolDetails> {
    const resource = `user pool ${escapeUntrusted(userPoolId)}`;
    const response = await this.call(IAM_ACTIONS.describeUserPool, resource, () =>
      this.clients.cognitoIdp.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId })),
    );
    const pool = required(response.UserPool, `DescribeUserPool result for ${resource}`);
    const mfaConfiguration = (pool.MfaConfiguration ?? 'OFF') as MfaConfiguration;
    const mfaTypes = mfaConfiguration === 'OFF' ? [] : await this.enabledMfaTypes(userPoolId, resource);
    return toUserPoolDetails(pool, userPoolId, mfaConfiguration, mfaTypes);
  }

  async listAppClients(userPoolId: string): Promise<AppClient[]> {
    const resource = `app clients of user pool ${escapeUntrusted(userPoolId)}`;
    const reads = this.appClientReadsOf(userPoolId);
    const listed = await collectPages(async (nextToken) => {
      const page = await reads.run(() =>
        this.call(IAM_ACTIONS.listUserPoolClients, resource, () =>
          this.clients.paced.cognitoIdp.send(
            new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: PAGE_SIZE, NextToken: nextToken }),
          ),
        ),
      );
      return { items: page.UserPoolClients ?? [], nextToken: page.NextToken };
    });
    // Only DescribeUserPoolClient reveals whether a client has a secret, hence one describe per client.
    const cache = await this.options.appClientCache;
    const ids = listed.map((client) => required(client.ClientId, `ClientId in ${resource}`));
    const remembered = new Map(ids.map((id) => [id, cache?.appClient(userPoolId, id)] as const));
    const described = await mapPaced(
      reads,
      ids.filter((id) => !remembered.get(id)),
      (id) => this.describeAppClientWith(this.clients.paced.cognitoIdp, userPoolId, id),
    );
    for (const client of described) cache?.putAppClient(client);
    const fresh = new Map(described.map((client) => [client.id, client]));
    return ids.map((id) => (remembered.get(id) ?? fresh.get(id)) as AppClient);
  }

  /** Whether descriptions may come from a cache: the resources finally chosen must then be described again. */
  get usesCache(): boolean {
    return this.options.appClientCache !== undefined;
  }

  async describeAppClient(userPoolId: string, clientId: string): Promise<AppClient> {
    return this.describeAppClientWith(this.clients.cognitoIdp, userPoolId, clientId);
  }

  private async describeAppClientWith(client: AwsClients['cognitoIdp'], userPoolId: string, clientId: string): Promise<AppClient> {
    const resource = `app client ${escapeUntrusted(clientId)} of user pool ${escapeUntrusted(userPoolId)}`;
    const response = await this.call(IAM_ACTIONS.describeUserPoolClient, resource, () =>
      client.send(new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId })),
    );
    return toAppClient(required(response.UserPoolClient, `DescribeUserPoolClient result for ${resource}`), userPoolId, clientId);
  }

  /** The documented 5/s is per user pool: each pool has its own pace. */
  private appClientReadsOf(userPoolId: string): PacedQueue {
    let queue = this.appClientReads.get(userPoolId);
    if (!queue) {
      queue = new PacedQueue({ ...APP_CLIENT_READ_PACE, isThrottled, clock: this.options.clock });
      this.appClientReads.set(userPoolId, queue);
    }
    return queue;
  }

  /** `onPage` sees each page's pools as it arrives, and how many were listed so far (the total is known only at the end). */
  async listIdentityPools(onPage?: (pools: IdentityPoolSummary[], listed: number) => void): Promise<IdentityPoolSummary[]> {
    return collectPages(async (nextToken) => {
      const page = await this.call(IAM_ACTIONS.listIdentityPools, 'identity pools in the region', () =>
        this.clients.cognitoIdentity.send(new ListIdentityPoolsCommand({ MaxResults: PAGE_SIZE, NextToken: nextToken })),
      );
      const items = (page.IdentityPools ?? []).map((pool) => ({
        id: required(pool.IdentityPoolId, 'IdentityPoolId'),
        name: pool.IdentityPoolName ?? '',
      }));
      return { items, nextToken: page.NextToken };
    }, onPage);
  }

  async describeIdentityPool(identityPoolId: string): Promise<IdentityPoolDetails> {
    const response = await this.call(IAM_ACTIONS.describeIdentityPool, `identity pool ${escapeUntrusted(identityPoolId)}`, () =>
      this.clients.cognitoIdentity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: identityPoolId })),
    );
    return toIdentityPoolDetails(response, identityPoolId);
  }

  /**
   * DescribeIdentityPool for scanning every pool of the region, at the pace the service allows (a throttled describe
   * is sent again later); undefined when the pool was deleted since it was listed. A describe not sent yet when
   * `signal` aborts is dropped.
   */
  describeIdentityPoolPaced(identityPoolId: string, signal?: AbortSignal): Promise<IdentityPoolDetails | undefined> {
    return this.identityPoolDescribes.run(() => this.describeIdentityPoolIfPresent(identityPoolId), signal);
  }

  async getIdentityPoolRoles(identityPoolId: string): Promise<{ authenticated?: string; unauthenticated?: string }> {
    const response = await this.call(IAM_ACTIONS.getIdentityPoolRoles, `roles of identity pool ${escapeUntrusted(identityPoolId)}`, () =>
      this.clients.cognitoIdentity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: identityPoolId })),
    );
    const roles = response.Roles ?? {};
    return {
      ...(roles.authenticated ? { authenticated: roles.authenticated } : {}),
      ...(roles.unauthenticated ? { unauthenticated: roles.unauthenticated } : {}),
    };
  }

  /** A role named by an identity pool but deleted from IAM comes back as `exists: false`, not as an error. */
  async getRole(roleArn: string): Promise<RoleDetails> {
    const name = roleNameFromArn(roleArn);
    if (name === undefined) {
      throw new UserError(
        'InvalidInput',
        `Cannot parse the IAM role ARN ${quoted(roleArn)}.`,
        'Give a role ARN of the form arn:aws:iam::<account id>:role/<name>, or fix the role set on the identity pool (Cognito console > Identity pools > User access).',
      );
    }
    const resource = `IAM role ${escapeUntrusted(name)}`;
    try {
      const response = await this.call(IAM_ACTIONS.getRole, resource, () =>
        this.clients.iam.send(new GetRoleCommand({ RoleName: name })),
      );
      const role = required(response.Role, `GetRole result for ${resource}`);
      return {
        arn: role.Arn ?? roleArn,
        name: role.RoleName ?? name,
        exists: true,
        ...(role.AssumeRolePolicyDocument === undefined
          ? {}
          : { trustPolicy: parseTrustPolicy(role.AssumeRolePolicyDocument, name) }),
      };
    } catch (error) {
      if (isUserError(error) && error.kind === 'NotFound') return { arn: roleArn, name, exists: false };
      throw error;
    }
  }

  // Only GetUserPoolMfaConfig tells which factors are enabled: a denied call fails the describe rather than
  // have the config written with guessed MFA types.
  private async enabledMfaTypes(userPoolId: string, resource: string): Promise<UserPoolDetails['mfaTypes']> {
    const config = await this.call(IAM_ACTIONS.getUserPoolMfaConfig, resource, () =>
      this.clients.cognitoIdp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: userPoolId })),
    );
    const types: UserPoolDetails['mfaTypes'] = [];
    if (config.SmsMfaConfiguration) types.push('SMS');
    if (config.SoftwareTokenMfaConfiguration?.Enabled) types.push('TOTP');
    if (config.EmailMfaConfiguration) types.push('EMAIL');
    return types;
  }

  /** With the paced client: a throttling reply comes back at once, for the queue to send the describe again later. */
  private async describeIdentityPoolIfPresent(identityPoolId: string): Promise<IdentityPoolDetails | undefined> {
    try {
      const response = await this.call(IAM_ACTIONS.describeIdentityPool, `identity pool ${escapeUntrusted(identityPoolId)}`, () =>
        this.clients.paced.cognitoIdentity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: identityPoolId })),
      );
      return toIdentityPoolDetails(response, identityPoolId);
    } catch (error) {
      // Deleted between the list and the describe: it trusts nothing any more.
      if (isUserError(error) && error.kind === 'NotFound') return undefined;
      throw error;
    }
  }

  private async call<T>(action: string, resource: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw toUserError(error, { action, resource });
    }
  }
}

function toUserPoolDetails(
  pool: UserPoolType,
  userPoolId: string,
  mfaConfiguration: MfaConfiguration,
  mfaTypes: UserPoolDetails['mfaTypes'],
): UserPoolDetails {
  const passwordPolicy = pool.Policies?.PasswordPolicy;
  const lambdas = pool.LambdaConfig;
  return {
    id: pool.Id ?? userPoolId,
    name: pool.Name ?? '',
    ...(pool.Arn ? { arn: pool.Arn } : {}),
    ...(pool.Domain ? { domain: pool.Domain } : {}),
    ...(pool.CustomDomain ? { customDomain: pool.CustomDomain } : {}),
    usernameAttributes: pool.UsernameAttributes ?? [],
    aliasAttributes: pool.AliasAttributes ?? [],
    autoVerifiedAttributes: pool.AutoVerifiedAttributes ?? [],
    requiredAttributes: (pool.SchemaAttributes ?? [])
      .filter((attribute) => attribute.Required === true && attribute.Name !== undefined && attribute.Name !== 'sub')
      .map((attribute) => attribute.Name as string),
    passwordPolicy: {
      minLength: passwordPolicy?.MinimumLength ?? 8,
      requireLowercase: passwordPolicy?.RequireLowercase ?? false,
      requireUppercase: passwordPolicy?.RequireUppercase ?? false,
      requireNumbers: passwordPolicy?.RequireNumbers ?? false,
      requireSymbols: passwordPolicy?.RequireSymbols ?? false,
    },
    mfaConfiguration,
    mfaTypes,
    customAuth: Boolean(lambdas?.DefineAuthChallenge && lambdas.CreateAuthChallenge && lambdas.VerifyAuthChallengeResponse),
  };
}

/** Copies what mycli uses; the secret value itself is never kept, only whether there is one. */
function toAppClient(client: UserPoolClientType, userPoolId: string, clientId: string): AppClient {
  return {
    id: client.ClientId ?? clientId,
    name: client.ClientName ?? '',
    userPoolId: client.UserPoolId ?? userPoolId,
    hasSecret: typeof client.ClientSecret === 'string' && client.ClientSecret.length > 0,
    supportedIdentityProviders: client.SupportedIdentityProviders ?? [],
    callbackUrls: client.CallbackURLs ?? [],
    logoutUrls: client.LogoutURLs ?? [],
    allowedOAuthFlows: client.AllowedOAuthFlows ?? [],
    allowedOAuthScopes: client.AllowedOAuthScopes ?? [],
    allowedOAuthFlowsUserPoolClient: client.AllowedOAuthFlowsUserPoolClient ?? false,
    explicitAuthFlows: client.ExplicitAuthFlows ?? [],
  };
}

function toIdentityPoolDetails(pool: DescribeIdentityPoolCommandOutput, identityPoolId: string): IdentityPoolDetails {
  return {
    id: pool.IdentityPoolId ?? identityPoolId,
    name: pool.IdentityPoolName ?? '',
    allowUnauthenticatedIdentities: pool.AllowUnauthenticatedIdentities ?? false,
    cognitoProviders: (pool.CognitoIdentityProviders ?? []).map((provider) => ({
      providerName: provider.ProviderName ?? '',
      clientId: provider.ClientId ?? '',
      ...(provider.ServerSideTokenCheck === undefined ? {} : { serverSideTokenCheck: provider.ServerSideTokenCheck }),
    })),
    supportedLoginProviders: { ...(pool.SupportedLoginProviders ?? {}) },
  };
}

/** IAM returns policy documents URL-encoded (RFC 3986). */
function parseTrustPolicy(encoded: string, roleName: string): PolicyDocument {
  try {
    return JSON.parse(decodeURIComponent(encoded)) as PolicyDocument;
  } catch (error) {
    throw new UserError(
      'AwsError',
      `The trust policy of IAM role ${escapeUntrusted(roleName)} returned by IAM is not valid URL-encoded JSON.`,
      `Inspect it with \`aws iam get-role --role-name ${shellQuote(roleName)}\` and repair it in the IAM console (Roles > Trust relationships).`,
      { cause: error },
    );
  }
}

/** A field AWS always returns; its absence means the response is not what the API documents. */
function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`AWS response is missing ${what}`);
  return value;
}
