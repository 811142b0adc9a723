// Re-resolving an imported auth from the ids an environment recorded (push, env add, env checkout):
// describe calls only, and a plain account of what changed in AWS since the import.
import type { CognitoDiscovery } from '../aws/cognito-discovery.js';
import { isUserError, UserError } from '../core/errors.js';
import type { AuthType, Finding, ImportCandidate } from '../core/model.js';
import { resolveNamedResources, type NamedResources } from './resolve-named-resources.js';
import { escapeUntrusted, nameAndId, quoted } from '../core/untrusted-text.js';
import { shellQuote } from '../core/shell-quote.js';

export interface RecordedAuthIds {
  resourceName: string;
  envName: string;
  authType: AuthType;
  userPoolId: string;
  webClientId: string;
  nativeClientId: string;
  identityPoolId?: string;
  authRoleArn?: string;
  unauthRoleArn?: string;
}

/** parameters.json `authSelections` (Gen 1's name for the auth type); anything but "userPoolOnly" includes an identity pool. */
export function authTypeOf(authSelections: unknown): AuthType {
  return authSelections === 'userPoolOnly' ? 'userPoolOnly' : 'identityPoolAndUserPool';
}

const REQUIRED_KEYS = ['userPoolId', 'webClientId', 'nativeClientId'] as const;

/** The ids an environment recorded for the auth resource; a missing one is named with where it should be. */
export function recordedAuthIds(
  resourceName: string,
  envName: string,
  authSelections: unknown,
  envParameters: Record<string, unknown> | undefined,
): RecordedAuthIds {
  const authType = authTypeOf(authSelections);
  const required = authType === 'userPoolOnly' ? REQUIRED_KEYS : [...REQUIRED_KEYS, 'identityPoolId' as const];
  const missing = required.filter((key) => typeof envParameters?.[key] !== 'string' || envParameters[key] === '');
  if (!envParameters || missing.length > 0) {
    throw new UserError(
      'MissingInput',
      `Environment ${quoted(envName)} has no ${missing.join(', ')} for auth resource ${quoted(resourceName)} in amplify/team-provider-info.json.`,
      `Give them with \`mycli env checkout ${shellQuote(envName)} --user-pool-id <id> --web-client-id <id>${authType === 'userPoolOnly' ? '' : ' --identity-pool-id <id>'}\` ` +
        '(or run it in a terminal to choose them).',
    );
  }
  const text = (key: string) => (typeof envParameters[key] === 'string' ? (envParameters[key] as string) : undefined);
  return {
    resourceName,
    envName,
    authType,
    userPoolId: text('userPoolId') as string,
    webClientId: text('webClientId') as string,
    nativeClientId: text('nativeClientId') as string,
    identityPoolId: authType === 'identityPoolAndUserPool' ? text('identityPoolId') : undefined,
    authRoleArn: text('authRoleArn'),
    unauthRoleArn: text('unauthRoleArn'),
  };
}

/** Describes what was recorded; a resource deleted in AWS becomes a drift error that says so and the two ways out. */
export async function resolveRecordedAuth(
  ids: RecordedAuthIds,
  discovery: CognitoDiscovery,
  region: string,
): Promise<ImportCandidate> {
  const named: NamedResources = {
    authType: ids.authType,
    userPoolId: ids.userPoolId,
    webClientId: ids.webClientId,
    nativeClientId: ids.nativeClientId,
    identityPoolId: ids.identityPoolId,
  };
  try {
    return await resolveNamedResources(named, discovery, region);
  } catch (error) {
    if (isUserError(error) && error.kind === 'NotFound') {
      throw new UserError(
        'ValidationFailed',
        `A resource imported as auth ${quoted(ids.resourceName)} in environment ${quoted(ids.envName)} no longer exists in AWS: ${error.message} Nothing was written.`,
        driftResolution(ids),
        { cause: error, details: error.details },
      );
    }
    throw error;
  }
}

/** What changed in AWS since the import that validation alone does not see: roles swapped on the identity pool. */
export function driftSinceImport(ids: RecordedAuthIds, candidate: ImportCandidate): Finding[] {
  if (ids.authType !== 'identityPoolAndUserPool' || !candidate.identityPool) return [];
  const findings: Finding[] = [];
  const pool = nameAndId(candidate.identityPool.name, candidate.identityPool.id);
  const compare = (kind: string, recorded: string | undefined, now: string | undefined) => {
    // A role added since the import (typically a guest role) is picked up, not refused: validation checks its trust.
    if (recorded === now || recorded === undefined) return;
    findings.push({
      severity: 'error',
      code: `${kind}-role-replaced`,
      message: `The ${kind} role of identity pool ${pool} changed since the import: recorded ${escapeUntrusted(recorded ?? 'none')}, now ${escapeUntrusted(now ?? 'none')}.`,
      fix: driftResolution(ids),
    });
  };
  compare('authenticated', ids.authRoleArn, candidate.authRole?.arn);
  compare('unauthenticated', ids.unauthRoleArn, candidate.unauthRole?.arn);
  return findings;
}

export function driftResolution(ids: RecordedAuthIds): string {
  return (
    `Either restore it in AWS as it was at import, or run \`mycli remove auth\` (the Cognito resources are not deleted) ` +
    `and \`mycli import auth\` again to take the resources as they are now (environment ${quoted(ids.envName)}).`
  );
}
