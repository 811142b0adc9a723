// Names and ids are untrusted: a user pool, app client or identity pool named with a newline, U+2028 and an ANSI
// escape (Cognito allows whitespace in pool and client names), an id that AWS echoes in its error message, a value in a
// project file. Every line mycli prints must stay one line: each value is shown escaped, never raw.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cognitoTrustPolicy, demoWorld, roleArn, type World } from '../support/world.js';
import { expectSuccess, type TestProject, useEmulatorSuite } from './project-fixture.js';

/** A value that, printed raw, would end the line, forge a new one ("FORGED …"), split it at U+2028 and colour the terminal. */
const hostile = (base: string) => `${base}\nFORGED ${base}\u2028after\u001b[31mred`;

const IDS = {
  userPoolId: 'us-east-1_Hostile01',
  webClientId: 'hostilewebclient1',
  nativeClientId: 'hostilenativeclient2',
  identityPoolId: 'us-east-1:6e1d2c3b-4a5f-4e6d-8c7b-9a0f1e2d3c4b',
  otherIdentityPoolId: 'us-east-1:0f1e2d3c-4b5a-4968-8776-655443322110',
  authRole: 'hostile-auth-role',
  unauthRole: 'hostile-unauth-role',
} as const;

function hostileWorld(): World {
  const world = demoWorld();
  world.userPools.push({
    id: IDS.userPoolId,
    name: hostile('pool'),
    clients: [
      { id: IDS.webClientId, name: hostile('web'), ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
      { id: IDS.nativeClientId, name: hostile('native'), ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
    ],
    users: [],
  });
  world.roles.push(
    { name: IDS.authRole, trustPolicy: cognitoTrustPolicy(IDS.identityPoolId, 'authenticated') },
    { name: IDS.unauthRole, trustPolicy: cognitoTrustPolicy(IDS.identityPoolId, 'unauthenticated') },
  );
  world.identityPools.push({
    id: IDS.identityPoolId,
    name: hostile('identities'),
    allowUnauthenticatedIdentities: true,
    providers: [{ providerName: `cognito-idp.us-east-1.amazonaws.com/${IDS.userPoolId}`, clientId: IDS.webClientId }],
    roles: { authenticated: roleArn(world, IDS.authRole), unauthenticated: roleArn(world, IDS.unauthRole) },
  });
  // Trusts the pool, but its roles trust the first identity pool: validation names all of them.
  world.identityPools.push({
    id: IDS.otherIdentityPoolId,
    name: hostile('borrowed'),
    allowUnauthenticatedIdentities: true,
    providers: [{ providerName: `cognito-idp.us-east-1.amazonaws.com/${IDS.userPoolId}`, clientId: IDS.nativeClientId }],
    roles: { authenticated: roleArn(world, IDS.authRole), unauthenticated: roleArn(world, IDS.unauthRole) },
  });
  return world;
}

const { newProject } = useEmulatorSuite(hostileWorld, { workDirPrefix: 'mycli-hostile-', projectName: 'shop' });

const importArgs = (identityPoolId: string) => [
  'import', 'auth', '--yes',
  '--user-pool-id', IDS.userPoolId,
  '--web-client-id', IDS.webClientId,
  '--native-client-id', IDS.nativeClientId,
  '--identity-pool-id', identityPoolId,
];

/** Every line is one line: no raw line or paragraph separator, carriage return or escape, and no forged line. */
function expectOneLineEach(output: string): void {
  expect(output).not.toMatch(/[\u2028\u2029\r\u001b\u0085]/);
  for (const line of output.split('\n')) expect(line.replace(/^[\s✔✖⚠│]+/, '')).not.toMatch(/^FORGED/);
}

async function run(project: TestProject, args: string[]): Promise<{ code: number | null; output: string }> {
  const result = await project.run(args);
  return { code: result.code, output: `${result.stdout}${result.stderr}` };
}

describe('hostile names from AWS', () => {
  it('a refused import names the pool, the clients and the identity pool escaped, on one line each', async () => {
    const project = await newProject();
    const result = await run(project, importArgs(IDS.otherIdentityPoolId));
    expect(result.code).toBe(1);
    expectOneLineEach(result.output);
    expect(result.output).toContain(`'borrowed\\nFORGED borrowed\\u2028after\\u001b[31mred' (${IDS.otherIdentityPoolId})`);
    expect(result.output).toContain("'web\\nFORGED web\\u2028after\\u001b[31mred' (hostilewebclient1)");
    // A command to copy keeps the name exact, in bash's $'…' quoting.
    expect(result.output).toContain("--identity-pool-name $'borrowed\\nFORGED borrowed\\u2028after\\u001b[31mred'");
  });

  it('a successful import, status, push and env list print them escaped', async () => {
    const project = await newProject();
    for (const args of [importArgs(IDS.identityPoolId), ['status'], ['push', '--yes'], ['env', 'list'], ['status', '--policies']]) {
      const result = await run(project, args);
      expect(result.code, result.output).toBe(0);
      expectOneLineEach(result.output);
    }
    const imported = await run(project, ['env', 'checkout', 'dev', '--yes']);
    expect(imported.output).toContain("'pool\\nFORGED pool\\u2028after\\u001b[31mred' (us-east-1_Hostile01)");
  });

  it('a malformed id on the command line is refused before any AWS call, escaped, on one line each', async () => {
    const project = await newProject();
    const result = await run(project, importArgs('us-east-1:nosuch\nFORGED id\u2028'));
    expect(result.code).toBe(2);
    expectOneLineEach(result.output);
    expect(result.output).toContain("--identity-pool-id: 'us-east-1:nosuch\\nFORGED id\\u2028' is not an identity pool id");
  });

  it("an id AWS echoes in its error message is escaped in the 'AWS said' line", async () => {
    const project = await newProject();
    await expectSuccess(project.run(importArgs(IDS.identityPoolId)));
    // A recorded id (a project file is untrusted too) reaches AWS when the environment is checked again.
    const tpi = await project.readJson('amplify/team-provider-info.json');
    tpi.dev.categories.auth.shop.identityPoolId = 'us-east-1:nosuch\nFORGED id\u2028';
    await writeFile(path.join(project.dir, 'amplify/team-provider-info.json'), JSON.stringify(tpi));
    const result = await run(project, ['check']);
    expect(result.code).toBe(1);
    expectOneLineEach(result.output);
    expect(result.output).toContain('us-east-1:nosuch\\nFORGED id\\u2028');
  });
});

describe('hostile values in project files', () => {
  it('an environment name and a recorded id are escaped in messages and tables', async () => {
    const project = await newProject();
    await expectSuccess(project.run(importArgs(IDS.identityPoolId)));
    const tpi = await project.readJson('amplify/team-provider-info.json');
    tpi.dev.categories.auth.shop.userPoolId = 'us-east-1_x\nFORGED row\u2028';
    await writeFile(path.join(project.dir, 'amplify/team-provider-info.json'), JSON.stringify(tpi));
    const list = await run(project, ['env', 'list']);
    expect(list.code).toBe(0);
    expectOneLineEach(list.output);
    expect(list.output).toContain('us-east-1_x\\nFORGED row\\u2028');

    await writeFile(path.join(project.dir, 'amplify/.config/local-env-info.json'), JSON.stringify({ envName: 'dev\nFORGED env\u001b[2J' }));
    const status = await run(project, ['status']);
    expect(status.code).toBe(1);
    expectOneLineEach(status.output);
    expect(status.output).toContain("names environment 'dev\\nFORGED env\\u001b[2J'");
  });
});
