// mycli configure project: change the frontend (and its folders) or which config generations mycli writes. Offline:
// the config is rewritten from what amplify-meta.json recorded. Everything is read and checked before the first
// write; config files mycli wrote that no longer apply are deleted when unchanged since (see client-config-store.ts).
import { clientConfigFiles } from '../core/client-config-files.js';
import { usageError } from '../core/errors.js';
import {
  frontendSettings,
  parseFrontendOption,
  parseOutputsOption,
  type Frontend,
  type FrontendSettings,
  type OutputsChoice,
} from '../core/frontend-settings.js';
import type { FileChange } from '../project/atomic-write.js';
import { readClientConfigFiles } from '../project/client-config-store.js';
import type { ProjectStore } from '../project/project-store.js';
import type { Prompter } from '../ui/prompter.js';
import { recordedAuthMeta, writeAppConfig } from './client-config.js';

export interface ConfigureProjectOptions {
  frontend?: string;
  outputs?: string;
  sourceDir?: string;
  resDir?: string;
}

export interface ConfigureProjectResult {
  before: FrontendSettings;
  after: FrontendSettings;
  changes: FileChange[];
  notes: string[];
}

export async function configureProject(store: ProjectStore, options: ConfigureProjectOptions, prompter: Prompter): Promise<ConfigureProjectResult> {
  const before = (await store.projectConfig()).frontendSettings;
  const after = await chooseSettings(before, options, prompter);

  const env = await store.currentEnv();
  const authMeta = await recordedAuthMeta(store, env.name);
  const snapshot = await readClientConfigFiles(store, clientConfigFiles(after));

  const changes = [await store.saveFrontendSettings(after)];
  const written = await writeAppConfig(store, snapshot, env, { authMeta });
  return { before, after, changes: [...changes, ...written.changes], notes: written.notes };
}

async function chooseSettings(before: FrontendSettings, options: ConfigureProjectOptions, prompter: Prompter): Promise<FrontendSettings> {
  const nothingGiven = Object.values(options).every((value) => value === undefined);
  let frontend = options.frontend === undefined ? before.frontend : parseFrontendOption(options.frontend);
  let outputs = options.outputs === undefined ? before.outputs : parseOutputsOption(options.outputs);
  if (nothingGiven) {
    if (!prompter.interactive) {
      throw usageError('Nothing to configure: no option was given.', 'Pass --frontend <javascript|android|ios|flutter> and/or --outputs <gen1|gen2|both>.');
    }
    frontend = await prompter.select<Frontend>(
      { message: "Your app's platform", flag: '--frontend <javascript|android|ios|flutter>' },
      (['javascript', 'android', 'ios', 'flutter'] as const).map((value) => ({ name: value, value })),
      before.frontend,
    );
    outputs = await prompter.select<OutputsChoice>(
      { message: 'Which app config files should mycli write?', flag: '--outputs <gen1|gen2|both>' },
      [
        { name: 'both: Gen 1 files and amplify_outputs', value: 'both' },
        { name: 'gen1: aws-exports.js / amplifyconfiguration files', value: 'gen1' },
        { name: 'gen2: amplify_outputs only', value: 'gen2' },
      ],
      before.outputs,
    );
  }
  // The folders stay as they were for the same frontend; another frontend gets its own defaults unless given.
  const sameFrontend = frontend === before.frontend;
  return frontendSettings({
    frontend,
    outputs,
    sourceDir: options.sourceDir ?? (sameFrontend ? before.sourceDir : undefined),
    resDir: options.resDir ?? (sameFrontend ? before.resDir : undefined),
  });
}
