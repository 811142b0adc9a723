// The shapes the Amazon Cognito API reference gives its ids (UserPoolId, ClientId, IdentityPoolId). An id the user
// types is checked against them before any AWS call: a typo is then wrong usage, named with the shape expected,
// instead of a "not found" from AWS about a value that could never have been found.
import { usageError } from './errors.js';
import { quoted } from './untrusted-text.js';

export type CognitoIdKey = 'userPoolId' | 'webClientId' | 'nativeClientId' | 'identityPoolId';

/** The command-line flag of each id (import auth, env add, env checkout). */
export const COGNITO_ID_FLAGS = {
  userPoolId: '--user-pool-id',
  webClientId: '--web-client-id',
  nativeClientId: '--native-client-id',
  identityPoolId: '--identity-pool-id',
} as const satisfies Record<CognitoIdKey, string>;

interface IdShape {
  pattern: RegExp;
  maxLength: number;
  /** What a user reads: the kind of id, its shape and an example. */
  expected: string;
}

const USER_POOL_ID: IdShape = {
  pattern: /^[\w-]+_[0-9a-zA-Z]+$/,
  maxLength: 55,
  expected: 'a user pool id: <region>_<letters and digits>, e.g. us-east-1_AbC123xyZ',
};
const CLIENT_ID: IdShape = {
  pattern: /^[\w+]+$/,
  maxLength: 128,
  expected: 'an app client id: letters, digits, _ and +, e.g. 5k2q8v1acmeweb7h3m9x0p4rtd',
};
const IDENTITY_POOL_ID: IdShape = {
  pattern: /^[\w-]+:[0-9a-f-]+$/,
  maxLength: 55,
  expected: 'an identity pool id: <region>:<GUID>, e.g. us-east-1:3f6c2a8e-5b1d-4e7a-9c2f-8d4b6a1e0c57',
};

const SHAPES: Record<CognitoIdKey, IdShape> = {
  userPoolId: USER_POOL_ID,
  webClientId: CLIENT_ID,
  nativeClientId: CLIENT_ID,
  identityPoolId: IDENTITY_POOL_ID,
};

/** The one way out: the ids are shown where they were made. */
export const ID_FIX =
  'Copy the id from the console (Amazon Cognito > User pools > the pool: its "User pool ID" and App clients; Identity pools > the pool: its "Identity pool ID"), ' +
  'or list them: `aws cognito-idp list-user-pools --max-results 60`, `aws cognito-idp list-user-pool-clients --user-pool-id <id>`, `aws cognito-identity list-identity-pools --max-results 60`.';

/** What is wrong with the id, or undefined when it has the documented shape. */
export function cognitoIdProblem(key: CognitoIdKey, value: string): string | undefined {
  const shape = SHAPES[key];
  if (value.length <= shape.maxLength && shape.pattern.test(value)) return undefined;
  return `${quoted(value)} is not ${shape.expected}`;
}

/**
 * Refuses (exit 2) every given id that does not have its documented shape, all at once. `nameOf` says where each
 * came from (`--user-pool-id`, `AMPLIFY_USERPOOL_ID`, the payload's "userPoolId").
 */
export function assertCognitoIds(ids: Partial<Record<CognitoIdKey, string>>, nameOf: (key: CognitoIdKey) => string, fix: string): void {
  const problems: string[] = [];
  for (const key of Object.keys(SHAPES) as CognitoIdKey[]) {
    const value = ids[key];
    if (value === undefined) continue;
    const problem = cognitoIdProblem(key, value);
    if (problem) problems.push(`${nameOf(key)}: ${problem}`);
  }
  if (problems.length === 0) return;
  throw usageError(
    problems.length === 1 ? `${problems[0]}.` : `These ids are malformed: ${problems.join('; ')}.`,
    fix,
  );
}
