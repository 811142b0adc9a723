// The interactive walkthrough under a real pseudo-terminal: the auth type, the searchable user pool picker (which
// keeps the user in place on a pool that cannot work), the native client choice, identity pool discovery, Ctrl+C.
import { describe, expect, it } from 'vitest';
import { runCliInTerminal } from '../support/run-cli.js';
import { DEMO_IDS, demoWorld } from '../support/world.js';
import { useEmulatorSuite } from './project-fixture.js';

const ENTER = '\r';
const DOWN = '\u001b[B';
const CTRL_U = '\u0015'; // clears the line typed so far
const CTRL_C = '\u0003';

const { emulators, newProject } = useEmulatorSuite(demoWorld, { workDirPrefix: 'mycli-e2e-tty-' });

/** The emulators' environment without CI, which would make mycli refuse to prompt. */
function terminalEnv(): Record<string, string> {
  const { CI: _ci, ...rest } = emulators().env;
  return rest;
}

describe('mycli import auth (interactive)', () => {
  it('walks through pool, clients and identity pool; a pool without a secretless client is listed as such and cannot be picked', async () => {
    const project = await newProject();
    emulators().stub.resetCalls();
    const result = await runCliInTerminal(['import', 'auth'], {
      cwd: project.dir,
      env: terminalEnv(),
      timeoutMs: 15_000,
      steps: [
        { expect: /What type of auth resource do you want to import\?/, send: ENTER },
        // The pool whose only client has a secret is in the list, dim with the reason, and cannot be picked.
        { expect: /Select the user pool to import \(2 in us-east-1/, send: 'legacy' },
        // Waits for the filtered list (the term, then only the legacy pool): Enter there picks nothing.
        { expect: /: legacy\s+- 'legacy-admin' \(us-east-1_LegacyAdm1\) \(every app client has a secret\)/, send: ENTER },
        { expect: /: legacy/, send: CTRL_U + 'acme' },
        { expect: /: acme\s+❯ 'acme-users'/, send: ENTER },
        { expect: /Select the app client for native/, send: DOWN },
        { expect: /❯ 'acme-native'/, send: ENTER },
      ],
    });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain("Only one web app client (no secret) found: 'acme-web'");
    expect(result.output).toContain(`'acme_identities' (${DEMO_IDS.identityPoolId}) was selected`);

    // Discovery listed the identity pools and described each one to find the pools that trust ours.
    const operations = emulators().stub.calls.map((call) => call.operation);
    expect(operations).toContain('ListIdentityPools');
    expect(operations.filter((operation) => operation === 'DescribeIdentityPool').length).toBeGreaterThanOrEqual(2);

    const teamProvider = await project.readJson('amplify/team-provider-info.json');
    expect(teamProvider.dev.categories.auth.shop).toMatchObject({
      userPoolId: DEMO_IDS.userPoolId,
      webClientId: DEMO_IDS.webClientId,
      nativeClientId: DEMO_IDS.nativeClientId,
      identityPoolId: DEMO_IDS.identityPoolId,
    });
  });

  it('Ctrl+C at a prompt exits 130 and writes nothing', async () => {
    const project = await newProject();
    const before = await project.snapshot();
    const result = await runCliInTerminal(['import', 'auth'], {
      cwd: project.dir,
      env: terminalEnv(),
      steps: [{ expect: /What type of auth resource/, send: CTRL_C }],
    });
    expect(result.code).toBe(130);
    expect(await project.snapshot()).toEqual(before);
  });
});
