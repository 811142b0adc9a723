// The Amplify Gen 1 headless payload, so CI scripts written for `amplify import auth --headless` keep working.
import { z } from 'zod';
import { usageError } from '../core/errors.js';
import { assertCognitoIds, ID_FIX } from '../core/cognito-ids.js';
import type { AuthSelectionInput } from './choose-auth-resources.js';
import { escapeUntrusted } from '../core/untrusted-text.js';

const nonEmpty = z.string().trim().min(1);

const headlessImportPayload = z.object({
  version: z.literal(1),
  userPoolId: nonEmpty,
  webClientId: nonEmpty,
  nativeClientId: nonEmpty.optional(),
  identityPoolId: nonEmpty.optional(),
});

export function parseHeadlessImportPayload(text: string): AuthSelectionInput {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw usageError(
      `The --headless payload on standard input is not JSON (${escapeUntrusted((error as Error).message)}).`,
      'Send {"version":1,"userPoolId":"…","webClientId":"…","nativeClientId":"…","identityPoolId":"…"} (identityPoolId optional).',
    );
  }
  const parsed = headlessImportPayload.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${escapeUntrusted(issue.path.join('.')) || 'payload'}: ${escapeUntrusted(issue.message)}`);
    throw usageError(
      `The --headless payload is not valid: ${problems.join('; ')}.`,
      'Required: "version": 1, "userPoolId", "webClientId"; optional: "nativeClientId" (default: the web client), "identityPoolId" (omit for user pool only).',
    );
  }
  const { userPoolId, webClientId, nativeClientId, identityPoolId } = parsed.data;
  assertCognitoIds(parsed.data, (key) => `The --headless payload's "${key}"`, ID_FIX);
  return {
    authType: identityPoolId ? 'identityPoolAndUserPool' : 'userPoolOnly',
    userPoolId,
    webClientId,
    nativeClientId,
    identityPoolId,
  };
}
