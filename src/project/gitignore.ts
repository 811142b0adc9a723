import { readFile } from 'node:fs/promises';
import { writeFileAtomic, type FileChange } from './atomic-write.js';

export const GITIGNORE_BLOCK_BEGIN = '#amplify-do-not-edit-begin';
export const GITIGNORE_BLOCK_END = '#amplify-do-not-edit-end';

/** The entries Amplify CLI Gen 1 keeps in its marked block, and Gen 2's amplify_outputs files (per environment, like the rest). */
export const GITIGNORE_BLOCK_ENTRIES = [
  'amplify/\\#current-cloud-backend',
  'amplify/.config/local-*',
  'amplify/logs',
  'amplify/mock-data',
  'amplify/mock-api-resources',
  'amplify/backend/amplify-meta.json',
  'amplify/backend/.temp',
  'build/',
  'dist/',
  'node_modules/',
  'aws-exports.js',
  'awsconfiguration.json',
  'amplifyconfiguration.json',
  'amplifyconfiguration.dart',
  'amplify_outputs*',
  'amplify-build-config.json',
  'amplify-gradle-config.json',
  'amplifytools.xcconfig',
  '.secret-*',
  '**.sample',
] as const;

/**
 * Returns the .gitignore text with exactly one marked block holding the current entries: an existing block is
 * refreshed in place, otherwise the block is appended. Every line outside a block is kept as it is.
 * A marker without its partner is dropped, so a later run cannot swallow user lines between stray markers.
 */
export function mergeGitignoreBlock(existing: string | undefined): string {
  const text = existing ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();

  const block = [GITIGNORE_BLOCK_BEGIN, ...GITIGNORE_BLOCK_ENTRIES, GITIGNORE_BLOCK_END];
  const kept: string[] = [];
  let blockIndex: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === GITIGNORE_BLOCK_BEGIN) {
      const end = lines.findIndex((candidate, j) => j > i && candidate.trim() === GITIGNORE_BLOCK_END);
      const nextBegin = lines.findIndex((candidate, j) => j > i && candidate.trim() === GITIGNORE_BLOCK_BEGIN);
      if (end !== -1 && (nextBegin === -1 || end < nextBegin)) {
        blockIndex ??= kept.length;
        i = end;
      }
      continue;
    }
    if (line === GITIGNORE_BLOCK_END) continue;
    kept.push(lines[i]!);
  }

  if (blockIndex === undefined) {
    if (kept.length > 0 && kept.at(-1)!.trim() !== '') kept.push('');
    blockIndex = kept.length;
  }
  kept.splice(blockIndex, 0, ...block);
  return `${kept.join(eol)}${eol}`;
}

/** Adds or refreshes the marked block in `<root>/.gitignore`. */
export async function updateGitignore(gitignorePath: string, options: { root: string }): Promise<FileChange> {
  let existing: string | undefined;
  try {
    existing = await readFile(gitignorePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return writeFileAtomic(gitignorePath, mergeGitignoreBlock(existing), options);
}
