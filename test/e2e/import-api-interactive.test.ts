// mycli import api under a real pseudo-terminal: one searchable list of the region's GraphQL, REST and HTTP APIs
// labelled with kind and authorization (an API on another pool listed with the reason, not pickable; WebSocket APIs
// not offered), then the stage, the access questions, the paths and the name.
import { describe, expect, it } from 'vitest';
import { runCliInTerminal } from '../support/run-cli.js';
import { DEMO_IDS, demoWorld } from '../support/world.js';
import { DEMO_FULL_IMPORT, expectSuccess, useEmulatorSuite } from './project-fixture.js';

const ENTER = '\r';
const DOWN = '\u001b[B';
const SPACE = ' ';
const CTRL_U = '\u0015';
const CTRL_C = '\u0003';

const { emulators, newProject } = useEmulatorSuite(demoWorld, { workDirPrefix: 'mycli-e2e-api-tty-' });

function terminalEnv(): Record<string, string> {
  const { CI: _ci, ...rest } = emulators().env;
  return rest;
}

describe('mycli import api (interactive)', () => {
  it('picks a REST API from the one list, then its stage, access, paths and name', async () => {
    const project = await newProject();
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    const result = await runCliInTerminal(['import', 'api'], {
      cwd: project.dir,
      env: terminalEnv(),
      timeoutMs: 20_000,
      steps: [
        { expect: /Select the API to import \(4 in us-east-1/, send: 'legacy' },
        { expect: /: legacy\s+- 'legacy-admin-api' \(l9e8g7a6c5\) — REST API \(API Gateway\) · Cognito user pool \(its authorizer trusts another user pool\)/, send: ENTER },
        { expect: /: legacy/, send: `${CTRL_U}shop` },
        { expect: /: shop\s+❯ 'acme-shop-api' \(a1b2c3d4e5\) — REST API \(API Gateway\) · open, IAM, Cognito user pool/, send: ENTER },
        { expect: /Which stage should the app call\? \(2\)/, send: DOWN },
        { expect: /❯ prod/, send: ENTER },
        // Signed-in users: every access is preselected.
        { expect: /What may signed-in users do/, send: ENTER },
        { expect: /What may guests \(not signed in\) do\?/, send: `${DOWN}${SPACE}` },
        { expect: /◉ read/, send: ENTER },
        // Paths by first segment, all preselected: drop /public.
        { expect: /Which IAM-authorized paths[^\n]*\n❯◉ \/items\s+◉ \/public/, send: `${DOWN}${SPACE}` },
        { expect: /◯ \/public/, send: ENTER },
        { expect: /A name for this API in the app[^\n]*\(acmeshopapi\)/, send: ENTER },
      ],
    });
    expect(result.code, result.output).toBe(0);
    expect(result.output).not.toContain('acme-chat');
    expect(result.output).toContain("imported as api 'acmeshopapi'");
    expect(await project.readJson('amplify/backend/api/acmeshopapi/parameters.json')).toMatchObject({
      apiType: 'REST',
      authAccess: ['create', 'read', 'update', 'delete'],
      guestAccess: ['read'],
      paths: ['/items'],
    });
    expect((await project.readJson('amplify/team-provider-info.json')).dev.categories.api.acmeshopapi).toMatchObject({ apiId: DEMO_IDS.restApiId, stage: 'prod' });
  });

  it('a GraphQL API picked from the list has its API keys read: --api-key writes the key, no "no key" warning', async () => {
    const project = await newProject();
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    const result = await runCliInTerminal(['import', 'api', '--api-key'], {
      cwd: project.dir,
      env: terminalEnv(),
      timeoutMs: 20_000,
      steps: [
        { expect: /Select the API to import \(4 in us-east-1/, send: 'acme-graphql' },
        { expect: /: acme-graphql\s+❯ 'acme-graphql' \(acmegql7x2k9m4p1q8r3s6t0vw\)/, send: ENTER },
        { expect: /What may signed-in users do/, send: ENTER },
        { expect: /What may guests \(not signed in\) do\?/, send: ENTER },
        { expect: /A name for this API in the app[^\n]*\(acmegraphql\)/, send: ENTER },
      ],
    });
    expect(result.code, result.output).toBe(0);
    expect(result.output).not.toContain('has none that has not expired');
    expect((await project.loadAwsExports()).aws_appsync_apiKey).toBe(DEMO_IDS.graphqlApiKey);
  });

  it('Ctrl+C in the picker exits 130 and writes nothing', async () => {
    const project = await newProject();
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    const before = await project.snapshot();
    const result = await runCliInTerminal(['import', 'api'], { cwd: project.dir, env: terminalEnv(), steps: [{ expect: /Select the API to import/, send: CTRL_C }] });
    expect(result.code).toBe(130);
    expect(await project.snapshot()).toEqual(before);
  });
});
