// A malformed command-line value is wrong usage (exit 2, README's table), whichever option carries it, and nothing is
// written: --frontend and --source-dir already were; --name, --env, --region and env add's <name> were exit 1.
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { demoWorld } from '../support/world.js';
import { useEmulatorSuite } from './project-fixture.js';

const { emptyProject, newProject } = useEmulatorSuite(demoWorld, { workDirPrefix: 'mycli-usage-' });

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
});
