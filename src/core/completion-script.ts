// Shell completion scripts generated from a plain description of the command tree (built from the commander program
// by src/commands/completion.ts). Each script embeds the tree, so completing never runs mycli: no start-up cost.

import type { Shell } from './completion-shells.js';

export interface CompletionOption {
  /** `--user-pool-id` */
  long: string;
  /** `-y` */
  short?: string;
  description: string;
  /** Takes a value (`--region <region>`). */
  takesValue: boolean;
  /** The values it accepts, when it has a fixed list. */
  choices?: string[];
  /** The value is a directory or a file. */
  path?: 'directory' | 'file';
}

export interface CompletionCommand {
  name: string;
  description: string;
  options: CompletionOption[];
  subcommands: CompletionCommand[];
  /** Fixed choices of the first argument (`completion <bash|zsh|fish>`). */
  argumentChoices?: string[];
}

// The shells are named in a module of their own: the program definition (cli.ts) needs them, not the generator.
export { SHELLS, type Shell } from './completion-shells.js';

interface Node {
  /** `mycli import auth` */
  key: string;
  command: CompletionCommand;
  /** Its own options and the global ones (the root's, but --version). */
  options: CompletionOption[];
}

/** Every command of the tree with its path, root first. */
function nodes(root: CompletionCommand): Node[] {
  const all: Node[] = [];
  const walk = (command: CompletionCommand, key: string) => {
    const own = new Set(command.options.map((option) => option.long));
    const globals = root.options.filter((option) => !own.has(option.long) && option.long !== '--version');
    all.push({ key, command, options: command === root ? root.options : [...command.options, ...globals] });
    for (const sub of command.subcommands) walk(sub, `${key} ${sub.name}`);
  };
  walk(root, root.name);
  return all;
}

const words = (list: string[]) => list.join(' ');
const optionWords = (option: CompletionOption) => [option.long, ...(option.short ? [option.short] : [])];

// Names and descriptions come from our own program, but are quoted for the shell all the same.
const single = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export function completionScript(shell: Shell, root: CompletionCommand): string {
  if (shell === 'bash') return bashScript(root);
  if (shell === 'zsh') return zshScript(root);
  return fishScript(root);
}

/** The word-by-word walk shared by bash and zsh: the command path so far, skipping option values. */
function caseTable(name: string, all: Node[], value: (node: Node) => string): string {
  const cases = all.map((node) => `    ${single(node.key)}) echo ${single(value(node))} ;;`).join('\n');
  return `${name}() {\n  case "$1" in\n${cases}\n  esac\n}`;
}

function sharedFunctions(prefix: string, root: CompletionCommand): string {
  const all = nodes(root);
  const choicesCases = all
    .flatMap((node) => node.options.filter((option) => option.choices).flatMap((option) => optionWords(option).map((word) => [node.key, word, option.choices!] as const)))
    .map(([key, word, choices]) => `    ${single(`${key}|${word}`)}) echo ${single(words(choices))} ;;`);
  const pathCases = all
    .flatMap((node) => node.options.filter((option) => option.path).flatMap((option) => optionWords(option).map((word) => [node.key, word, option.path!] as const)))
    .map(([key, word, kind]) => `    ${single(`${key}|${word}`)}) echo ${kind} ;;`);
  return [
    caseTable(`${prefix}_subcommands`, all, (node) => words(node.command.subcommands.map((sub) => sub.name))),
    caseTable(`${prefix}_options`, all, (node) => words(node.options.flatMap(optionWords))),
    caseTable(`${prefix}_value_options`, all, (node) => words(node.options.filter((option) => option.takesValue).flatMap(optionWords))),
    caseTable(`${prefix}_arguments`, all, (node) => words(node.command.argumentChoices ?? [])),
    `${prefix}_option_choices() {\n  case "$1|$2" in\n${choicesCases.join('\n')}\n  esac\n}`,
    `${prefix}_option_path() {\n  case "$1|$2" in\n${pathCases.join('\n')}\n  esac\n}`,
    // Prints the command path of the words before the cursor ("mycli env add"), skipping option values.
    `${prefix}_path() {
  local key=${single(root.name)} skip=0 word
  for word in "$@"; do
    if ((skip)); then skip=0; continue; fi
    case "$word" in
      --*=*) ;;
      -*) [[ " $(${prefix}_value_options "$key") " == *" $word "* ]] && skip=1 ;;
      *) [[ " $(${prefix}_subcommands "$key") " == *" $word "* ]] && key="$key $word" ;;
    esac
  done
  echo "$key"
}`,
  ].join('\n\n');
}

function bashScript(root: CompletionCommand): string {
  const p = `_${root.name}`;
  return `# ${root.name} completion for bash. Load it in this shell:  source <(${root.name} completion bash)
# or install it:  ${root.name} completion bash > ~/.local/share/bash-completion/completions/${root.name}

${sharedFunctions(p, root)}

${p}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local key
  key="$(${p}_path "\${COMP_WORDS[@]:1:COMP_CWORD-1}")"
  if [[ " $(${p}_value_options "$key") " == *" $prev "* ]]; then
    local choices kind
    choices="$(${p}_option_choices "$key" "$prev")"
    kind="$(${p}_option_path "$key" "$prev")"
    if [[ -n "$choices" ]]; then COMPREPLY=($(compgen -W "$choices" -- "$cur"))
    elif [[ "$kind" == directory ]]; then COMPREPLY=($(compgen -d -- "$cur"))
    elif [[ "$kind" == file ]]; then COMPREPLY=($(compgen -f -- "$cur"))
    else COMPREPLY=(); fi
    return
  fi
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(${p}_options "$key")" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$(${p}_subcommands "$key") $(${p}_arguments "$key")" -- "$cur"))
  fi
}

complete -F ${p} ${root.name}
`;
}

function zshScript(root: CompletionCommand): string {
  const p = `_${root.name}`;
  const all = nodes(root);
  const described = (node: Node) =>
    node.command.subcommands.map((sub) => `${sub.name}:${sub.description.replace(/:/g, '\\:')}`);
  const optionDescribed = (node: Node) =>
    node.options.flatMap((option) => optionWords(option).map((word) => `${word.replace(/:/g, '\\:')}:${option.description.replace(/:/g, '\\:')}`));
  const arrays = all
    .map((node) => {
      const id = node.key.replace(/[^A-Za-z0-9]+/g, '_');
      return `${p}_cmds_${id}=(${described(node).map(single).join(' ')})\n${p}_opts_${id}=(${optionDescribed(node).map(single).join(' ')})`;
    })
    .join('\n');
  return `#compdef ${root.name}
# ${root.name} completion for zsh. Load it in this shell:  source <(${root.name} completion zsh)
# or install it as _${root.name} in a folder of $fpath (e.g. ~/.zsh/completions, then: fpath+=~/.zsh/completions; autoload -U compinit; compinit).

${sharedFunctions(p, root)}

${arrays}

${p}() {
  local cur="\${words[CURRENT]}" prev="\${words[CURRENT-1]}"
  local key id
  key="$(${p}_path "\${(@)words[2,CURRENT-1]}")"
  id="\${key//[^A-Za-z0-9]##/_}"
  if [[ " $(${p}_value_options "$key") " == *" $prev "* ]]; then
    local choices kind
    choices="$(${p}_option_choices "$key" "$prev")"
    kind="$(${p}_option_path "$key" "$prev")"
    if [[ -n "$choices" ]]; then compadd -- \${=choices}
    elif [[ "$kind" == directory ]]; then _files -/
    elif [[ "$kind" == file ]]; then _files
    fi
    return
  fi
  if [[ "$cur" == -* ]]; then
    local -a opts; opts=("\${(@P)\${:-${p}_opts_$id}}")
    _describe -t options option opts
  else
    local -a cmds; cmds=("\${(@P)\${:-${p}_cmds_$id}}")
    local args; args="$(${p}_arguments "$key")"
    (( \${#cmds} )) && _describe -t commands command cmds
    [[ -n "$args" ]] && compadd -- \${=args}
  fi
}

if [[ "$funcstack[1]" == "${p}" ]]; then ${p} "$@"; else compdef ${p} ${root.name}; fi
`;
}

function fishScript(root: CompletionCommand): string {
  const name = root.name;
  const all = nodes(root);
  const lines = [
    `# ${name} completion for fish. Load it in this shell:  ${name} completion fish | source`,
    `# or install it:  ${name} completion fish > ~/.config/fish/completions/${name}.fish`,
    '',
    `complete -c ${name} -f`,
    // The command path of the words typed so far, skipping option values.
    `function __${name}_path
  set -l key ${name}
  set -l skip 0
  for word in (commandline -opc)[2..-1]
    if test $skip -eq 1; set skip 0; continue; end
    switch $word
      case '--*=*'
      case '-*'
        contains -- $word (__${name}_value_options $key); and set skip 1
      case '*'
        contains -- $word (__${name}_subcommands $key); and set key "$key $word"
    end
  end
  echo $key
end`,
    `function __${name}_subcommands
  switch $argv[1]
${all.map((node) => `    case ${single(node.key)}\n      printf '%s\\n' ${node.command.subcommands.map((sub) => single(sub.name)).join(' ')}`).join('\n')}
  end
end`,
    `function __${name}_value_options
  switch $argv[1]
${all.map((node) => `    case ${single(node.key)}\n      printf '%s\\n' ${node.options.filter((option) => option.takesValue).flatMap(optionWords).map(single).join(' ')}`).join('\n')}
  end
end`,
    `function __${name}_at
  test (__${name}_path) = "$argv"
end`,
  ];
  for (const node of all) {
    const at = `'__${name}_at ${node.key.replace(/'/g, '')}'`;
    for (const sub of node.command.subcommands) {
      lines.push(`complete -c ${name} -n ${at} -a ${single(sub.name)} -d ${single(sub.description)}`);
    }
    if (node.command.argumentChoices?.length) {
      lines.push(`complete -c ${name} -n ${at} -a ${single(words(node.command.argumentChoices))}`);
    }
    for (const option of node.options) {
      const flags = [`-l ${option.long.replace(/^--/, '')}`, ...(option.short ? [`-s ${option.short.replace(/^-/, '')}`] : [])];
      const value = option.takesValue ? (option.choices ? ` -x -a ${single(words(option.choices))}` : option.path ? ` -r -F` : ' -x') : '';
      lines.push(`complete -c ${name} -n ${at} ${flags.join(' ')}${value} -d ${single(option.description)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
