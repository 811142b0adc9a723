// A temporary app folder per test, with the emulators' environment, and helpers to read what the CLI wrote;
// and the emulator setup an end-to-end test file shares across its tests.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startEmulators, type Emulators } from '../support/emulators.js';
import type { IdentityIamStub, StubRole } from '../support/identity-iam-stub.js';
import { runCli, type CliResult } from '../support/run-cli.js';
import { DEMO_IDS, type World } from '../support/world.js';

export interface TestProject {
  dir: string;
  run(args: string[], input?: string): Promise<CliResult>;
  readJson<T = Record<string, any>>(relativePath: string): Promise<T>;
  readText(relativePath: string): Promise<string>;
  /** Every file under the folder with its content, to prove that a refused command changed nothing. */
  snapshot(): Promise<Map<string, string>>;
  /** Loads src/aws-exports.js the way a bundler would: as an ES module's default export. */
  loadAwsExports(): Promise<Record<string, any>>;
  remove(): Promise<void>;
}

/** Awaits a CLI run that must exit 0; its stderr becomes the failure message otherwise. */
export async function expectSuccess(running: Promise<CliResult>): Promise<CliResult> {
  const result = await running;
  expect(result.code, result.stderr).toBe(0);
  return result;
}

export async function createTestProject(env: Record<string, string>, parent = os.tmpdir()): Promise<TestProject> {
  const dir = await mkdtemp(path.join(parent, 'mycli-app-'));
  const read = (relativePath: string) => readFile(path.join(dir, relativePath), 'utf8');
  let loads = 0;
  return {
    dir,
    run: (args, input) => runCli(args, { cwd: dir, env, input }),
    readJson: async (relativePath) => JSON.parse(await read(relativePath)),
    readText: read,
    snapshot: () => snapshotOf(dir),
    loadAwsExports: async () => {
      const url = pathToFileURL(path.join(dir, 'src', 'aws-exports.js'));
      url.searchParams.set('load', String(++loads));
      return ((await import(url.href)) as { default: Record<string, any> }).default;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

async function snapshotOf(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir)) {
      const full = path.join(dir, entry);
      if ((await stat(full)).isDirectory()) await walk(full);
      else files.set(path.relative(root, full), await readFile(full, 'utf8'));
    }
  };
  await walk(root);
  return files;
}

export interface EmulatorSuiteOptions {
  /** Start of the temporary folder's name that holds the emulators' data and the test projects. */
  workDirPrefix?: string;
  /** The name `newProject` gives `mycli init`. */
  projectName?: string;
  /** Runs after each test before the stub's state is restored, e.g. to inspect the calls the test left. */
  afterEachTest?: () => void;
}

export interface EmulatorSuite {
  emulators(): Emulators;
  workDir(): string;
  /** A folder in workDir on which `mycli init --yes --name <projectName> ...initArgs` succeeded; removed after the test. */
  newProject(options?: { env?: Record<string, string>; initArgs?: string[] }): Promise<TestProject>;
  /** A folder in workDir with no project in it; removed after the test. */
  emptyProject(): Promise<TestProject>;
  /** The stub's live copy of a role (tests may change it); throws when the stub has no such role. */
  stubRole(name: string): StubRole;
}

/**
 * Registers the hooks of a test file that runs the CLI against one set of emulators: they start before the
 * first test and stop after the last; after each test the stub's "AWS" is back to what it was seeded with,
 * its call record is empty and the test's projects are gone, so tests may change all three freely.
 */
export function useEmulatorSuite(world: () => World, options: EmulatorSuiteOptions = {}): EmulatorSuite {
  const { workDirPrefix = 'mycli-e2e-', projectName = 'shop', afterEachTest } = options;
  let workDir: string | undefined;
  let emulators: Emulators | undefined;
  let seededStubState: IdentityIamStub['state'];
  const projects: TestProject[] = [];

  const started = (): { emulators: Emulators; workDir: string } => {
    if (!emulators || !workDir) throw new Error('The emulators run only while the tests of this file do: use them inside a test or hook.');
    return { emulators, workDir };
  };
  const emptyProject = async (env?: Record<string, string>): Promise<TestProject> => {
    const project = await createTestProject(env ?? started().emulators.env, started().workDir);
    projects.push(project);
    return project;
  };

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), workDirPrefix));
    emulators = await startEmulators(world(), workDir);
    seededStubState = structuredClone(emulators.stub.state);
  });

  afterAll(async () => {
    await emulators?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    afterEachTest?.();
    const { stub } = started().emulators;
    restoreStubState(stub, seededStubState);
    stub.resetCalls();
    await Promise.all(projects.splice(0).map((project) => project.remove()));
  });

  return {
    emulators: () => started().emulators,
    workDir: () => started().workDir,
    newProject: async ({ env, initArgs = [] } = {}) => {
      const project = await emptyProject(env);
      await expectSuccess(project.run(['init', '--yes', '--name', projectName, ...initArgs]));
      return project;
    },
    emptyProject: () => emptyProject(),
    stubRole: (name) => {
      const role = started().emulators.stub.state.roles.get(name);
      if (!role) throw new Error(`role ${name} is not in the stub`);
      return role;
    },
  };
}

/** Refills the stub's own maps in place: its services hold references to them. */
function restoreStubState(stub: IdentityIamStub, seeded: IdentityIamStub['state']): void {
  const copy = structuredClone(seeded);
  refill(stub.state.identityPools, copy.identityPools);
  refill(stub.state.roles, copy.roles);
  refill(stub.state.buckets, copy.buckets);
  refill(stub.state.functions, copy.functions);
  refill(stub.state.ssm.parameters, copy.ssm.parameters);
  stub.state.ssm.deniedOperations.clear();
  for (const operation of copy.ssm.deniedOperations) stub.state.ssm.deniedOperations.add(operation);
  refill(stub.state.graphqlApis, copy.graphqlApis);
  refill(stub.state.restApis, copy.restApis);
  refill(stub.state.httpApis, copy.httpApis);
}

function refill<T>(target: Map<string, T>, entries: Map<string, T>): void {
  target.clear();
  for (const [key, value] of entries) target.set(key, value);
}

/** `mycli import auth --yes` with every id of the demo world's pool, clients and identity pool. */
export const DEMO_FULL_IMPORT: readonly string[] = [
  'import', 'auth', '--yes',
  '--user-pool-id', DEMO_IDS.userPoolId,
  '--web-client-id', DEMO_IDS.webClientId,
  '--native-client-id', DEMO_IDS.nativeClientId,
  '--identity-pool-id', DEMO_IDS.identityPoolId,
];
