// Names, ids, file contents and AWS messages are untrusted: echoed raw, a newline or U+2028 in a pool name splits an
// error line (or fakes one), and terminal controls can rewrite the screen. Every message shows them through these.

// C0 controls, DEL, C1 controls, line/paragraph separators, bidirectional overrides and isolates, the BOM, and a
// backslash (escaped so that an escape sequence in the output can only mean one thing).
const NEEDS_ESCAPE = /[\\\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const SHORT_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** JSON-style escaping of every character that could break or forge a line of output; plain text is unchanged. */
export function escapeUntrusted(value: string): string {
  return value.replace(NEEDS_ESCAPE, (char) => SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `'value'`, escaped, with a single quote inside shown as `\'`: the one way a name is quoted in messages. */
export function quoted(value: string): string {
  return `'${escapeUntrusted(value).replace(/'/g, "\\'")}'`;
}

/** `'name' (id)`, or just `id` when the resource has no name (or its name is its id). */
export function nameAndId(name: string | undefined, id: string): string {
  if (name === undefined || name === '' || name === id) return escapeUntrusted(id);
  return `${quoted(name)} (${escapeUntrusted(id)})`;
}
