// `npm run demo`: the main job end to end on a machine with no AWS account. Local stand-ins play the account
// (cognito-local for user pools, a loopback stub for Cognito Identity and IAM); the built CLI imports the
// existing pools into a fresh app folder, and the real aws-amplify v6 client signs in with the config it wrote.

import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { startEmulators, type Emulators } from '../test/support/emulators.js';
import { runCli, type CliResult } from '../test/support/run-cli.js';
import { DEMO_IDS, demoWorld, roleArn, type World } from '../test/support/world.js';
import { Teardown } from './teardown.js';

type AmplifyConfig = Parameters<typeof Amplify.configure>[0];

const ACCESS_KEY_PREFIX_LENGTH = 8;

const startedAt = performance.now();
const teardown = new Teardown();
try {
  await runDemo();
  console.log(`\nDemo finished in ${seconds(performance.now() - startedAt)}.`);
} catch (error) {
  if (!teardown.interrupted) console.error(`\nDemo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await teardown.run();
}

async function runDemo(): Promise<void> {
  const root = await teardown.tempDir('mycli-demo-');
  const world = demoWorld();

  section('1. The "existing" AWS account (local stand-ins, no AWS account needed)');
  const emulators = await startEmulators(world, path.join(root, 'emulators'));
  teardown.add(() => emulators.stop());
  printSeededAccount(world, emulators);

  section('2. mycli init + mycli import auth (every id given, no prompts)');
  const appDir = await newAppFolder(root, 'demoapp');
  await mycli(['init', '--yes', '--name', 'demoapp'], appDir, emulators, 0);
  await mycli(
    [
      'import', 'auth', '--yes',
      '--user-pool-id', DEMO_IDS.userPoolId,
      '--web-client-id', DEMO_IDS.webClientId,
      '--native-client-id', DEMO_IDS.nativeClientId,
      '--identity-pool-id', DEMO_IDS.identityPoolId,
    ],
    appDir,
    emulators,
    0,
  );

  section('3. What the import wrote');
  const awsExportsFile = path.join(appDir, 'src', 'aws-exports.js');
  console.log('src/aws-exports.js:');
  printIndented(await readFile(awsExportsFile, 'utf8'));
  console.log('amplify/ files:');
  for (const file of await filesUnder(appDir, 'amplify')) console.log(`  ${file}`);

  section('4. The app signs in with aws-amplify v6 using the generated aws-exports.js');
  await signInWithGeneratedConfig(awsExportsFile, emulators);

  section("5. A refusal: user pool 'legacy-admin' has only an app client with a secret");
  await showRefusal(root, emulators);
}

function printSeededAccount(world: World, emulators: Emulators): void {
  for (const pool of world.userPools) {
    console.log(`user pool      '${pool.name}' (${pool.id}): ${pool.clients.length} app client(s), ${pool.users.length} user(s)`);
    for (const client of pool.clients) {
      console.log(`  app client   '${client.name}' (${client.id}): ${client.secret ? 'has a client secret' : 'no secret'}`);
    }
  }
  for (const pool of world.identityPools) {
    const providers = pool.providers.map((provider) => `${provider.providerName.split('/').pop()} via client ${provider.clientId}`);
    const guests = pool.allowUnauthenticatedIdentities ? 'guest access on' : 'guest access off';
    console.log(`identity pool  '${pool.name}' (${pool.id}): trusts ${providers.join(', ') || 'no user pool'}; ${guests}`);
  }
  for (const role of world.roles) {
    const arn = roleArn(world, role.name, role.path);
    const usedBy = world.identityPools.flatMap((pool) =>
      Object.entries(pool.roles)
        .filter(([, roleOfPool]) => roleOfPool === arn)
        .map(([kind]) => `${kind} role of '${pool.name}'`),
    );
    console.log(`IAM role       ${role.name}: ${usedBy.join(', ') || 'not used by an identity pool'}`);
  }
  console.log(`(cognito-idp at ${emulators.cognitoLocal.endpoint}; Cognito Identity and IAM at ${emulators.stub.endpoint})`);
}

/** A web app folder like a bundler template makes: ESM, so the generated aws-exports.js imports as a module. */
async function newAppFolder(root: string, name: string): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(dir);
  await writeFile(path.join(dir, 'package.json'), `${JSON.stringify({ name, private: true, type: 'module' }, null, 2)}\n`);
  return dir;
}

/** Runs the built CLI against the emulators, shows its own output, and fails the demo on an unexpected exit code. */
async function mycli(args: string[], cwd: string, emulators: Emulators, expectedCode: number): Promise<CliResult> {
  console.log(`$ mycli ${args.join(' ')}`);
  const result = await runCli(args, { cwd, env: emulators.env });
  printIndented(result.stderr + result.stdout);
  console.log(`  (exit code ${result.code})`);
  if (result.code !== expectedCode) {
    throw new Error(`mycli ${args.slice(0, 2).join(' ')} exited with ${result.code}, expected ${expectedCode} (its output is above).`);
  }
  return result;
}

async function signInWithGeneratedConfig(awsExportsFile: string, emulators: Emulators): Promise<void> {
  const { default: generated } = (await import(pathToFileURL(awsExportsFile).href)) as { default: AmplifyConfig };
  Amplify.configure(generated);
  const parsed = Amplify.getConfig();
  const cognito = parsed.Auth?.Cognito;
  const { userPoolId, userPoolClientId, identityPoolId } = cognito ?? {};
  if (!cognito || !userPoolId || !userPoolClientId || !identityPoolId) {
    throw new Error(`${awsExportsFile} should give aws-amplify a user pool, its web client and an identity pool; it gave ${JSON.stringify(cognito)}.`);
  }
  // The only change to the generated config: point the SDK at the local stand-ins instead of AWS.
  const userPoolEndpoint = emulators.cognitoLocal.endpoint;
  const identityPoolEndpoint = emulators.stub.endpoint;
  Amplify.configure({
    ...parsed,
    Auth: { Cognito: { ...cognito, userPoolId, userPoolClientId, identityPoolId, userPoolEndpoint, identityPoolEndpoint } },
  });
  console.log(`Amplify configured: user pool ${userPoolId}, client ${userPoolClientId}, identity pool ${identityPoolId}`);

  const { username, password } = DEMO_IDS.demoUser;
  const result = await signIn({ username, password, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
  if (!result.isSignedIn) throw new Error(`signIn for ${username} stopped at step ${result.nextStep.signInStep} instead of signing in.`);
  try {
    const session = await fetchAuthSession();
    const email = session.tokens?.idToken?.payload.email;
    const accessKeyId = session.credentials?.accessKeyId;
    if (typeof email !== 'string') throw new Error('The id token after sign-in carries no email claim.');
    if (!accessKeyId) throw new Error(`No AWS credentials came from identity pool ${identityPoolId} after sign-in.`);
    console.log(`Signed in as ${email} (email claim of the id token).`);
    console.log(`AWS credentials from identity pool ${identityPoolId}: access key ${accessKeyId.slice(0, ACCESS_KEY_PREFIX_LENGTH)}… (identity ${session.identityId})`);
  } finally {
    await signOut();
  }
}

async function showRefusal(root: string, emulators: Emulators): Promise<void> {
  const appDir = await newAppFolder(root, 'legacy-app');
  await mycli(['init', '--yes', '--name', 'legacyapp'], appDir, emulators, 0);
  const before = await filesUnder(appDir, '.');
  const result = await mycli(
    ['import', 'auth', '--yes', '--user-pool-id', DEMO_IDS.legacyUserPoolId, '--web-client-id', DEMO_IDS.legacyClientId],
    appDir,
    emulators,
    1,
  );
  const after = await filesUnder(appDir, '.');
  const written = after.filter((file) => !before.includes(file));
  if (written.length > 0) throw new Error(`The refused import still wrote: ${written.join(', ')}.`);
  console.log(`Refused with exit code ${result.code}; files written by the refused import: none.`);
}

/** Files under `dir` (relative to `base`), sorted. */
async function filesUnder(base: string, dir: string): Promise<string[]> {
  const entries = await readdir(path.join(base, dir), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(base, path.join(entry.parentPath, entry.name)))
    .sort();
}

function section(title: string): void {
  console.log(`\n== ${title} ==`);
}

function printIndented(text: string): void {
  for (const line of text.trimEnd().split('\n')) console.log(`  ${line}`);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
