// The app config we write, read by the real aws-amplify v6 client: render → write → import → Amplify.configure.
// No network: configure only parses the config.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Amplify } from 'aws-amplify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAwsExports } from '../src/core/aws-exports-format.js';
import { buildAuthConfig, mergeAppConfig } from '../src/core/frontend-config.js';
import { buildImportRecords } from '../src/core/import-records.js';
import { mergeStorageConfig } from '../src/core/storage-config.js';
import type { AppClient, ImportCandidate } from '../src/core/model.js';

const REGION = 'eu-west-1';
const POOL_ID = 'eu-west-1_AbCdEf123';
const IDENTITY_POOL_ID = 'eu-west-1:0f0e0d0c-1111-2222-3333-444455556666';

function appClient(id: string, hasSecret: boolean): AppClient {
  return {
    id,
    name: id,
    userPoolId: POOL_ID,
    hasSecret,
    supportedIdentityProviders: ['COGNITO', 'Google', 'SignInWithApple'],
    callbackUrls: ['https://shop.example.com/', 'http://localhost:3000/'],
    logoutUrls: ['https://shop.example.com/signed-out'],
    allowedOAuthFlows: ['code'],
    allowedOAuthScopes: ['openid', 'email', 'aws.cognito.signin.user.admin'],
    allowedOAuthFlowsUserPoolClient: true,
    explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  };
}

function candidate(allowUnauthenticatedIdentities: boolean): ImportCandidate {
  const webClient = appClient('webclient123', false);
  const nativeClient = appClient('nativeclient456', true);
  return {
    authType: 'identityPoolAndUserPool',
    projectRegion: REGION,
    clientsListed: true,
    userPool: {
      id: POOL_ID,
      name: 'shop-users',
      domain: 'shop-prefix',
      customDomain: 'login.shop.example.com',
      usernameAttributes: ['email', 'phone_number'],
      aliasAttributes: [],
      autoVerifiedAttributes: ['email'],
      requiredAttributes: ['email', 'given_name'],
      passwordPolicy: { minLength: 10, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: false },
      mfaConfiguration: 'OPTIONAL',
      mfaTypes: ['TOTP'],
      customAuth: false,
    },
    clients: [webClient, nativeClient],
    webClient,
    nativeClient,
    identityPool: {
      id: IDENTITY_POOL_ID,
      name: 'shop_identities',
      allowUnauthenticatedIdentities,
      cognitoProviders: [{ providerName: `cognito-idp.${REGION}.amazonaws.com/${POOL_ID}`, clientId: webClient.id }],
      supportedLoginProviders: {},
    },
    authRole: { arn: 'arn:aws:iam::123456789012:role/shop-auth', name: 'shop-auth', exists: true },
    unauthRole: { arn: 'arn:aws:iam::123456789012:role/shop-unauth', name: 'shop-unauth', exists: true },
  };
}

let workDir: string;

async function configureFromAwsExports(allowUnauthenticatedIdentities: boolean) {
  const { metaEntry } = buildImportRecords(candidate(allowUnauthenticatedIdentities), { resourceName: 'shop' });
  const { config: authConfig, notes } = buildAuthConfig(metaEntry, REGION);
  const appConfig = mergeAppConfig({}, REGION, authConfig);
  const file = join(workDir, `aws-exports-${allowUnauthenticatedIdentities ? 'guest' : 'signed-in'}.js`);
  await writeFile(file, renderAwsExports(appConfig), 'utf8');
  const { default: imported } = (await import(/* @vite-ignore */ `${pathToFileURL(file).href}?v=${Date.now()}`)) as {
    default: Record<string, unknown>;
  };
  expect(imported).toEqual(appConfig);
  Amplify.configure(imported);
  return { cognito: Amplify.getConfig().Auth?.Cognito, notes };
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
    const { cognito, notes } = await configureFromAwsExports(true);
    expect(notes).toEqual([]);
    expect(cognito).toBeDefined();
    expect(cognito).toMatchObject({
      userPoolId: POOL_ID,
      userPoolClientId: 'webclient123',
      identityPoolId: IDENTITY_POOL_ID,
      allowGuestAccess: true,
      mfa: { status: 'optional', totpEnabled: true, smsEnabled: false },
      passwordFormat: {
        minLength: 10,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSpecialCharacters: false,
      },
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
    const { cognito } = await configureFromAwsExports(false);
    expect(cognito?.identityPoolId).toBe(IDENTITY_POOL_ID);
    expect(cognito?.allowGuestAccess).toBe(false);
  });
});

describe('storage keys read by aws-amplify v6', () => {
  it('configures the imported bucket and its region next to auth', async () => {
    const { metaEntry } = buildImportRecords(candidate(true), { resourceName: 'shop' });
    const appConfig = mergeStorageConfig(mergeAppConfig({}, REGION, buildAuthConfig(metaEntry, REGION).config), {
      bucketName: 'acme-media',
      region: 'eu-west-1',
    });
    const file = join(workDir, 'aws-exports-storage.js');
    await writeFile(file, renderAwsExports(appConfig), 'utf8');
    const { default: imported } = (await import(/* @vite-ignore */ `${pathToFileURL(file).href}?v=${Date.now()}`)) as {
      default: Record<string, unknown>;
    };
    Amplify.configure(imported);
    expect(Amplify.getConfig().Storage?.S3).toMatchObject({ bucket: 'acme-media', region: 'eu-west-1' });
    expect(Amplify.getConfig().Auth?.Cognito.userPoolId).toBe(metaEntry.output.UserPoolId);
  });
});
