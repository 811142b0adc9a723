// Every frontend's config files through the built CLI against cognito-local and the stub: init --frontend → import auth
// and storage → the files exist with the right content (schema-valid amplify_outputs, no secret) → env checkout
// switches them → remove auth removes the auth part; configure project moves a project between frontends; and the
// generated amplify_outputs.json signs the seeded user in with the real aws-amplify v6 client.
import type { ResourcesConfig } from 'aws-amplify';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectValidAmplifyOutputs } from '../support/amplify-outputs-validator.js';
import { DEMO_IDS, type World } from '../support/world.js';
import { lifecycleWorld, STAGING_IDS } from './lifecycle-world.js';
import { runCliInTerminal } from '../support/run-cli.js';
import { expectSuccess, type TestProject, useEmulatorSuite } from './project-fixture.js';

/** A secretless native client of the demo pool, with an app-scheme hosted UI, trusted by the demo identity pool. */
const MOBILE = {
  clientId: '3m8q2w6acmemobile1x5c9v3b7n',
  domain: 'acme-users',
  callbackUrl: 'acme://signed-in/',
  logoutUrl: 'acme://signed-out/',
} as const;
const NATIVE_SECRET = '1q9f3k7s0acmenativesecret5v2m8x4d6h0j2l4n6p8r0t2v4x';

function clientConfigWorld(): World {
  const world = lifecycleWorld();
  const pool = world.userPools.find((candidate) => candidate.id === DEMO_IDS.userPoolId)!;
  pool.options = { ...pool.options, Domain: MOBILE.domain };
  pool.clients.push({
    id: MOBILE.clientId,
    name: 'acme-mobile',
    SupportedIdentityProviders: ['COGNITO'],
    CallbackURLs: [MOBILE.callbackUrl],
    LogoutURLs: [MOBILE.logoutUrl],
    AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: ['openid', 'email'],
    AllowedOAuthFlowsUserPoolClient: true,
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  const identityPool = world.identityPools.find((candidate) => candidate.id === DEMO_IDS.identityPoolId)!;
  identityPool.providers.push({ providerName: `cognito-idp.us-east-1.amazonaws.com/${DEMO_IDS.userPoolId}`, clientId: MOBILE.clientId });
  return world;
}

const { emulators, newProject, emptyProject } = useEmulatorSuite(clientConfigWorld, { workDirPrefix: 'mycli-client-configs-' });

const importAuth = (nativeClientId: string) => [
  'import', 'auth', '--yes',
  '--user-pool-id', DEMO_IDS.userPoolId,
  '--web-client-id', DEMO_IDS.webClientId,
  '--native-client-id', nativeClientId,
  '--identity-pool-id', DEMO_IDS.identityPoolId,
];
const importStorage = ['import', 'storage', '--yes', '--bucket', DEMO_IDS.mediaBucket, '--auth-access', 'create,read,delete'];
const addStaging = [
  'env', 'add', 'staging', '--yes',
  '--user-pool-id', STAGING_IDS.userPoolId,
  '--web-client-id', STAGING_IDS.webClientId,
  '--identity-pool-id', STAGING_IDS.identityPoolId,
];

type Json = Record<string, any>;

/** What Dart makes of `const <name> = r'''…''';`: the raw string's characters, which must be the whole declaration. */
function dartRawString(text: string, name: string): Json {
  const body = text.replace(/^(\/\/[^\n]*\n)*/, '');
  const prefix = `const ${name} = r'''`;
  expect(body.startsWith(prefix)).toBe(true);
  const rest = body.slice(prefix.length);
  expect(rest.indexOf("'''")).toBe(rest.length - "''';\n".length);
  return JSON.parse(rest.slice(0, rest.indexOf("'''"))) as Json;
}

/** Each frontend's files, read as its Amplify library would: the Gen 1 auth plugin object and the Gen 2 object. */
interface FrontendCase {
  frontend: 'javascript' | 'android' | 'ios' | 'flutter';
  files: string[];
  /** The client this frontend signs in with in the demo pool. */
  clientId: string;
  gen1Auth(project: TestProject): Promise<Json | undefined>;
  gen1Storage(project: TestProject): Promise<Json | undefined>;
  gen2(project: TestProject): Promise<Json>;
}

const nativeGen1 = (dir: string) => ({
  gen1Auth: async (project: TestProject) => (await project.readJson(path.posix.join(dir, 'amplifyconfiguration.json'))).auth?.plugins?.awsCognitoAuthPlugin,
  gen1Storage: async (project: TestProject) =>
    (await project.readJson(path.posix.join(dir, 'amplifyconfiguration.json'))).storage?.plugins?.awsS3StoragePlugin,
});

const CASES: FrontendCase[] = [
  {
    frontend: 'javascript',
    files: ['src/aws-exports.js', 'src/amplifyconfiguration.json', 'amplify_outputs.json'],
    clientId: DEMO_IDS.webClientId,
    gen1Auth: async (project) => {
      const config = await project.loadAwsExports();
      expect(await project.readJson('src/amplifyconfiguration.json')).toEqual(config);
      return config.aws_user_pools_id ? config : undefined;
    },
    gen1Storage: async (project) => {
      const config = await project.loadAwsExports();
      return config.aws_user_files_s3_bucket ? { bucket: config.aws_user_files_s3_bucket } : undefined;
    },
    gen2: (project) => project.readJson('amplify_outputs.json'),
  },
  {
    frontend: 'android',
    files: ['app/src/main/res/raw/amplifyconfiguration.json', 'app/src/main/res/raw/awsconfiguration.json', 'app/src/main/res/raw/amplify_outputs.json'],
    clientId: MOBILE.clientId,
    ...nativeGen1('app/src/main/res/raw'),
    gen2: (project) => project.readJson('app/src/main/res/raw/amplify_outputs.json'),
  },
  {
    frontend: 'ios',
    files: ['amplifyconfiguration.json', 'awsconfiguration.json', 'amplify_outputs.json'],
    clientId: MOBILE.clientId,
    ...nativeGen1('.'),
    gen2: (project) => project.readJson('amplify_outputs.json'),
  },
  {
    frontend: 'flutter',
    files: ['lib/amplifyconfiguration.dart', 'lib/amplify_outputs.dart'],
    clientId: MOBILE.clientId,
    gen1Auth: async (project) => dartRawString(await project.readText('lib/amplifyconfiguration.dart'), 'amplifyconfig').auth?.plugins?.awsCognitoAuthPlugin,
    gen1Storage: async (project) =>
      dartRawString(await project.readText('lib/amplifyconfiguration.dart'), 'amplifyconfig').storage?.plugins?.awsS3StoragePlugin,
    gen2: async (project) => dartRawString(await project.readText('lib/amplify_outputs.dart'), 'amplifyConfig'),
  },
];

/** The pool id and client id a Gen 1 auth object names, whichever shape it has. */
function gen1Ids(auth: Json): { poolId: string; clientId: string } {
  if ('aws_user_pools_id' in auth) return { poolId: auth.aws_user_pools_id, clientId: auth.aws_user_pools_web_client_id };
  return { poolId: auth.CognitoUserPool.Default.PoolId, clientId: auth.CognitoUserPool.Default.AppClientId };
}

describe.each(CASES)('$frontend project', (testCase) => {
  it('init → import auth and storage → its files → env checkout switches them → remove auth removes the auth part', async () => {
    const project = await newProject({ initArgs: ['--frontend', testCase.frontend] });
    expect((await project.readJson('amplify/.config/project-config.json')).frontend).toBe(testCase.frontend);

    const imported = await expectSuccess(project.run(importAuth(MOBILE.clientId)));
    for (const file of testCase.files) expect(imported.stderr).toContain(`created ${path.normalize(file)}`);
    await expectSuccess(project.run(importStorage));

    // Gen 1: the client of this platform, the hosted UI of that same client, storage.
    const gen1 = await testCase.gen1Auth(project);
    expect(gen1Ids(gen1!)).toEqual({ poolId: DEMO_IDS.userPoolId, clientId: testCase.clientId });
    if (testCase.frontend !== 'javascript') {
      expect(gen1!.CredentialsProvider.CognitoIdentity.Default.PoolId).toBe(DEMO_IDS.identityPoolId);
      expect(gen1!.Auth.Default.OAuth).toEqual({
        WebDomain: `${MOBILE.domain}.auth.us-east-1.amazoncognito.com`,
        AppClientId: MOBILE.clientId,
        SignInRedirectURI: MOBILE.callbackUrl,
        SignOutRedirectURI: MOBILE.logoutUrl,
        Scopes: ['openid', 'email'],
      });
      expect(gen1!.Auth.Default.usernameAttributes).toEqual(['EMAIL', 'PHONE_NUMBER']);
    }
    expect(await testCase.gen1Storage(project)).toMatchObject({ bucket: DEMO_IDS.mediaBucket });

    // Gen 2: schema-valid, same client, same hosted UI.
    const gen2 = await testCase.gen2(project);
    expectValidAmplifyOutputs(gen2);
    expect(gen2.auth).toMatchObject({
      user_pool_id: DEMO_IDS.userPoolId,
      user_pool_client_id: testCase.clientId,
      identity_pool_id: DEMO_IDS.identityPoolId,
      username_attributes: ['email', 'phone_number'],
      mfa_methods: ['SMS', 'TOTP'],
      unauthenticated_identities_enabled: true,
    });
    expect(gen2.auth.oauth !== undefined).toBe(testCase.frontend !== 'javascript');
    expect(gen2.storage).toEqual({ aws_region: 'us-east-1', bucket_name: DEMO_IDS.mediaBucket });

    // No secret anywhere in the project.
    for (const [file, content] of await project.snapshot()) expect(content, file).not.toContain(NATIVE_SECRET);

    // Another environment on another pool, then back.
    await expectSuccess(project.run(addStaging));
    expect(gen1Ids((await testCase.gen1Auth(project))!)).toEqual({ poolId: STAGING_IDS.userPoolId, clientId: STAGING_IDS.webClientId });
    const staging = await testCase.gen2(project);
    expectValidAmplifyOutputs(staging);
    expect(staging.auth).toMatchObject({ user_pool_id: STAGING_IDS.userPoolId, unauthenticated_identities_enabled: false });
    await expectSuccess(project.run(['env', 'checkout', 'dev']));
    expect(gen1Ids((await testCase.gen1Auth(project))!)).toEqual({ poolId: DEMO_IDS.userPoolId, clientId: testCase.clientId });
    expect((await testCase.gen2(project)).auth.user_pool_id).toBe(DEMO_IDS.userPoolId);

    await expectSuccess(project.run(['remove', 'storage', '--yes']));
    expect(await testCase.gen1Storage(project)).toBeUndefined();
    await expectSuccess(project.run(['remove', 'auth', '--yes']));
    expect(await testCase.gen1Auth(project)).toBeUndefined();
    const removed = await testCase.gen2(project);
    expect(removed).toEqual({ version: '1.4' });
    for (const file of testCase.files) expect((await project.snapshot()).has(path.normalize(file)), file).toBe(true);
  });
});

describe('mycli init (interactive)', () => {
  it("asks the app's platform, javascript first, and records the one chosen with Gen 1's default res folder", async () => {
    const project = await emptyProject();
    const { CI: _ci, ...env } = emulators().env;
    const result = await runCliInTerminal(['init'], {
      cwd: project.dir,
      env,
      timeoutMs: 15_000,
      steps: [
        { expect: /Project name/, send: 'shop\r' },
        { expect: /Name of the first environment/, send: '\r' },
        { expect: /Your app's platform[\s\S]*❯ javascript/, send: '\u001b[B' },
        { expect: /❯ android/, send: '\r' },
        { expect: /AWS region of your Cognito resources[\s\S]*❯ us-east-1 \(configured\)/, send: '\r' },
      ],
    });
    expect(result.code, result.output).toBe(0);
    expect(await project.readJson('amplify/.config/project-config.json')).toMatchObject({
      frontend: 'android',
      android: { config: { ResDir: 'app/src/main/res' } },
      mycli: { outputs: 'both' },
    });
  });
});

describe('native clients with a secret', () => {
  it('are never written: the android config uses the web client, and the warning says the app needs a secretless client', async () => {
    const project = await newProject({ initArgs: ['--frontend', 'android'] });
    const result = await expectSuccess(project.run(importAuth(DEMO_IDS.nativeClientId)));
    expect(result.stderr).toContain(`Native client '${DEMO_IDS.nativeClientId}'`);
    expect(result.stderr).toContain('must sign in with a client without a secret');
    expect(result.stderr).toContain('--no-generate-secret');
    const gen2 = await project.readJson('app/src/main/res/raw/amplify_outputs.json');
    expect(gen2.auth.user_pool_client_id).toBe(DEMO_IDS.webClientId);
    for (const [file, content] of await project.snapshot()) {
      expect(content, file).not.toContain(NATIVE_SECRET);
      expect(content, file).not.toContain('AppClientSecret');
    }
  });
});

describe('mycli configure project', () => {
  it('moves a web project to flutter, gen2 only: the new files are written and the ones mycli wrote are deleted', async () => {
    const project = await newProject();
    await expectSuccess(project.run(importAuth(MOBILE.clientId)));
    await writeFile(path.join(project.dir, 'src', 'keep-me.js'), 'export {};\n');

    const result = await expectSuccess(project.run(['configure', 'project', '--frontend', 'flutter', '--outputs', 'gen2']));
    for (const deleted of ['src/aws-exports.js', 'src/amplifyconfiguration.json', 'amplify_outputs.json']) {
      expect(result.stderr).toContain(`deleted ${path.normalize(deleted)}`);
    }
    const files = [...(await project.snapshot()).keys()];
    expect(files).toContain(path.normalize('lib/amplify_outputs.dart'));
    expect(files).not.toContain(path.normalize('lib/amplifyconfiguration.dart'));
    expect(files).toContain(path.normalize('src/keep-me.js'));
    const projectConfig = await project.readJson('amplify/.config/project-config.json');
    expect(projectConfig).toMatchObject({ frontend: 'flutter', flutter: { config: { ResDir: './lib/' } }, mycli: { outputs: 'gen2' } });
    expect(projectConfig).not.toHaveProperty('javascript');
    const outputs = dartRawString(await project.readText('lib/amplify_outputs.dart'), 'amplifyConfig');
    expectValidAmplifyOutputs(outputs);
    expect(outputs.auth.user_pool_client_id).toBe(MOBILE.clientId);

    // Push rewrites the same files, and nothing else appears.
    await expectSuccess(project.run(['push', '--yes']));
    expect([...(await project.snapshot()).keys()].filter((file) => /amplify_?(outputs|configuration)|aws-?exports|awsconfiguration/.test(file)))
      .toEqual([path.normalize('lib/amplify_outputs.dart')]);
  });

  it('leaves a config file mycli did not create, and says so', async () => {
    const project = await newProject();
    await writeFile(path.join(project.dir, 'amplify_outputs.json'), '{"version":"1.4","custom":{"team":"kept"}}\n');
    await expectSuccess(project.run(importAuth(MOBILE.clientId)));
    expect((await project.readJson('amplify_outputs.json')).custom).toEqual({ team: 'kept' });
    const result = await expectSuccess(project.run(['configure', 'project', '--outputs', 'gen1']));
    expect(result.stderr).toContain("'amplify_outputs.json' no longer applies");
    expect((await project.readJson('amplify_outputs.json')).custom).toEqual({ team: 'kept' });
  });

  it('refuses unknown values and flags of another frontend (exit 2), changing nothing', async () => {
    const project = await newProject();
    const before = await project.snapshot();
    for (const args of [['--frontend', 'windows'], ['--outputs', 'gen3'], ['--frontend', 'ios', '--res-dir', 'x'], []]) {
      const result = await project.run(['configure', 'project', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
    }
    expect(await project.snapshot()).toEqual(before);
  });
});

describe('the generated amplify_outputs.json in aws-amplify v6', () => {
  it('gives the same Auth.Cognito as aws-exports.js and signs the seeded user in, with identity-pool credentials', async () => {
    const project = await newProject();
    await expectSuccess(project.run(importAuth(MOBILE.clientId)));
    const { Amplify } = await import('aws-amplify');
    const auth = await import('aws-amplify/auth');

    Amplify.configure(await project.loadAwsExports());
    const fromExports = Amplify.getConfig().Auth?.Cognito;
    const outputsText = await readFile(path.join(project.dir, 'amplify_outputs.json'), 'utf8');
    Amplify.configure(JSON.parse(outputsText));
    const fromOutputs = Amplify.getConfig().Auth?.Cognito;
    expect(JSON.parse(JSON.stringify(fromOutputs))).toEqual(JSON.parse(JSON.stringify(fromExports)));

    // The file names real Cognito; the client is pointed at the local stand-ins only by adding their endpoints.
    Amplify.configure({
      ...Amplify.getConfig(),
      Auth: { Cognito: { ...fromOutputs!, userPoolEndpoint: emulators().cognitoLocal.endpoint, identityPoolEndpoint: emulators().stub.endpoint } },
    } as ResourcesConfig);
    try {
      const signedIn = await auth.signIn({ ...DEMO_IDS.demoUser, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
      expect(signedIn.isSignedIn).toBe(true);
      const session = await auth.fetchAuthSession();
      expect(session.tokens?.idToken?.payload.email).toBe(DEMO_IDS.demoUser.username);
      expect(session.tokens?.idToken?.payload.aud).toBe(DEMO_IDS.webClientId);
      expect(session.credentials?.accessKeyId).toMatch(/^ASIA/);
      expect(session.identityId).toMatch(/^us-east-1:/);
    } finally {
      await auth.signOut();
    }
  });

  it("signs in with an android project's amplify_outputs.json through the native client", async () => {
    const project = await newProject({ initArgs: ['--frontend', 'android'] });
    await expectSuccess(project.run(importAuth(MOBILE.clientId)));
    const { Amplify } = await import('aws-amplify');
    const auth = await import('aws-amplify/auth');
    const url = pathToFileURL(path.join(project.dir, 'app/src/main/res/raw/amplify_outputs.json'));
    Amplify.configure(JSON.parse(await readFile(url, 'utf8')));
    const cognito = Amplify.getConfig().Auth!.Cognito;
    Amplify.configure({
      Auth: { Cognito: { ...cognito, userPoolEndpoint: emulators().cognitoLocal.endpoint, identityPoolEndpoint: emulators().stub.endpoint } },
    } as ResourcesConfig);
    try {
      await auth.signIn({ ...DEMO_IDS.demoUser, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
      const session = await auth.fetchAuthSession();
      expect(session.tokens?.idToken?.payload.aud).toBe(MOBILE.clientId);
      expect(session.credentials?.sessionToken).toBeTruthy();
    } finally {
      await auth.signOut();
    }
  });
});
