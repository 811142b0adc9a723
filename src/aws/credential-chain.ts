// The credentials every client uses: the SDK's default provider chain (environment, shared files, SSO,
// credential_process, web identity, IMDS/ECS), with three things mycli adds before the first request is signed:
// - a profile named by --profile / AWS_PROFILE must exist in the shared files (profiles.ts), or the command stops,
//   naming the files, instead of reporting "credentials are missing";
// - the SDK's banner for a profile set together with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY is replaced by one line.
//   @aws-sdk/credential-provider-node emits it in the chain's first link (fromEnv), once per process, through
//   `init.logger.warn` when a logger is given (else console.warn), whenever a profile is set and both variables are:
//   the logger given here drops the chain's warnings in exactly that case, and mycli says it in its own words;
// - a failing credential_process is reported with the process's own error line: the chain tries the next provider
//   after it, so its message would otherwise be lost behind "Could not load credentials from any providers";
// - the chain's own requests (SSO GetRoleCredentials and the SSO token refresh, STS AssumeRole for a role_arn profile,
//   AssumeRoleWithWebIdentity) go through the proxy and the timeouts like every other call: the SDK gives the SSO
//   clients no request handler of the calling client's, so they would otherwise go direct and wait without end.
import { exec } from 'node:child_process';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { UserError } from '../core/errors.js';
import { escapeUntrusted, quoted } from '../core/untrusted-text.js';
import { DEFAULT_TIMEOUT_SECONDS, ProxyRoutingHandler } from './network.js';
import { assertProfileExists, multipleSourcesNote, readSharedProfiles, selectedProfile, type SharedProfiles } from './profiles.js';

const CREDENTIAL_PROCESS_TIMEOUT_MS = 60_000;
const SHOWN_ERROR_CHARS = 300;

export interface CredentialOptions {
  profile?: string;
  /** Where mycli's one-line notes go (the printer's warnings). */
  warn?: (line: string) => void;
  /** Connect and read timeout of the chain's own requests (SSO, STS), in seconds; default 60. */
  timeoutSeconds?: number;
}

export function profileCredentials(options: CredentialOptions): AwsCredentialIdentityProvider {
  const profile = selectedProfile(options.profile);
  const note = profile === undefined ? undefined : multipleSourcesNote(profile);
  const chain = fromNodeProviderChain({
    ...(profile === undefined ? {} : { profile }),
    clientConfig: { requestHandler: new ProxyRoutingHandler(options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) },
    logger: {
      debug: () => undefined,
      info: () => undefined,
      error: () => undefined,
      // In the multiple-sources case the only warning is the SDK's banner, which `note` replaces.
      warn: (message: unknown) => {
        if (note === undefined) options.warn?.(`AWS SDK: ${escapeUntrusted(String(message).replace(/\s+/g, ' ').trim())}`);
      },
    },
  });
  let checked: Promise<SharedProfiles | undefined> | undefined;
  let diagnosis: Promise<unknown> | undefined;
  return async (identityProperties) => {
    checked ??= (async () => {
      if (profile === undefined) return undefined;
      const profiles = await assertProfileExists(profile);
      if (note !== undefined) options.warn?.(note);
      return profiles;
    })();
    await checked;
    try {
      return await (chain as (properties?: unknown) => Promise<AwsCredentialIdentity>)(identityProperties);
    } catch (error) {
      // Parallel calls fail together: the failing process is run (and explained) once.
      diagnosis ??= explainFailure(error, profile);
      throw await diagnosis;
    }
  };
}

/** The credential_process error of the profile in use (or the profile it takes its source credentials from), if it fails. */
async function explainFailure(error: unknown, profile: string | undefined): Promise<unknown> {
  let command: { profile: string; process: string } | undefined;
  try {
    command = credentialProcessOf(await readSharedProfiles(), profile ?? 'default');
  } catch {
    return error;
  }
  if (command === undefined) return error;
  const outcome = await runProcess(command.process);
  if (outcome.ok) return error;
  const line = outcome.errorLine ? `: ${escapeUntrusted(shorten(outcome.errorLine))}` : ' without saying why';
  return new UserError(
    'AwsCredentials',
    `The credential_process of profile ${quoted(command.profile)} failed (${outcome.how})${line}`,
    `Fix what it reports (often: sign in again with the tool it runs), or use another profile (--profile). ` +
      `To see its whole output, run it yourself: ${escapeUntrusted(command.process)}`,
    { cause: error },
  );
}

/** The profile's credential_process, or that of the source_profile chain it assumes a role from. */
function credentialProcessOf(profiles: SharedProfiles, name: string): { profile: string; process: string } | undefined {
  const seen = new Set<string>();
  for (let current: string | undefined = name; current !== undefined && !seen.has(current); ) {
    seen.add(current);
    const settings: Record<string, string | undefined> = { ...profiles.credentialsFile[current], ...profiles.configFile[current] };
    if (settings.credential_process) return { profile: current, process: settings.credential_process };
    current = settings.source_profile;
  }
  return undefined;
}

/** Runs the command as the SDK does (through the shell); on failure, the last line it printed on stderr (else stdout). */
function runProcess(command: string): Promise<{ ok: true } | { ok: false; how: string; errorLine?: string }> {
  return new Promise((resolve) => {
    exec(command, { timeout: CREDENTIAL_PROCESS_TIMEOUT_MS }, (error, stdout, stderr) => {
      if (!error) {
        resolve({ ok: true });
        return;
      }
      const lastLine = (text: string) => text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean).at(-1);
      const how = error.killed ? `stopped after ${CREDENTIAL_PROCESS_TIMEOUT_MS / 1000} s` : typeof error.code === 'number' ? `exit code ${error.code}` : escapeUntrusted(String(error.code ?? 'it did not run'));
      const errorLine = lastLine(String(stderr)) ?? lastLine(String(stdout));
      resolve(errorLine === undefined ? { ok: false, how } : { ok: false, how, errorLine });
    });
  });
}

function shorten(text: string): string {
  return text.length > SHOWN_ERROR_CHARS ? `${text.slice(0, SHOWN_ERROR_CHARS)}…` : text;
}

