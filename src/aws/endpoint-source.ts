// Where the SDK took a configured endpoint from, in the SDK's own order (AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, then
// AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's `services` section, the profile's `endpoint_url`), so
// that a connection error can say which setting sent the call there. Read only when a call has failed.
import { homedir } from 'node:os';
import path from 'node:path';
import { getProfileName, loadSharedConfigFiles } from '@smithy/core/config';

/** `serviceId` as the SDK clients name it: `Cognito Identity Provider`, `IAM`, `S3`. */
export async function endpointSourceOf(serviceId: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (isTrue(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS)) return undefined;
  const serviceVariable = ['AWS_ENDPOINT_URL', ...serviceId.split(' ').map((word) => word.toUpperCase())].join('_');
  if (env[serviceVariable]) return serviceVariable;
  if (env.AWS_ENDPOINT_URL) return 'AWS_ENDPOINT_URL';

  let configFile: Record<string, Record<string, string | undefined> | undefined>;
  try {
    ({ configFile } = await loadSharedConfigFiles());
  } catch {
    return undefined;
  }
  const profileName = getProfileName({});
  const profile = configFile[profileName];
  if (!profile || isTrue(profile.ignore_configured_endpoint_urls)) return undefined;
  const file = displayPath(env.AWS_CONFIG_FILE || path.join(homedir(), '.aws', 'config'));
  if (profile.services) {
    const key = serviceId.split(' ').map((word) => word.toLowerCase()).join('_');
    if (configFile[`services.${profile.services}`]?.[`${key}.endpoint_url`]) {
      return `${key} endpoint_url in the [services ${profile.services}] section of ${file} (profile ${profileName})`;
    }
  }
  if (profile.endpoint_url) return `endpoint_url of profile ${profileName} in ${file}`;
  return undefined;
}

function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'true';
}

function displayPath(file: string): string {
  const home = homedir();
  return file.startsWith(home + path.sep) ? `~${file.slice(home.length)}` : file;
}
