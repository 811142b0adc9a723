import { readFileSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import { escapeUntrusted } from '../core/untrusted-text.js';
import { writeFileAtomic, type FileChange } from './atomic-write.js';
import { checkSchema, formatProblem, object, type Schema } from './schema.js';

export { isPlainObject } from './schema.js';

export interface ReadJsonOptions {
  /** How the file is named in error messages (e.g. relative to the project root); defaults to `path`. */
  displayPath?: string;
  /** Reject a file whose top-level value is not a JSON object. */
  expectObject?: boolean;
  /** The shape the content must have (src/project/file-schemas.ts); a file that differs is an error naming every difference. */
  schema?: Schema;
  /** How to get a good copy back, offered after repairing it (e.g. `restore it from git (git checkout -- <path>)`). */
  recovery?: string | undefined;
}

/** Parsed content of a JSON file, or undefined when the file does not exist. */
export async function readJsonFile<T = unknown>(path: string, options: ReadJsonOptions = {}): Promise<T | undefined> {
  const shownPath = escapeUntrusted(options.displayPath ?? path);
  let text: string;
  try {
    // Synchronous: project files are small, and each asynchronous read is four thread-pool round trips (open, stat,
    // read, close); every command reads some twenty project files before it does anything (start-up, issue 11).
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new UserError('ProjectFileInvalid', `${shownPath} could not be read (${escapeUntrusted(code ?? String(error))}).`,
      `Make ${shownPath} a readable file (check its permissions), then run the command again.`, { cause: error });
  }
  // Editors on Windows may save a byte-order mark, which JSON.parse rejects.
  if (text.startsWith('\uFEFF')) text = text.slice(1);

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const { line, column } = syntaxErrorLocation(text, (error as Error).message);
    throw invalidFile(shownPath, `${line}:${column}: ${escapeUntrusted(describeSyntaxError(text, (error as Error).message))}`, options.recovery, error);
  }
  const schema = options.schema ?? (options.expectObject ? object({ expected: 'a JSON object' }) : undefined);
  if (schema) assertShape(schema, value, shownPath, options.recovery);
  return value as T;
}

const SHOWN_PROBLEMS = 5;

/**
 * Throws the error for content of the wrong shape: `<path>: <key.path>: expected <what>, found <what>` for the first
 * difference, and the next few (of every one found) as details. `shownPath` names the file as the user sees it.
 */
export function assertShape(schema: Schema, value: unknown, shownPath: string, recovery: string | undefined): void {
  const problems = checkSchema(schema, value);
  if (problems.length === 0) return;
  const lines = problems.map((problem) => `${shownPath}: ${formatProblem(problem)}`);
  const shown = lines.slice(1, SHOWN_PROBLEMS);
  if (lines.length > SHOWN_PROBLEMS) shown.push(`… and ${lines.length - SHOWN_PROBLEMS} more in ${shownPath}`);
  throw new UserError(
    'ProjectFileInvalid',
    lines[0]!,
    `Repair ${shownPath}${recovery ? `, or ${recovery}` : ''}; mycli does not act on a project file of the wrong shape.`,
    { details: shown },
  );
}

/** Writes `value` as 2-space-indented JSON with a trailing newline. */
export async function writeJsonFile(path: string, value: unknown, options: { root: string }): Promise<FileChange> {
  return writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, options);
}

function invalidFile(shownPath: string, where: string, recovery: string | undefined, cause?: unknown): UserError {
  return new UserError(
    'ProjectFileInvalid',
    `${shownPath}:${where}`,
    `Repair ${shownPath}${recovery ? `, or ${recovery}` : ''}; mycli never overwrites a file it cannot read.`,
    { cause },
  );
}

/**
 * JSON.parse reports no structured position, so its message is the only source: newer V8 says
 * "(line L column C)", Node 20 says "at position N", and some Node 20 messages ("Unexpected token", "Unexpected end")
 * carry neither; for those the offset is found by scanning the text.
 */
function syntaxErrorLocation(text: string, message: string): { line: number; column: number } {
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /at position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : findSyntaxErrorOffset(text);
  const before = text.slice(0, Math.min(offset, text.length));
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

function describeSyntaxError(text: string, message: string): string {
  if (text.trim() === '') return 'the file is empty';
  return message
    .replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '')
    .replace(/ at position \d+.*$/s, '')
    .replace(/ in JSON$/, '');
}

/** Offset of the first character that cannot continue a valid JSON text (RFC 8259 grammar). */
function findSyntaxErrorOffset(text: string): number {
  let at = 0;
  const stop = Symbol('syntax error');
  const expect = (ok: boolean): void => {
    if (!ok) throw stop;
  };
  const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';
  const skipWhitespace = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++;
  };
  const digits = (): void => {
    expect(isDigit(text[at]));
    while (isDigit(text[at])) at++;
  };
  const number = (): void => {
    if (text[at] === '-') at++;
    if (text[at] === '0') at++;
    else digits();
    if (text[at] === '.') {
      at++;
      digits();
    }
    if (text[at] === 'e' || text[at] === 'E') {
      at++;
      if (text[at] === '+' || text[at] === '-') at++;
      digits();
    }
  };
  const string = (): void => {
    expect(text[at] === '"');
    at++;
    for (;;) {
      const ch = text[at];
      expect(ch !== undefined && ch >= ' ');
      at++;
      if (ch === '"') return;
      if (ch !== '\\') continue;
      if (text[at] === 'u') {
        at++;
        for (let k = 0; k < 4; k++, at++) expect(/^[0-9a-fA-F]$/.test(text[at] ?? ''));
      } else {
        expect(text[at] !== undefined && '"\\/bfnrt'.includes(text[at]!));
        at++;
      }
    }
  };
  const sequence = (close: string, item: () => void): void => {
    at++;
    skipWhitespace();
    if (text[at] !== close) {
      for (;;) {
        item();
        skipWhitespace();
        if (text[at] !== ',') break;
        at++;
      }
    }
    expect(text[at] === close);
    at++;
  };
  const value = (): void => {
    skipWhitespace();
    const ch = text[at];
    if (ch === '{') {
      sequence('}', () => {
        skipWhitespace();
        string();
        skipWhitespace();
        expect(text[at] === ':');
        at++;
        value();
      });
    } else if (ch === '[') sequence(']', value);
    else if (ch === '"') string();
    else if (ch === '-' || isDigit(ch)) number();
    else {
      const word = ['true', 'false', 'null'].find((w) => w[0] === ch);
      expect(word !== undefined);
      for (const letter of word!) {
        expect(text[at] === letter);
        at++;
      }
    }
  };
  try {
    value();
    skipWhitespace();
    expect(at === text.length);
    return text.length;
  } catch (error) {
    if (error === stop) return at;
    throw error;
  }
}
