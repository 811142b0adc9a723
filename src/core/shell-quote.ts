import { escapeUntrusted } from './untrusted-text.js';

/**
 * A value as one word of a shell command the user may copy: bare when it holds only safe characters, else in single
 * quotes, and in bash's `$'…'` with escapeUntrusted's escapes when it holds a character that would break or forge the
 * line (a newline, U+2028, a terminal escape), so the command stays on one line and still names the exact value.
 */
export function shellQuote(value: string): string {
  if (/^[\w.,:/=@+-]+$/.test(value)) return value;
  const escaped = escapeUntrusted(value);
  if (escaped === value) return `'${value.replace(/'/g, `'\\''`)}'`;
  return `$'${escaped.replace(/'/g, "\\'")}'`;
}
