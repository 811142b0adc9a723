/** A value as one POSIX shell word: unchanged when it holds only safe characters, else single-quoted. */
export function shellQuote(value: string): string {
  return /^[\w.,:/=@+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
