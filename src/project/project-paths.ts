import { statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { escapeUntrusted } from '../core/untrusted-text.js';

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
    /** The app config files mycli wrote in this working copy (git-ignored, like every amplify/.config/local-* file). */
    clientConfigRecord: join(dotConfigDir, 'local-client-config-files.json'),
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

/**
 * How to get a usable copy of a broken project file back, as the end of a sentence. Git can restore only the files
 * Gen 1 tracks; the ones its .gitignore block lists are rebuilt by mycli. Undefined for files outside the layout.
 */
export function fileRecovery(paths: ProjectPaths, path: string): string | undefined {
  const absolute = resolve(paths.root, path);
  const shown = escapeUntrusted(relative(paths.root, absolute));
  if (isInside(paths.currentCloudBackendDir, absolute)) return `delete ${shown} (the next \`mycli push\` rewrites it)`;
  if (absolute === paths.meta) {
    return `delete the broken entry, or delete ${shown} and run \`mycli env checkout <current env>\` (\`mycli env list\` marks it) to rebuild it`;
  }
  if (absolute === paths.localEnvInfo) return `delete ${shown} and run \`mycli env checkout <env>\` to recreate it`;
  if (absolute === paths.clientConfigRecord) {
    return `delete ${shown} (mycli then deletes none of the app config files it wrote before, and records them again as it writes them)`;
  }
  const tracked =
    absolute === paths.projectConfig ||
    absolute === paths.teamProviderInfo ||
    absolute === paths.backendConfig ||
    (isInside(paths.backendDir, absolute) && absolute.endsWith(`${sep}parameters.json`));
  return tracked ? `restore it from git (git checkout -- ${shown})` : undefined;
}

function isInside(dir: string, path: string): boolean {
  return path.startsWith(`${dir}${sep}`);
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
    // Synchronous, like the project file reads (json-file.ts): a start-up cost otherwise, for no gain.
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
