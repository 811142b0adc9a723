import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findProjectRoot, projectPaths } from './project-paths.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mycli-paths-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('projectPaths', () => {
  it('lays out the Gen 1 files under the root', () => {
    const paths = projectPaths('/app');
    expect(paths.projectConfig).toBe('/app/amplify/.config/project-config.json');
    expect(paths.localEnvInfo).toBe('/app/amplify/.config/local-env-info.json');
    expect(paths.teamProviderInfo).toBe('/app/amplify/team-provider-info.json');
    expect(paths.backendConfig).toBe('/app/amplify/backend/backend-config.json');
    expect(paths.meta).toBe('/app/amplify/backend/amplify-meta.json');
    expect(paths.currentCloudBackendDir).toBe('/app/amplify/#current-cloud-backend');
    expect(paths.authDir('myAuth')).toBe('/app/amplify/backend/auth/myAuth');
    expect(paths.authParameters('myAuth')).toBe('/app/amplify/backend/auth/myAuth/parameters.json');
    expect(paths.gitignore).toBe('/app/.gitignore');
  });
});

describe('findProjectRoot', () => {
  it('finds the nearest folder holding amplify/.config/project-config.json', async () => {
    await mkdir(join(dir, 'amplify', '.config'), { recursive: true });
    await writeFile(join(dir, 'amplify', '.config', 'project-config.json'), '{}');
    await mkdir(join(dir, 'src', 'deep'), { recursive: true });
    expect(await findProjectRoot(join(dir, 'src', 'deep'))).toBe(dir);
    expect(await findProjectRoot(dir)).toBe(dir);
  });

  it('ignores an amplify folder without project-config.json', async () => {
    await mkdir(join(dir, 'amplify', '.config', 'project-config.json', 'not-a-file'), { recursive: true });
    expect(await findProjectRoot(dir)).toBeUndefined();
  });
});
