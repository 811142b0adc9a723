// mycli import api / remove api: an existing AppSync GraphQL API, API Gateway REST API or HTTP API, checked against the
// imported auth, recorded, and written into the app config. The API itself is never modified; push puts the IAM
// grants its IAM-authorized parts need on the imported roles.
import { checkApi, type ApiCheckResult } from '../core/api-checks.js';
import { API_KIND_LABEL, type ApiDetails, type ApiKind, type ApiTrustContext } from '../core/api-model.js';
import { API_ACCESS_ORDER, apiPolicies, grantedRoutes, normalizeApiPath, type ApiAccess } from '../core/api-policies.js';
import { buildApiRecords, defaultApiResourceName, isApiResourceName, KIND_OF_API_TYPE, type ApiRecords } from '../core/api-records.js';
import { UserError, usageError } from '../core/errors.js';
import { escapeUntrusted, nameAndId, quoted } from '../core/untrusted-text.js';
import type { FileChange } from '../project/atomic-write.js';
import type { ProjectStore } from '../project/project-store.js';
import type { Printer } from '../ui/printer.js';
import type { Prompter } from '../ui/prompter.js';
import type { ApiReaders } from '../aws/api-readers.js';
import { chooseApi, chooseStage, describeNamedApi, ID_FLAG } from './choose-api.js';
import { importedAuthFacts, parseAccessList } from './features.js';
import { apiTrustContext, importedApiRecords, type ApiRecord } from './imported-apis.js';
import { readAppConfig, recordedAuthMeta, writeAppConfig } from './client-config.js';
import { findingsError } from './record-auth.js';

export interface ImportApiOptions {
  graphqlApiId?: string;
  restApiId?: string;
  httpApiId?: string;
  stage?: string;
  name?: string;
  authAccess?: string;
  guestAccess?: string;
  /** `--path`, repeatable. */
  path?: string[];
  apiKey?: boolean;
  /** Where the API lives (default: the environment's region). */
  region?: string;
}

export interface ImportApiContext {
  store: ProjectStore;
  prompter: Prompter;
  printer: Printer;
  readers: ApiReaders;
  /** Epoch seconds. */
  now: () => number;
}

export interface ImportApiResult {
  resourceName: string;
  api: ApiDetails;
  stage?: string;
  records: ApiRecords;
  authAccess: ApiAccess[];
  guestAccess: ApiAccess[];
  /** Whether some part of the API authorizes with IAM (then it can be granted access, even when none was chosen). */
  iamAuthorized: boolean;
  changes: FileChange[];
  /** What the config writers left out or changed, and why. */
  notes: string[];
}

const ACCESS_CHOICES = API_ACCESS_ORDER.map((word) => ({ name: word, value: word }));

export async function importApi(options: ImportApiOptions, context: ImportApiContext): Promise<ImportApiResult> {
  const { store, prompter, printer } = context;
  const env = await store.currentEnv();
  const auth = apiTrustContext(await importedAuthFacts(store, env.name, 'An API'), env.region);
  const named = namedApi(options);
  const existing = await importedApiRecords(store, env.name);
  const region = options.region ?? env.region;
  const now = context.now();

  const api = named ? await describeNamedApi(context.readers, named.kind, named.id, region) : await chooseApi(context.readers, region, auth, { prompter, printer, now });
  assertOptionsFit(api.kind, options);
  assertNotImported(api, options.stage, existing);
  const stage = api.kind === 'graphql' ? undefined : await chooseStage(api, options.stage, prompter, printer);

  const check = checkApi(api, auth, { stage, apiKey: options.apiKey, now });
  const subject = `${API_KIND_LABEL[api.kind]} ${nameAndId(api.name, api.id)}`;
  if (check.findings.some((finding) => finding.severity === 'error')) throw findingsError(`${subject} cannot be imported as chosen`, check.findings);
  for (const warning of check.findings) printer.warn(`${warning.message} ${warning.fix}`);
  for (const note of check.notes) printer.info(`Note: ${note}`);

  const { authAccess, guestAccess, paths } = await chooseAccess(api, check, auth, options, prompter);
  if (authAccess.length + guestAccess.length > 0) {
    if (!auth.accountId || !auth.authRoleName) {
      throw new UserError('ValidationFailed', `Auth '${escapeUntrusted(auth.authResourceName)}' has no authenticated role ARN recorded for '${escapeUntrusted(env.name)}', and the grants need it.`,
        `Run \`mycli env checkout ${env.name}\` so mycli records the identity pool's roles, then import the API again.`);
    }
    // Builds the documents now, so a grant that cannot be pushed (too large) is refused before anything is written.
    const { projectName } = await store.projectConfig();
    apiPolicies(
      { resourceName: 'preview', api, stage, authAccess, guestAccess, paths },
      { projectName, envName: env.name, accountId: auth.accountId, authRoleName: auth.authRoleName, unauthRoleName: auth.unauthRoleName },
    );
  }

  const resourceName = await chooseName(api, options.name, existing, await store.readBackendConfig(), prompter);
  const records = buildApiRecords({
    resourceName,
    authResourceName: auth.authResourceName,
    withIdentityPool: auth.identityPoolId !== undefined,
    api,
    stage,
    check,
    authAccess,
    guestAccess,
    paths,
    apiKeyInConfig: Boolean(options.apiKey),
    now,
  });
  const appConfig = await readAppConfig(store);
  const authMeta = await recordedAuthMeta(store, env.name);
  // The same API in every environment; `env add` offers another one, and a team may edit team-provider-info.json.
  const envParameters = Object.fromEntries((await store.environments()).map((environment) => [environment.name, records.envParameters]));
  const changes = await store.saveResource({
    category: 'api',
    resourceName,
    backendConfigEntry: records.backendConfigEntry,
    metaEntry: records.metaEntry,
    parameters: records.parameters,
    envParameters,
  });
  // Written from every imported API's amplify-meta output, the new one's included.
  const written = await writeAppConfig(store, appConfig, env, { authMeta });
  changes.push(...written.changes);
  return { resourceName, api, stage, records, authAccess, guestAccess, iamAuthorized: check.iamAuthorized, changes, notes: written.notes };
}

export async function removeApi(
  store: ProjectStore,
  name: string | undefined,
  context: { prompter: Prompter; yes: boolean },
): Promise<{ record: ApiRecord; changes: FileChange[]; notes: string[] }> {
  const env = await store.currentEnv();
  const records = await importedApiRecords(store, env.name);
  if (records.length === 0) throw new UserError('NotFound', 'This project has no imported API to remove.', 'Run `mycli status` to see what the project holds.');
  let record: ApiRecord | undefined;
  if (name !== undefined) {
    record = records.find((candidate) => candidate.resourceName === name);
    if (!record) {
      throw new UserError('NotFound', `This project has no imported API named ${quoted(name)}.`,
        `Use one of: ${records.map((candidate) => candidate.resourceName).join(', ')}.`);
    }
  } else if (records.length === 1) {
    record = records[0];
  } else {
    record = await context.prompter.select(
      { message: 'Which API do you want to unlink?', flag: `the API's name (mycli remove api <name>; one of ${records.map((candidate) => candidate.resourceName).join(', ')})` },
      records.map((candidate) => ({ name: `${candidate.resourceName} (${candidate.parameters.apiType})`, value: candidate })),
    );
  }
  if (!record) throw new Error('removeApi: no API chosen');
  if (!context.yes) {
    const confirmed = await context.prompter.confirm(
      { message: `Unlink API '${record.resourceName}'? The API is not touched; the next push removes its IAM policies from the roles.`, flag: '--yes' },
      false,
    );
    if (!confirmed) throw new UserError('Declined', 'Nothing was removed.', 'Run `mycli remove api` again when ready.');
  }
  const appConfig = await readAppConfig(store);
  const authMeta = await recordedAuthMeta(store, env.name);
  const changes = await store.removeResource('api', record.resourceName);
  const written = await writeAppConfig(store, appConfig, env, { authMeta, removedApi: { name: record.resourceName, apiType: record.parameters.apiType } });
  changes.push(...written.changes);
  return { record, changes, notes: written.notes };
}

function namedApi(options: ImportApiOptions): { kind: ApiKind; id: string } | undefined {
  const given = (['graphql', 'rest', 'http'] as const)
    .map((kind) => ({ kind, id: { graphql: options.graphqlApiId, rest: options.restApiId, http: options.httpApiId }[kind] }))
    .filter((candidate): candidate is { kind: ApiKind; id: string } => candidate.id !== undefined);
  if (given.length > 1) {
    throw usageError(`${given.map((candidate) => ID_FLAG[candidate.kind]).join(' and ')} name two APIs; one import takes one.`, 'Import them one at a time.');
  }
  const [named] = given;
  if (named && named.id.trim() === '') throw usageError(`${ID_FLAG[named.kind]} is empty.`, `Pass the API's id, e.g. ${ID_FLAG[named.kind]} a1b2c3d4e5.`);
  return named;
}

function assertOptionsFit(kind: ApiKind, options: ImportApiOptions): void {
  if (kind === 'graphql') {
    if (options.stage !== undefined) throw usageError('--stage is for REST and HTTP APIs; a GraphQL API has none.', 'Leave out --stage.');
    if (options.path?.length) throw usageError('--path is for REST and HTTP APIs; IAM access to a GraphQL API is by operation type.', 'Leave out --path.');
  } else if (options.apiKey) {
    throw usageError('--api-key is for GraphQL APIs: the app config holds no API key for REST and HTTP APIs.', 'Leave out --api-key, and send the key from the app (x-api-key header) if the API needs one.');
  }
}

function assertNotImported(api: ApiDetails, stage: string | undefined, existing: ApiRecord[]): void {
  const same = existing.find((record) => record.env?.apiId === api.id && (api.kind === 'graphql' || stage === undefined || record.env.stage === stage));
  if (same) {
    throw new UserError('InvalidInput', `${API_KIND_LABEL[api.kind]} ${nameAndId(api.name, api.id)} is already imported as api '${escapeUntrusted(same.resourceName)}'.`,
      `Nothing to do; to change its access, run \`mycli remove api ${same.resourceName}\` and import it again.`);
  }
  const graphql = existing.find((record) => KIND_OF_API_TYPE[record.parameters.apiType] === 'graphql');
  if (api.kind === 'graphql' && graphql) {
    throw new UserError('InvalidInput', `This project already imports GraphQL API '${escapeUntrusted(graphql.resourceName)}', and the app config holds one GraphQL endpoint.`,
      `Run \`mycli remove api ${graphql.resourceName}\` first to import another GraphQL API instead.`);
  }
}

async function chooseAccess(
  api: ApiDetails,
  check: ApiCheckResult,
  auth: ApiTrustContext,
  options: ImportApiOptions,
  prompter: Prompter,
): Promise<{ authAccess: ApiAccess[]; guestAccess: ApiAccess[]; paths: string[] }> {
  const authAccessGiven = options.authAccess === undefined ? undefined : parseAccessList(options.authAccess, API_ACCESS_ORDER, '--auth-access');
  const guestAccessGiven = options.guestAccess === undefined ? undefined : parseAccessList(options.guestAccess, API_ACCESS_ORDER, '--guest-access');
  const pathsGiven = (options.path ?? []).map(normalizeApiPath);
  const asked = (authAccessGiven?.length ?? 0) + (guestAccessGiven?.length ?? 0) > 0;
  const subject = `${API_KIND_LABEL[api.kind]} ${nameAndId(api.name, api.id)}`;

  if (!check.iamAuthorized) {
    if (asked || pathsGiven.length > 0) {
      throw usageError(`${subject} authorizes nothing with IAM, so there is no IAM access to grant: signed-in users call it with the user pool's tokens.`,
        'Leave out --auth-access, --guest-access and --path.');
    }
    return { authAccess: [], guestAccess: [], paths: [] };
  }
  if (!auth.identityPoolId) {
    if (asked) {
      throw new UserError('ValidationFailed',
        `Auth '${escapeUntrusted(auth.authResourceName)}' imports a user pool only; without an identity pool no one gets AWS credentials, so no one can be given IAM access to ${subject}.`,
        'Import the identity pool too: `mycli remove auth`, then `mycli import auth --user-pool-id <id> --web-client-id <id> --identity-pool-id <id>`, then import the API again.');
    }
    return { authAccess: [], guestAccess: [], paths: [] };
  }

  const { iamOnly } = check;
  const authAccess = authAccessGiven ?? (prompter.interactive || iamOnly
    ? await prompter.checkbox({ message: `What may signed-in users do with the IAM-authorized parts of ${subject}?`, flag: '--auth-access create,read,update,delete' },
        ACCESS_CHOICES.map((choice) => ({ ...choice, checked: true })))
    : []);
  const guestAccess = guestAccessGiven ?? (prompter.interactive
    ? await prompter.checkbox({ message: 'What may guests (not signed in) do? (none selected: no guest access)', flag: '--guest-access read' }, ACCESS_CHOICES)
    : []);
  if (guestAccess.length > 0 && !auth.unauthRoleName) {
    const pool = auth.identityPoolName ? nameAndId(auth.identityPoolName, auth.identityPoolId) : escapeUntrusted(auth.identityPoolId);
    throw new UserError('ValidationFailed', `Guest access needs the unauthenticated role of identity pool ${pool}, and it has none in environment '${escapeUntrusted(auth.envName)}'.`,
      'Give guests no access (--guest-access none), or add an unauthenticated role to the identity pool (Amazon Cognito console > Identity pools > your pool > ' +
        'User access > Guest access), run `mycli push` so mycli sees it, then import the API again.');
  }
  if (iamOnly && authAccess.length === 0 && guestAccess.length === 0) {
    throw usageError(`${subject} is called only with IAM, and neither signed-in users nor guests would get any access to it.`, 'Pass --auth-access (e.g. read) and/or --guest-access.');
  }

  let paths: string[] = [];
  if (api.kind !== 'graphql' && authAccess.length + guestAccess.length > 0) {
    grantedRoutes(api, pathsGiven);
    paths = pathsGiven;
    // Offered by first segment (`/items` covers `/items/{id}`), as --path covers the routes on or below it.
    const iamPaths = [...new Set(grantedRoutes(api, []).flatMap((route) => (route.path === '*' || route.path === '/' ? [] : [`/${route.path.split('/')[1]}`])))].sort();
    if (options.path === undefined && prompter.interactive && iamPaths.length > 1) {
      const chosen = await prompter.checkbox(
        { message: 'Which IAM-authorized paths (and everything below each)? (all selected: every IAM route, including ones added later)', flag: '--path <path> (repeatable)' },
        iamPaths.map((path) => ({ name: escapeUntrusted(path), value: path, checked: true })),
      );
      if (chosen.length === 0) throw usageError('No path was chosen.', 'Choose at least one, or pass --path <path>.');
      paths = chosen.length === iamPaths.length ? [] : chosen;
    }
  }
  return { authAccess, guestAccess, paths };
}

async function chooseName(
  api: ApiDetails,
  given: string | undefined,
  existing: ApiRecord[],
  backendConfig: Record<string, unknown>,
  prompter: Prompter,
): Promise<string> {
  const apiCategory = backendConfig['api'];
  const taken = new Set([...existing.map((record) => record.resourceName), ...(typeof apiCategory === 'object' && apiCategory !== null ? Object.keys(apiCategory) : [])]);
  const problem = (name: string): string | undefined => {
    if (!isApiResourceName(name)) return `${quoted(name)} is not valid: use 1 to 64 letters or digits.`;
    if (taken.has(name)) return `This project already has an api named ${quoted(name)}.`;
    return undefined;
  };
  if (given !== undefined) {
    const refused = problem(given);
    if (refused) throw usageError(`--name: ${refused}`, 'Pass another --name (letters and digits), or leave it out to derive it from the API name.');
    return given;
  }
  let suggestion = defaultApiResourceName(api.name);
  for (let n = 2; taken.has(suggestion); n += 1) suggestion = `${defaultApiResourceName(api.name).slice(0, 60)}${n}`;
  if (!prompter.interactive) return suggestion;
  return prompter.input({ message: 'A name for this API in the app (the apiName your code passes):', flag: '--name <name>' }, suggestion, (name) => problem(name) ?? true);
}
