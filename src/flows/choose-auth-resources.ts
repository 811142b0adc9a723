// The import walkthrough: what to import, asked when interactive, taken from flags otherwise.
// A choice with exactly one valid answer is made for the user (and said); with --yes, a choice with several
// answers fails with the flag that settles it (the prompter refuses), so scripts never hang.
import type { CognitoDiscovery } from '../aws/cognito-discovery.js';
import { IdentityPoolScan, type DescribedPools } from '../aws/identity-pool-scan.js';
import { UserError } from '../core/errors.js';
import { escapeUntrusted, nameAndId } from '../core/untrusted-text.js';
import type { AppClient, AuthType, ImportCandidate, UserPoolSummary } from '../core/model.js';
import { createPublicClientFix, identityPoolTrustsClient, webClientCandidates } from '../core/validator.js';
import { mapWithConcurrency } from '../aws/concurrency.js';
import { withProgress, type Printer } from '../ui/printer.js';
import type { Choice, Prompter } from '../ui/prompter.js';
import { chooseIdentityPool, NoMatchingIdentityPool } from './choose-identity-pool.js';
import { resolveIdentityPool, resolveNamedResources } from './resolve-named-resources.js';

export interface AuthSelectionInput {
  authType?: AuthType;
  userPoolId?: string;
  webClientId?: string;
  nativeClientId?: string;
  identityPoolId?: string;
}

export interface ChooseContext {
  discovery: CognitoDiscovery;
  prompter: Prompter;
  printer: Printer;
  region: string;
  /** Identity pool descriptions remembered from an earlier run (the describe cache), when it is used. */
  identityPoolCache?: Promise<DescribedPools | undefined>;
}

export async function chooseAuthResources(input: AuthSelectionInput, context: ChooseContext): Promise<ImportCandidate> {
  const authType = await chooseAuthType(input, context.prompter);
  const { userPoolId, webClientId, identityPoolId } = input;
  if (userPoolId && webClientId && (authType === 'userPoolOnly' || identityPoolId)) {
    return resolveNamedResources({ ...input, authType, userPoolId, webClientId }, context.discovery, context.region);
  }
  return new Walkthrough(authType, input, context).run();
}

async function chooseAuthType(input: AuthSelectionInput, prompter: Prompter): Promise<AuthType> {
  if (input.identityPoolId) return 'identityPoolAndUserPool';
  if (input.authType) return input.authType;
  if (!prompter.interactive) return 'userPoolOnly';
  return prompter.select<AuthType>(
    { message: 'What type of auth resource do you want to import?', flag: '--identity-pool-id <id> or --user-pool-only' },
    [
      { name: 'Cognito User Pool and Identity Pool', value: 'identityPoolAndUserPool' },
      { name: 'Cognito User Pool only', value: 'userPoolOnly' },
    ],
  );
}

class Walkthrough {
  private readonly clientsByPool = new Map<string, Promise<AppClient[]>>();

  constructor(
    private readonly authType: AuthType,
    private readonly input: AuthSelectionInput,
    private readonly context: ChooseContext,
  ) {}

  async run(): Promise<ImportCandidate> {
    const { discovery, region } = this.context;
    // The identity pool scan depends on none of the answers below: it starts now and runs while they are given.
    const needsScan = this.authType === 'identityPoolAndUserPool' && !this.input.identityPoolId;
    const scan = needsScan ? IdentityPoolScan.start(discovery, { cache: this.context.identityPoolCache }) : undefined;
    try {
      const userPoolId = this.input.userPoolId ?? (await this.chooseUserPool());
      const [userPool, clients] = await Promise.all([discovery.describeUserPool(userPoolId), this.clientsOf(userPoolId)]);
      const [webClient, nativeClient] = await this.describedAfresh(
        await this.chooseWebClient(userPool.name, userPoolId, clients),
        (webClient) => this.chooseNativeClient(userPool, clients, webClient),
      );
      const identity =
        this.authType === 'identityPoolAndUserPool' ? await this.chooseIdentityPool(userPool, webClient, scan) : undefined;
      const described = clients.map((client) => (client.id === webClient.id ? webClient : client.id === nativeClient.id ? nativeClient : client));
      return { authType: this.authType, projectRegion: region, userPool, clients: described, clientsListed: true, webClient, nativeClient, ...identity };
    } finally {
      scan?.cancel();
    }
  }

  /** Clients listed from the describe cache are described again once chosen, before anything is validated or written. */
  private async describedAfresh(
    web: AppClient,
    chooseNative: (web: AppClient) => Promise<AppClient>,
  ): Promise<[AppClient, AppClient]> {
    const native = await chooseNative(web);
    if (!this.context.discovery.usesCache) return [web, native];
    const { discovery } = this.context;
    const [freshWeb, freshNative] = await Promise.all([
      discovery.describeAppClient(web.userPoolId, web.id),
      native.id === web.id ? undefined : discovery.describeAppClient(native.userPoolId, native.id),
    ]);
    return [freshWeb, freshNative ?? freshWeb];
  }

  private clientsOf(userPoolId: string): Promise<AppClient[]> {
    let clients = this.clientsByPool.get(userPoolId);
    if (!clients) {
      clients = this.context.discovery.listAppClients(userPoolId);
      this.clientsByPool.set(userPoolId, clients);
    }
    return clients;
  }

  private async chooseUserPool(): Promise<string> {
    const { discovery, printer, prompter, region } = this.context;
    const pools = await withProgress(printer, `Listing Cognito user pools in ${region}`, (progress) =>
      discovery.listUserPools((count) => progress.update(`Listing Cognito user pools in ${region} (${count})`)),
    );
    if (pools.length === 0) {
      throw new UserError(
        'NotFound',
        `No Cognito user pools were found in ${region}.`,
        `Check the account and region (--profile, --region); list them with \`aws cognito-idp list-user-pools --max-results 60 --region ${region}\`.`,
      );
    }
    if (pools.length === 1) {
      const only = pools[0] as UserPoolSummary;
      const problem = await this.userPoolProblem(only);
      if (problem) throw unusablePool(`The only user pool in ${region}, ${label(only)}, cannot be imported: ${problem.message}`, only, region);
      printer.success(`Only one Cognito user pool found in ${region}: ${label(only)} was selected.`);
      return only.id;
    }
    // With a list short enough to check first, a pool that cannot work is shown as such and cannot be picked; a longer
    // one is checked when picked (the refusal then names the fix, and the picker stays open).
    const problems =
      pools.length <= PRECHECKED_POOLS
        ? await withProgress(printer, `Checking the app clients of ${pools.length} user pools`, () =>
            mapWithConcurrency(pools, PRECHECK_CONCURRENCY, (pool) => this.userPoolProblem(pool)),
          )
        : undefined;
    if (problems && problems.every((problem) => problem !== undefined)) {
      throw new UserError(
        'ValidationFailed',
        `None of the ${pools.length} user pools in ${region} can be imported: none has an app client without a client secret, which a web app needs.`,
        `Give one of them an app client without a secret: ${createPublicClientFix({ id: '<pool-id>', name: '<pool>' }, region).replace('\n', '; ')}`,
      );
    }
    const choices: Array<Choice<string>> = pools
      .map((pool, index) => {
        const problem = problems?.[index];
        return { name: label(pool), value: pool.id, ...(problem ? { disabled: `(${problem.reason})` } : {}) };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    const byId = new Map(pools.map((pool) => [pool.id, pool]));
    return prompter.search(
      { message: `Select the user pool to import (${pools.length} in ${region}; type to filter by name or id):`, flag: '--user-pool-id <id>' },
      choices,
      async (id) => {
        const pool = byId.get(id) as UserPoolSummary;
        const problem = await this.userPoolProblem(pool);
        return problem ? `${problem.message} ${createPublicClientFix(pool, region).replace('\n', ' ')}` : true;
      },
    );
  }

  /** Why a pool cannot serve a web app, or undefined when it can (it has an app client without a secret). */
  private async userPoolProblem(pool: UserPoolSummary): Promise<{ reason: string; message: string } | undefined> {
    const clients = await this.clientsOf(pool.id);
    if (webClientCandidates(clients).length > 0) return undefined;
    return clients.length === 0
      ? { reason: 'no app clients', message: `${label(pool)} has no app clients.` }
      : { reason: 'every app client has a secret', message: `every app client of ${label(pool)} has a client secret, which a web app cannot use.` };
  }

  private async chooseWebClient(poolName: string, userPoolId: string, clients: AppClient[]): Promise<AppClient> {
    const { printer, prompter, region } = this.context;
    if (this.input.webClientId) return findClient(clients, this.input.webClientId, { name: poolName, id: userPoolId }, '--web-client-id');
    const candidates = webClientCandidates(clients);
    if (candidates.length === 0) {
      throw new UserError(
        'ValidationFailed',
        `User pool ${nameAndId(poolName, userPoolId)} has no app client without a client secret; a web app cannot sign in with a secret client.`,
        createPublicClientFix({ id: userPoolId, name: poolName }, region),
      );
    }
    if (candidates.length === 1) {
      const only = candidates[0] as AppClient;
      printer.success(`Only one web app client (no secret) found: ${label(only)} was selected.`);
      return only;
    }
    const id = await prompter.select(
      { message: 'Select the web app client (no secret) your web app signs in with:', flag: '--web-client-id <id>' },
      clientChoices(candidates),
    );
    return candidates.find((client) => client.id === id) as AppClient;
  }

  private async chooseNativeClient(pool: { name: string; id: string }, clients: AppClient[], webClient: AppClient): Promise<AppClient> {
    const { prompter } = this.context;
    if (this.input.nativeClientId) {
      return findClient(clients, this.input.nativeClientId, pool, '--native-client-id');
    }
    if (clients.length === 1 || !prompter.interactive) return webClient;
    const ordered = [webClient, ...clients.filter((client) => client.id !== webClient.id)];
    const choices = clientChoices(ordered, webClient.id);
    const id = await prompter.select(
      { message: 'Select the app client for native (iOS/Android) apps:', flag: '--native-client-id <id>' },
      choices,
      webClient.id,
    );
    return clients.find((client) => client.id === id) as AppClient;
  }

  /**
   * The chosen pool is always described afresh (not taken from the scan) and then validated before anything is
   * written. When remembered descriptions found no match, or one that the fresh description contradicts, every pool is
   * checked again without them.
   */
  private async chooseIdentityPool(userPool: { id: string; name: string }, webClient: AppClient, scan: IdentityPoolScan | undefined) {
    const { discovery, printer, prompter, region } = this.context;
    if (this.input.identityPoolId) return resolveIdentityPool(this.input.identityPoolId, discovery);
    if (!scan) throw new Error('The identity pool scan was not started although no identity pool id was given.');
    const target = { userPool, webClient, region };
    try {
      const resolved = await resolveIdentityPool(await chooseIdentityPool(scan, target, { prompter, printer }), discovery);
      if (scan.status.fromCache === 0 || identityPoolTrustsClient(resolved.identityPool, region, userPool.id, webClient.id)) return resolved;
      printer.warn(`The remembered description of identity pool ${nameAndId(resolved.identityPool.name, resolved.identityPool.id)} is out of date; checking every identity pool again.`);
    } catch (error) {
      if (!(error instanceof NoMatchingIdentityPool && scan.status.fromCache > 0)) throw error;
      printer.info(`No match among the ${scan.status.fromCache} remembered identity pool descriptions; checking every identity pool again.`);
    }
    const cache = await this.context.identityPoolCache;
    // Described afresh, and remembered again for the next run.
    const again = IdentityPoolScan.start(discovery, { cache: cache && { get: () => undefined, put: (pool) => cache.put(pool) } });
    try {
      return await resolveIdentityPool(await chooseIdentityPool(again, target, { prompter, printer }), discovery);
    } finally {
      again.cancel();
    }
  }
}

/** User pools checked for a usable app client before the picker opens; a longer list is checked as pools are picked. */
const PRECHECKED_POOLS = 25;
const PRECHECK_CONCURRENCY = 4;

function label(resource: { name: string; id: string }): string {
  return nameAndId(resource.name, resource.id);
}

function unusablePool(message: string, pool: UserPoolSummary, region: string): UserError {
  const [console, cli] = createPublicClientFix(pool, region).split('\n');
  return new UserError('ValidationFailed', message, 'Create an app client without a client secret (public client), then import again.', {
    details: [`fix: ${console}`, `     ${cli}`],
  });
}

function clientChoices(clients: AppClient[], webClientId?: string): Array<Choice<string>> {
  return clients.map((client) => {
    const notes = [client.hasSecret ? 'has a client secret' : '', client.id === webClientId ? 'same as the web client' : '']
      .filter(Boolean)
      .join(', ');
    return { name: `${nameAndId(client.name, client.id)}${notes ? ` — ${notes}` : ''}`, value: client.id };
  });
}

function findClient(clients: AppClient[], clientId: string, pool: { name: string; id: string }, flag: string): AppClient {
  const client = clients.find((candidate) => candidate.id === clientId);
  if (client) return client;
  const known = clients.map((candidate) => nameAndId(candidate.name, candidate.id)).join(', ') || 'none';
  throw new UserError(
    'NotFound',
    `App client ${escapeUntrusted(clientId)} (${flag}) is not a client of user pool ${nameAndId(pool.name, pool.id)}.`,
    `Use one of this pool's clients: ${known}.`,
  );
}
