// The shape of every file mycli reads, as Amplify Gen 1 writes it and as mycli writes it. Gen 1 puts many keys in these
// files that mycli never uses: those are accepted as they are. What mycli reads is typed, so a file of the wrong shape
// stops a command before it acts, instead of being read as "nothing there" (or "removed").
//
// Extending: a category's resource entries, per-environment parameters and parameters.json go in the tables below
// (BACKEND_ENTRY_SCHEMAS, META_ENTRY_SCHEMAS, ENV_PARAMETERS_SCHEMAS, RESOURCE_PARAMETERS_SCHEMAS); a frontend's section
// of project-config.json in FRONTEND_SECTION_SCHEMAS; app config keys in APP_CONFIG_KEY_SCHEMAS.
import { CLIENT_CONFIG_FORMATS } from '../core/client-config-files.js';
import { FRONTENDS, OUTPUTS_CHOICES } from '../core/frontend-settings.js';
import { anyValue, arrayOf, object, oneOf, recordOf, string, type ObjectSchema, type Schema } from './schema.js';

const text = string();
const nonEmptyText = string({ nonEmpty: true });
const textList = arrayOf(text);
const flag: Schema = { kind: 'boolean' };
const anyObject = object();
const region = string({ pattern: /^[a-z]{2}(?:-[a-z]+)+-\d+$/, expected: 'an AWS region code such as "us-east-1"' });

// Category and resource names become folder names (amplify/backend/<category>/<name>/): nothing that could leave it.
const folderName = string({ pattern: /^(?!\.\.?$)[A-Za-z0-9_.-]+$/, expected: 'a name of letters, digits, ".", "-" or "_"' });
// Environment names become parts of names and paths in AWS; Gen 1 allows only lower-case letters.
const envName = string({ pattern: /^[A-Za-z0-9_-]+$/, expected: 'an environment name of letters, digits, "-" or "_"' });
const RESOURCES = 'an object of resources ({"<resource name>": { … }})';

// ---- backend-config.json (and its copy in #current-cloud-backend) ----------------------------------------------

const dependency = object({
  expected: 'a dependency {"category": …, "resourceName": …, "attributes": [ … ]}',
  properties: { category: nonEmptyText, resourceName: nonEmptyText, attributes: textList },
  required: ['category', 'resourceName'],
});

/** What every resource entry of backend-config.json and amplify-meta.json has, in every category Gen 1 knows. */
const resourceEntryProperties: Record<string, Schema> = {
  service: string({ nonEmpty: true, expected: 'the name of the resource\'s AWS service (a string such as "Cognito")' }),
  serviceType: text,
  providerPlugin: text,
  dependsOn: arrayOf(dependency, 'an array of dependencies [{"category": …, "resourceName": …, "attributes": [ … ]}]'),
};

function resourceEntry(extra: Record<string, Schema> = {}, imported?: Schema): ObjectSchema {
  return object({
    expected: 'a resource entry (an object with "service", "providerPlugin", …)',
    properties: { ...resourceEntryProperties, ...extra },
    required: ['service'],
    ...(imported ? { discriminator: { key: 'serviceType', cases: { imported } } } : {}),
  });
}

const importedAuthEntry = object({ properties: { service: oneOf(['Cognito'], 'the AWS service of imported auth, "Cognito"') } });

const API_SERVICES = ['AppSync', 'API Gateway'] as const;
const apiService = oneOf(API_SERVICES, 'the AWS service of an imported API, "AppSync" or "API Gateway"');
const importedApiEntry = object({ properties: { service: apiService } });

/** Entry schemas by category; a category not listed gets the common entry schema. */
export const BACKEND_ENTRY_SCHEMAS: Record<string, ObjectSchema> = {
  auth: resourceEntry({ customAuth: flag, frontendAuthConfig: anyObject }, importedAuthEntry),
  storage: resourceEntry(),
  function: resourceEntry({ build: flag }),
  api: resourceEntry({}, importedApiEntry),
};

function categories(entrySchemas: Record<string, ObjectSchema>, otherKeys: Record<string, Schema>, otherEntries: ObjectSchema): ObjectSchema {
  const category = (entry: Schema) => recordOf(entry, RESOURCES, folderName);
  return object({
    expected: 'a JSON object of categories ({"auth": { … }, "storage": { … }, …})',
    properties: { ...otherKeys, ...Object.fromEntries(Object.entries(entrySchemas).map(([name, entry]) => [name, category(entry)])) },
    values: category(otherEntries),
    keys: folderName,
  });
}

/** Modern Gen 1 keeps its env parameter names at the top of backend-config.json; it is not a category. */
const backendParameters = recordOf(
  object({ properties: { usedBy: arrayOf(object({ properties: { category: text, resourceName: text } })) } }),
  'an object of parameters ({"<parameter name>": {"usedBy": [ … ]}})',
);

export function backendConfigSchema(): ObjectSchema {
  return categories(BACKEND_ENTRY_SCHEMAS, { parameters: backendParameters }, resourceEntry());
}

// ---- amplify-meta.json --------------------------------------------------------------------------------------------

const authOutputKeys = [
  'UserPoolId', 'UserPoolName', 'UserPoolArn', 'AppClientIDWeb', 'AppClientID', 'AppClientSecret', 'HostedUIDomain',
  'HostedUICustomDomain', 'IdentityPoolId', 'IdentityPoolName', 'OAuthMetadata', 'AmazonWebClient', 'FacebookWebClient',
  'GoogleWebClient', 'AppleWebClient', 'CreatedSNSRole',
];

const metaEntryProperties: Record<string, Schema> = { lastPushTimeStamp: text, output: anyObject };

const apiOutputKeys = [
  'ApiId', 'ApiName', 'AwsApiName', 'Region', 'GraphQLAPIIdOutput', 'GraphQLAPIEndpointOutput', 'GraphQLAPIKeyOutput', 'AuthenticationType', 'Stage', 'RootUrl',
];

export const META_ENTRY_SCHEMAS: Record<string, ObjectSchema> = {
  auth: resourceEntry(
    {
      ...metaEntryProperties,
      customAuth: flag,
      frontendAuthConfig: anyObject,
      oauthMissing: textList,
      nativeClient: object({
        expected: 'the native client\'s settings ({"hasSecret": …, "socialProviders": [ … ], …})',
        properties: { hasSecret: flag, socialProviders: textList, OAuthMetadata: text, oauthMissing: textList, trustedByIdentityPool: flag },
        required: ['hasSecret', 'socialProviders'],
      }),
      output: object({ properties: { ...Object.fromEntries(authOutputKeys.map((key) => [key, text])), AllowUnauthenticatedIdentities: flag } }),
    },
    importedAuthEntry,
  ),
  storage: resourceEntry(metaEntryProperties),
  function: resourceEntry({ ...metaEntryProperties, build: flag }),
  api: resourceEntry(
    metaEntryProperties,
    object({
      properties: {
        service: apiService,
        output: object({
          properties: {
            ...Object.fromEntries(apiOutputKeys.map((key) => [key, text])),
            ApiType: oneOf(['GraphQL', 'REST', 'HTTP']),
            AdditionalAuthenticationTypes: textList,
          },
        }),
      },
    }),
  ),
};

export function metaSchema(): ObjectSchema {
  const providers = recordOf(object({ properties: { Region: region } }), 'an object of providers ({"awscloudformation": {"Region": …}})');
  return categories(META_ENTRY_SCHEMAS, { providers }, resourceEntry(metaEntryProperties));
}

// ---- team-provider-info.json --------------------------------------------------------------------------------------

const authEnvKeys = [
  'userPoolId', 'userPoolName', 'webClientId', 'nativeClientId', 'identityPoolId', 'identityPoolName', 'authRoleArn',
  'authRoleName', 'unauthRoleArn', 'unauthRoleName', 'facebookAppId', 'amazonAppId', 'appleAppId', 'googleClientId',
  'googleIos', 'googleAndroid',
];

/** One environment's parameters for a resource, by category (`<env>.categories.<category>.<name>`). */
export const ENV_PARAMETERS_SCHEMAS: Record<string, ObjectSchema> = {
  auth: object({ properties: { ...Object.fromEntries(authEnvKeys.map((key) => [key, text])), allowUnauthenticatedIdentities: flag } }),
  storage: object({ properties: { bucketName: text, region: text } }),
  api: object({ properties: { apiId: nonEmptyText, apiName: text, region, stage: nonEmptyText } }),
};

export function teamProviderInfoSchema(): ObjectSchema {
  const resources = (parameters: Schema) => recordOf(parameters, RESOURCES, folderName);
  const envSection = object({
    expected: 'an environment ({"awscloudformation": {"Region": …}, "categories": { … }})',
    properties: {
      awscloudformation: object({
        expected: 'an object with the environment\'s "Region"',
        properties: { Region: region },
        required: ['Region'],
      }),
      categories: object({
        expected: 'an object of categories ({"auth": { … }, …})',
        properties: Object.fromEntries(Object.entries(ENV_PARAMETERS_SCHEMAS).map(([name, parameters]) => [name, resources(parameters)])),
        values: resources(anyObject),
        keys: folderName,
      }),
    },
    required: ['awscloudformation'],
  });
  return recordOf(envSection, 'a JSON object of environments ({"<env>": {"awscloudformation": { … }, "categories": { … }}})', envName);
}

// ---- amplify/backend/<category>/<name>/parameters.json ------------------------------------------------------------

const STORAGE_ACCESS = ['create', 'read', 'delete'] as const;
const USER_POOL_ACCESS = ['create', 'read', 'update', 'delete'] as const;
const API_ACCESS = USER_POOL_ACCESS;

const importedApiParameters = object({
  properties: {
    resourceName: text,
    serviceType: text,
    apiType: oneOf(['GraphQL', 'REST', 'HTTP']),
    authAccess: arrayOf(oneOf(API_ACCESS)),
    guestAccess: arrayOf(oneOf(API_ACCESS)),
    paths: textList,
    apiKeyInConfig: flag,
  },
  required: ['apiType'],
});

/** parameters.json of the resources whose entry matches; the first match wins, any other resource's is any object. */
export const RESOURCE_PARAMETERS_SCHEMAS: Array<{ category: string; service?: string; serviceType?: string; schema: ObjectSchema }> = [
  {
    category: 'auth',
    serviceType: 'imported',
    schema: object({
      properties: {
        authSelections: oneOf(['userPoolOnly', 'identityPoolAndUserPool']),
        resourceName: text,
        serviceType: text,
        region: text,
        aliasAttributes: textList,
        usernameAttributes: textList,
        authProvidersUserPool: textList,
        requiredAttributes: textList,
        passwordPolicyMinLength: { kind: 'number', integer: true, minimum: 0 },
        passwordPolicyCharacters: textList,
        mfaConfiguration: oneOf(['OFF', 'ON', 'OPTIONAL']),
        autoVerifiedAttributes: textList,
        mfaTypes: textList,
      },
      required: ['authSelections'],
    }),
  },
  {
    category: 'storage',
    serviceType: 'imported',
    schema: object({
      properties: {
        resourceName: text,
        serviceType: text,
        authAccess: arrayOf(oneOf(STORAGE_ACCESS)),
        guestAccess: arrayOf(oneOf(STORAGE_ACCESS)),
      },
    }),
  },
  {
    category: 'function',
    service: 'Lambda',
    serviceType: 'imported',
    schema: object({
      properties: {
        functionName: nonEmptyText,
        serviceType: text,
        userPoolAccess: arrayOf(oneOf(USER_POOL_ACCESS)),
        setUserPoolIdVariable: flag,
      },
    }),
  },
  ...API_SERVICES.map((service) => ({ category: 'api', service, serviceType: 'imported', schema: importedApiParameters })),
];

/** The parameters.json schema of a resource with this backend-config entry (undefined entry: a folder nothing lists). */
export function resourceParametersSchema(category: string, entry: Record<string, unknown> | undefined): ObjectSchema {
  const match = RESOURCE_PARAMETERS_SCHEMAS.find((candidate) =>
    candidate.category === category &&
    (candidate.service === undefined || entry?.['service'] === candidate.service) &&
    (candidate.serviceType === undefined || entry?.['serviceType'] === candidate.serviceType));
  return match?.schema ?? anyObject;
}

// ---- amplify/.config ----------------------------------------------------------------------------------------------

/** Keys of a frontend's `config` that name folders mycli writes into: they must stay inside the project. */
export const WRITTEN_FRONTEND_PATH_KEYS: readonly string[] = ['SourceDir', 'ResDir'];

/** The `<frontend>` section of project-config.json, by frontend; any other frontend needs only an object `config`. */
export const FRONTEND_SECTION_SCHEMAS: Record<string, Schema> = {
  javascript: object({
    expected: 'the JavaScript settings ({"framework": …, "config": {"SourceDir": …}})',
    properties: {
      framework: text,
      config: object({
        expected: 'an object with "SourceDir", the folder of aws-exports.js',
        properties: { SourceDir: nonEmptyText, DistributionDir: text, BuildCommand: text, StartCommand: text },
        required: ['SourceDir'],
      }),
    },
    required: ['config'],
  }),
};

const resDirSection = object({
  expected: 'the frontend\'s settings ({"config": {"ResDir": …}})',
  properties: { config: object({ expected: 'an object (with "ResDir", the folder of the config files)', properties: { ResDir: nonEmptyText } }) },
  required: ['config'],
});
FRONTEND_SECTION_SCHEMAS['android'] = resDirSection;
FRONTEND_SECTION_SCHEMAS['flutter'] = resDirSection;
FRONTEND_SECTION_SCHEMAS['ios'] = object({ expected: 'the iOS settings ({"config": {}})', properties: { config: anyObject }, required: ['config'] });

/** The key of project-config.json that holds mycli's own settings (the Amplify CLI ignores keys it does not know). */
export const MYCLI_SETTINGS_KEY = 'mycli';

const mycliSettings = object({
  expected: 'mycli\'s settings ({"outputs": "gen1" | "gen2" | "both"})',
  properties: { outputs: oneOf(OUTPUTS_CHOICES, 'which app config files mycli writes: "gen1", "gen2" or "both"') },
});

const otherFrontendSection = object({
  expected: 'the frontend\'s settings ({"config": { … }})',
  properties: { config: object({ properties: Object.fromEntries(WRITTEN_FRONTEND_PATH_KEYS.map((key) => [key, nonEmptyText])) }) },
});

export function projectConfigSchema(): ObjectSchema {
  return object({
    expected: 'a JSON object ({"projectName": …, "frontend": …, …})',
    properties: {
      projectName: nonEmptyText,
      version: text,
      frontend: oneOf(FRONTENDS, `the app's frontend: ${FRONTENDS.map((name) => `"${name}"`).join(', ')}`),
      providers: textList,
      [MYCLI_SETTINGS_KEY]: mycliSettings,
    },
    required: ['projectName', 'frontend'],
    namedBy: { key: 'frontend', cases: FRONTEND_SECTION_SCHEMAS, otherwise: otherFrontendSection },
  });
}

export function localEnvInfoSchema(): ObjectSchema {
  return object({
    expected: 'a JSON object ({"envName": …, "projectPath": …, "defaultEditor": …})',
    properties: { envName: string({ nonEmpty: true, expected: 'the name of the current environment' }), projectPath: text, defaultEditor: text },
  });
}

/** amplify/.config/local-client-config-files.json: the app config files mycli wrote in this working copy. */
export function clientConfigRecordSchema(): ObjectSchema {
  const entry = object({
    expected: 'a written file ({"format": …, "sha256": …, "createdByMycli": …})',
    properties: {
      format: oneOf(CLIENT_CONFIG_FORMATS),
      sha256: string({ pattern: /^[0-9a-f]{64}$/, expected: 'a SHA-256 in hex' }),
      createdByMycli: flag,
    },
    required: ['format', 'sha256', 'createdByMycli'],
  });
  return object({
    expected: 'a JSON object ({"files": { … }})',
    properties: { files: recordOf(entry, 'an object of files ({"<path>": {"format": …, "sha256": …, "createdByMycli": …}})') },
    required: ['files'],
  });
}

// ---- amplify/#current-cloud-backend/mycli-pushed-state.json ------------------------------------------------------

const textOrList: Schema = { kind: 'union', options: [text, textList], expected: 'a string or an array of strings' };

const policyStatement = object({
  expected: 'a policy statement ({"Effect": …, "Action": …, "Resource": …})',
  properties: {
    Sid: text,
    Effect: oneOf(['Allow', 'Deny']),
    Action: textOrList,
    NotAction: textOrList,
    Resource: textOrList,
    NotResource: textOrList,
    Principal: anyValue,
    Condition: recordOf(anyObject, 'an object of condition operators ({"StringEquals": { … }})'),
  },
  required: ['Effect'],
});

const policyDocument = object({
  expected: 'an IAM policy document ({"Version": …, "Statement": [ … ]})',
  properties: {
    Version: text,
    Statement: { kind: 'union', options: [policyStatement, arrayOf(policyStatement)], expected: 'a policy statement or an array of them' },
  },
  required: ['Statement'],
});

export const PUSHED_POLICY_SCHEMA = object({
  expected: 'a pushed policy ({"roleName": …, "policyName": …, "document": { … }})',
  properties: { roleName: nonEmptyText, policyName: nonEmptyText, document: policyDocument },
  required: ['roleName', 'policyName', 'document'],
});

/** One environment's record in mycli-pushed-state.json; other modules may add keys to its properties. */
export const PUSHED_ENV_STATE_SCHEMA = object({
  expected: 'an environment\'s push record ({"lastPushTimeStamp": …, "policies": [ … ]})',
  properties: {
    lastPushTimeStamp: nonEmptyText,
    policies: arrayOf(PUSHED_POLICY_SCHEMA, 'an array of pushed policies'),
    // The account's push record this clone last wrote or adopted (src/core/push-record.ts).
    record: object({
      expected: 'the push record this clone last wrote ({"generation": <whole number>, "pushId": "<id>"})',
      properties: { generation: { kind: 'number', integer: true, minimum: 1 }, pushId: nonEmptyText },
      required: ['generation', 'pushId'],
    }),
  },
  required: ['lastPushTimeStamp', 'policies'],
});

export function pushedStateSchema(): ObjectSchema {
  return recordOf(PUSHED_ENV_STATE_SCHEMA, 'a JSON object of environments ({"<env>": {"lastPushTimeStamp": …, "policies": [ … ]}})', envName);
}

// ---- <SourceDir>/amplifyconfiguration.json and aws-exports.js -----------------------------------------------------

/** The keys mycli writes into the flat JavaScript app config; every other key is kept as it is. */
export const APP_CONFIG_KEY_SCHEMAS: Record<string, Schema> = {
  aws_project_region: text,
  aws_cognito_region: text,
  aws_user_pools_id: text,
  aws_user_pools_web_client_id: text,
  aws_cognito_identity_pool_id: text,
  oauth: anyObject,
  federationTarget: text,
  aws_cognito_username_attributes: textList,
  aws_cognito_social_providers: textList,
  aws_cognito_signup_attributes: textList,
  aws_cognito_mfa_configuration: text,
  aws_cognito_mfa_types: textList,
  aws_cognito_password_protection_settings: anyObject,
  aws_cognito_verification_mechanisms: textList,
  aws_mandatory_sign_in: text,
  aws_user_files_s3_bucket: text,
  aws_user_files_s3_bucket_region: text,
  aws_appsync_graphqlEndpoint: text,
  aws_appsync_region: text,
  aws_appsync_authenticationType: text,
  aws_appsync_apiKey: text,
  aws_cloud_logic_custom: arrayOf(
    object({ expected: 'a REST API ({"name": …, "endpoint": …, "region": …})', properties: { name: text, endpoint: text, region: text } }),
    'an array of REST APIs ([{"name": …, "endpoint": …, "region": …}])',
  ),
};

export function appConfigSchema(): ObjectSchema {
  return object({ expected: 'a JSON object of config keys ({"aws_project_region": …, …})', properties: { ...APP_CONFIG_KEY_SCHEMAS } });
}
