// What a command hands the client factory: its region, the global --profile and --timeout, and the printer's
// --debug and warning channels. Type-only use of the factory module, so importing this loads no SDK.
import type { AwsClientOptions, SharedCredentials } from '../aws/clients.js';
import type { GlobalOptions } from '../cli.js';
import { usageError } from '../core/errors.js';
import { escapeUntrusted, quoted } from '../core/untrusted-text.js';
import type { Printer } from '../ui/printer.js';

/**
 * One credential provider for every client of a command run (each service, each region; the printer stands for the
 * run): a credential_process that asks for a touch or an MFA code, or an SSO login, is asked once, not once per client.
 */
const credentialsOfRun = new WeakMap<Printer, Map<string, SharedCredentials>>();

function sharedCredentials(printer: Printer, profile: string | undefined): SharedCredentials {
  let byProfile = credentialsOfRun.get(printer);
  if (!byProfile) credentialsOfRun.set(printer, (byProfile = new Map()));
  const key = profile ?? process.env.AWS_PROFILE ?? '';
  let shared = byProfile.get(key);
  if (!shared) byProfile.set(key, (shared = {}));
  return shared;
}

export function awsClientOptions(options: GlobalOptions, printer: Printer, region: string): AwsClientOptions {
  return {
    region,
    sharedCredentials: sharedCredentials(printer, options.profile),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.timeout !== undefined ? { timeoutSeconds: options.timeout } : {}),
    ...(printer.debugEnabled ? { requestLog: (line: string) => printer.debug(line) } : {}),
    warn: (line) => printer.warn(line),
  };
}

/**
 * The region of the environment a command works in. An environment lives in one region, so a --region naming another
 * is refused rather than ignored (it would otherwise look as if the command had worked there).
 */
export function environmentRegion(options: GlobalOptions, env: { name: string; region: string }, command: string): string {
  if (options.region === undefined || options.region === env.region) return env.region;
  const asked = escapeUntrusted(options.region);
  throw usageError(
    `Environment ${quoted(env.name)} of this project is in ${env.region}; \`${command}\` cannot work in --region ${asked}.`,
    `Leave out --region (\`${command}\` works in ${env.region}), or add an environment in ${asked} with \`mycli env add <name> --region ${asked}\` and check it out.`,
  );
}
