import { relative, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ExitCode, UserError } from '../core/errors.js';
import { frontendSettings, projectConfigFrontendSection, type FrontendSettings } from '../core/frontend-settings.js';
import { MYCLI_SETTINGS_KEY } from './file-schemas.js';
import { escapeUntrusted } from '../core/untrusted-text.js';
import type { FileChange } from './atomic-write.js';
import { updateGitignore } from './gitignore.js';
import { readJsonFile, writeJsonFile } from './json-file.js';
import { resolveWriteTarget } from './project-boundary.js';
import { findProjectRoot, projectPaths } from './project-paths.js';

export interface InitProjectOptions {
  cwd: string;
  projectName: string;
  envName: string;
  region: string;
  /** The frontend, its folders and which configs mycli writes (default: javascript, src, both). */
  frontend?: FrontendSettings;
}

export interface InitProjectResult {
  root: string;
  alreadyExisted: boolean;
  changes: FileChange[];
}

/** Creates the Gen 1 project files in `cwd`, unless `cwd` already is (or is inside) a project. */
export async function initProject(options: InitProjectOptions): Promise<InitProjectResult> {
  validateInitOptions(options);
  const existingRoot = await findProjectRoot(options.cwd);
  if (existingRoot !== undefined) return { root: existingRoot, alreadyExisted: true, changes: [] };

  const root = resolve(options.cwd);
  const paths = projectPaths(root);
  // project-config.json is what marks a project, so it is written last: an interrupted init leaves no project,
  // and running it again completes it.
  const frontend = options.frontend ?? frontendSettings({ frontend: 'javascript' });
  const projectConfig: [string, unknown] = [paths.projectConfig, {
    projectName: options.projectName,
    version: '3.1',
    frontend: frontend.frontend,
    [frontend.frontend]: projectConfigFrontendSection(frontend),
    providers: ['awscloudformation'],
    [MYCLI_SETTINGS_KEY]: { outputs: frontend.outputs },
  }];
  const files: Array<[string, unknown]> = [
    [paths.localEnvInfo, { projectPath: root, defaultEditor: 'none', envName: options.envName }],
    [paths.teamProviderInfo, { [options.envName]: { awscloudformation: { Region: options.region }, categories: {} } }],
    [paths.backendConfig, {}],
    [paths.meta, { providers: { awscloudformation: { Region: options.region } } }],
  ];

  // Without project-config.json this is not a project, but other files of a half-present one may hold state. A file
  // holding exactly what this init would write is what an interrupted init with the same options left behind.
  for (const [path, value] of files) {
    const shown = relative(root, path);
    const existing = await readJsonFile(path, { displayPath: shown });
    if (existing !== undefined && !isDeepStrictEqual(existing, value)) {
      throw new UserError(
        'ProjectFileInvalid',
        `${shown} already exists but amplify/.config/project-config.json does not, so ${root} holds an incomplete project.`,
        `Restore amplify/.config/project-config.json (git checkout -- amplify/.config/project-config.json), or move the amplify folder away and run \`mycli init\` again.`,
      );
    }
  }

  // Nothing is written while one of the files would land outside the folder through a link.
  for (const path of [...files.map(([path]) => path), paths.gitignore, paths.projectConfig]) await resolveWriteTarget(root, path);
  const changes: FileChange[] = [];
  for (const [path, value] of files) changes.push(await writeJsonFile(path, value, { root }));
  changes.push(await updateGitignore(paths.gitignore, { root }));
  changes.push(await writeJsonFile(...projectConfig, { root }));
  return { root, alreadyExisted: false, changes };
}

// Gen 1 allows 3–20 letters and digits; this tool creates no CloudFormation stacks from the name, so it
// accepts a wider but still file- and tag-safe set. Every Gen 1 name remains valid here.
const PROJECT_NAME = /^[A-Za-z0-9_-]{1,64}$/;
// Gen 1's rule: the env name becomes part of resource names and SSM paths.
const ENV_NAME = /^[a-z]{2,10}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

export function validateInitOptions(options: Omit<InitProjectOptions, 'cwd'>): void {
  if (!PROJECT_NAME.test(options.projectName)) {
    throw invalid('--name', options.projectName, '1 to 64 characters: letters, digits, "-" or "_"', 'myapp');
  }
  assertEnvName(options.envName, '--env');
  assertRegion(options.region);
}

/** Why a name cannot be an environment's (Gen 1's rule), for a prompt to ask again; undefined when it can. */
export function envNameProblem(envName: string): string | undefined {
  return ENV_NAME.test(envName) ? undefined : 'Use 2 to 10 lowercase letters (a-z), e.g. dev or prod.';
}

export function assertEnvName(envName: string, flag: string): void {
  if (!ENV_NAME.test(envName)) throw invalid(flag, envName, '2 to 10 lowercase letters', 'dev');
}

export function assertRegion(region: string): void {
  if (!REGION.test(region)) throw invalid('--region', region, 'an AWS region code', 'us-east-1');
}

/** A malformed command-line value is wrong usage (exit 2), as a bad --frontend or --timeout is. */
function invalid(flag: string, value: string, rule: string, example: string): UserError {
  return new UserError(
    'InvalidInput',
    `${flag} "${escapeUntrusted(value)}" is not valid: it must be ${rule}.`,
    flag.startsWith('-') ? `Pass a valid value, for example ${flag} ${example}.` : `Pass a valid ${flag}, for example ${example}.`,
    { exitCode: ExitCode.usage },
  );
}
