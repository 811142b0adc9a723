// The AWS profile a command runs with (--profile, which is AWS_PROFILE), checked against the shared config and
// credentials files before any AWS call, as the SDK reads them (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE). No SDK
// client is loaded here: init uses it to read a region.
import { homedir } from 'node:os';
import path from 'node:path';
import { getHomeDir, loadSharedConfigFiles } from '@smithy/core/config';
import { UserError } from '../core/errors.js';
import { escapeUntrusted, quoted } from '../core/untrusted-text.js';
import { shellQuote } from '../core/shell-quote.js';

type ProfileSettings = Record<string, string | undefined>;

export interface SharedProfiles {
  configFile: Record<string, ProfileSettings | undefined>;
  credentialsFile: Record<string, ProfileSettings | undefined>;
  configPath: string;
  credentialsPath: string;
}

/** The profile named by --profile or AWS_PROFILE; undefined when none is (the SDK then uses `default`, or no profile). */
export function selectedProfile(profile: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const name = profile ?? env.AWS_PROFILE;
  return name === undefined || name === '' ? undefined : name;
}

export async function readSharedProfiles(env: NodeJS.ProcessEnv = process.env): Promise<SharedProfiles> {
  const configPath = env.AWS_CONFIG_FILE || path.join(getHomeDir(), '.aws', 'config');
  const credentialsPath = env.AWS_SHARED_CREDENTIALS_FILE || path.join(getHomeDir(), '.aws', 'credentials');
  // The SDK's own loader: `[profile name]` sections of the config file come back keyed by `name`.
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true, filepath: credentialsPath, configFilepath: configPath });
  return { configFile, credentialsFile, configPath, credentialsPath };
}

/**
 * Refuses a profile that neither file defines, naming both files (and the variables that chose them), so
 * `--profile nosuch` says so instead of "credentials are missing". Returns the profiles read.
 */
export async function assertProfileExists(name: string, env: NodeJS.ProcessEnv = process.env): Promise<SharedProfiles> {
  const profiles = await readSharedProfiles(env);
  if (Object.hasOwn(profiles.configFile, name) || Object.hasOwn(profiles.credentialsFile, name)) return profiles;
  const known = [...new Set([...Object.keys(profiles.configFile), ...Object.keys(profiles.credentialsFile)])]
    .filter((key) => !key.includes('.'))
    .sort();
  const chosenBy = (variable: string) => (env[variable] ? ` (from ${variable})` : '');
  throw new UserError(
    'AwsCredentials',
    `No profile named ${quoted(name)} is in the shared config file ${shownPath(profiles.configPath)}${chosenBy('AWS_CONFIG_FILE')} ` +
      `or the shared credentials file ${shownPath(profiles.credentialsPath)}${chosenBy('AWS_SHARED_CREDENTIALS_FILE')}.`,
    `${known.length > 0 ? `Use one of: ${known.map(escapeUntrusted).join(', ')} (--profile or AWS_PROFILE), or create it` : 'Create it'} ` +
      `(\`aws configure --profile ${shellQuote(name)}\`, or \`aws configure sso --profile ${shellQuote(name)}\`); ` +
      'or leave out --profile and AWS_PROFILE to use the default credentials.',
  );
}

/** A message about the selected profile when AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are set too, or undefined. */
export function multipleSourcesNote(profile: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return undefined;
  return `Using profile ${quoted(profile)} (--profile / AWS_PROFILE); the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set in the environment are ignored.`;
}

function shownPath(file: string): string {
  const home = homedir();
  return escapeUntrusted(file.startsWith(home + path.sep) ? `~${file.slice(home.length)}` : file);
}
