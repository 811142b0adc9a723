import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

export type ProjectPaths = ReturnType<typeof projectPaths>;

/** Absolute paths of the Gen 1 project files under `root`. */
export function projectPaths(root: string) {
  const absoluteRoot = resolve(root);
  const amplifyDir = join(absoluteRoot, 'amplify');
  const dotConfigDir = join(amplifyDir, '.config');
  const backendDir = join(amplifyDir, 'backend');
  const authDir = (resourceName: string): string => join(backendDir, 'auth', resourceName);
  return {
    root: absoluteRoot,
    amplifyDir,
    dotConfigDir,
    projectConfig: join(dotConfigDir, 'project-config.json'),
    localEnvInfo: join(dotConfigDir, 'local-env-info.json'),
    teamProviderInfo: join(amplifyDir, 'team-provider-info.json'),
    backendDir,
    backendConfig: join(backendDir, 'backend-config.json'),
    meta: join(backendDir, 'amplify-meta.json'),
    currentCloudBackendDir: join(amplifyDir, '#current-cloud-backend'),
    authDir,
    authParameters: (resourceName: string): string => join(authDir(resourceName), 'parameters.json'),
    gitignore: join(absoluteRoot, '.gitignore'),
  };
}

/** The nearest folder at or above `startDir` that holds `amplify/.config/project-config.json`. */
export async function findProjectRoot(startDir: string): Promise<string | undefined> {
  let dir = resolve(startDir);
  for (;;) {
    if (await isFile(projectPaths(dir).projectConfig)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
