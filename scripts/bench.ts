// `npm run bench`: how import auth scales with the size of the account, measured against the local stand-ins.
// For 10, 100 and 1000 identity pools it times (median of 3, wall clock, the built CLI as a child process)
// the import with every id given and the import that discovers the identity pool, and counts the Cognito
// Identity and IAM calls the stub recorded. Then discovery in a rate-limited account of 1,000 identity pools
// (DescribeIdentityPool limited to 25/s; with --long also 10/s), and the start-up of the offline commands against
// bare node. Compare ratios within one run; absolute times depend on the machine.
//   npm run bench -- --long                 also the 10/s run (about 100 s)
//   npm run bench -- --rate-limited-only    skip the size table

import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulators, type Emulators } from '../test/support/emulators.js';
import { runCli } from '../test/support/run-cli.js';
import { DEMO_IDS } from '../test/support/world.js';
import { worldWithIdentityPools } from './bench-world.js';
import { measureRateLimited, REPLY_LATENCY_MS, type RateLimitedRun } from './bench-rate-limited.js';
import { measureStartup, median } from './bench-startup.js';
import { Teardown } from './teardown.js';

const IDENTITY_POOL_COUNTS = [10, 100, 1000] as const;
const IMPORT_RUNS = 3;
const STARTUP_RUNS = 15;
const RATE_LIMITED_POOLS = 1000;
const benchFlags = new Set(process.argv.slice(2));
const RATE_LIMITS = benchFlags.has('--long') ? [25, 10] : [25];
const RUN_TIMEOUT_MS = 60_000;
const KIB_PER_MIB = 1024;

const resultsFile = fileURLToPath(new URL('../.bench/results.json', import.meta.url));
const peakRssEntry = fileURLToPath(new URL('./peak-rss.mjs', import.meta.url));

type Mode = 'headless' | 'discovery';
type CallCounts = Record<string, number>;

interface ModeResult {
  runsMs: number[];
  medianMs: number;
  /** Stub calls per operation, one entry per timed run. */
  callsPerRun: CallCounts[];
  peakRssMiB: number;
}

interface SizeResult {
  identityPools: number;
  headless: ModeResult;
  discovery: ModeResult;
}

interface SizeContext {
  emulators: Emulators;
  /** A project right after `mycli init`, copied for every run (an import refuses a project that already has auth). */
  template: string;
  workDir: string;
}

const importArgs = [
  'import', 'auth',
  '--user-pool-id', DEMO_IDS.userPoolId,
  '--web-client-id', DEMO_IDS.webClientId,
  '--native-client-id', DEMO_IDS.nativeClientId,
];
const headlessArgs = [...importArgs, '--yes', '--identity-pool-id', DEMO_IDS.identityPoolId];
// --with-identity-pool without --identity-pool-id: the CLI lists and describes every identity pool to find the one that trusts ours.
// --no-cache: every timed run scans (the runs share a HOME, and so the describe cache).
const discoveryArgs = [...importArgs, '--yes', '--with-identity-pool', '--no-cache'];
const cachedDiscoveryArgs = discoveryArgs.filter((arg) => arg !== '--no-cache');

const startedAt = performance.now();
const teardown = new Teardown();
try {
  await runBench();
  console.log(`\nBench finished in ${((performance.now() - startedAt) / 1000).toFixed(1)} s.`);
} catch (error) {
  if (!teardown.interrupted) console.error(`\nBench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await teardown.run();
}

async function runBench(): Promise<void> {
  const root = await teardown.tempDir('mycli-bench-');
  console.log(`mycli bench: node ${process.version}, ${os.availableParallelism()} CPU(s); median of ${IMPORT_RUNS} runs per cell.`);

  const sizes: SizeResult[] = [];
  let ratios: Record<string, number> = {};
  if (!benchFlags.has('--rate-limited-only')) {
    for (const count of IDENTITY_POOL_COUNTS) {
      const size = await measureSize(count, path.join(root, `pools-${count}`));
      console.log(`  ${count} identity pools: headless ${formatMs(size.headless.medianMs)}, discovery ${formatMs(size.discovery.medianMs)}`);
      sizes.push(size);
    }
    const smallest = sizes[0] as SizeResult;
    const largest = sizes[sizes.length - 1] as SizeResult;
    ratios = {
      [`discovery(N=${largest.identityPools})/discovery(N=${smallest.identityPools})`]: largest.discovery.medianMs / smallest.discovery.medianMs,
      [`headless(N=${largest.identityPools})/headless(N=${smallest.identityPools})`]: largest.headless.medianMs / smallest.headless.medianMs,
    };
    printTable(sizes, ratios);
  }

  const { runs: rateLimited, project } = await measureRateLimitedAccount(path.join(root, 'rate-limited'));
  printRateLimited(rateLimited);

  // A clean environment (the children get only these variables), and, when the shell has it, NODE_EXTRA_CA_CERTS as
  // well: with it, Node 20 reads and parses that certificate file as every process starts, `node -e 0` included, so
  // the same mycli work is a smaller ratio of a larger floor. Both are printed; neither is the other.
  const startupCases = [
    { name: '--help', args: ['--help'] },
    { name: 'status', args: ['status'] },
    { name: 'env list', args: ['env', 'list'] },
  ];
  const startupEnv = { HOME: root, NO_COLOR: '1', CI: 'true' };
  const startup = await measureStartup(startupCases, { cwd: project, env: startupEnv, runs: STARTUP_RUNS });
  printStartup('clean environment', startup);
  const extraCaCerts = process.env.NODE_EXTRA_CA_CERTS;
  const startupWithExtraCaCerts = extraCaCerts
    ? await measureStartup(startupCases, { cwd: project, env: { ...startupEnv, NODE_EXTRA_CA_CERTS: extraCaCerts }, runs: STARTUP_RUNS })
    : undefined;
  if (startupWithExtraCaCerts) printStartup(`with this shell's NODE_EXTRA_CA_CERTS=${extraCaCerts}`, startupWithExtraCaCerts);

  const notes = [
    'calls = Cognito Identity and IAM requests recorded by the identity/IAM stub; user pool (cognito-idp) calls go to cognito-local, which does not record them.',
    'Discovery: `--yes --with-identity-pool` without an identity pool id (lists and describes every identity pool).',
    `Rate-limited: DescribeIdentityPool limited by a token bucket in the stub (burst = one second's worth) answering TooManyRequestsException; every Cognito Identity reply delayed ${REPLY_LATENCY_MS[0]}–${REPLY_LATENCY_MS[1]} ms; one run per limit; wall time of the whole import; bound = pools ÷ limit; re-run = the same import in a fresh project right after, with the describe cache the first run left.`,
    `Peak RSS: process.resourceUsage().maxRSS of one extra run per cell (${path.basename(peakRssEntry)}).`,
  ];
  for (const note of notes) console.log(`note: ${note}`);

  await mkdir(path.dirname(resultsFile), { recursive: true });
  const results = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    cpus: os.availableParallelism(),
    runsPerCell: IMPORT_RUNS,
    startup,
    ...(startupWithExtraCaCerts ? { startupWithExtraCaCerts } : {}),
    sizes,
    ratios,
    rateLimited,
    notes,
  };
  await writeFile(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`Results written to ${path.relative(process.cwd(), resultsFile)}`);
}

async function measureRateLimitedAccount(workDir: string): Promise<{ runs: RateLimitedRun[]; project: string }> {
  const emulators = await startEmulators(worldWithIdentityPools(RATE_LIMITED_POOLS), path.join(workDir, 'emulators'));
  const stopEmulators = teardown.add(() => emulators.stop());
  try {
    const template = path.join(workDir, 'template');
    await mkdir(template);
    const init = await runCli(['init', '--yes', '--name', 'benchapp'], { cwd: template, env: emulators.env });
    if (init.code !== 0) throw new Error(`mycli init exited with ${init.code}:\n${init.stderr}`);
    const runs: RateLimitedRun[] = [];
    for (const limitPerSecond of RATE_LIMITS) {
      console.log(`  rate-limited account: ${RATE_LIMITED_POOLS} identity pools, DescribeIdentityPool at ${limitPerSecond}/s (about ${RATE_LIMITED_POOLS / limitPerSecond} s)…`);
      runs.push(await measureRateLimited({ emulators, pools: RATE_LIMITED_POOLS, limitPerSecond, template, workDir, args: cachedDiscoveryArgs }));
    }
    await assertIdentityPoolImported(path.join(workDir, `rate-limited-${RATE_LIMITS[0]}`), 'discovery');
    return { runs, project: path.join(workDir, `rate-limited-${RATE_LIMITS[0]}`) };
  } finally {
    await stopEmulators();
  }
}

function printStartup(setting: string, startup: Awaited<ReturnType<typeof measureStartup>>): void {
  console.log(
    `\nstart-up (median of ${STARTUP_RUNS}, interleaved; in a project with imported auth; ${setting}): node -e 0 ${formatMs(startup.nodeMedianMs)} wall, ${formatMs(startup.nodeCpuMedianMs)} CPU`,
  );
  for (const entry of startup.results) {
    console.log(
      `  ${entry.name.padEnd(9)} wall ${formatMs(entry.medianMs).padStart(7)} = ${entry.ratio.toFixed(2)}× node -e 0    CPU ${formatMs(entry.cpuMedianMs).padStart(7)} = ${entry.cpuRatio.toFixed(2)}×`,
    );
  }
}

function printRateLimited(runs: RateLimitedRun[]): void {
  const header = ['pools', 'limit/s', 'describes', 'throttled', 'wall s', 'bound s', 'ratio', 're-run s (describes)'];
  const rows = runs.map((run) => [
    String(run.pools),
    String(run.limitPerSecond),
    String(run.describes),
    `${run.throttled} (${((run.throttled / run.describes) * 100).toFixed(1)}%)`,
    (run.wallMs / 1000).toFixed(1),
    (run.boundMs / 1000).toFixed(1),
    run.ratio.toFixed(3),
    `${(run.rerun.wallMs / 1000).toFixed(1)} (${run.rerun.describes})`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)));
  const line = (cells: string[]): string => cells.map((cell, column) => cell.padStart(widths[column] as number)).join('  ');
  console.log(`\nrate-limited discovery (\`import auth --yes --with-identity-pool\`):\n${line(header)}`);
  for (const row of rows) console.log(line(row));
}

async function measureSize(identityPools: number, workDir: string): Promise<SizeResult> {
  const emulators = await startEmulators(worldWithIdentityPools(identityPools), path.join(workDir, 'emulators'));
  const stopEmulators = teardown.add(() => emulators.stop());
  try {
    const template = path.join(workDir, 'template');
    await mkdir(template);
    const init = await runCli(['init', '--yes', '--name', 'benchapp'], { cwd: template, env: emulators.env });
    if (init.code !== 0) throw new Error(`mycli init exited with ${init.code}:\n${init.stderr}`);
    const context: SizeContext = { emulators, template, workDir };
    return {
      identityPools,
      headless: await measureMode('headless', context),
      discovery: await measureMode('discovery', context),
    };
  } finally {
    await stopEmulators();
  }
}

async function measureMode(mode: Mode, context: SizeContext): Promise<ModeResult> {
  const { emulators } = context;
  const runsMs: number[] = [];
  const callsPerRun: CallCounts[] = [];
  for (let run = 0; run < IMPORT_RUNS; run++) {
    const project = await freshProject(context, `${mode}-${run}`);
    emulators.stub.resetCalls();
    const started = performance.now();
    await importAuth(mode, project, emulators);
    runsMs.push(performance.now() - started);
    callsPerRun.push(countByOperation(emulators.stub.calls));
    await assertIdentityPoolImported(project, mode);
  }

  const project = await freshProject(context, `${mode}-rss`);
  const rssFile = path.join(context.workDir, `${mode}-peak-rss`);
  await importAuth(mode, project, emulators, { entry: peakRssEntry, env: { MYCLI_PEAK_RSS_FILE: rssFile } });
  const peakRssKiB = Number(await readFile(rssFile, 'utf8'));

  return { runsMs, medianMs: median(runsMs), callsPerRun, peakRssMiB: peakRssKiB / KIB_PER_MIB };
}

async function freshProject(context: SizeContext, name: string): Promise<string> {
  const project = path.join(context.workDir, name);
  await cp(context.template, project, { recursive: true });
  return project;
}

async function importAuth(
  mode: Mode,
  cwd: string,
  emulators: Emulators,
  wrapper: { entry?: string; env?: Record<string, string> } = {},
): Promise<void> {
  const env = { ...emulators.env, ...wrapper.env };
  const args = mode === 'headless' ? headlessArgs : discoveryArgs;
  const result = await runCli(args, { cwd, env, entry: wrapper.entry, timeoutMs: RUN_TIMEOUT_MS });
  if (result.code !== 0) throw new Error(`${mode} import exited with ${result.code}:\n${result.stderr}`);
}

/** A timing only counts if the import chose the one identity pool that trusts the demo user pool. */
async function assertIdentityPoolImported(project: string, mode: Mode): Promise<void> {
  const configFile = path.join(project, 'src', 'amplifyconfiguration.json');
  const config = JSON.parse(await readFile(configFile, 'utf8')) as { aws_cognito_identity_pool_id?: unknown };
  if (config.aws_cognito_identity_pool_id !== DEMO_IDS.identityPoolId) {
    throw new Error(
      `The ${mode} import wrote identity pool ${String(config.aws_cognito_identity_pool_id)} to ${configFile}, expected ${DEMO_IDS.identityPoolId}.`,
    );
  }
}

function countByOperation(calls: ReadonlyArray<{ operation: string }>): CallCounts {
  const counts: CallCounts = {};
  for (const call of calls) counts[call.operation] = (counts[call.operation] ?? 0) + 1;
  return counts;
}

function printTable(sizes: SizeResult[], ratios: Record<string, number>): void {
  const header = ['N', 'headless ms', 'headless calls', 'discovery ms', 'discovery calls', 'DescribeIdentityPool', 'ListIdentityPools', 'peak RSS MiB (h/d)'];
  const rows = sizes.map((size) => [
    String(size.identityPools),
    size.headless.medianMs.toFixed(0),
    callRange(size.headless.callsPerRun, () => true),
    size.discovery.medianMs.toFixed(0),
    callRange(size.discovery.callsPerRun, () => true),
    callRange(size.discovery.callsPerRun, (operation) => operation === 'DescribeIdentityPool'),
    callRange(size.discovery.callsPerRun, (operation) => operation === 'ListIdentityPools'),
    `${size.headless.peakRssMiB.toFixed(0)}/${size.discovery.peakRssMiB.toFixed(0)}`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)));
  const line = (cells: string[]): string => cells.map((cell, column) => cell.padStart(widths[column] as number)).join('  ');
  console.log(`\n${line(header)}`);
  for (const row of rows) console.log(line(row));
  console.log('');
  for (const [name, value] of Object.entries(ratios)) console.log(`${name} = ${value.toFixed(2)}`);
  for (const size of sizes) {
    console.log(`calls per operation, N=${size.identityPools}: headless ${formatCounts(size.headless.callsPerRun[0])}; discovery ${formatCounts(size.discovery.callsPerRun[0])}`);
  }
}

/** The calls of the matching operations per run: one number when every run made the same calls, else min–max. */
function callRange(callsPerRun: CallCounts[], matches: (operation: string) => boolean): string {
  const totals = callsPerRun.map((counts) =>
    Object.entries(counts).reduce((sum, [operation, count]) => (matches(operation) ? sum + count : sum), 0),
  );
  const low = Math.min(...totals);
  const high = Math.max(...totals);
  return low === high ? String(low) : `${low}–${high}`;
}

function formatCounts(counts: CallCounts | undefined): string {
  return Object.entries(counts ?? {})
    .map(([operation, count]) => `${operation} ${count}`)
    .join(', ');
}

function formatMs(ms: number): string {
  return `${ms.toFixed(0)} ms`;
}
