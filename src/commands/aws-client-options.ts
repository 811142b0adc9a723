// What a command hands the client factory: its region, the global --profile and --timeout, and the printer's
// --debug and warning channels. Type-only use of the factory module, so importing this loads no SDK.
import type { AwsClientOptions } from '../aws/clients.js';
import type { GlobalOptions } from '../cli.js';
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
