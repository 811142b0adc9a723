import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { assertProfileExists, multipleSourcesNote, selectedProfile } from './profiles.js';

let dir: string;
let env: NodeJS.ProcessEnv;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mycli-profiles-'));
  env = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
  await writeFile(join(dir, 'config'), '[default]\nregion = eu-west-1\n[profile dev]\nregion = us-east-1\n[sso-session corp]\nsso_region = us-east-1\n');
  await writeFile(join(dir, 'credentials'), '[ci]\naws_access_key_id = a\naws_secret_access_key = b\n');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('selectedProfile', () => {
  it('is --profile, else AWS_PROFILE, else none', () => {
    expect(selectedProfile('a', { AWS_PROFILE: 'b' })).toBe('a');
    expect(selectedProfile(undefined, { AWS_PROFILE: 'b' })).toBe('b');
    expect(selectedProfile(undefined, { AWS_PROFILE: '' })).toBeUndefined();
  });
});

describe('assertProfileExists', () => {
  it('accepts a profile of either file, from the files the variables name', async () => {
    await expect(assertProfileExists('dev', env)).resolves.toBeDefined();
    await expect(assertProfileExists('ci', env)).resolves.toBeDefined();
    await expect(assertProfileExists('default', env)).resolves.toBeDefined();
  });

  it('refuses a profile neither file has, naming both files, the variables that chose them and the profiles there are', async () => {
    const error = (await assertProfileExists('nosuch', env).catch((e: unknown) => e)) as UserError;
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe(
      `No profile named 'nosuch' is in the shared config file ${join(dir, 'config')} (from AWS_CONFIG_FILE) ` +
        `or the shared credentials file ${join(dir, 'credentials')} (from AWS_SHARED_CREDENTIALS_FILE).`,
    );
    expect(error.resolution).toContain('Use one of: ci, default, dev');
    expect(error.resolution).toContain('aws configure --profile nosuch');
  });

  it('escapes a hostile profile name', async () => {
    const error = (await assertProfileExists('x\ny', env).catch((e: unknown) => e)) as UserError;
    expect(error.message).toContain("'x\\ny'");
    expect(error.resolution).toContain("aws configure --profile $'x\\ny'");
  });
});

describe('multipleSourcesNote', () => {
  it('is one line when keys are in the environment too', () => {
    expect(multipleSourcesNote('dev', { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' })).toBe(
      "Using profile 'dev' (--profile / AWS_PROFILE); the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set in the environment are ignored.",
    );
    expect(multipleSourcesNote('dev', { AWS_ACCESS_KEY_ID: 'a' })).toBeUndefined();
  });
});
