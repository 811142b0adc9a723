// Shared setup for unit tests that build real or mocked AWS SDK clients: nothing may read this
// machine's AWS config or credentials, or reach a real endpoint, even by accident.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { isUserError, type UserError } from '../../src/core/errors.js';

/** `$metadata` for SDK exceptions built by hand in tests. */
export const AWS_ERROR_METADATA = { httpStatusCode: 400, requestId: 'req-1' };

export interface IsolatedAwsEnvironment {
  /** The temp directory standing in for HOME; AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE point at `config` and `credentials` in it. */
  home(): string;
}

/**
 * Registers vitest hooks in the calling scope: a temp HOME for the whole file, and before each test
 * every AWS_ENDPOINT_URL* variable unset, no AWS_PROFILE, fake static keys and no EC2 metadata lookups.
 * Every stubbed variable is restored after each test.
 */
export function useIsolatedAwsEnvironment(name: string): IsolatedAwsEnvironment {
  let awsHome: string | undefined;
  const home = (): string => {
    if (awsHome === undefined) throw new Error('the isolated AWS home exists only while the tests of this file run');
    return awsHome;
  };

  beforeAll(async () => {
    awsHome = await mkdtemp(join(tmpdir(), `mycli-aws-${name}-`));
  });

  afterAll(async () => {
    if (awsHome !== undefined) await rm(awsHome, { recursive: true, force: true });
  });

  beforeEach(() => {
    for (const variable of Object.keys(process.env)) {
      if (variable.startsWith('AWS_ENDPOINT_URL')) vi.stubEnv(variable, undefined);
    }
    vi.stubEnv('HOME', home());
    vi.stubEnv('AWS_CONFIG_FILE', join(home(), 'config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(home(), 'credentials'));
    vi.stubEnv('AWS_PROFILE', undefined);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    vi.stubEnv('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'true');
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  return { home };
}

/** The UserError the promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function userErrorOf(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isUserError(error)) throw new Error(`expected a UserError, got ${String(error)}`);
  return error;
}
