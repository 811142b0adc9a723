// The identity pool step of the walkthrough: the pools that trust the chosen user pool through its web client, taken
// from a scan that started as soon as an identity pool was known to be needed (identity-pool-scan.ts). Interactive:
// the picker opens at the first match and fills while the scan goes on; a pool picked early stops the scan. With
// --yes (or no terminal): the whole scan, since only it proves there is exactly one match.
import type { IdentityPoolScan } from '../aws/identity-pool-scan.js';
import { UserError } from '../core/errors.js';
import { userPoolProviderName, type AppClient, type IdentityPoolDetails } from '../core/model.js';
import { nameAndId, quoted } from '../core/untrusted-text.js';
import { identityPoolTrustsClient } from '../core/validator.js';
import type { Printer } from '../ui/printer.js';
import type { Choice, ChoiceFeed, Prompter } from '../ui/prompter.js';
import { formatCount, scanProgressText, scanSummaryText, stillLookingText } from '../ui/scan-progress.js';

export interface IdentityPoolTarget {
  userPool: { id: string; name: string };
  webClient: AppClient;
  region: string;
}

const QUESTION = { message: 'Select the identity pool to import:', flag: '--identity-pool-id <id>' };

/** The id of the identity pool to import (to be described afresh and validated by the caller). */
export async function chooseIdentityPool(
  scan: IdentityPoolScan,
  target: IdentityPoolTarget,
  ui: { prompter: Prompter; printer: Printer },
): Promise<string> {
  const { prompter, printer } = ui;
  const { userPool, webClient, region } = target;
  const providerName = userPoolProviderName(region, userPool.id);
  const matches: IdentityPoolDetails[] = [];
  const viaOtherClients: IdentityPoolDetails[] = [];
  const feedListeners = new Set<() => void>();
  let firstMatch: () => void = () => undefined;
  const matched = new Promise<void>((resolve) => (firstMatch = resolve));

  const looking = `Looking for identity pools that trust ${quoted(userPool.name)}`;
  const progress = printer.progress(`${looking}: ${scanProgressText(scan.status)}`);
  const unsubscribe = scan.subscribe({
    described: (pool) => {
      if (identityPoolTrustsClient(pool, region, userPool.id, webClient.id)) {
        matches.push(pool);
        firstMatch();
      } else if (pool.cognitoProviders.some((provider) => provider.providerName === providerName)) {
        viaOtherClients.push(pool);
      }
    },
    changed: (status) => {
      progress.update(`${looking}: ${scanProgressText(status)}`);
      for (const listener of feedListeners) listener();
    },
  });

  try {
    if (prompter.interactive) {
      await Promise.race([matched, scan.finished.then(noop, noop)]);
      if (!scan.status.done) {
        progress.stop();
        const id = await prompter.searchAsFound(QUESTION, matchFeed(scan, matches, feedListeners));
        if (!scan.status.done) {
          const { checked, listed } = scan.status;
          scan.cancel();
          printer.detail(`picked after ${formatCount(checked)} of ${formatCount(listed)} identity pools were checked; the rest were not needed`);
        }
        return id;
      }
    }
    await scan.finished;
    progress.stop();
    const summary = scanSummaryText(scan.status);
    if (matches.length === 0) throw noMatch(target, viaOtherClients, summary);
    printer.success(`${summary}: ${matches.length} trust${matches.length === 1 ? 's' : ''} this user pool through web client ${nameAndId(webClient.name, webClient.id)}.`);
    if (matches.length === 1) {
      const only = matches[0] as IdentityPoolDetails;
      printer.success(`Only one identity pool trusts this user pool and client: ${nameAndId(only.name, only.id)} was selected.`);
      return only.id;
    }
    return await prompter.search(QUESTION, choicesOf(matches));
  } finally {
    progress.stop();
    unsubscribe();
  }
}

function matchFeed(scan: IdentityPoolScan, matches: IdentityPoolDetails[], listeners: Set<() => void>): ChoiceFeed<string> {
  return {
    choices: () => choicesOf(matches),
    status: () => stillLookingText(scan.status),
    complete: () => scan.status.done,
    subscribe: (changed) => {
      listeners.add(changed);
      return () => listeners.delete(changed);
    },
    failure: scan.finished.then(() => new Promise<never>(noop)),
  };
}

function choicesOf(pools: IdentityPoolDetails[]): Array<Choice<string>> {
  return pools.map((pool) => ({ name: nameAndId(pool.name, pool.id), value: pool.id })).sort((a, b) => a.name.localeCompare(b.name));
}

/** Refusing because no identity pool trusts the user pool through the web client. */
export class NoMatchingIdentityPool extends UserError {}

function noMatch(target: IdentityPoolTarget, viaOtherClients: IdentityPoolDetails[], summary: string): UserError {
  const { userPool, webClient, region } = target;
  const others = viaOtherClients.map((pool) => nameAndId(pool.name, pool.id)).join(', ');
  const message = others
    ? `No identity pool trusts user pool ${userPool.id} through web client ${nameAndId(webClient.name, webClient.id)}; ${others} trust it through other clients.`
    : `No identity pool in ${region} has user pool ${userPool.id} as an authentication provider.`;
  return new NoMatchingIdentityPool(
    'ValidationFailed',
    message,
    `Add the user pool with client ${webClient.id} to an identity pool: Amazon Cognito console > Identity pools > your pool > ` +
      'User access > Add identity provider > Amazon Cognito user pool. Or import with --user-pool-only.',
    { details: [summary] },
  );
}

function noop(): void {}
