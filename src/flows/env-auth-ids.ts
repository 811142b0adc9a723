// Which ids a new environment imports, when given without prompts: flags first, then `--categories` (Gen 1's
// headless shape), then the variables Amplify Hosting builds set. Given partly, it is an error naming what is missing.
import { z } from 'zod';
import { usageError } from '../core/errors.js';
import { assertCognitoIds, COGNITO_ID_FLAGS, ID_FIX } from '../core/cognito-ids.js';
import type { AuthType } from '../core/model.js';
import { escapeUntrusted } from '../core/untrusted-text.js';

export interface EnvAuthIdInput {
  userPoolId?: string;
  webClientId?: string;
  nativeClientId?: string;
  identityPoolId?: string;
  /** `--categories '{"auth":{"userPoolId":…,"webClientId":…,"nativeClientId":…,"identityPoolId":…}}'` */
  categories?: string;
}

export interface EnvAuthIds {
  userPoolId: string;
  webClientId: string;
  nativeClientId: string;
  identityPoolId?: string;
  /** Where the ids came from, for messages. */
  source: string;
}

const HOSTING_VARIABLES = {
  userPoolId: 'AMPLIFY_USERPOOL_ID',
  webClientId: 'AMPLIFY_WEBCLIENT_ID',
  nativeClientId: 'AMPLIFY_NATIVECLIENT_ID',
  identityPoolId: 'AMPLIFY_IDENTITYPOOL_ID',
} as const;

const FLAGS = COGNITO_ID_FLAGS;

type IdKey = keyof typeof FLAGS;
type PartialIds = Partial<Record<IdKey, string>>;

const optionalId = z.string().trim().min(1).optional();
// Other categories (api) are read by their own modules; without "auth" the ids come from elsewhere.
const categoriesSchema = z.object({
  auth: z.object({ userPoolId: optionalId, webClientId: optionalId, nativeClientId: optionalId, identityPoolId: optionalId }).optional(),
});

/** The ids given for the new environment, or undefined when none was given (then the current environment's are reused or asked). */
export function envAuthIdsFromInput(input: EnvAuthIdInput, authType: AuthType, env: NodeJS.ProcessEnv): EnvAuthIds | undefined {
  const sources: Array<[string, PartialIds]> = [
    ['flags', pick(input)],
    ['--categories', input.categories === undefined ? {} : parseCategories(input.categories)],
    ['AMPLIFY_* environment variables', fromHostingVariables(env)],
  ];
  const [source, ids] = sources.find(([, candidate]) => Object.keys(candidate).length > 0) ?? [];
  if (!source || !ids) return undefined;

  if (authType === 'userPoolOnly' && ids.identityPoolId) {
    throw usageError(
      `An identity pool id was given (from ${source}), but the imported auth is "user pool only".`,
      'Leave it out, or import auth with an identity pool (`mycli remove auth`, then `mycli import auth --identity-pool-id <id>`).',
    );
  }
  assertCognitoIds(ids, (key) => (source === 'flags' ? FLAGS[key] : source === '--categories' ? `--categories auth.${key}` : HOSTING_VARIABLES[key]), ID_FIX);
  const required: IdKey[] = authType === 'userPoolOnly' ? ['userPoolId', 'webClientId'] : ['userPoolId', 'webClientId', 'identityPoolId'];
  const missing = required.filter((key) => !ids[key]);
  if (missing.length > 0) {
    const names = missing.map((key) => (source === 'flags' ? FLAGS[key] : source === '--categories' ? key : HOSTING_VARIABLES[key]));
    throw usageError(
      `The ids for the new environment's auth are incomplete (from ${source}): missing ${names.join(', ')}.`,
      authType === 'userPoolOnly'
        ? 'Give the user pool id and the web client id (the native client id defaults to the web client).'
        : 'Give the user pool id, the web client id and the identity pool id (the native client id defaults to the web client).',
    );
  }
  return {
    userPoolId: ids.userPoolId as string,
    webClientId: ids.webClientId as string,
    nativeClientId: ids.nativeClientId ?? (ids.webClientId as string),
    identityPoolId: authType === 'userPoolOnly' ? undefined : ids.identityPoolId,
    source,
  };
}

function pick(input: EnvAuthIdInput): PartialIds {
  const ids: PartialIds = {};
  for (const key of Object.keys(FLAGS) as IdKey[]) if (input[key]) ids[key] = input[key];
  return ids;
}

function fromHostingVariables(env: NodeJS.ProcessEnv): PartialIds {
  const ids: PartialIds = {};
  for (const [key, variable] of Object.entries(HOSTING_VARIABLES) as Array<[IdKey, string]>) {
    const value = env[variable]?.trim();
    if (value) ids[key] = value;
  }
  return ids;
}

function parseCategories(text: string): PartialIds {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw usageError(`--categories is not JSON (${escapeUntrusted((error as Error).message)}).`, `Pass --categories '{"auth":{"userPoolId":"…","webClientId":"…","identityPoolId":"…"}}'.`);
  }
  const parsed = categoriesSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${escapeUntrusted(issue.path.join('.')) || 'value'}: ${escapeUntrusted(issue.message)}`).join('; ');
    throw usageError(`--categories is not valid: ${problems}.`, `Pass --categories '{"auth":{"userPoolId":"…","webClientId":"…","identityPoolId":"…"}}'.`);
  }
  const ids: PartialIds = {};
  for (const [key, value] of Object.entries(parsed.data.auth ?? {}) as Array<[IdKey, string | undefined]>) if (value) ids[key] = value;
  return ids;
}
