import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../core/errors.js';
import { profileCredentials } from './credential-chain.js';

let dir: string;
const saved = { ...process.env };
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mycli-credentials-'));
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
  Object.assign(process.env, {
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  await writeFile(
    join(dir, 'config'),
    [
      '[profile broken]',
      `credential_process = sh -c 'echo "starting" >&2; echo "helper: the token for acme expired\u2028 sign in again" >&2; exit 3'`,
      '[profile assumed]',
      'role_arn = arn:aws:iam::123456789012:role/deploy',
      'source_profile = broken',
      '',
    ].join('\n'),
  );
  await writeFile(join(dir, 'credentials'), '[static]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profilesecret\n');
});
afterEach(async () => {
  vi.restoreAllMocks();
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, saved);
  await rm(dir, { recursive: true, force: true });
});

async function failure(provider: ReturnType<typeof profileCredentials>): Promise<UserError> {
  const error = await provider().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('profileCredentials', () => {
  it('refuses a profile neither shared file has, before asking any provider', async () => {
    const error = await failure(profileCredentials({ profile: 'nosuch' }));
    expect(error.message).toMatch(/^No profile named 'nosuch' is in the shared config file .* or the shared credentials file /);
  });

  it("shows a failing credential_process's own last error line, escaped", async () => {
    const error = await failure(profileCredentials({ profile: 'broken' }));
    expect(error.message).toBe("The credential_process of profile 'broken' failed (exit code 3): helper: the token for acme expired\\u2028 sign in again");
    expect(error.resolution).toContain('run it yourself');
  });

  it('finds the credential_process of the profile a role is assumed from', async () => {
    const error = await failure(profileCredentials({ profile: 'assumed' }));
    expect(error.message).toContain("The credential_process of profile 'broken' failed (exit code 3)");
  });

  it('uses the profile when keys are in the environment too, with one line of its own instead of the SDK banner', async () => {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'envsecret' });
    const consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const notes: string[] = [];
    const credentials = await profileCredentials({ profile: 'static', warn: (line) => notes.push(line) })();
    expect(credentials.accessKeyId).toBe('AKIDPROFILE');
    expect(notes).toEqual(["Using profile 'static' (--profile / AWS_PROFILE); the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set in the environment are ignored."]);
    expect(consoleWarn).not.toHaveBeenCalled();
    expect(stderr).not.toHaveBeenCalled();
  });

  it('without a profile, takes the keys of the environment and says nothing', async () => {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'envsecret' });
    const notes: string[] = [];
    expect((await profileCredentials({ warn: (line) => notes.push(line) })()).accessKeyId).toBe('AKIDENV');
    expect(notes).toEqual([]);
  });
});
