// The app config we write, read by the real aws-amplify v6 client: render → write → import → Amplify.configure.
// No network: configure only parses the config. (Sign-in with each file against cognito-local: test/e2e/client-configs.test.ts.)

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Amplify } from 'aws-amplify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amplifyOutputs } from '../src/core/amplify-outputs.js';
import { renderAwsExports } from '../src/core/aws-exports-format.js';
import { gen1JsConfig } from '../src/core/gen1-js-config.js';
import type { ImportCandidate } from '../src/core/model.js';
import { resolveClientConfig, type ResolvedStorage } from '../src/core/resolved-client-config.js';
import { expectValidAmplifyOutputs } from './support/amplify-outputs-validator.js';
import { IDENTITY_POOL_ID, metaOf, POOL_ID, REGION, richCandidate, WEB_CLIENT_ID } from './support/client-config-fixtures.js';

/** The demo of client-config-fixtures without the custom attribute, which Gen 1 and Gen 2 present differently. */
function candidate(allowUnauthenticatedIdentities = true): ImportCandidate {
  const rich = richCandidate({ allowUnauthenticatedIdentities });
  rich.userPool.requiredAttributes = ['email', 'given_name'];
  return rich;
}

let workDir: string;
let loads = 0;

async function importModule(name: string, text: string): Promise<Record<string, unknown>> {
  const file = join(workDir, `${name}-${++loads}.js`);
  await writeFile(file, text, 'utf8');
  return ((await import(/* @vite-ignore */ pathToFileURL(file).href)) as { default: Record<string, unknown> }).default;
}

function resolved(source: ImportCandidate, storage?: ResolvedStorage) {
  return resolveClientConfig({ frontend: 'javascript', projectRegion: REGION, authMeta: metaOf(source), storage }).config;
}

async function configureFromAwsExports(source: ImportCandidate, storage?: ResolvedStorage) {
  const appConfig = gen1JsConfig(resolved(source, storage), {});
  const imported = await importModule('aws-exports', renderAwsExports(appConfig));
  expect(imported).toEqual(appConfig);
  Amplify.configure(imported);
  return Amplify.getConfig();
}

async function configureFromOutputs(source: ImportCandidate, storage?: ResolvedStorage) {
  const outputs = amplifyOutputs(resolved(source, storage), {});
  expectValidAmplifyOutputs(outputs);
  // As a bundler imports amplify_outputs.json: the JSON file's text is the module's default export.
  const imported = await importModule('amplify-outputs', `export default ${JSON.stringify(outputs, null, 2)};\n`);
  Amplify.configure(imported);
  return Amplify.getConfig();
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'mycli-amplify-config-'));
  await writeFile(join(workDir, 'package.json'), '{"type":"module"}\n', 'utf8');
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('aws-exports.js read by aws-amplify v6', () => {
  it('configures the user pool, identity pool, sign-in attributes, MFA, password rules and hosted UI', async () => {
    const cognito = (await configureFromAwsExports(candidate())).Auth?.Cognito;
    expect(cognito).toMatchObject({
      userPoolId: POOL_ID,
      userPoolClientId: WEB_CLIENT_ID,
      identityPoolId: IDENTITY_POOL_ID,
      allowGuestAccess: true,
      mfa: { status: 'optional', totpEnabled: true, smsEnabled: true },
      passwordFormat: { minLength: 10, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSpecialCharacters: false },
      userAttributes: { email: { required: true }, given_name: { required: true } },
    });
    expect(cognito?.loginWith).toEqual({
      username: false,
      email: true,
      phone: true,
      oauth: {
        domain: 'login.shop.example.com',
        scopes: ['openid', 'email', 'aws.cognito.signin.user.admin'],
        redirectSignIn: ['https://shop.example.com/', 'http://localhost:3000/'],
        redirectSignOut: ['https://shop.example.com/signed-out'],
        responseType: 'code',
        providers: ['Google', 'Apple'],
      },
    });
  });

  it('turns guest access off when the identity pool refuses unauthenticated identities', async () => {
    const cognito = (await configureFromAwsExports(candidate(false))).Auth?.Cognito;
    expect(cognito?.identityPoolId).toBe(IDENTITY_POOL_ID);
    expect(cognito?.allowGuestAccess).toBe(false);
  });
});

describe('amplify_outputs.json read by aws-amplify v6', () => {
  it('gives the same Auth.Cognito as the aws-exports.js path', async () => {
    const fromExports = (await configureFromAwsExports(candidate())).Auth?.Cognito;
    const fromOutputs = (await configureFromOutputs(candidate())).Auth?.Cognito;
    expect(fromOutputs).toBeDefined();
    // v6's two parsers differ in keys that carry nothing: Gen 1's adds an empty signUpVerificationMethod, Gen 2's groups.
    const strip = (value: object | undefined) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
    expect(strip(fromOutputs)).toEqual(strip(fromExports));
  });

  it('gives the same Auth.Cognito when guests are refused (the Gen 1 path says false, the Gen 2 path leaves guests off)', async () => {
    const fromExports = (await configureFromAwsExports(candidate(false))).Auth?.Cognito;
    const fromOutputs = (await configureFromOutputs(candidate(false))).Auth?.Cognito;
    expect(fromExports?.allowGuestAccess).toBe(false);
    expect(fromOutputs?.allowGuestAccess).toBeFalsy();
    const { allowGuestAccess: _a, ...exportsRest } = fromExports ?? {};
    const { allowGuestAccess: _b, ...outputsRest } = fromOutputs ?? {};
    expect(JSON.parse(JSON.stringify(outputsRest))).toEqual(JSON.parse(JSON.stringify(exportsRest)));
  });

  it('configures the imported bucket, as the aws-exports.js path does', async () => {
    const storage = { bucketName: 'acme-media', region: 'eu-west-1' };
    expect((await configureFromAwsExports(candidate(), storage)).Storage?.S3).toMatchObject({ bucket: 'acme-media', region: 'eu-west-1' });
    expect((await configureFromOutputs(candidate(), storage)).Storage?.S3).toMatchObject({ bucket: 'acme-media', region: 'eu-west-1' });
  });
});
