// Which config files a frontend gets (issue 8's table) and how each is read back. Pure: paths are relative to the
// project root, POSIX-style. The writers that render them live in client-config-render.ts: every command reads and
// checks these files, only the commands that write them load the writers.

import { posix } from 'node:path';
import { parseAwsExports } from './aws-exports-format.js';
import { GEN1_DART_CONSTANT, GEN2_DART_CONSTANT, parseDartConfig } from './dart-config-format.js';
import type { FrontendSettings } from './frontend-settings.js';

export const CLIENT_CONFIG_FORMATS = [
  'gen1-aws-exports',
  'gen1-js-json',
  'gen1-native-amplifyconfiguration',
  'gen1-native-awsconfiguration',
  'gen1-dart',
  'gen2-json',
  'gen2-dart',
] as const;
export type ClientConfigFormat = (typeof CLIENT_CONFIG_FORMATS)[number];

export interface ClientConfigFile {
  /** Relative to the project root, POSIX separators. */
  path: string;
  format: ClientConfigFormat;
}

export interface RenderedClientConfigFile extends ClientConfigFile {
  content: string;
}

type JsonObject = Record<string, unknown>;

const JSON_FORMATS: ReadonlySet<ClientConfigFormat> = new Set(['gen1-js-json', 'gen1-native-amplifyconfiguration', 'gen1-native-awsconfiguration', 'gen2-json']);

/** Formats whose whole file is JSON (the others wrap it in JavaScript or Dart). */
export function isJsonFormat(format: ClientConfigFormat): boolean {
  return JSON_FORMATS.has(format);
}

/** The files mycli writes for these settings, Gen 1 first. */
export function clientConfigFiles(settings: FrontendSettings): ClientConfigFile[] {
  const gen1 = settings.outputs !== 'gen2';
  const gen2 = settings.outputs !== 'gen1';
  const at = (...parts: string[]) => posix.normalize(posix.join(...parts.map((part) => part.replace(/\\/g, '/'))));
  const files: ClientConfigFile[] = [];
  switch (settings.frontend) {
    case 'javascript': {
      const sourceDir = settings.sourceDir ?? 'src';
      if (gen1) {
        files.push({ path: at(sourceDir, 'aws-exports.js'), format: 'gen1-aws-exports' });
        files.push({ path: at(sourceDir, 'amplifyconfiguration.json'), format: 'gen1-js-json' });
      }
      if (gen2) files.push({ path: 'amplify_outputs.json', format: 'gen2-json' });
      break;
    }
    case 'android': {
      const raw = at(settings.resDir ?? 'app/src/main/res', 'raw');
      if (gen1) {
        files.push({ path: at(raw, 'amplifyconfiguration.json'), format: 'gen1-native-amplifyconfiguration' });
        files.push({ path: at(raw, 'awsconfiguration.json'), format: 'gen1-native-awsconfiguration' });
      }
      if (gen2) files.push({ path: at(raw, 'amplify_outputs.json'), format: 'gen2-json' });
      break;
    }
    case 'ios':
      if (gen1) {
        files.push({ path: 'amplifyconfiguration.json', format: 'gen1-native-amplifyconfiguration' });
        files.push({ path: 'awsconfiguration.json', format: 'gen1-native-awsconfiguration' });
      }
      if (gen2) files.push({ path: 'amplify_outputs.json', format: 'gen2-json' });
      break;
    case 'flutter': {
      const lib = settings.resDir ?? './lib/';
      if (gen1) files.push({ path: at(lib, 'amplifyconfiguration.dart'), format: 'gen1-dart' });
      if (gen2) files.push({ path: at(lib, 'amplify_outputs.dart'), format: 'gen2-dart' });
      break;
    }
  }
  return files;
}

/** The config object held by a file of this format; undefined when its text is not one (mycli never overwrites it then). */
export function parseClientConfigFile(format: ClientConfigFormat, text: string): JsonObject | undefined {
  switch (format) {
    case 'gen1-aws-exports':
      return parseAwsExports(text);
    case 'gen1-dart':
      return parseDartConfig(text, GEN1_DART_CONSTANT);
    case 'gen2-dart':
      return parseDartConfig(text, GEN2_DART_CONSTANT);
    default:
      return parseJsonObject(text);
  }
}

function parseJsonObject(text: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}
