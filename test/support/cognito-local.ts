// Runs the `cognito-local` package as the Cognito user pools (cognito-idp) endpoint, seeded from a World.
// cognito-local keeps its state in JSON files under <cwd>/.cognito/db; we write them before it starts.

import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { regionOfUserPoolId } from '../../src/core/model.js';
import type { SeedClient, SeedUser, SeedUserPool, World } from './world.js';

export interface CognitoLocal {
  endpoint: string;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);
const packageDir = path.dirname(require.resolve('cognito-local/package.json'));
const startScript = path.join(packageDir, 'lib/bin/start.js');

interface SchemaAttribute {
  Name: string;
  [field: string]: unknown;
}

// The defaults cognito-local's own CreateUserPool applies (AWS's standard attributes and password policy),
// so a seeded pool describes like one created through the API.
const poolDefaults = (require(path.join(packageDir, 'lib/services/cognitoService.js')) as {
  USER_POOL_AWS_DEFAULTS: Record<string, unknown> & { SchemaAttributes: SchemaAttribute[]; Policies: { PasswordPolicy: object } };
}).USER_POOL_AWS_DEFAULTS;

const STARTUP_TIMEOUT_MS = 15_000;
const OUTPUT_TAIL_CHARS = 8_000;
const SEED_DATE = '2024-01-15T10:00:00.000Z';

export async function startCognitoLocal(world: World, workDir: string): Promise<CognitoLocal> {
  const dataDir = path.join(workDir, '.cognito', 'db');
  await mkdir(dataDir, { recursive: true });
  for (const pool of world.userPools) {
    await writeJson(path.join(dataDir, `${pool.id}.json`), userPoolFile(world, pool));
  }
  await writeJson(path.join(dataDir, 'clients.json'), clientsFile(world));
  // Tokens then carry the issuer real Cognito uses, which aws-amplify turns into the identity pool's
  // Logins key (`cognito-idp.<region>.amazonaws.com/<poolId>`). One issuer domain serves every pool,
  // so pools outside world.region get tokens naming world.region.
  await writeJson(path.join(workDir, '.cognito', 'config.json'), {
    TokenConfig: { IssuerDomain: `https://cognito-idp.${world.region}.amazonaws.com` },
  });

  const port = await findFreePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [startScript], {
    cwd: workDir,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput(child);
  try {
    await waitUntilAnswering(child, endpoint, output);
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return { endpoint, stop: () => stopProcess(child) };
}

function userPoolFile(world: World, pool: SeedUserPool): object {
  const region = regionOfUserPoolId(pool.id) ?? world.region;
  const seedOptions = pool.options ?? {};
  const options: Record<string, unknown> = {
    ...poolDefaults,
    ...seedOptions,
    Id: pool.id,
    Name: pool.name,
    Arn: `arn:aws:cognito-idp:${region}:${world.accountId}:userpool/${pool.id}`,
    CreationDate: SEED_DATE,
    LastModifiedDate: SEED_DATE,
    EstimatedNumberOfUsers: pool.users.length,
    Policies: mergePolicies(seedOptions.Policies as { PasswordPolicy?: object } | undefined),
    SchemaAttributes: mergeSchema((seedOptions.SchemaAttributes as SchemaAttribute[] | undefined) ?? []),
  };
  const usernameAttributes = (options.UsernameAttributes as string[] | undefined) ?? [];
  const users = Object.fromEntries(
    pool.users.map((user) => {
      const stored = storedUser(pool.id, user, usernameAttributes);
      return [stored.Username, stored];
    }),
  );
  return { Users: users, Groups: {}, Options: options };
}

function mergePolicies(seed: { PasswordPolicy?: object } | undefined): object {
  return {
    ...poolDefaults.Policies,
    ...seed,
    PasswordPolicy: { ...poolDefaults.Policies.PasswordPolicy, ...seed?.PasswordPolicy },
  };
}

/** Seeded attributes override the standard ones field by field; new (custom:) ones are appended. */
function mergeSchema(seed: SchemaAttribute[]): SchemaAttribute[] {
  const byName = new Map(seed.map((attribute) => [attribute.Name, attribute]));
  const merged = poolDefaults.SchemaAttributes.map((attribute) => ({ ...attribute, ...byName.get(attribute.Name) }));
  const standardNames = new Set(poolDefaults.SchemaAttributes.map((attribute) => attribute.Name));
  return [...merged, ...seed.filter((attribute) => !standardNames.has(attribute.Name))];
}

/**
 * When a pool signs users in by email or phone, Cognito stores the user under its `sub` and keeps
 * the email/phone as an attribute (cognito-local's AdminCreateUser does the same); sign-in by the
 * email still works because cognito-local looks users up by those attributes too.
 */
function storedUser(poolId: string, user: SeedUser, usernameAttributes: string[]): { Username: string } & Record<string, unknown> {
  const sub = stableUuid(`${poolId}/${user.username}`);
  const attributes: Record<string, string> = { sub, ...user.attributes };
  let username = user.username;
  const signInAttribute = user.username.includes('@') ? 'email' : user.username.startsWith('+') ? 'phone_number' : undefined;
  if (signInAttribute && usernameAttributes.includes(signInAttribute)) {
    attributes[signInAttribute] ??= user.username;
    username = attributes.sub ?? sub;
  }
  return {
    Username: username,
    Password: user.password,
    Attributes: Object.entries(attributes)
      .map(([Name, Value]) => ({ Name, Value }))
      .sort((a, b) => a.Name.localeCompare(b.Name)),
    Enabled: true,
    UserStatus: 'CONFIRMED',
    UserCreateDate: SEED_DATE,
    UserLastModifiedDate: SEED_DATE,
    RefreshTokens: [],
  };
}

function clientsFile(world: World): object {
  const clients: Record<string, object> = {};
  for (const pool of world.userPools) {
    for (const client of pool.clients) clients[client.id] = storedClient(pool.id, client);
  }
  return { Clients: clients };
}

function storedClient(userPoolId: string, client: SeedClient): object {
  const { id, name, secret, ...cognitoFields } = client;
  return {
    ClientId: id,
    ClientName: name,
    ClientSecret: secret,
    UserPoolId: userPoolId,
    CreationDate: SEED_DATE,
    LastModifiedDate: SEED_DATE,
    AllowedOAuthFlowsUserPoolClient: false,
    RefreshTokenValidity: 30,
    TokenValidityUnits: { AccessToken: 'hours', IdToken: 'hours', RefreshToken: 'days' },
    EnableTokenRevocation: true,
    PreventUserExistenceErrors: 'ENABLED',
    ...cognitoFields,
  };
}

/** A UUID-shaped id derived from a seed, so runs (and snapshots) are reproducible. */
function stableUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

async function writeJson(file: string, value: object): Promise<void> {
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
}

async function findFreePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('Could not find a free loopback port');
  return address.port;
}

interface OutputTail {
  text(): string;
}

function captureOutput(child: ChildProcess): OutputTail {
  let tail = '';
  const append = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  child.on('error', (error) => append(Buffer.from(`\n[spawn error] ${error.message}\n`)));
  return { text: () => tail };
}

async function waitUntilAnswering(child: ChildProcess, endpoint: string, output: OutputTail): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `cognito-local (${startScript}) exited with ${child.exitCode ?? child.signalCode} before answering on ${endpoint}. Its output:\n${output.text()}`,
      );
    }
    try {
      const response = await fetch(`${endpoint}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error(`cognito-local did not answer on ${endpoint} within ${STARTUP_TIMEOUT_MS} ms. Its output:\n${output.text()}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  const neverStarted = child.pid === undefined;
  if (neverStarted || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const killTimer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  try {
    await exited;
  } finally {
    clearTimeout(killTimer);
  }
}
