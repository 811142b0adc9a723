import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileRecovery, findProjectRoot, projectPaths } from './project-paths.js';

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

describe('fileRecovery', () => {
  const paths = projectPaths('/app');

  it('offers git only for the files Gen 1 tracks', () => {
    for (const file of [paths.projectConfig, paths.teamProviderInfo, paths.backendConfig, paths.authParameters('myAuth'), '/app/amplify/backend/storage/media/parameters.json']) {
      expect(fileRecovery(paths, file)).toBe(`restore it from git (git checkout -- ${file.slice('/app/'.length)})`);
    }
  });

  it('says how mycli rebuilds the git-ignored ones', () => {
    expect(fileRecovery(paths, '/app/amplify/#current-cloud-backend/team-provider-info.json')).toBe(
      'delete amplify/#current-cloud-backend/team-provider-info.json (the next `mycli push` rewrites it)',
    );
    expect(fileRecovery(paths, '/app/amplify/#current-cloud-backend/auth/myAuth/parameters.json')).toContain('the next `mycli push` rewrites it');
    expect(fileRecovery(paths, paths.meta)).toContain('delete the broken entry, or delete amplify/backend/amplify-meta.json and run `mycli env checkout <current env>`');
    expect(fileRecovery(paths, paths.localEnvInfo)).toBe('delete amplify/.config/local-env-info.json and run `mycli env checkout <env>` to recreate it');
    for (const file of [paths.meta, paths.localEnvInfo, '/app/amplify/#current-cloud-backend/backend-config.json']) {
      expect(fileRecovery(paths, file)).not.toContain('git');
    }
  });

  it('has nothing to offer for files outside the layout', () => {
    expect(fileRecovery(paths, '/app/src/amplifyconfiguration.json')).toBeUndefined();
  });
});
