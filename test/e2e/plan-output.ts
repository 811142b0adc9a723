// Reading the push plan the CLI printed (NO_COLOR, no terminal: no wrapping): the block of one role or function.

/** The plan lines under `IAM role <name>` (or `Lambda function <name>`), up to the next group or the summary. */
export function planBlock(output: string, header: string): string {
  const lines = output.split('\n');
  const start = lines.findIndex((line) => line.trim() === header || line.trim().startsWith(`${header} (environment `));
  if (start < 0) return '';
  const end = lines.findIndex((line, index) => index > start && /^ {2}(IAM role|Lambda function) |^Plan: /.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

export function roleBlock(output: string, roleName: string): string {
  return planBlock(output, `IAM role ${roleName}`);
}
