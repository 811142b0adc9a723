// Conventions of the command tree that scripts rely on.
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './cli.js';
import { createPrinter } from './ui/printer.js';

function leaves(command: Command, path: string[] = []): Array<{ path: string; command: Command }> {
  if (command.commands.length === 0) return [{ path: path.join(' '), command }];
  return command.commands.flatMap((sub) => leaves(sub, [...path, sub.name()]));
}

describe('the command tree', () => {
  it('every command takes -y, --yes (those that ask nothing accept and ignore it), so scripts can pass it uniformly', () => {
    const program = buildProgram(createPrinter());
    const missing = leaves(program)
      .filter(({ command }) => !command.options.some((option) => option.long === '--yes' && option.short === '-y'))
      .map(({ path }) => path);
    expect(missing).toEqual([]);
  });

  it('--timeout and --debug are global options', () => {
    const program = buildProgram(createPrinter());
    expect(program.options.map((option) => option.long)).toEqual(expect.arrayContaining(['--timeout', '--debug', '--profile', '--region', '--cwd']));
  });
});
