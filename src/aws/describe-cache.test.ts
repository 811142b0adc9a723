import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppClient, IdentityPoolDetails } from '../core/model.js';
import { DESCRIBE_CACHE_TTL_MS, DescribeCache, describeCacheDirectory } from './describe-cache.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const pool: IdentityPoolDetails = {
  id: 'us-east-1:0001',
  name: 'shop',
  allowUnauthenticatedIdentities: false,
  cognitoProviders: [{ providerName: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_P', clientId: 'web', serverSideTokenCheck: false }],
  supportedLoginProviders: {},
};
const client: AppClient = {
  id: 'web',
  name: 'web',
  userPoolId: 'us-east-1_P',
  hasSecret: true,
  supportedIdentityProviders: ['COGNITO'],
  callbackUrls: [],
  logoutUrls: [],
  allowedOAuthFlows: [],
  allowedOAuthScopes: [],
  allowedOAuthFlowsUserPoolClient: false,
  explicitAuthFlows: [],
};

let home: string;
let clock = 1_000_000;
const env = () => ({ HOME: home });
const open = () => DescribeCache.open({ account: ACCOUNT, region: REGION, env: env(), now: () => clock });

beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'mycli-describe-cache-'));
  clock = 1_000_000;
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('DescribeCache', () => {
  it('keeps descriptions per account and region in ~/.cache/mycli, readable only by the user', async () => {
    const cache = await open();
    cache.identityPools.put(pool);
    cache.putAppClient(client);
    await cache.save();
    expect(cache.file).toBe(path.join(home, '.cache', 'mycli', `describe-${ACCOUNT}-${REGION}.json`));
    expect((await stat(cache.file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(cache.file))).mode & 0o777).toBe(0o700);

    const reopened = await open();
    expect(reopened.identityPools.get(pool.id)).toEqual(pool);
    expect(reopened.appClient(client.userPoolId, client.id)).toEqual(client);
    const other = await DescribeCache.open({ account: '210987654321', region: REGION, env: env(), now: () => clock });
    expect(other.identityPools.get(pool.id)).toBeUndefined();
  });

  it('forgets descriptions older than the TTL', async () => {
    const cache = await open();
    cache.identityPools.put(pool);
    await cache.save();
    clock += DESCRIBE_CACHE_TTL_MS - 1;
    expect((await open()).identityPools.get(pool.id)).toEqual(pool);
    clock += 2;
    expect((await open()).identityPools.get(pool.id)).toBeUndefined();
  });

  it('writes only the fields an app client description has (never a secret)', async () => {
    const cache = await open();
    cache.putAppClient({ ...client, ClientSecret: 'super-secret-value' } as AppClient & { ClientSecret: string });
    await cache.save();
    expect(await readFile(cache.file, 'utf8')).not.toContain('super-secret-value');
  });

  it('ignores a cache file of the wrong shape, says why, and rewrites it', async () => {
    const file = path.join(home, '.cache', 'mycli', `describe-${ACCOUNT}-${REGION}.json`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, '{ not json');
    const broken = await open();
    expect(broken.ignored).toBe('it is not valid JSON');
    broken.identityPools.put(pool);
    await broken.save();
    expect((await open()).ignored).toBeUndefined();

    // Entries of the wrong shape are dropped one by one.
    await writeFile(file, JSON.stringify({ version: 1, account: ACCOUNT, region: REGION, identityPools: { 'us-east-1:0001': { describedAt: clock, value: { id: 'us-east-1:0001' } } }, appClients: {} }));
    expect((await open()).identityPools.get('us-east-1:0001')).toBeUndefined();
  });

  it('follows XDG_CACHE_HOME when it is an absolute path', () => {
    expect(describeCacheDirectory({ XDG_CACHE_HOME: '/var/cache/me', HOME: '/home/me' })).toBe('/var/cache/me/mycli');
    expect(describeCacheDirectory({ XDG_CACHE_HOME: 'relative', HOME: '/home/me' })).toBe('/home/me/.cache/mycli');
  });
});
