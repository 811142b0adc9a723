// `mycli completion <bash|zsh|fish>`: offline, loads neither the AWS SDK nor zod; prints the script on stdout.
import type { Command, Option } from 'commander';
import { completionScript, type CompletionCommand, type CompletionOption, type Shell } from '../core/completion-script.js';
import type { Printer } from '../ui/printer.js';

export function runCompletionCommand(shell: Shell, program: Command, printer: Printer): void {
  printer.out(completionScript(shell, describeCommand(program)).trimEnd());
}

/** The commander tree as plain data: names, descriptions, options (with value and choices), subcommands. */
export function describeCommand(command: Command): CompletionCommand {
  const options = command.options.filter((option) => !option.hidden).map(describeOption);
  options.push({ long: '--help', short: '-h', description: 'display help for command', takesValue: false });
  const argumentChoices = command.registeredArguments[0]?.argChoices;
  return {
    name: command.name(),
    description: command.description(),
    options,
    subcommands: command.commands.map(describeCommand),
    ...(argumentChoices ? { argumentChoices } : {}),
  };
}

function describeOption(option: Option): CompletionOption {
  const takesValue = option.required || option.optional;
  const placeholder = /<([^>]+)>|\[([^\]]+)\]/.exec(option.flags);
  const valueName = placeholder?.[1] ?? placeholder?.[2] ?? '';
  const path = /dir/.test(valueName) ? 'directory' : /file|path/.test(valueName) ? 'file' : undefined;
  return {
    long: option.long ?? option.flags,
    ...(option.short ? { short: option.short } : {}),
    description: option.description,
    takesValue,
    ...(option.argChoices ? { choices: option.argChoices } : {}),
    ...(path ? { path } : {}),
  };
}
