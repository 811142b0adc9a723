// Reads and writes the inline policies mycli owns on IAM roles. This is the only code besides
// cognito-discovery that calls AWS, and the only code that writes to it: it puts and deletes inline
// role policies by name and nothing else (no role, trust policy, pool or client is ever modified).

import {
  DeleteRolePolicyCommand,
  GetRolePolicyCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { UserError, isUserError } from '../core/errors.js';
import type { PolicyDocument } from '../core/model.js';
import { isOwnedPolicyName, normalizePolicyDocument, type ExistingPolicy } from '../core/policy-plan.js';
import { mapWithConcurrency } from './concurrency.js';
import { toUserError } from './errors.js';
import { escapeUntrusted } from '../core/untrusted-text.js';
import { shellQuote } from '../core/shell-quote.js';

const IAM_ACTIONS = {
  listRolePolicies: 'iam:ListRolePolicies',
  getRolePolicy: 'iam:GetRolePolicy',
  putRolePolicy: 'iam:PutRolePolicy',
  deleteRolePolicy: 'iam:DeleteRolePolicy',
} as const;

/** Every IAM action RolePolicies calls: what the operator's identity needs to be allowed on the roles. */
export const ROLE_POLICY_IAM_PERMISSIONS: readonly string[] = Object.freeze(Object.values(IAM_ACTIONS));

/** IAM's maximum page size for ListRolePolicies. */
const PAGE_SIZE = 1000;
const DEFAULT_CONCURRENCY = 5;
// IAM answers LimitExceeded when the role's inline policies together would pass its size quota. The shared
// mapping reports it only as a generic AWS error, so PutRolePolicy turns it into one that names the quota and the fix.
const QUOTA_EXCEEDED = new Set(['LimitExceeded', 'LimitExceededException']);

export class RolePolicies {
  private readonly concurrency: number;

  constructor(
    private readonly iam: IAMClient,
    options: { concurrency?: number } = {},
  ) {
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  }

  /** The role's inline policies whose names start with `prefix`; only those are fetched. */
  async listOwned(roleName: string, prefix: string): Promise<{ exists: boolean; policies: ExistingPolicy[] }> {
    let names: string[];
    try {
      names = await this.listPolicyNames(roleName);
    } catch (error) {
      if (isUserError(error) && error.kind === 'NotFound') return { exists: false, policies: [] };
      throw error;
    }
    const owned = names.filter((name) => isOwnedPolicyName(name, prefix));
    const fetched = await mapWithConcurrency(owned, this.concurrency, (policyName) => this.getPolicy(roleName, policyName));
    return { exists: true, policies: fetched.filter((policy): policy is ExistingPolicy => policy !== undefined) };
  }

  async put(roleName: string, policyName: string, document: PolicyDocument): Promise<void> {
    const policyDocument = JSON.stringify(normalizePolicyDocument(document));
    try {
      await this.iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: policyName, PolicyDocument: policyDocument }));
    } catch (error) {
      if (error instanceof Error && QUOTA_EXCEEDED.has(error.name)) throw quotaExceeded(roleName, policyName, policyDocument, error);
      throw toUserError(error, { action: IAM_ACTIONS.putRolePolicy, resource: roleResource(roleName) });
    }
  }

  async remove(roleName: string, policyName: string): Promise<'removed' | 'already-gone'> {
    try {
      await this.call(IAM_ACTIONS.deleteRolePolicy, roleName, () =>
        this.iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })),
      );
      return 'removed';
    } catch (error) {
      // The policy, or the whole role, is already gone: the end state is what was asked for.
      if (isUserError(error) && error.kind === 'NotFound') return 'already-gone';
      throw error;
    }
  }

  private async listPolicyNames(roleName: string): Promise<string[]> {
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const page = await this.call(IAM_ACTIONS.listRolePolicies, roleName, () =>
        this.iam.send(new ListRolePoliciesCommand({ RoleName: roleName, MaxItems: PAGE_SIZE, Marker: marker })),
      );
      names.push(...(page.PolicyNames ?? []));
      // A marker equal to the one just sent would loop forever; treat it as the end.
      marker = page.IsTruncated && page.Marker && page.Marker !== marker ? page.Marker : undefined;
    } while (marker !== undefined);
    return names;
  }

  /** Undefined when the policy was deleted between the list and this read. */
  private async getPolicy(roleName: string, policyName: string): Promise<ExistingPolicy | undefined> {
    try {
      const response = await this.call(IAM_ACTIONS.getRolePolicy, roleName, () =>
        this.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })),
      );
      if (response.PolicyDocument === undefined) throw new Error(`AWS response is missing PolicyDocument for ${policyName} on ${roleName}`);
      return { roleName, policyName, document: parsePolicyDocument(response.PolicyDocument, roleName, policyName) };
    } catch (error) {
      if (isUserError(error) && error.kind === 'NotFound') return undefined;
      throw error;
    }
  }

  private async call<T>(action: string, roleName: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw toUserError(error, { action, resource: roleResource(roleName) });
    }
  }
}

function roleResource(roleName: string): string {
  return `IAM role ${escapeUntrusted(roleName)}`;
}

/** IAM returns policy documents URL-encoded (RFC 3986). */
function parsePolicyDocument(encoded: string, roleName: string, policyName: string): PolicyDocument {
  try {
    return JSON.parse(decodeURIComponent(encoded)) as PolicyDocument;
  } catch (error) {
    throw new UserError(
      'AwsError',
      `The inline policy ${escapeUntrusted(policyName)} on IAM role ${escapeUntrusted(roleName)} returned by IAM is not valid URL-encoded JSON.`,
      `Inspect it with \`aws iam get-role-policy --role-name ${shellQuote(roleName)} --policy-name ${shellQuote(policyName)}\`; if it is damaged, delete it with \`aws iam delete-role-policy --role-name ${shellQuote(roleName)} --policy-name ${shellQuote(policyName)}\` and push again.`,
      { cause: error },
    );
  }
}

function quotaExceeded(roleName: string, policyName: string, policyDocument: string, error: Error): UserError {
  return new UserError(
    'AwsError',
    `IAM refused the inline policy ${escapeUntrusted(policyName)} (${policyDocument.length} characters) on IAM role ${escapeUntrusted(roleName)}: the role's inline policies together would exceed IAM's size quota (10,240 characters).`,
    `List the role's inline policies with \`aws iam list-role-policies --role-name ${shellQuote(roleName)}\` and remove or shrink ones that are no longer needed (or move them to managed policies), then push again.`,
    { cause: error, details: [`AWS said: ${escapeUntrusted(error.name)}${error.message ? `: ${escapeUntrusted(error.message)}` : ''}`] },
  );
}
