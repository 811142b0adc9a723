// The app's frontend as project-config.json records it (Gen 1's `frontend` and `<frontend>.config`), and which
// config generations mycli writes for it. Pure.

import { posix } from 'node:path';
import { usageError } from './errors.js';
import { escapeUntrusted } from './untrusted-text.js';

export const FRONTENDS = ['javascript', 'android', 'ios', 'flutter'] as const;
export type Frontend = (typeof FRONTENDS)[number];

export const OUTPUTS_CHOICES = ['gen1', 'gen2', 'both'] as const;
export type OutputsChoice = (typeof OUTPUTS_CHOICES)[number];
export const DEFAULT_OUTPUTS: OutputsChoice = 'both';

export interface FrontendSettings {
  frontend: Frontend;
  /** javascript: where aws-exports.js and amplifyconfiguration.json go. */
  sourceDir?: string;
  /** android: the res folder (config files go in <ResDir>/raw); flutter: where the .dart files go. */
  resDir?: string;
  outputs: OutputsChoice;
}

export const DEFAULT_SOURCE_DIR = 'src';
export const DEFAULT_RES_DIR: Readonly<Record<'android' | 'flutter', string>> = { android: 'app/src/main/res', flutter: './lib/' };

/** Settings for a frontend, with Gen 1's default folders for what was not given. */
export function frontendSettings(input: { frontend: Frontend; sourceDir?: string; resDir?: string; outputs?: OutputsChoice }): FrontendSettings {
  const { frontend } = input;
  const outputs = input.outputs ?? DEFAULT_OUTPUTS;
  if (frontend === 'javascript') {
    if (input.resDir !== undefined) throw wrongDirFlag('--res-dir', frontend, '--source-dir');
    return { frontend, sourceDir: checkedDir('--source-dir', input.sourceDir ?? DEFAULT_SOURCE_DIR), outputs };
  }
  if (input.sourceDir !== undefined) throw wrongDirFlag('--source-dir', frontend, frontend === 'ios' ? undefined : '--res-dir');
  if (frontend === 'ios') {
    if (input.resDir !== undefined) throw wrongDirFlag('--res-dir', frontend, undefined);
    return { frontend, outputs };
  }
  return { frontend, resDir: checkedDir('--res-dir', input.resDir ?? DEFAULT_RES_DIR[frontend], DEFAULT_RES_DIR[frontend]), outputs };
}

/** The `<frontend>` value of project-config.json, as the Amplify CLI's frontend plugins write it. */
export function projectConfigFrontendSection(settings: FrontendSettings): Record<string, unknown> {
  switch (settings.frontend) {
    case 'javascript':
      return {
        framework: 'none',
        config: {
          SourceDir: settings.sourceDir,
          DistributionDir: 'dist',
          BuildCommand: 'npm run-script build',
          StartCommand: 'npm run-script start',
        },
      };
    case 'android':
    case 'flutter':
      return { config: { ResDir: settings.resDir } };
    case 'ios':
      return { config: {} };
  }
}

export function isFrontend(value: unknown): value is Frontend {
  return typeof value === 'string' && (FRONTENDS as readonly string[]).includes(value);
}

export function isOutputsChoice(value: unknown): value is OutputsChoice {
  return typeof value === 'string' && (OUTPUTS_CHOICES as readonly string[]).includes(value);
}

export function parseFrontendOption(value: string, flag = '--frontend'): Frontend {
  if (isFrontend(value)) return value;
  throw usageError(`${flag} "${escapeUntrusted(value)}" is not valid.`, `Use one of: ${FRONTENDS.join(', ')}.`);
}

export function parseOutputsOption(value: string, flag = '--outputs'): OutputsChoice {
  if (isOutputsChoice(value)) return value;
  throw usageError(
    `${flag} "${escapeUntrusted(value)}" is not valid.`,
    'Use gen1 (aws-exports.js / amplifyconfiguration files), gen2 (amplify_outputs), or both.',
  );
}

/** A folder inside the project: relative, and never above the project root once normalised. */
export function checkedDir(flag: string, dir: string, example = DEFAULT_SOURCE_DIR): string {
  const normalized = posix.normalize(dir.replace(/\\/g, '/'));
  if (dir.trim() === '' || posix.isAbsolute(normalized) || /^[A-Za-z]:/.test(dir) || normalized === '..' || normalized.startsWith('../')) {
    throw usageError(
      `${flag} "${escapeUntrusted(dir)}" is not valid: it must be a folder inside the app's root folder, given relative to it.`,
      `Pass a relative folder, for example ${flag} ${example}.`,
    );
  }
  return dir;
}

function wrongDirFlag(flag: string, frontend: Frontend, instead: string | undefined): Error {
  return usageError(
    `${flag} does not apply to the ${frontend} frontend.`,
    instead ? `Use ${instead} for ${frontend}, or leave it out for the default.` : `Leave it out: ${frontend} config files go at the project root.`,
  );
}
