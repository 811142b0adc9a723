// The built CLI against cognito-local and the Cognito Identity / IAM stub: init, import auth (flags, headless,
// refusals), the files it records, and the config it writes, loaded by aws-amplify v6 to sign a seeded user in.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResourcesConfig } from 'aws-amplify';
import { describe, expect, it } from 'vitest';
import { cognitoTrustPolicy, DEMO_IDS, demoWorld } from '../support/world.js';
import { DEMO_FULL_IMPORT, expectSuccess, useEmulatorSuite } from './project-fixture.js';

const NATIVE_SECRET = demoWorld().userPools[0]?.clients.find((client) => client.secret)?.secret as string;
const fullImport = [...DEMO_FULL_IMPORT];

const { emulators, newProject, emptyProject } = useEmulatorSuite(demoWorld);

describe('mycli init', () => {
  it('creates the Gen 1 layout and leaves an existing project alone', async () => {
    const project = await newProject({ initArgs: ['--env', 'prod', '--source-dir', 'web/src'] });
    expect(await project.readJson('amplify/.config/project-config.json')).toMatchObject({
      projectName: 'shop',
      frontend: 'javascript',
      javascript: { config: { SourceDir: 'web/src' } },
      providers: ['awscloudformation'],
    });
    expect(await project.readJson('amplify/.config/local-env-info.json')).toMatchObject({ envName: 'prod' });
    expect(await project.readJson('amplify/team-provider-info.json')).toEqual({
      prod: { awscloudformation: { Region: 'us-east-1' }, categories: {} },
    });
    expect(await project.readJson('amplify/backend/backend-config.json')).toEqual({});

    const before = await project.snapshot();
    const again = await project.run(['init', '--yes', '--name', 'other']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already exists');
    expect(await project.snapshot()).toEqual(before);
  });

  it('import auth outside a project says to run mycli init (exit 1)', async () => {
    const project = await emptyProject();
    const result = await project.run(fullImport);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('mycli init');
  });
});

describe('mycli import auth --yes with every id', () => {
  it('records the pool, clients, identity pool and roles, and writes a config aws-amplify signs in with', async () => {
    const project = await newProject();
    emulators().stub.resetCalls();
    const result = await project.run(fullImport);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`'acme-users' (${DEMO_IDS.userPoolId})`);
    expect(result.stderr).toContain('mycli push');

    // Named ids: describe what was named, list nothing.
    const operations = emulators().stub.calls.map((call) => call.operation).sort();
    expect(operations).toEqual(['DescribeIdentityPool', 'GetIdentityPoolRoles', 'GetRole', 'GetRole']);

    const backendConfig = await project.readJson('amplify/backend/backend-config.json');
    expect(backendConfig.auth.shop).toMatchObject({ service: 'Cognito', serviceType: 'imported', providerPlugin: 'awscloudformation' });
    const meta = await project.readJson('amplify/backend/amplify-meta.json');
    expect(meta.auth.shop.output).toMatchObject({
      UserPoolId: DEMO_IDS.userPoolId,
      UserPoolName: 'acme-users',
      AppClientIDWeb: DEMO_IDS.webClientId,
      AppClientID: DEMO_IDS.nativeClientId,
      IdentityPoolId: DEMO_IDS.identityPoolId,
      IdentityPoolName: 'acme_identities',
    });
    const teamProvider = await project.readJson('amplify/team-provider-info.json');
    expect(teamProvider.dev.categories.auth.shop).toEqual({
      userPoolId: DEMO_IDS.userPoolId,
      userPoolName: 'acme-users',
      webClientId: DEMO_IDS.webClientId,
      nativeClientId: DEMO_IDS.nativeClientId,
      identityPoolId: DEMO_IDS.identityPoolId,
      identityPoolName: 'acme_identities',
      allowUnauthenticatedIdentities: true,
      authRoleArn: `arn:aws:iam::123456789012:role/${DEMO_IDS.authRoleName}`,
      authRoleName: DEMO_IDS.authRoleName,
      unauthRoleArn: `arn:aws:iam::123456789012:role/${DEMO_IDS.unauthRoleName}`,
      unauthRoleName: DEMO_IDS.unauthRoleName,
    });
    expect(await project.readJson('amplify/backend/auth/shop/parameters.json')).toMatchObject({
      authSelections: 'identityPoolAndUserPool',
      serviceType: 'imported',
      region: 'us-east-1',
      usernameAttributes: ['email', 'phone_number'],
    });

    // The native client has a secret: it must be nowhere in the project.
    for (const [file, content] of await project.snapshot()) expect(content, file).not.toContain(NATIVE_SECRET);

    const config = await project.loadAwsExports();
    expect(await project.readJson('src/amplifyconfiguration.json')).toEqual(config);
    expect(config).toMatchObject({
      aws_project_region: 'us-east-1',
      aws_cognito_region: 'us-east-1',
      aws_user_pools_id: DEMO_IDS.userPoolId,
      aws_user_pools_web_client_id: DEMO_IDS.webClientId,
      aws_cognito_identity_pool_id: DEMO_IDS.identityPoolId,
      aws_cognito_username_attributes: ['EMAIL', 'PHONE_NUMBER'],
      aws_cognito_mfa_configuration: 'OPTIONAL',
      aws_cognito_mfa_types: ['SMS', 'TOTP'],
    });
    expect(config).not.toHaveProperty('oauth');

    await signInWith(config);
  });

  it('imports a user pool only when no identity pool id is given', async () => {
    const project = await newProject();
    const result = await project.run(['import', 'auth', '--yes', '--user-pool-id', DEMO_IDS.userPoolId, '--web-client-id', DEMO_IDS.webClientId]);
    expect(result.code, result.stderr).toBe(0);
    const config = await project.loadAwsExports();
    expect(config.aws_user_pools_id).toBe(DEMO_IDS.userPoolId);
    expect(config).not.toHaveProperty('aws_cognito_identity_pool_id');
    const params = await project.readJson('amplify/backend/auth/shop/parameters.json');
    expect(params.authSelections).toBe('userPoolOnly');
    // The native client defaults to the web client, without a warning about it.
    expect(result.stderr).not.toContain('separate clients are recommended');
    expect((await project.readJson('amplify/team-provider-info.json')).dev.categories.auth.shop.nativeClientId).toBe(DEMO_IDS.webClientId);
  });

  it('picks the only secretless client when --web-client-id is left out', async () => {
    const project = await newProject();
    const result = await project.run(['import', 'auth', '--yes', '--user-pool-id', DEMO_IDS.userPoolId]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`'acme-web' (${DEMO_IDS.webClientId}) was selected`);
  });

  it('keeps the keys other categories put in aws-exports.js', async () => {
    const project = await newProject();
    await mkdir(path.join(project.dir, 'src'), { recursive: true });
    await writeFile(
      path.join(project.dir, 'src', 'amplifyconfiguration.json'),
      JSON.stringify({ aws_project_region: 'us-east-1', aws_user_files_s3_bucket: 'shop-media', aws_user_files_s3_bucket_region: 'us-east-1' }),
    );
    const result = await project.run(fullImport);
    expect(result.code, result.stderr).toBe(0);
    const config = await project.loadAwsExports();
    expect(config).toMatchObject({ aws_user_files_s3_bucket: 'shop-media', aws_user_pools_id: DEMO_IDS.userPoolId });
  });
});

describe('mycli import auth --headless', () => {
  it('reads the Amplify Gen 1 payload from standard input', async () => {
    const project = await newProject();
    const payload = {
      version: 1,
      userPoolId: DEMO_IDS.userPoolId,
      webClientId: DEMO_IDS.webClientId,
      nativeClientId: DEMO_IDS.nativeClientId,
      identityPoolId: DEMO_IDS.identityPoolId,
    };
    const result = await project.run(['import', 'auth', '--headless'], JSON.stringify(payload));
    expect(result.code, result.stderr).toBe(0);
    expect((await project.loadAwsExports()).aws_cognito_identity_pool_id).toBe(DEMO_IDS.identityPoolId);
  });

  it('rejects a payload without userPoolId as wrong usage (exit 2), naming the field', async () => {
    const project = await newProject();
    const result = await project.run(['import', 'auth', '--headless'], JSON.stringify({ version: 1, webClientId: 'x' }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('userPoolId');
  });
});

describe('refusals leave the project as it was', () => {
  it('refuses a web client with a secret, naming it and how to create a secretless one', async () => {
    const project = await newProject();
    const before = await project.snapshot();
    const result = await project.run([
      'import', 'auth', '--yes',
      '--user-pool-id', DEMO_IDS.legacyUserPoolId,
      '--web-client-id', DEMO_IDS.legacyClientId,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`'legacy-admin-app' (${DEMO_IDS.legacyClientId}) has a client secret`);
    expect(result.stderr).toContain('--no-generate-secret');
    expect(result.stderr).toContain('Nothing was written');
    expect(await project.snapshot()).toEqual(before);
  });

  it('refuses an identity pool that does not trust the user pool through the web client', async () => {
    const project = await newProject();
    const result = await project.run([
      'import', 'auth', '--yes',
      '--user-pool-id', DEMO_IDS.userPoolId,
      '--web-client-id', DEMO_IDS.webClientId,
      '--identity-pool-id', DEMO_IDS.partnerIdentityPoolId,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("does not list user pool 'acme-users'");
    expect(result.stderr).toContain('1 problem');
    expect(result.stderr).toContain('aws cognito-identity update-identity-pool');
  });

  it('refuses an authenticated role whose trust policy admits another identity pool, with the fix command', async () => {
    const project = await newProject();
    const role = emulators().stub.state.roles.get(DEMO_IDS.authRoleName);
    if (!role) throw new Error('seeded auth role missing');
    const seeded = role.trustPolicy;
    role.trustPolicy = cognitoTrustPolicy(DEMO_IDS.partnerIdentityPoolId, 'authenticated');
    try {
      const before = await project.snapshot();
      const result = await project.run(fullImport);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(DEMO_IDS.authRoleName);
      expect(result.stderr).toContain('aws iam update-assume-role-policy');
      expect(await project.snapshot()).toEqual(before);
    } finally {
      role.trustPolicy = seeded;
    }
  });

  it('refuses a pool from another region than the project', async () => {
    const project = await newProject({ initArgs: ['--region', 'eu-west-1'] });
    emulators().stub.resetCalls();
    const result = await project.run(fullImport);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`User pool ${DEMO_IDS.userPoolId} is in us-east-1, but this project environment is in eu-west-1`);
    expect(result.stderr).toContain('mycli env add <name> --region us-east-1');
    expect(emulators().stub.calls).toEqual([]);

    const overridden = await project.run([...fullImport, '--region', 'us-east-1']);
    expect(overridden.code).toBe(2);
    expect(overridden.stderr).toContain("Environment 'dev' of this project is in eu-west-1");
  });

  it('refuses a second import and says to remove auth first', async () => {
    const project = await newProject();
    expect((await project.run(fullImport)).code).toBe(0);
    const before = await project.snapshot();
    const again = await project.run(fullImport);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('mycli remove auth');
    expect(await project.snapshot()).toEqual(before);
  });

  it('with --yes and several pools, names the flag instead of prompting (exit 2)', async () => {
    const project = await newProject();
    const result = await project.run(['import', 'auth', '--yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--user-pool-id');
  });

  it('reports an unparseable project file by path and line and does not overwrite it', async () => {
    const project = await newProject();
    const broken = '{\n  "dev": {\n    "awscloudformation": { "Region": "us-east-1" },\n    oops\n  }\n}\n';
    await writeFile(path.join(project.dir, 'amplify', 'team-provider-info.json'), broken);
    const before = await project.snapshot();
    const result = await project.run(fullImport);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/team-provider-info\.json:4:\d+/);
    expect(await project.snapshot()).toEqual(before);
  });

  it('names a user pool id that does not exist', async () => {
    const project = await newProject();
    const result = await project.run(['import', 'auth', '--yes', '--user-pool-id', 'us-east-1_Missing00', '--web-client-id', 'abc']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('us-east-1_Missing00');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace without --debug
  });
});

async function signInWith(config: Record<string, any>): Promise<void> {
  const { Amplify } = await import('aws-amplify');
  const auth = await import('aws-amplify/auth');
  Amplify.configure(config);
  const parsed = Amplify.getConfig();
  const cognito = parsed.Auth?.Cognito;
  expect(cognito).toMatchObject({
    userPoolId: DEMO_IDS.userPoolId,
    userPoolClientId: DEMO_IDS.webClientId,
    identityPoolId: DEMO_IDS.identityPoolId,
    loginWith: { email: true, phone: true },
    mfa: { status: 'optional', totpEnabled: true, smsEnabled: true },
  });
  // The generated file has no endpoints: real Cognito would be used. Point the client at the local stand-ins.
  const withLocalEndpoints = {
    ...parsed,
    Auth: { Cognito: { ...cognito, userPoolEndpoint: emulators().cognitoLocal.endpoint, identityPoolEndpoint: emulators().stub.endpoint } },
  } as ResourcesConfig;
  Amplify.configure(withLocalEndpoints);
  try {
    const signedIn = await auth.signIn({
      username: DEMO_IDS.demoUser.username,
      password: DEMO_IDS.demoUser.password,
      options: { authFlowType: 'USER_PASSWORD_AUTH' },
    });
    expect(signedIn.isSignedIn).toBe(true);
    const session = await auth.fetchAuthSession();
    expect(session.tokens?.idToken?.payload.email).toBe(DEMO_IDS.demoUser.username);
    expect(session.credentials?.accessKeyId).toBeTruthy();
  } finally {
    await auth.signOut();
  }
}

describe('mycli import auth --yes --with-identity-pool', () => {
  it('discovers the one identity pool that trusts the pool through the web client, without prompting', async () => {
    const project = await newProject();
    emulators().stub.resetCalls();
    const result = await project.run([
      'import', 'auth', '--yes', '--with-identity-pool',
      '--user-pool-id', DEMO_IDS.userPoolId,
      '--web-client-id', DEMO_IDS.webClientId,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`'acme_identities' (${DEMO_IDS.identityPoolId}) was selected`);
    expect(emulators().stub.calls.map((call) => call.operation)).toContain('ListIdentityPools');
    expect((await project.loadAwsExports()).aws_cognito_identity_pool_id).toBe(DEMO_IDS.identityPoolId);
  });

  it('contradicts --user-pool-only (exit 2)', async () => {
    const project = await newProject();
    const result = await project.run(['import', 'auth', '--yes', '--with-identity-pool', '--user-pool-only', '--user-pool-id', DEMO_IDS.userPoolId]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--with-identity-pool');
  });
});

describe('summaries and flags that cannot apply', () => {
  it('aligns the summary, quotes names one way, lists each written file once', async () => {
    const project = await newProject();
    const result = await project.run(fullImport);
    expect(result.code, result.stderr).toBe(0);
    const details = result.stderr.split('\n').filter((line) => /^ {2}(web client|native client|signed-in role|guest role):/.test(line));
    expect(details).toEqual([
      `  web client:     'acme-web' (${DEMO_IDS.webClientId})`,
      `  native client:  'acme-native' (${DEMO_IDS.nativeClientId})`,
      `  signed-in role: arn:aws:iam::123456789012:role/${DEMO_IDS.authRoleName}`,
      `  guest role:     arn:aws:iam::123456789012:role/${DEMO_IDS.unauthRoleName}`,
    ]);
    const files = result.stderr.split('\n').filter((line) => /^ {2}(created|updated|deleted) /.test(line)).map((line) => line.split(' ').pop());
    expect(files.length).toBeGreaterThan(3);
    expect(new Set(files).size).toBe(files.length);
  });

  it('warns about one client for web and native only when both were named', async () => {
    const defaulted = await newProject();
    const withDefault = await defaulted.run(['import', 'auth', '--yes', '--user-pool-id', DEMO_IDS.userPoolId, '--web-client-id', DEMO_IDS.webClientId]);
    expect(withDefault.code, withDefault.stderr).toBe(0);
    expect(withDefault.stderr).not.toContain('is used for both the web and the native app');
    expect(withDefault.stderr).toContain(`native client: 'acme-web' (${DEMO_IDS.webClientId}) (the web client)`);

    const named = await newProject();
    const bothNamed = await named.run([
      'import', 'auth', '--yes', '--user-pool-id', DEMO_IDS.userPoolId, '--web-client-id', DEMO_IDS.webClientId, '--native-client-id', DEMO_IDS.webClientId,
    ]);
    expect(bothNamed.code, bothNamed.stderr).toBe(0);
    expect(bothNamed.stderr).toContain('is used for both the web and the native app');
  });

  it('refuses a --region the environment is not in (push, import storage, env checkout), before any AWS call (exit 2)', async () => {
    const project = await newProject();
    await expectSuccess(project.run(fullImport));
    emulators().stub.resetCalls();
    const commands: Array<[string, string[]]> = [
      ['push', ['push', '--yes']],
      ['import storage', ['import', 'storage', '--yes', '--bucket', DEMO_IDS.mediaBucket, '--auth-access', 'read']],
      ['env checkout', ['env', 'checkout', 'dev', '--yes']],
    ];
    for (const [name, args] of commands) {
      const result = await project.run(['--region', 'eu-west-1', ...args]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`Environment 'dev' of this project is in us-east-1; \`mycli ${name}\` cannot work in --region eu-west-1.`);
    }
    expect(emulators().stub.calls).toEqual([]);
    // The project's own region may be named.
    await expectSuccess(project.run(['--region', 'us-east-1', 'push', '--yes']));
  });
});
