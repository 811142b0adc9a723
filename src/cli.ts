// The one entry and the one exit: builds the program, runs it, turns any error into a message and an exit code.
// Command bodies are imported inside their actions so that `mycli --help` loads neither the AWS SDK nor the prompts.
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { SHELLS, type Shell } from './core/completion-shells.js';
import { ExitCode, isUserError, type ExitCodeValue } from './core/errors.js';
import { createPrinter, type Printer } from './ui/printer.js';
import { version } from './version.js';
import { escapeUntrusted } from './core/untrusted-text.js';

export interface GlobalOptions {
  profile?: string;
  region?: string;
  debug?: boolean;
  /** Connect and read timeout of every AWS request, in seconds (--timeout). */
  timeout?: number;
  cwd: string;
}

/** Scripts pass --yes to every command; a command that asks nothing accepts it and ignores it. */
const READ_ONLY_YES = 'accepted and ignored (this command never asks)';

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const printer = createPrinter({ debug });
  const outcome: CommandOutcome = { exitCode: ExitCode.ok };
  const program = buildProgram(printer, outcome);
  try {
    await program.parseAsync(argv);
    return outcome.exitCode;
  } catch (error) {
    return renderError(error, printer);
  }
}

/** The exit status of a command that succeeded but has more to say than 0 (push --dry-run with changes pending, check). */
export interface CommandOutcome {
  exitCode: ExitCodeValue;
}

export function buildProgram(printer: Printer, outcome: CommandOutcome = { exitCode: ExitCode.ok }): Command {
  const program = new Command('mycli')
    .description('Wire your app to Amazon Cognito resources that already exist.')
    .version(version, '-v, --version')
    .addOption(new Option('--profile <name>', 'AWS profile from your shared config/credentials files').env('AWS_PROFILE'))
    .option('--region <region>', 'AWS region (default: the project environment, AWS_REGION, or the profile)')
    .option('--cwd <dir>', 'run as if started in <dir> (default: the current directory)')
    .addOption(new Option('--timeout <seconds>', 'connect and read timeout of each AWS request (default: 60, as the AWS CLI)').argParser(parseTimeout))
    .option('--debug', 'print each AWS request (service, operation, resource, status, time), stack traces and internal steps')
    .showHelpAfterError('(run with --help for usage)')
    // `mycli init --help` lists --region, --profile and the other global options too.
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({ writeOut: (text) => process.stdout.write(text), writeErr: (text) => process.stderr.write(text) });

  program
    .command('init')
    .description('create a project folder (Amplify Gen 1 layout) in the current directory')
    .option('--name <name>', 'project name (default: the folder name)')
    .option('--env <name>', 'first environment name: 2 to 10 lowercase letters (default: dev; asked when interactive)')
    .option('--frontend <platform>', "the app's platform: javascript, android, ios or flutter (default: asked, else javascript)")
    .option('--outputs <which>', 'which app config files mycli writes: gen1, gen2 (amplify_outputs) or both', 'both')
    .option('--source-dir <dir>', "javascript: where aws-exports.js and amplifyconfiguration.json go (default: src)")
    .option('--res-dir <dir>', 'android: the res folder (default: app/src/main/res); flutter: where the .dart files go (default: ./lib/)')
    .option('-y, --yes', 'use defaults, never prompt')
    .action(async (options, command: Command) => {
      const { runInitCommand } = await import('./commands/init.js');
      await runInitCommand({ ...globals(command), ...options }, printer);
    });

  const importCommand = program
    .command('import')
    .description('bring an existing AWS resource into the project')
    .exitOverride();
  importCommand
    .command('auth')
    .description('import an existing Cognito user pool (and identity pool) and write the app config')
    .option('--user-pool-id <id>', 'the user pool to import')
    .option('--web-client-id <id>', 'app client without a secret, used by the web app')
    .option('--native-client-id <id>', 'app client for native apps (default: the web client)')
    .option('--identity-pool-id <id>', 'identity pool to import (omit with --yes for "user pool only")')
    .option('--user-pool-only', 'import only the user pool (no identity pool, no AWS credentials for users)')
    .option('--with-identity-pool', 'import the user pool and the identity pool that trusts it (found by discovery when --identity-pool-id is not given)')
    .option('-y, --yes', 'never prompt: every choice comes from flags or is unambiguous')
    .option('--headless', 'read the Amplify Gen 1 JSON payload from standard input (implies --yes)')
    .option('--no-cache', 'describe every identity pool and app client again instead of reusing what a run of the last 15 minutes described')
    .action(async (options, command: Command) => {
      const { runImportAuthCommand } = await import('./commands/import-auth.js');
      await runImportAuthCommand({ ...globals(command), ...options }, printer);
    });

  program
    .command('status')
    .description('show the current environment and what `mycli push` would change for each resource (offline unless --remote)')
    .option('--json', 'print the status as JSON on standard output')
    .option('--policies', 'also list the IAM policies this project owns on each role, as pushed')
    .option('--remote', "also read the environment's push record and push lock in the AWS account (online)")
    .option('-y, --yes', READ_ONLY_YES)
    .action(async (options, command: Command) => {
      const { runStatusCommand } = await import('./commands/status.js');
      await runStatusCommand({ ...globals(command), ...options }, printer);
    });

  program
    .command('push')
    .description('re-check the imported resources, apply the IAM policies this project owns, rewrite the app config')
    .option('-y, --yes', 'apply the IAM policy plan without asking')
    .option('--dry-run', 're-check and show the plan; change nothing in AWS or in the project (exit 3 when changes are pending)')
    .option('--json', 'also print the plan as data on standard output')
    .option('--lock-timeout <seconds>', "how long to wait for a teammate's push of the environment to finish (default 30)")
    .option('--no-lock', "push without the team's push lock and record in SSM Parameter Store (warns)")
    .option('--force-unlock', 'remove the push lock a killed push left behind (asks first), then stop')
    .action(async (options, command: Command) => {
      const { runPushCommand } = await import('./commands/push.js');
      outcome.exitCode = await runPushCommand({ ...globals(command), ...options }, printer);
    });

  program
    .command('check')
    .description('re-describe and re-validate what environments imported, changing nothing (exit 1 when a push would be refused)')
    .option('--env <name>', 'the environment to check (default: the current one)')
    .option('--all', 'check every environment')
    .option('--json', 'print the findings as JSON on standard output')
    .option('-y, --yes', 'accepted and ignored (check never asks)')
    .action(async (options, command: Command) => {
      const { runCheckCommand } = await import('./commands/check.js');
      outcome.exitCode = await runCheckCommand({ ...globals(command), ...options }, printer);
    });

  program
    .command('configure')
    .description('change project settings')
    .command('project')
    .description("change the app's platform or which config files mycli writes; rewrites the app config (offline)")
    .option('--frontend <platform>', 'javascript, android, ios or flutter')
    .option('--outputs <which>', 'gen1, gen2 (amplify_outputs) or both')
    .option('--source-dir <dir>', 'javascript: where aws-exports.js and amplifyconfiguration.json go')
    .option('--res-dir <dir>', 'android: the res folder; flutter: where the .dart files go')
    .option('-y, --yes', 'never prompt')
    .action(async (options, command: Command) => {
      const { runConfigureProjectCommand } = await import('./commands/configure.js');
      await runConfigureProjectCommand({ ...globals(command), ...options }, printer);
    });

  const removeCommand = program.command('remove').description('unlink a resource from the project (AWS resources are never deleted)');
  removeCommand
    .command('auth')
    .description('unlink the imported auth; the Cognito resources are not deleted')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(async (options, command: Command) => {
      const { runRemoveAuthCommand } = await import('./commands/remove-auth.js');
      await runRemoveAuthCommand({ ...globals(command), ...options }, printer);
    });

  const envCommand = program.command('env').description('manage environments (each may import a different user pool)');
  const envIdOptions = (command: Command, yesHelp: string) =>
    command
      .option('--user-pool-id <id>', 'user pool for the environment')
      .option('--web-client-id <id>', 'web client (no secret) for the environment')
      .option('--native-client-id <id>', 'native client (default: the web client)')
      .option('--identity-pool-id <id>', 'identity pool for the environment')
      .option('--categories <json>', 'Amplify Gen 1 headless shape: \'{"auth":{"userPoolId":…,"webClientId":…,"identityPoolId":…}}\'')
      .option('-y, --yes', yesHelp);
  envIdOptions(
    envCommand
      .command('add <name>')
      .description('create an environment and make it current; with imported auth, use the same resources or others'),
    'no prompts: keep the same resources unless ids are given (flags, --categories or AMPLIFY_* variables)',
  )
    .action(async (name: string, options, command: Command) => {
      const { runEnvAddCommand } = await import('./commands/env.js');
      await runEnvAddCommand(name, { ...globals(command), ...options }, printer);
    });
  envCommand
    .command('list')
    .description('environments, the current one marked, with their regions and imported pool ids')
    .option('--json', 'print as JSON on standard output')
    .option('-y, --yes', READ_ONLY_YES)
    .action(async (options, command: Command) => {
      const { runEnvListCommand } = await import('./commands/env-list.js');
      await runEnvListCommand({ ...globals(command), ...options }, printer);
    });
  envIdOptions(
    envCommand
      .command('checkout <name>')
      .description('make an environment current and rewrite the app config from its resources'),
    'no prompts: an environment without resources yet needs its ids (flags, --categories or AMPLIFY_* variables)',
  ).action(async (name: string, options, command: Command) => {
    const { runEnvCheckoutCommand } = await import('./commands/env.js');
    await runEnvCheckoutCommand(name, { ...globals(command), ...options }, printer);
  });
  envCommand
    .command('remove <name>')
    .description("remove an environment that is not current; mycli's IAM policies leave its roles, its push record and lock are deleted")
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--lock-timeout <seconds>', "how long to wait for a teammate's push of the environment to finish (default 30)")
    .option('--no-lock', "remove it without taking the environment's push lock (warns)")
    .option('--force-unlock', 'remove the push lock a killed push left behind on that environment (asks first), then stop')
    .action(async (name: string, options, command: Command) => {
      const { runEnvRemoveCommand } = await import('./commands/env.js');
      await runEnvRemoveCommand(name, { ...globals(command), ...options }, printer);
    });

  importCommand
    .command('storage')
    .description('import an existing S3 bucket for signed-in users and guests of the imported identity')
    .option('--bucket <name>', 'the bucket to import')
    .option('--auth-access <list>', 'what signed-in users may do: any of create,read,delete (create means create/update)')
    .option('--guest-access <list>', 'what guests may do: any of create,read,delete, or none (default: none with --yes)')
    .option('--name <name>', 'resource name in the project (default: from the bucket name)')
    .option('-y, --yes', 'never prompt')
    .action(async (options, command: Command) => {
      const { runImportStorageCommand } = await import('./commands/storage.js');
      await runImportStorageCommand({ ...globals(command), ...options }, printer);
    });
  removeCommand
    .command('storage')
    .description('unlink the imported storage; the bucket is not touched')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(async (options, command: Command) => {
      const { runRemoveStorageCommand } = await import('./commands/storage.js');
      await runRemoveStorageCommand({ ...globals(command), ...options }, printer);
    });

  importCommand
    .command('api')
    .description("import an existing AppSync GraphQL API, API Gateway REST API or HTTP API that trusts the imported auth")
    .option('--graphql-api-id <id>', 'the AppSync GraphQL API to import')
    .option('--rest-api-id <id>', 'the API Gateway REST API to import (with --stage)')
    .option('--http-api-id <id>', 'the API Gateway HTTP API to import (with --stage)')
    .option('--stage <name>', 'REST/HTTP: the stage the app calls')
    .option('--name <name>', 'the name the app uses for it (default: from the API name)')
    .option('--auth-access <list>', 'IAM-authorized parts: what signed-in users may do: any of create,read,update,delete, or none')
    .option('--guest-access <list>', 'IAM-authorized parts: what guests may do: any of create,read,update,delete, or none (default: none with --yes)')
    .option('--path <path>', 'REST/HTTP: grant only the IAM routes on or below this path (repeatable; default: every IAM route)', collect, undefined)
    .option('--api-key', "GraphQL: write the API's key into the app config (an API key is public by design)")
    .option('-y, --yes', 'never prompt')
    .addHelpText('after', '\nThe API is looked up in --region (default: the environment\'s region); it may be in another region than the project.')
    .action(async (options, command: Command) => {
      const { runImportApiCommand } = await import('./commands/api.js');
      await runImportApiCommand({ ...globals(command), ...options }, printer);
    });
  removeCommand
    .command('api [name]')
    .description('unlink an imported API; the API is not touched, the next push removes its IAM policies')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(async (name: string | undefined, options, command: Command) => {
      const { runRemoveApiCommand } = await import('./commands/api.js');
      await runRemoveApiCommand(name, { ...globals(command), ...options }, printer);
    });

  const authCommand = program.command('auth').description('access to the imported user pool');
  authCommand
    .command('grant-function <function-name>')
    .description("give an existing Lambda function access to the imported user pool (one policy on its execution role, at push)")
    .option('--access <list>', 'any of create,read,update,delete')
    .option('--set-env', 'at push, add AUTH_<NAME>_USERPOOLID to the function environment (other variables kept)')
    .option('-y, --yes', 'never prompt')
    .action(async (functionName: string, options, command: Command) => {
      const { runGrantFunctionCommand } = await import('./commands/auth-functions.js');
      await runGrantFunctionCommand(functionName, { ...globals(command), ...options }, printer);
    });
  authCommand
    .command('revoke-function <function-name>')
    .description('remove a function\'s access to the user pool (the next push removes its policy)')
    .option('-y, --yes', READ_ONLY_YES)
    .action(async (functionName: string, _options, command: Command) => {
      const { runRevokeFunctionCommand } = await import('./commands/auth-functions.js');
      await runRevokeFunctionCommand(functionName, globals(command), printer);
    });

  program
    .command('completion')
    .description('print a completion script for your shell (bash, zsh or fish); see --help for how to install it')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .option('-y, --yes', READ_ONLY_YES)
    .addHelpText(
      'after',
      '\nLoad it in the current shell:\n  bash: source <(mycli completion bash)\n  zsh:  source <(mycli completion zsh)\n  fish: mycli completion fish | source\n' +
        'Install it for every shell session:\n  bash: mycli completion bash > ~/.local/share/bash-completion/completions/mycli\n' +
        '  zsh:  mycli completion zsh > "${fpath[1]}/_mycli"\n  fish: mycli completion fish > ~/.config/fish/completions/mycli.fish',
    )
    .action(async (shell: Shell) => {
      const { runCompletionCommand } = await import('./commands/completion.js');
      runCompletionCommand(shell, program, printer);
    });

  return program;
}

function parseTimeout(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InvalidArgumentError('give a number of seconds greater than 0, e.g. --timeout 120.');
  return seconds;
}

/** Repeatable options (`--path a --path b`) as a list. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function globals(command: Command): GlobalOptions {
  const options = command.optsWithGlobals() as Partial<GlobalOptions>;
  // --profile is AWS_PROFILE (the option reads it too): one value for the SDK, the shared config and every hint we print.
  if (options.profile) process.env.AWS_PROFILE = options.profile;
  return { ...options, cwd: options.cwd ?? process.cwd() };
}

function renderError(error: unknown, printer: Printer): number {
  if (error instanceof CommanderError) {
    const quiet = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
    if (quiet.includes(error.code)) return error.code === 'commander.help' ? ExitCode.usage : ExitCode.ok;
    return ExitCode.usage;
  }
  if (isUserError(error)) {
    if (error.kind === 'Interrupted' || error.kind === 'Declined') {
      printer.info(error.message);
      return error.exitCode;
    }
    printer.error(error.message);
    for (const line of error.details) printer.detail(line);
    printer.info(`Resolution: ${error.resolution}`);
    if (printer.debugEnabled && error.cause instanceof Error) printer.debug(error.cause.stack ?? String(error.cause));
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  printer.error(`Unexpected error: ${escapeUntrusted(message)}`);
  if (printer.debugEnabled && error instanceof Error && error.stack) printer.debug(error.stack);
  else printer.info('This is a bug in mycli. Run the command again with --debug and report the output.');
  return ExitCode.userError;
}
