// What a command hands the client factory: its region, the global --profile and --timeout, and the printer's
// --debug and warning channels. Type-only use of the factory module, so importing this loads no SDK.
import type { AwsClientOptions } from '../aws/clients.js';
import type { GlobalOptions } from '../cli.js';
import { usageError } from '../core/errors.js';
import { escapeUntrusted, quoted } from '../core/untrusted-text.js';
import type { Printer } from '../ui/printer.js';

export function awsClientOptions(options: GlobalOptions, printer: Printer, region: string): AwsClientOptions {
  return {
    region,
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
