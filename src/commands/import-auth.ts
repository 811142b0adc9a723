import path from 'node:path';
import type { GlobalOptions } from '../cli.js';
import type { AwsClientOptions, AwsClients } from '../aws/clients.js';
import type { DescribeCache } from '../aws/describe-cache.js';
import { usageError } from '../core/errors.js';
import { assertCognitoIds, COGNITO_ID_FLAGS, ID_FIX } from '../core/cognito-ids.js';
import type { AuthSelectionInput } from '../flows/choose-auth-resources.js';
import { assertNoAuthYet, importAuth, type ImportAuthResult } from '../flows/import-auth.js';
import { fixLines } from '../flows/record-auth.js';
import { escapeUntrusted, nameAndId, quoted } from '../core/untrusted-text.js';
import { ProjectStore } from '../project/project-store.js';
import { labelledLines } from '../ui/table.js';
import { awsClientOptions, environmentRegion } from './aws-client-options.js';
import { printFileChanges } from '../ui/file-changes.js';
import type { Printer } from '../ui/printer.js';
import { createPrompter, isInteractiveSession } from '../ui/prompter.js';

export interface ImportAuthOptions extends GlobalOptions {
  userPoolId?: string;
  webClientId?: string;
  nativeClientId?: string;
  identityPoolId?: string;
  userPoolOnly?: boolean;
  withIdentityPool?: boolean;
  yes?: boolean;
  headless?: boolean;
  /** false with --no-cache: no describe cache is read or written. */
  cache?: boolean;
}

export async function runImportAuthCommand(options: ImportAuthOptions, printer: Printer): Promise<void> {
  const selection = options.headless ? await readHeadlessPayload(options) : selectionFromFlags(options);

  const store = await ProjectStore.open(path.resolve(options.cwd));
  await assertNoAuthYet(store);
  const env = await store.currentEnv();
  const region = environmentRegion(options, env, 'mycli import auth');

  const { createAwsClients } = await import('../aws/clients.js');
  const { CognitoDiscovery } = await import('../aws/cognito-discovery.js');
  const clientOptions = awsClientOptions(options, printer, region);
  const clients = createAwsClients(clientOptions);
  // Every id given: nothing is listed or scanned, so there is nothing a cache would save.
  const discovers = !(selection.userPoolId && selection.webClientId && (selection.authType === 'userPoolOnly' || selection.identityPoolId));
  const cache = options.cache !== false && discovers ? openDescribeCache(clientOptions, clients, region, printer) : undefined;
  const discovery = new CognitoDiscovery(clients, cache ? { appClientCache: cache } : {});
  const prompter = createPrompter(isInteractiveSession({ yes: options.yes || options.headless }));

  try {
    const result = await importAuth(selection, {
      store,
      discovery,
      prompter,
      printer,
      envName: env.name,
      region,
      ...(cache ? { identityPoolCache: cache.then((opened) => opened?.identityPools) } : {}),
    });
    printSummary(result, store, env.name, printer);
  } finally {
    // Also after a refusal or Ctrl+C: what was described is what makes the next run quick.
    await saveDescribeCache(cache, printer);
  }
}

/** The describe cache of this account and region, or undefined (said with --debug) when it cannot be used. */
async function openDescribeCache(
  clientOptions: AwsClientOptions,
  clients: AwsClients,
  region: string,
  printer: Printer,
): Promise<DescribeCache | undefined> {
  try {
    const [{ callerAccount }, { DescribeCache }] = await Promise.all([import('../aws/caller-account.js'), import('../aws/describe-cache.js')]);
    const cache = await DescribeCache.open({ account: await callerAccount(clientOptions, clients), region });
    if (cache.ignored) printer.warn(`Ignored the describe cache ${escapeUntrusted(cache.file)}: ${cache.ignored}. It will be rewritten.`);
    else printer.debug(`describe cache: ${cache.file}`);
    return cache;
  } catch (error) {
    printer.debug(`describe cache not used: ${escapeUntrusted(error instanceof Error ? error.message : String(error))}`);
    return undefined;
  }
}

async function saveDescribeCache(cache: Promise<DescribeCache | undefined> | undefined, printer: Printer): Promise<void> {
  const opened = await cache;
  try {
    await opened?.save();
  } catch (error) {
    printer.debug(`describe cache not saved: ${escapeUntrusted(error instanceof Error ? error.message : String(error))}`);
  }
}

function selectionFromFlags(options: ImportAuthOptions): AuthSelectionInput {
  if (options.userPoolOnly && (options.identityPoolId || options.withIdentityPool)) {
    throw usageError(
      `--user-pool-only and ${options.identityPoolId ? '--identity-pool-id' : '--with-identity-pool'} contradict each other.`,
      'Pass one of them, not both.',
    );
  }
  if ((options.webClientId || options.nativeClientId) && !options.userPoolId) {
    throw usageError('An app client id was given without --user-pool-id.', 'Pass --user-pool-id <id> with the client ids.');
  }
  assertCognitoIds(options, (key) => COGNITO_ID_FLAGS[key], ID_FIX);
  return {
    authType: options.userPoolOnly ? 'userPoolOnly' : options.withIdentityPool ? 'identityPoolAndUserPool' : undefined,
    userPoolId: options.userPoolId,
    webClientId: options.webClientId,
    nativeClientId: options.nativeClientId,
    identityPoolId: options.identityPoolId,
  };
}

async function readHeadlessPayload(options: ImportAuthOptions): Promise<AuthSelectionInput> {
  if (options.userPoolId || options.webClientId || options.nativeClientId || options.identityPoolId) {
    throw usageError('--headless reads the ids from standard input; do not pass id flags with it.', 'Use either --headless with a JSON payload or --yes with the id flags.');
  }
  const { parseHeadlessImportPayload } = await import('../flows/headless-payload.js');
  return parseHeadlessImportPayload(await readStdin());
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw usageError(
      '--headless expects the JSON payload on standard input, but standard input is a terminal.',
      `Pipe it in: echo '{"version":1,"userPoolId":"…","webClientId":"…","nativeClientId":"…"}' | mycli import auth --headless`,
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function printSummary(result: ImportAuthResult, store: ProjectStore, envName: string, printer: Printer): void {
  const { candidate, warnings, configNotes, changes } = result;
  for (const warning of warnings) {
    printer.warn(warning.message);
    for (const line of fixLines(warning.fix)) printer.detail(line);
  }
  for (const note of configNotes) printer.warn(note);

  const { userPool, webClient, nativeClient, identityPool } = candidate;
  const imported = identityPool
    ? `Cognito user pool ${nameAndId(userPool.name, userPool.id)} and identity pool ${nameAndId(identityPool.name, identityPool.id)}`
    : `Cognito user pool ${nameAndId(userPool.name, userPool.id)}`;
  printer.success(`${imported} imported into environment ${quoted(envName)} as auth resource ${quoted(result.records.resourceName)}.`);
  const rows: Array<[string, string]> = [
    ['web client', nameAndId(webClient.name, webClient.id)],
    ['native client', `${nameAndId(nativeClient.name, nativeClient.id)}${nativeClient.id === webClient.id ? ' (the web client)' : ''}`],
  ];
  if (candidate.authRole) rows.push(['signed-in role', escapeUntrusted(candidate.authRole.arn)]);
  if (candidate.unauthRole) rows.push(['guest role', escapeUntrusted(candidate.unauthRole.arn)]);
  for (const line of labelledLines(rows)) printer.detail(line);
  printFileChanges(printer, changes, (path) => store.relative(path));
  printer.info(`Next: ${printer.highlight('mycli push')} to finalise (it re-checks the resources and applies the IAM policies your features need).`);
}
