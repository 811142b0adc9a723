import { describe, expect, it } from 'vitest';
import {
  appConfigSchema,
  backendConfigSchema,
  clientConfigRecordSchema,
  localEnvInfoSchema,
  metaSchema,
  projectConfigSchema,
  pushedStateSchema,
  resourceParametersSchema,
  teamProviderInfoSchema,
} from './file-schemas.js';
import { checkSchema, formatProblem, type Schema } from './schema.js';

const problems = (schema: Schema, value: unknown) => checkSchema(schema, value).map(formatProblem);

// Shapes the Amplify CLI (Gen 1) writes for a project with managed auth, an AppSync API, a function, managed storage,
// hosting and notifications: none of it is mycli's, all of it must be accepted.
const gen1BackendConfig = {
  auth: {
    app1a2b3c4d: {
      service: 'Cognito',
      providerPlugin: 'awscloudformation',
      dependsOn: [],
      customAuth: false,
      frontendAuthConfig: { socialProviders: [], usernameAttributes: ['EMAIL'], signupAttributes: ['EMAIL'], mfaConfiguration: 'OFF', mfaTypes: ['SMS'], verificationMechanisms: ['EMAIL'], passwordProtectionSettings: { passwordPolicyMinLength: 8, passwordPolicyCharacters: [] } },
    },
    userPoolGroups: { service: 'Cognito-UserPool-Groups', providerPlugin: 'awscloudformation', dependsOn: [{ category: 'auth', resourceName: 'app1a2b3c4d', attributes: ['UserPoolId', 'AppClientIDWeb', 'AppClientID', 'IdentityPoolId'] }] },
  },
  api: { app: { service: 'AppSync', providerPlugin: 'awscloudformation', output: { authConfig: { defaultAuthentication: { authenticationType: 'API_KEY', apiKeyConfig: { apiKeyExpirationDays: 7 } }, additionalAuthenticationProviders: [] } } } },
  function: {
    appfn: { build: true, providerPlugin: 'awscloudformation', service: 'Lambda', dependsOn: [{ category: 'api', resourceName: 'app', attributes: ['GraphQLAPIIdOutput'], attributeEnvMap: { GraphQLAPIIdOutput: 'API_APP_GRAPHQLAPIIDOUTPUT' } }] },
  },
  storage: { files: { service: 'S3', providerPlugin: 'awscloudformation', dependsOn: [] } },
  hosting: { amplifyhosting: { service: 'amplifyhosting', providerPlugin: 'awscloudformation', type: 'manual' } },
  notifications: { app: { service: 'Pinpoint', channels: ['InAppMessaging'], channelConfig: {} } },
  parameters: { AMPLIFY_function_appfn_deploymentBucketName: { usedBy: [{ category: 'function', resourceName: 'appfn' }] } },
};

const gen1Meta = {
  providers: { awscloudformation: { AuthRoleName: 'amplify-app-dev-1-authRole', Region: 'eu-west-1', DeploymentBucketName: 'b', StackName: 's', StackId: 'arn:aws:cloudformation:…', AmplifyAppId: 'd1' } },
  auth: { app1a2b3c4d: { ...gen1BackendConfig.auth.app1a2b3c4d, output: { UserPoolId: 'eu-west-1_x', AppClientIDWeb: 'w', AppClientID: 'n', AppClientSecret: 's', IdentityPoolId: 'eu-west-1:1', UserPoolArn: 'arn', IdentityPoolName: 'p', UserPoolName: 'u' }, lastPushTimeStamp: '2024-05-01T10:00:00.000Z', lastPushDirHash: 'abc' } },
  function: { appfn: { ...gen1BackendConfig.function.appfn, lastBuildTimeStamp: '2024-05-01T09:00:00.000Z', lastPackageTimeStamp: '2024-05-01T09:00:00.000Z', distZipFilename: 'f.zip', s3Bucket: { deploymentBucketName: 'b', s3Key: 'k' }, output: { Name: 'fn', Arn: 'arn' } } },
};

const gen1TeamProviderInfo = {
  dev: {
    awscloudformation: { AuthRoleName: 'r', UnauthRoleArn: 'arn', AuthRoleArn: 'arn', Region: 'eu-west-1', DeploymentBucketName: 'b', UnauthRoleName: 'u', StackName: 's', StackId: 'id', AmplifyAppId: 'd1' },
    categories: { function: { appfn: { deploymentBucketName: 'b', s3Key: 'k' } }, auth: { app1a2b3c4d: {} } },
    nonCFNdata: { notifications: {} },
  },
};

describe('Gen 1 files are accepted', () => {
  it.each([
    ['backend-config.json', backendConfigSchema(), gen1BackendConfig],
    ['amplify-meta.json', metaSchema(), gen1Meta],
    ['team-provider-info.json', teamProviderInfoSchema(), gen1TeamProviderInfo],
    ['project-config.json (javascript)', projectConfigSchema(), { projectName: 'app', version: '3.1', frontend: 'javascript', javascript: { framework: 'react', config: { SourceDir: 'src', DistributionDir: 'build', BuildCommand: 'npm run-script build', StartCommand: 'npm run-script start' } }, providers: ['awscloudformation'] }],
    ['project-config.json (android)', projectConfigSchema(), { projectName: 'app', version: '3.1', frontend: 'android', android: { config: { ResDir: 'app/src/main/res' } }, providers: ['awscloudformation'] }],
    ['project-config.json (ios)', projectConfigSchema(), { projectName: 'app', version: '3.1', frontend: 'ios', ios: { config: {} }, providers: ['awscloudformation'] }],
    ['local-env-info.json', localEnvInfoSchema(), { projectPath: '/home/me/app', defaultEditor: 'vscode', envName: 'dev' }],
    ['managed auth parameters.json', resourceParametersSchema('auth', gen1BackendConfig.auth.app1a2b3c4d), { identityPoolName: 'x', allowUnauthenticatedIdentities: false, passwordPolicyMinLength: '8', requiredAttributes: ['email'] }],
    ['aws-exports of another category', appConfigSchema(), { aws_project_region: 'eu-west-1', aws_appsync_graphqlEndpoint: 'https://…', aws_appsync_authenticationType: 'API_KEY', aws_appsync_apiKey: 'k' }],
  ])('%s', (_name, schema, value) => {
    expect(problems(schema, value)).toEqual([]);
  });
});

describe('the wrong shapes the issue found are refused, naming the key', () => {
  it.each([
    ['"storage": "S3"', { storage: 'S3' }, 'storage: expected an object of resources ({"<resource name>": { … }}), found a string'],
    ['"auth": []', { auth: [] }, 'auth: expected an object of resources ({"<resource name>": { … }}), found an empty array'],
    ['a function entry 7', { function: { admin: 7 } }, 'function.admin: expected a resource entry (an object with "service", "providerPlugin", …), found the number 7'],
    ['an auth entry {}', { auth: { shop: {} } }, 'auth.shop.service: expected the name of the resource\'s AWS service (a string such as "Cognito"), found nothing'],
    ['an auth entry of wrong types', { auth: { shop: { service: 'Cognito', serviceType: ['imported'], customAuth: 'no' } } }, 'auth.shop.serviceType: expected a string, found an array'],
    ['imported auth of another service', { auth: { shop: { service: 'Okta', serviceType: 'imported' } } }, 'auth.shop.service: expected the AWS service of imported auth, "Cognito", found "Okta"'],
    ['a resource name that leaves its folder', { function: { '..': { service: 'Lambda' } } }, 'function[".."]: expected a name of letters, digits, ".", "-" or "_", found the name ".."'],
    ['a category name that leaves its folder', { '../x': {} }, '["../x"]: expected a name of letters, digits, ".", "-" or "_", found the name "../x"'],
    ['a dependency without its resource', { storage: { s: { service: 'S3', dependsOn: [{ category: 'auth' }] } } }, 'storage.s.dependsOn[0].resourceName: expected a non-empty string, found nothing'],
  ])('backend-config.json with %s', (_name, value, message) => {
    expect(problems(backendConfigSchema(), value)[0]).toBe(message);
  });

  it('refuses an environment without a region and ids of the wrong type', () => {
    expect(problems(teamProviderInfoSchema(), { dev: { categories: {} } })).toEqual([
      'dev.awscloudformation: expected an object with the environment\'s "Region", found nothing',
    ]);
    expect(problems(teamProviderInfoSchema(), { dev: { awscloudformation: { Region: 'eu-west-1' }, categories: { auth: { shop: { userPoolId: 7, allowUnauthenticatedIdentities: 'yes' } } } } })).toEqual([
      'dev.categories.auth.shop.userPoolId: expected a string, found the number 7',
      'dev.categories.auth.shop.allowUnauthenticatedIdentities: expected true or false, found a string',
    ]);
    expect(problems(teamProviderInfoSchema(), { dev: { awscloudformation: { Region: 'Mars 1' } } })).toEqual([
      'dev.awscloudformation.Region: expected an AWS region code such as "us-east-1", found "Mars 1"',
    ]);
  });

  it('checks the parameters.json of what mycli imported, by the entry that declares it', () => {
    const imported = { service: 'Cognito', serviceType: 'imported' };
    expect(problems(resourceParametersSchema('auth', imported), { authSelections: 'both' })).toEqual([
      'authSelections: expected one of "userPoolOnly", "identityPoolAndUserPool", found "both"',
    ]);
    expect(problems(resourceParametersSchema('function', { service: 'Lambda', serviceType: 'imported' }), { functionName: 'f', userPoolAccess: ['read', 'own'] })).toEqual([
      'userPoolAccess[1]: expected one of "create", "read", "update", "delete", found "own"',
    ]);
    expect(problems(resourceParametersSchema('storage', { service: 'S3', serviceType: 'imported' }), { authAccess: 'read' })).toEqual([
      'authAccess: expected an array (each item one of "create", "read", "delete"), found a string',
    ]);
  });

  it('checks the project config, its frontend section and the pushed state', () => {
    expect(problems(projectConfigSchema(), { projectName: 'app', frontend: 'javascript', javascript: { config: {} } })).toEqual([
      'javascript.config.SourceDir: expected a non-empty string, found nothing',
    ]);
    expect(problems(projectConfigSchema(), { projectName: 'app', frontend: 'javascript' })).toEqual([
      'javascript: expected the JavaScript settings ({"framework": …, "config": {"SourceDir": …}}), found nothing',
    ]);
    expect(problems(pushedStateSchema(), { dev: { lastPushTimeStamp: 't', policies: [{ roleName: 'r', policyName: 'p', document: { Statement: [{ Effect: 'Maybe' }] } }] } })).toEqual([
      'dev.policies[0].document.Statement[0].Effect: expected one of "Allow", "Deny", found "Maybe"',
    ]);
    expect(problems(appConfigSchema(), { aws_user_pools_id: ['x'] })).toEqual(['aws_user_pools_id: expected a string, found an array']);
  });
});

describe('frontend settings and the record of written config files (issue 8)', () => {
  const base = { projectName: 'shop', version: '3.1', providers: ['awscloudformation'] };

  it('accepts every frontend as Gen 1 records it, with mycli.outputs', () => {
    expect(problems(projectConfigSchema(), { ...base, frontend: 'android', android: { config: { ResDir: 'app/src/main/res' } }, mycli: { outputs: 'gen2' } })).toEqual([]);
    expect(problems(projectConfigSchema(), { ...base, frontend: 'flutter', flutter: { config: { ResDir: './lib/' } } })).toEqual([]);
    expect(problems(projectConfigSchema(), { ...base, frontend: 'ios', ios: { config: {} } })).toEqual([]);
  });

  it('refuses an unknown frontend, a section without config, a wrong ResDir and an unknown outputs choice', () => {
    expect(problems(projectConfigSchema(), { ...base, frontend: 'windows', windows: {} })[0]).toMatch(/^frontend: expected the app's frontend/);
    expect(problems(projectConfigSchema(), { ...base, frontend: 'ios', ios: {} })).toEqual(['ios.config: expected an object, found nothing']);
    expect(problems(projectConfigSchema(), { ...base, frontend: 'android', android: { config: { ResDir: 7 } } })).toEqual([
      'android.config.ResDir: expected a non-empty string, found the number 7',
    ]);
    expect(problems(projectConfigSchema(), { ...base, frontend: 'ios', ios: { config: {} }, mycli: { outputs: 'all' } })[0]).toMatch(/^mycli\.outputs: /);
  });

  it('checks each entry of the written-files record', () => {
    const good = { files: { 'src/aws-exports.js': { format: 'gen1-aws-exports', sha256: 'a'.repeat(64), createdByMycli: true } } };
    expect(problems(clientConfigRecordSchema(), good)).toEqual([]);
    expect(problems(clientConfigRecordSchema(), { files: { 'x.json': { format: 'yaml', sha256: 'nope', createdByMycli: 'yes' } } })).toHaveLength(3);
    expect(problems(clientConfigRecordSchema(), {})).toEqual(['files: expected an object of files ({"<path>": {"format": …, "sha256": …, "createdByMycli": …}}), found nothing']);
  });
});
