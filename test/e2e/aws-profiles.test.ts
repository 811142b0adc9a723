// Which AWS profile a command runs with, through the built CLI: a profile that does not exist is named with both
// shared files before any AWS call; a failing credential_process shows its own error line; a profile set together
// with keys in the environment gets one line of mycli's, never the SDK's multi-line banner.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { DEMO_IDS, demoWorld } from '../support/world.js';
import { DEMO_FULL_IMPORT, expectSuccess, type TestProject, useEmulatorSuite } from './project-fixture.js';

const { emulators, newProject, workDir } = useEmulatorSuite(demoWorld, { workDirPrefix: 'mycli-profiles-', projectName: 'shop' });
/** One line per run of the `counted` profile's credential_process. */
let processRuns = '';

beforeAll(async () => {
  const { AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE } = emulators().env;
  processRuns = path.join(workDir(), 'credential-process-runs');
  await mkdir(path.dirname(AWS_CONFIG_FILE!), { recursive: true });
  await writeFile(AWS_CONFIG_FILE!, [
    '[profile team]',
    'region = us-east-1',
    '[profile broken]',
    `credential_process = sh -c 'echo "acme-login: session expired for dev@acme.example; run acme-login" >&2; exit 2'`,
    '[profile counted]',
    `credential_process = sh -c 'echo run >> "${processRuns}"; echo "{\\"Version\\": 1, \\"AccessKeyId\\": \\"AKIDPROCESS\\", \\"SecretAccessKey\\": \\"process-secret\\"}"'`,
    '',
  ].join('\n'));
  await writeFile(AWS_SHARED_CREDENTIALS_FILE!, '[team]\naws_access_key_id = teamkey\naws_secret_access_key = teamsecret\n');
});

function run(project: TestProject, args: string[], extraEnv: Record<string, string> = {}) {
  return runCli(args, { cwd: project.dir, env: { ...emulators().env, ...extraEnv } });
}

describe('AWS profiles', () => {
  it.each([
    ['--profile nosuch', ['--profile', 'nosuch'], {}],
    ['AWS_PROFILE=nosuch', [], { AWS_PROFILE: 'nosuch' }],
  ])('%s: says no profile of that name is in either shared file, before any AWS call', async (_case, flags, extraEnv) => {
    const project = await newProject();
    emulators().stub.resetCalls();
    const result = await run(project, [...flags, ...DEMO_FULL_IMPORT], extraEnv);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("No profile named 'nosuch' is in the shared config file");
    // Both files, as the variables name them (under HOME, shown from ~).
    expect(result.stderr).toContain('the shared config file ~/.aws/config (from AWS_CONFIG_FILE) or the shared credentials file ~/.aws/credentials (from AWS_SHARED_CREDENTIALS_FILE)');
    expect(result.stderr).toContain('Use one of: broken, counted, team');
    expect(result.stderr).not.toContain('credentials are missing');
    expect(emulators().stub.calls).toEqual([]);
  });

  it('init --profile nosuch says the same instead of "no region is configured"', async () => {
    const project = await newProject();
    const { AWS_REGION: _region, ...env } = emulators().env;
    const result = await runCli(['init', '--yes', '--profile', 'nosuch'], { cwd: path.join(project.dir, '..'), env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("No profile named 'nosuch'");
  });

  it("a failing credential_process shows the process's own error line", async () => {
    const project = await newProject();
    const result = await run(project, ['--profile', 'broken', ...DEMO_FULL_IMPORT]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "The credential_process of profile 'broken' failed (exit code 2): acme-login: session expired for dev@acme.example; run acme-login",
    );
    expect(result.stderr).not.toContain('Could not load credentials from any providers');
  });

  it('a profile with keys in the environment too: one line of mycli, no SDK banner, and the profile is used', async () => {
    const project = await newProject();
    const result = await expectSuccess(run(project, ['--profile', 'team', ...DEMO_FULL_IMPORT]));
    expect(result.stderr).toContain("Using profile 'team' (--profile / AWS_PROFILE); the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set in the environment are ignored.");
    expect(result.stderr).not.toContain('Multiple credential sources');
    expect(result.stderr).not.toContain('@aws-sdk/credential-provider-node');
    expect(result.stderr.match(/Using profile 'team'/g)).toHaveLength(1);
  });

  it('a credential_process runs once per command, however many AWS clients the command uses', async () => {
    const project = await newProject();
    const { AWS_ACCESS_KEY_ID: _key, AWS_SECRET_ACCESS_KEY: _secret, ...env } = emulators().env;
    const run = (args: string[]) => expectSuccess(runCli(args, { cwd: project.dir, env: { ...env, AWS_PROFILE: 'counted' } }));
    const runs = async () => (await readFile(processRuns, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
    await run([...DEMO_FULL_IMPORT]);
    await run(['import', 'storage', '--yes', '--bucket', DEMO_IDS.mediaBucket, '--auth-access', 'read', '--guest-access', 'none']);
    await run(['auth', 'grant-function', DEMO_IDS.adminFunction, '--access', 'read', '--set-env', '--yes']);
    const before = await runs();
    // push re-describes the auth (Cognito, IAM), the bucket's policies, the function (Lambda) and takes its lock (SSM).
    await run(['push', '--yes']);
    expect(await runs()).toBe(before + 1);
  });
});
