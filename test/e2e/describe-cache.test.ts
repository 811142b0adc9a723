// The describe cache across runs of the built CLI: a re-run after a refusal takes the identity pool descriptions of the
// last run (only the chosen pool is described again), --no-cache describes everything again, and remembered
// descriptions that find no match are checked again before mycli refuses.
import { readFile, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { worldWithIdentityPools } from '../../scripts/bench-world.js';
import { cognitoTrustPolicy, DEMO_IDS } from '../support/world.js';
import { useEmulatorSuite } from './project-fixture.js';

const POOLS = 40;
const discoveryImport = ['import', 'auth', '--yes', '--with-identity-pool', '--user-pool-id', DEMO_IDS.userPoolId, '--web-client-id', DEMO_IDS.webClientId];

const { emulators, newProject, stubRole } = useEmulatorSuite(() => worldWithIdentityPools(POOLS), { workDirPrefix: 'mycli-e2e-cache-' });

const cacheDir = () => path.join(emulators().env.HOME as string, '.cache', 'mycli');
const describes = () => emulators().stub.calls.filter((call) => call.operation === 'DescribeIdentityPool');

describe('describe cache', () => {
  it('a re-run after a refusal skips the scan; --no-cache scans again; no secret is kept', async () => {
    await rm(cacheDir(), { recursive: true, force: true });
    const project = await newProject();
    const role = stubRole(DEMO_IDS.authRoleName);
    const seeded = role.trustPolicy;
    role.trustPolicy = cognitoTrustPolicy(DEMO_IDS.partnerIdentityPoolId, 'authenticated');
    emulators().stub.resetCalls();
    const refused = await project.run(discoveryImport);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toContain(DEMO_IDS.authRoleName);
    expect(describes().length).toBeGreaterThanOrEqual(POOLS);

    // The user fixes the role's trust and runs the same command again.
    role.trustPolicy = seeded;
    emulators().stub.resetCalls();
    const again = await project.run(discoveryImport);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`${POOLS} remembered from an earlier run`);
    // Only the chosen pool, described afresh before anything was written.
    expect(describes().map((call) => call.params.IdentityPoolId)).toEqual([DEMO_IDS.identityPoolId]);

    await rm(path.join(project.dir, 'amplify'), { recursive: true, force: true });
    await project.run(['init', '--yes', '--name', 'shop']);
    emulators().stub.resetCalls();
    const uncached = await project.run([...discoveryImport, '--no-cache']);
    expect(uncached.code, uncached.stderr).toBe(0);
    expect(uncached.stderr).not.toContain('remembered');
    expect(describes().length).toBeGreaterThanOrEqual(POOLS + 1);

    const [file] = await readdir(cacheDir());
    expect(file).toBe('describe-123456789012-us-east-1.json');
    const cachePath = path.join(cacheDir(), file as string);
    expect((await stat(cachePath)).mode & 0o777).toBe(0o600);
    const cached = await readFile(cachePath, 'utf8');
    expect(cached).toContain(DEMO_IDS.identityPoolId);
    for (const pool of worldWithIdentityPools(POOLS).userPools) {
      for (const client of pool.clients) if (client.secret) expect(cached).not.toContain(client.secret);
    }
  });

  it('remembered descriptions that match nothing are checked again before refusing', async () => {
    await rm(cacheDir(), { recursive: true, force: true });
    const project = await newProject();
    const pool = emulators().stub.state.identityPools.get(DEMO_IDS.identityPoolId);
    if (!pool) throw new Error('seeded identity pool missing');
    const providers = pool.providers;
    pool.providers = [];
    const refused = await project.run(discoveryImport);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`No identity pool in us-east-1 has user pool ${DEMO_IDS.userPoolId}`);

    // The user adds the user pool to the identity pool in the console, and runs again within the cache's lifetime.
    pool.providers = providers;
    emulators().stub.resetCalls();
    const again = await project.run(discoveryImport);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`No match among the ${POOLS} remembered identity pool descriptions`);
    expect(describes().length).toBeGreaterThanOrEqual(POOLS);
    expect((await project.loadAwsExports()).aws_cognito_identity_pool_id).toBe(DEMO_IDS.identityPoolId);
  });
});
