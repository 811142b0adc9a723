// Region resolution without loading any SDK client, so `mycli init` stays light.
// @smithy/core's `config` entry point holds the shared-ini-file-loader the SDK itself uses to read ~/.aws/config.
import { getProfileName, loadSharedConfigFiles } from '@smithy/core/config';
import { assertProfileExists, selectedProfile } from './profiles.js';

export async function resolveRegion(options: { region?: string; profile?: string }): Promise<string | undefined> {
  const fromEnvironment = nonEmpty(options.region) ?? nonEmpty(process.env.AWS_REGION) ?? nonEmpty(process.env.AWS_DEFAULT_REGION);
  if (fromEnvironment !== undefined) return fromEnvironment;

  // A profile named by --profile or AWS_PROFILE must exist: otherwise say so, rather than "no region is configured".
  const named = selectedProfile(options.profile);
  if (named !== undefined) await assertProfileExists(named);
  // Honours AWS_CONFIG_FILE and AWS_PROFILE; `[profile name]` sections come back keyed by `name`.
  const { configFile } = await loadSharedConfigFiles({ ignoreCache: true });
  const profileName = getProfileName(options.profile === undefined ? {} : { profile: options.profile });
  return nonEmpty(configFile[profileName]?.region);
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
