// What discovery described lately, per account and region, in the user's cache folder (XDG_CACHE_HOME, or
// ~/.cache): a re-run after a refusal takes the identity pool and app client descriptions of the last minutes from
// here instead of describing a thousand pools again. Only descriptions are kept (no client secret: discovery never
// holds one, only whether a client has one); the lists are always asked afresh, and the resources finally chosen are
// always described again before anything is written. A cache file of the wrong shape is ignored and rewritten.

import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AppClient, IdentityPoolDetails } from '../core/model.js';
import type { DescribedPools } from './identity-pool-scan.js';

/** Long enough to fix what a refusal named and run again; short enough that little changes meanwhile. */
export const DESCRIBE_CACHE_TTL_MS = 15 * 60 * 1000;
const FORMAT_VERSION = 1;

interface Entry<T> {
  describedAt: number;
  value: T;
}

interface CacheFile {
  version: number;
  account: string;
  region: string;
  identityPools: Record<string, Entry<IdentityPoolDetails>>;
  /** By user pool id, then client id. */
  appClients: Record<string, Record<string, Entry<AppClient>>>;
}

export interface DescribeCacheOptions {
  account: string;
  region: string;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}

export class DescribeCache {
  private changed = false;

  private constructor(
    readonly file: string,
    private readonly data: CacheFile,
    private readonly now: () => number,
    /** Why the file on disk was not used, when it was not. */
    readonly ignored: string | undefined,
  ) {}

  static async open(options: DescribeCacheOptions): Promise<DescribeCache> {
    const { account, region } = options;
    if (!/^\d{12}$/.test(account) || !/^[a-z0-9-]+$/.test(region)) throw new Error(`No describe cache for account '${account}', region '${region}'.`);
    const now = options.now ?? Date.now;
    const file = path.join(describeCacheDirectory(options.env), `describe-${account}-${region}.json`);
    const empty: CacheFile = { version: FORMAT_VERSION, account, region, identityPools: {}, appClients: {} };
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new DescribeCache(file, empty, now, undefined);
      return new DescribeCache(file, empty, now, `it could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    const parsed = parseCacheFile(text, account, region, now() - DESCRIBE_CACHE_TTL_MS);
    return typeof parsed === 'string' ? new DescribeCache(file, empty, now, parsed) : new DescribeCache(file, parsed, now, undefined);
  }

  /** The identity pool descriptions younger than the TTL, for IdentityPoolScan. */
  get identityPools(): DescribedPools {
    return {
      get: (id) => this.fresh(this.data.identityPools[id]),
      put: (pool) => {
        this.data.identityPools[pool.id] = { describedAt: this.now(), value: pool };
        this.changed = true;
      },
    };
  }

  appClient(userPoolId: string, clientId: string): AppClient | undefined {
    return this.fresh(this.data.appClients[userPoolId]?.[clientId]);
  }

  putAppClient(client: AppClient): void {
    const clients = (this.data.appClients[client.userPoolId] ??= {});
    clients[client.id] = { describedAt: this.now(), value: withoutUnknownFields(client) };
    this.changed = true;
  }

  /** Writes the file (only when something was added), private to the user, replacing it in one step. */
  async save(): Promise<void> {
    if (!this.changed) return;
    const cutoff = this.now() - DESCRIBE_CACHE_TTL_MS;
    const kept: CacheFile = {
      ...this.data,
      identityPools: youngerThan(this.data.identityPools, cutoff),
      appClients: Object.fromEntries(Object.entries(this.data.appClients).map(([pool, clients]) => [pool, youngerThan(clients, cutoff)])),
    };
    await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, `${JSON.stringify(kept)}\n`, { mode: 0o600 });
      await rename(temporary, this.file);
    } finally {
      await rm(temporary, { force: true });
    }
    this.changed = false;
  }

  private fresh<T>(entry: Entry<T> | undefined): T | undefined {
    return entry && this.now() - entry.describedAt < DESCRIBE_CACHE_TTL_MS ? structuredClone(entry.value) : undefined;
  }
}

export function describeCacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(env.HOME ?? os.homedir(), '.cache');
  return path.join(base, 'mycli');
}

function youngerThan<T>(entries: Record<string, Entry<T>>, cutoff: number): Record<string, Entry<T>> {
  return Object.fromEntries(Object.entries(entries).filter(([, entry]) => entry.describedAt >= cutoff));
}

/** Only the fields AppClient names: nothing else a future caller might attach is ever written. */
function withoutUnknownFields(client: AppClient): AppClient {
  return {
    id: client.id,
    name: client.name,
    userPoolId: client.userPoolId,
    hasSecret: client.hasSecret,
    supportedIdentityProviders: client.supportedIdentityProviders,
    callbackUrls: client.callbackUrls,
    logoutUrls: client.logoutUrls,
    allowedOAuthFlows: client.allowedOAuthFlows,
    allowedOAuthScopes: client.allowedOAuthScopes,
    allowedOAuthFlowsUserPoolClient: client.allowedOAuthFlowsUserPoolClient,
    explicitAuthFlows: client.explicitAuthFlows,
  };
}

/** The cache file's content (expired entries dropped), or why it cannot be used. */
function parseCacheFile(text: string, account: string, region: string, cutoff: number): CacheFile | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return 'it is not valid JSON';
  }
  if (!isRecord(raw) || raw.version !== FORMAT_VERSION) return `it is not a version ${FORMAT_VERSION} describe cache`;
  if (raw.account !== account || raw.region !== region) return 'it is for another account or region';
  if (!isRecord(raw.identityPools) || !isRecord(raw.appClients)) return 'it lacks identityPools or appClients';
  const identityPools: CacheFile['identityPools'] = {};
  for (const [id, entry] of Object.entries(raw.identityPools)) {
    if (isEntry(entry, cutoff) && isIdentityPool(entry.value) && entry.value.id === id) identityPools[id] = entry as Entry<IdentityPoolDetails>;
  }
  const appClients: CacheFile['appClients'] = {};
  for (const [userPoolId, clients] of Object.entries(raw.appClients)) {
    if (!isRecord(clients)) continue;
    for (const [clientId, entry] of Object.entries(clients)) {
      if (isEntry(entry, cutoff) && isAppClient(entry.value) && entry.value.id === clientId && entry.value.userPoolId === userPoolId) {
        (appClients[userPoolId] ??= {})[clientId] = { describedAt: entry.describedAt, value: withoutUnknownFields(entry.value) };
      }
    }
  }
  return { version: FORMAT_VERSION, account, region, identityPools, appClients };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEntry(value: unknown, cutoff: number): value is { describedAt: number; value: unknown } {
  return isRecord(value) && typeof value.describedAt === 'number' && value.describedAt >= cutoff && 'value' in value;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isIdentityPool(value: unknown): value is IdentityPoolDetails {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.name === 'string' &&
    typeof value.allowUnauthenticatedIdentities === 'boolean' &&
    Array.isArray(value.cognitoProviders) &&
    value.cognitoProviders.every(
      (provider) =>
        isRecord(provider) &&
        typeof provider.providerName === 'string' &&
        typeof provider.clientId === 'string' &&
        (provider.serverSideTokenCheck === undefined || typeof provider.serverSideTokenCheck === 'boolean'),
    ) &&
    isRecord(value.supportedLoginProviders) &&
    Object.values(value.supportedLoginProviders).every((appId) => typeof appId === 'string')
  );
}

function isAppClient(value: unknown): value is AppClient {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.name === 'string' &&
    typeof value.userPoolId === 'string' &&
    typeof value.hasSecret === 'boolean' &&
    typeof value.allowedOAuthFlowsUserPoolClient === 'boolean' &&
    ['supportedIdentityProviders', 'callbackUrls', 'logoutUrls', 'allowedOAuthFlows', 'allowedOAuthScopes', 'explicitAuthFlows'].every((key) =>
      isStringArray(value[key]),
    )
  );
}
