// The identity pool picker under a real pseudo-terminal, in an account whose DescribeIdentityPool is rate-limited:
// the scan starts while the user still chooses the user pool and clients, the picker opens at the first match
// saying how far the scan got, and picking early stops the scan; the chosen pool is described afresh and imported.
import { describe, expect, it } from 'vitest';
import { worldWithIdentityPools } from '../../scripts/bench-world.js';
import { runCliInTerminal } from '../support/run-cli.js';
import { DEMO_IDS } from '../support/world.js';
import { useEmulatorSuite } from './project-fixture.js';

const ENTER = '\r';
const POOLS = 60;
// At 5/s (burst 5) the stub needs at least 11 s for all 60 describes; the one match, in the middle, comes much sooner.
const LIMIT_PER_SECOND = 5;

const { emulators, newProject } = useEmulatorSuite(() => worldWithIdentityPools(POOLS), { workDirPrefix: 'mycli-e2e-stream-' });

describe('identity pool picker while the scan is still running', () => {
  it('opens at the first match with the scan progress, and picking early stops the scan', async () => {
    const project = await newProject();
    const stub = emulators().stub;
    stub.setPacing({ latencyMs: [20, 40], limits: { DescribeIdentityPool: { perSecond: LIMIT_PER_SECOND } } });
    stub.resetCalls();
    const { CI: _ci, ...env } = emulators().env;
    try {
      const result = await runCliInTerminal(['import', 'auth'], {
        cwd: project.dir,
        env,
        timeoutMs: 25_000,
        steps: [
          { expect: /What type of auth resource do you want to import\?/, send: ENTER },
          { expect: /Select the user pool to import/, send: 'acme' },
          { expect: /: acme\s+❯ 'acme-users'/, send: ENTER },
          { expect: /Select the app client for native/, send: ENTER },
          { expect: /❯ 'acme_identities'[^\n]*\n\(still looking: \d+ of 60 checked\)/, send: ENTER },
        ],
      });
      expect(result.code, result.output).toBe(0);
      expect(result.output).toMatch(/picked after \d+ of 60 identity pools were checked/);
    } finally {
      stub.setPacing({});
    }

    const describes = stub.calls.filter((call) => call.operation === 'DescribeIdentityPool' && !call.throttled);
    // The scan stopped early; the chosen pool was described once more, afresh, before anything was written.
    expect(describes.length).toBeLessThan(POOLS);
    expect(describes.filter((call) => call.params.IdentityPoolId === DEMO_IDS.identityPoolId).length).toBe(2);
    const teamProvider = await project.readJson('amplify/team-provider-info.json');
    expect(teamProvider.dev.categories.auth.shop).toMatchObject({ userPoolId: DEMO_IDS.userPoolId, identityPoolId: DEMO_IDS.identityPoolId });
  });
});
