import path from 'node:path';
import type { GlobalOptions } from '../cli.js';
import { usageError } from '../core/errors.js';
import {
  frontendSettings,
  parseFrontendOption,
  parseOutputsOption,
  type Frontend,
  type FrontendSettings,
} from '../core/frontend-settings.js';
import { COGNITO_REGIONS } from '../core/aws-regions.js';
import { envNameProblem, initProject } from '../project/project-init.js';
import { printFileChanges } from '../ui/file-changes.js';
import type { Printer } from '../ui/printer.js';
import { createPrompter, isInteractiveSession, type Prompter } from '../ui/prompter.js';
import { escapeUntrusted, nameAndId, quoted } from '../core/untrusted-text.js';

export interface InitOptions extends GlobalOptions {
  name?: string;
  /** Default dev; asked when interactive. */
  env?: string;
  frontend?: string;
  outputs?: string;
  sourceDir?: string;
  resDir?: string;
  yes?: boolean;
}

export async function runInitCommand(options: InitOptions, printer: Printer): Promise<void> {
  const prompter = createPrompter(isInteractiveSession({ yes: options.yes }));
  const cwd = path.resolve(options.cwd);
  const projectName =
    options.name ?? (prompter.interactive ? await askProjectName(prompter, cwd) : defaultProjectName(cwd));
  const envName = options.env ?? (prompter.interactive ? await askEnvName(prompter) : DEFAULT_ENV_NAME);
  const frontend = await chooseFrontend(options, prompter);
  const region = await chooseRegion(options, prompter);

  const result = await initProject({ cwd, projectName, envName, region, frontend });
  if (result.alreadyExisted) {
    printer.info(`A mycli project already exists at ${escapeUntrusted(result.root)}; nothing was changed.`);
    return;
  }
  printFileChanges(printer, result.changes, (changed) => path.relative(result.root, changed));
  printer.success(`Project ${nameAndId(projectName, frontend.frontend)} created with environment ${quoted(envName)} in ${region}.`);
  printer.info(`Next: ${printer.highlight('mycli import auth')} to connect an existing Cognito user pool.`);
}

/** --frontend, else asked (javascript first), else javascript; the folders and --outputs are checked with it. */
async function chooseFrontend(options: InitOptions, prompter: Prompter): Promise<FrontendSettings> {
  const outputs = options.outputs === undefined ? undefined : parseOutputsOption(options.outputs);
  let frontend: Frontend = 'javascript';
  if (options.frontend !== undefined) frontend = parseFrontendOption(options.frontend);
  else if (prompter.interactive) {
    frontend = await prompter.select<Frontend>(
      { message: "Your app's platform", flag: '--frontend <javascript|android|ios|flutter>' },
      [
        { name: 'javascript (web, React Native: aws-amplify)', value: 'javascript' },
        { name: 'android (amplify-android)', value: 'android' },
        { name: 'ios (amplify-swift)', value: 'ios' },
        { name: 'flutter (amplify-flutter)', value: 'flutter' },
      ],
      'javascript',
    );
  }
  return frontendSettings({ frontend, sourceDir: options.sourceDir, resDir: options.resDir, outputs });
}

function defaultProjectName(cwd: string): string {
  const name = path.basename(cwd).replace(/[^A-Za-z0-9_-]+/g, '');
  return name.length > 0 ? name.slice(0, 64) : 'myapp';
}

function askProjectName(prompter: Prompter, cwd: string): Promise<string> {
  return prompter.input({ message: 'Project name', flag: '--name <name>' }, defaultProjectName(cwd), (value) =>
    /^[A-Za-z0-9_-]{1,64}$/.test(value) ? true : 'Use 1 to 64 letters, digits, "-" or "_".',
  );
}

const DEFAULT_ENV_NAME = 'dev';

function askEnvName(prompter: Prompter): Promise<string> {
  return prompter.input({ message: 'Name of the first environment', flag: '--env <name>' }, DEFAULT_ENV_NAME, (value) => envNameProblem(value) ?? true);
}

/**
 * --region wins; interactively the region is picked from a list (type to filter), starting at the configured one
 * (AWS_REGION, AWS_DEFAULT_REGION, the profile); with --yes the configured one is used.
 */
async function chooseRegion(options: InitOptions, prompter: Prompter): Promise<string> {
  if (options.region) return options.region;
  const { resolveRegion } = await import('../aws/region.js');
  const configured = await resolveRegion({ profile: options.profile });
  if (prompter.interactive) {
    const first = configured ?? 'us-east-1';
    const regions = [first, ...COGNITO_REGIONS.filter((region) => region !== first)];
    return prompter.search(
      { message: 'AWS region of your Cognito resources (type to filter)', flag: '--region <region>' },
      regions.map((region) => ({ name: region === configured ? `${region} (configured)` : region, value: region })),
    );
  }
  if (configured) return configured;
  throw usageError(
    'No AWS region was given and none is configured (AWS_REGION, AWS_DEFAULT_REGION or the profile).',
    'Pass --region <region>, e.g. `mycli init --region eu-west-1 --yes`.',
  );
}
