// Reading and writing the app's config files (aws-exports.js, amplifyconfiguration.*, awsconfiguration.json,
// amplify_outputs.*), and knowing which of them mycli wrote.
//
// How mycli knows: amplify/.config/local-client-config-files.json (git-ignored, one per working copy, like the config
// files themselves) lists every config file mycli wrote, with the SHA-256 of the bytes it wrote and whether the file
// existed before mycli first wrote it. A file that no longer applies (another frontend, or --outputs without its
// generation) is deleted only when mycli created it AND it still holds exactly those bytes; any other file is left
// as it is, with a note saying so.

import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  isJsonFormat,
  parseClientConfigFile,
  type ClientConfigFile,
  type RenderedClientConfigFile,
} from '../core/client-config-files.js';
import { UserError } from '../core/errors.js';
import { escapeUntrusted, quoted } from '../core/untrusted-text.js';
import { writeFileAtomic, type FileChange } from './atomic-write.js';
import { checkWrittenFilesRecord, type WrittenFileEntry, type WrittenFilesRecord } from './client-config-schemas.js';
import { appConfigSchema, clientConfigRecordSchema } from './file-schemas.js';
import { assertShape, readJsonFile, writeJsonFile } from './json-file.js';
import { resolveWriteTarget } from './project-boundary.js';
import { fileRecovery } from './project-paths.js';
import type { ProjectStore } from './project-store.js';

type JsonObject = Record<string, unknown>;

/** Everything read before a config write: which files apply, what each held, and the record of mycli's files. */
export interface ClientConfigSnapshot {
  files: ClientConfigFile[];
  /** The config object of each applicable file that exists, by path. */
  existing: Map<string, JsonObject>;
  /** Paths of the applicable files that existed when read. */
  present: Set<string>;
  record: WrittenFilesRecord;
}

/**
 * Reads (and checks) every applicable config file and the record; a file mycli cannot read stops the command here.
 * `files` defaults to those of the recorded frontend settings.
 */
export async function readClientConfigFiles(store: ProjectStore, files?: ClientConfigFile[]): Promise<ClientConfigSnapshot> {
  const record = await readRecord(store);
  files ??= await store.clientConfigFiles();
  const existing = new Map<string, JsonObject>();
  const present = new Set<string>();
  for (const file of files) {
    const absolute = join(store.root, file.path);
    const text = await readTextIfExists(store, absolute);
    if (text === undefined) continue;
    present.add(file.path);
    const written = record.files[file.path];
    // mycli's own file for another frontend or generation, untouched since: it is replaced, not read as this format.
    if (written && written.format !== file.format && written.sha256 === sha256(text)) continue;
    const value = isJsonFormat(file.format)
      ? await readJsonFile<JsonObject>(absolute, { displayPath: store.relative(absolute), expectObject: true, recovery: rewriteAdvice(store, absolute) })
      : parseClientConfigFile(file.format, text);
    const shown = escapeUntrusted(store.relative(absolute));
    if (value === undefined) {
      throw new UserError('ProjectFileInvalid', `${shown} does not hold a config object mycli can read.`,
        `Repair ${shown}, or ${rewriteAdvice(store, absolute)}; mycli never overwrites a file it cannot read.`);
    }
    // The flat JavaScript config's keys have a schema; the other formats' own keys are replaced whole.
    if (file.format === 'gen1-aws-exports' || file.format === 'gen1-js-json') assertShape(appConfigSchema(), value, shown, rewriteAdvice(store, absolute));
    existing.set(file.path, value);
  }
  return { files, existing, present, record };
}

/**
 * Writes the rendered files (identical content is left alone), deletes the files mycli created that no longer apply
 * and are unchanged since, and updates the record. Notes name the files that no longer apply but were left.
 */
export async function writeClientConfigFiles(
  store: ProjectStore,
  snapshot: ClientConfigSnapshot,
  rendered: RenderedClientConfigFile[],
): Promise<{ changes: FileChange[]; notes: string[] }> {
  await store.assertWritable([...rendered.map((file) => join(store.root, file.path)), store.paths.clientConfigRecord]);
  const files: Record<string, WrittenFileEntry> = {};
  const changes: FileChange[] = [];
  const notes: string[] = [];
  for (const file of rendered) {
    changes.push(await writeFileAtomic(join(store.root, file.path), file.content, { root: store.root }));
    const before = snapshot.record.files[file.path];
    const createdByMycli = snapshot.present.has(file.path) ? (before?.createdByMycli ?? false) : true;
    define(files, file.path, { format: file.format, sha256: sha256(file.content), createdByMycli });
  }
  for (const [path, entry] of Object.entries(snapshot.record.files)) {
    if (Object.hasOwn(files, path)) continue;
    const absolute = join(store.root, path);
    const text = await readTextIfExists(store, absolute);
    if (text === undefined) continue;
    const shown = quoted(store.relative(absolute));
    if (!entry.createdByMycli) {
      notes.push(`${shown} no longer applies to this project's frontend, but it existed before mycli wrote to it, so it was left as it is. Delete it if your app no longer reads it.`);
    } else if (entry.sha256 !== sha256(text)) {
      notes.push(`${shown} no longer applies to this project's frontend, but it changed since mycli wrote it, so it was left as it is. Delete it if your app no longer reads it.`);
    } else {
      await resolveWriteTarget(store.root, absolute);
      await rm(absolute);
      changes.push({ path: absolute, change: 'deleted' });
    }
  }
  await writeJsonFile(store.paths.clientConfigRecord, { files }, { root: store.root });
  return { changes, notes };
}

async function readRecord(store: ProjectStore): Promise<WrittenFilesRecord> {
  const path = store.paths.clientConfigRecord;
  const shown = store.relative(path);
  const recovery = fileRecovery(store.paths, path) ?? `delete ${escapeUntrusted(shown)}`;
  const value = await readJsonFile<JsonObject>(path, { displayPath: shown, schema: clientConfigRecordSchema(), recovery });
  return value === undefined ? { files: {} } : checkWrittenFilesRecord(shown, value, recovery);
}

async function readTextIfExists(store: ProjectStore, path: string): Promise<string | undefined> {
  try {
    // Synchronous, like readJsonFile: an app config file is small, and every command reads them.
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    const shown = escapeUntrusted(store.relative(path));
    throw new UserError('ProjectFileInvalid', `${shown} could not be read (${escapeUntrusted(code ?? String(error))}).`,
      `Make ${shown} a readable file (check its permissions, and that it is not a folder), then run the command again.`, { cause: error });
  }
}

/** App config files are git-ignored, and `env checkout` writes them from the environment. */
function rewriteAdvice(store: ProjectStore, path: string): string {
  return `delete ${escapeUntrusted(store.relative(path))} and run \`mycli env checkout <current env>\` (\`mycli env list\` marks it) to write it again`;
}

function sha256(text: string): string {
  // node:crypto is loaded on first use: reading the config files (every command) rarely hashes one.
  const { createHash } = process.getBuiltinModule('node:crypto');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Paths come from a file: defined as own data properties, so a `__proto__` path stays a plain key. */
function define(target: Record<string, WrittenFileEntry>, key: string, value: WrittenFileEntry): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
