// A malformed command-line value is wrong usage (exit 2, README's table), whichever option carries it, and nothing is
// written: --frontend and --source-dir already were; --name, --env, --region, env add's <name> and --bucket were exit 1.
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { demoWorld } from '../support/world.js';
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
});
