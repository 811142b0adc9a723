// What the schemas of file-schemas.ts cannot say about issue 8's project-file content: the frontend settings read
// from project-config.json (Gen 1's default folders filled in) with their folders inside the project, and the record
// of the config files mycli wrote, whose paths must be inside the project too (mycli may delete them).
import type { ClientConfigFormat } from '../core/client-config-files.js';
import { UserError } from '../core/errors.js';
import { checkedDir, DEFAULT_OUTPUTS, frontendSettings, type Frontend, type FrontendSettings, type OutputsChoice } from '../core/frontend-settings.js';
import { MYCLI_SETTINGS_KEY } from './file-schemas.js';
import { isPlainObject } from './json-file.js';
import { formatKeyPath } from './schema.js';
import { escapeUntrusted } from '../core/untrusted-text.js';

type JsonObject = Record<string, unknown>;

/**
 * The frontend settings of a project-config.json its schema has checked: `frontend`, `<frontend>.config.SourceDir`
 * (javascript) or `.ResDir` (android, flutter; Gen 1's default when absent) and `mycli.outputs` (default both).
 */
export function checkFrontendSettings(shownPath: string, projectConfig: JsonObject, recovery: string): FrontendSettings {
  const frontend = projectConfig['frontend'] as Frontend;
  const section = projectConfig[frontend];
  const config = isPlainObject(section) && isPlainObject(section['config']) ? section['config'] : {};
  const dirKey = frontend === 'javascript' ? 'SourceDir' : frontend === 'ios' ? undefined : 'ResDir';
  const dir = dirKey === undefined ? undefined : (config[dirKey] as string | undefined);
  if (dirKey !== undefined && dir !== undefined && !isInsideProject(dir)) {
    throw invalid(shownPath, [frontend, 'config', dirKey], 'a folder inside the project, relative to it', dir, recovery);
  }
  const mycli = projectConfig[MYCLI_SETTINGS_KEY];
  const outputs = (isPlainObject(mycli) ? mycli['outputs'] : undefined) as OutputsChoice | undefined;
  return frontendSettings({
    frontend,
    sourceDir: frontend === 'javascript' ? dir : undefined,
    resDir: frontend === 'android' || frontend === 'flutter' ? dir : undefined,
    outputs: outputs ?? DEFAULT_OUTPUTS,
  });
}

export interface WrittenFileEntry {
  format: ClientConfigFormat;
  /** SHA-256 (hex) of the bytes mycli last wrote. */
  sha256: string;
  /** True when the file did not exist before mycli first wrote it: only such files are ever deleted. */
  createdByMycli: boolean;
}

/** amplify/.config/local-client-config-files.json (its schema: clientConfigRecordSchema). */
export interface WrittenFilesRecord {
  files: Record<string, WrittenFileEntry>;
}

/** Every path of a record its schema has checked must be inside the project: mycli may delete the file. */
export function checkWrittenFilesRecord(shownPath: string, value: JsonObject, recovery: string): WrittenFilesRecord {
  const files = value['files'] as Record<string, WrittenFileEntry>;
  const outside = Object.keys(files).find((path) => !isInsideProject(path));
  if (outside !== undefined) throw invalid(shownPath, ['files', outside], 'a path inside the project, relative to it', outside, recovery);
  return { files };
}

function isInsideProject(path: string): boolean {
  try {
    checkedDir('', path);
    return true;
  } catch {
    return false;
  }
}

function invalid(shownPath: string, keyPath: string[], expected: string, found: string, recovery: string): UserError {
  return new UserError(
    'ProjectFileInvalid',
    `${escapeUntrusted(shownPath)}: ${formatKeyPath(keyPath)}: expected ${expected}, found ${escapeUntrusted(JSON.stringify(found))}`,
    `Repair ${escapeUntrusted(shownPath)}, or ${recovery}; mycli never acts on a file it cannot read.`,
  );
}
