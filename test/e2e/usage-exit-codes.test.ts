// A malformed command-line value is wrong usage (exit 2, README's table), whichever option carries it, and nothing is
// written: --frontend and --source-dir already were; --name, --env, --region, env add's <name> and --bucket were exit 1.
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS, demoWorld } from '../support/world.js';
import { DEMO_FULL_IMPORT, expectSuccess, useEmulatorSuite } from './project-fixture.js';

const { emulators, emptyProject, newProject } = useEmulatorSuite(demoWorld, { workDirPrefix: 'mycli-usage-' });

describe('malformed option values exit 2', () => {
  it.each([
    [['--env', 'Prod'], '--env "Prod" is not valid'],
    [['--name', 'a b'], '--name "a b" is not valid'],
    [['--region', 'mars-1'], '--region "mars-1" is not valid'],
    [['--frontend', 'web'], '--frontend "web" is not valid'],
  ])('init --yes %j', async (flags, message) => {
    const project = await emptyProject();
    const result = await project.run(['init', '--yes', ...flags]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(message);
    expect(await readdir(project.dir)).toEqual([]);
  });

  it('env add with a name that cannot be an environment', async () => {
    const project = await newProject();
    const before = await project.snapshot();
    const result = await project.run(['env', 'add', 'Q', '--yes']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('<name> "Q" is not valid: it must be 2 to 10 lowercase letters.');
    expect(result.stderr).toContain('Pass a valid <name>, for example dev.');
    expect(await project.snapshot()).toEqual(before);
  });

  it('import storage with a bucket ARN instead of a name, before any S3 call', async () => {
    const project = await newProject();
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    const before = await project.snapshot();
    emulators().stub.resetCalls();
    const result = await project.run(['import', 'storage', '--yes', '--bucket', 'arn:aws:s3:::acme-media']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain("--bucket 'arn:aws:s3:::acme-media' is not an S3 bucket name");
    expect(emulators().stub.calls.filter((call) => call.service === 's3')).toEqual([]);
    expect(await project.snapshot()).toEqual(before);
  });

  it('import auth with malformed Cognito ids, from flags or the --headless payload: all named at once, before any AWS call', async () => {
    const project = await newProject();
    const before = await project.snapshot();
    emulators().stub.resetCalls();
    const flags = await project.run([
      'import', 'auth', '--yes', '--user-pool-id', DEMO_IDS.userPoolId, '--web-client-id', 'acme web', '--identity-pool-id', 'us-east-1:',
    ]);
    expect(flags.code, flags.stderr).toBe(2);
    expect(flags.stderr).toContain("--web-client-id: 'acme web' is not an app client id");
    expect(flags.stderr).toContain("--identity-pool-id: 'us-east-1:' is not an identity pool id: <region>:<GUID>");
    expect(flags.stderr).not.toContain('--user-pool-id:');
    expect(flags.stderr).toContain('aws cognito-identity list-identity-pools');

    const payload = JSON.stringify({ version: 1, userPoolId: 'us-east-1', webClientId: DEMO_IDS.webClientId });
    const headless = await project.run(['import', 'auth', '--headless'], payload);
    expect(headless.code, headless.stderr).toBe(2);
    expect(headless.stderr).toContain(`The --headless payload's "userPoolId": 'us-east-1' is not a user pool id`);

    expect(emulators().stub.calls).toEqual([]);
    expect(await project.snapshot()).toEqual(before);
  });

  it('env add with a malformed id in --categories', async () => {
    const project = await newProject();
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    const before = await project.snapshot();
    emulators().stub.resetCalls();
    const categories = JSON.stringify({ auth: { userPoolId: DEMO_IDS.userPoolId, webClientId: DEMO_IDS.webClientId, identityPoolId: 'us-east-1:NOT-HEX' } });
    const result = await project.run(['env', 'add', 'prod', '--yes', '--categories', categories]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain("--categories auth.identityPoolId: 'us-east-1:NOT-HEX' is not an identity pool id");
    expect(emulators().stub.calls).toEqual([]);
    expect(await project.snapshot()).toEqual(before);
  });
});
