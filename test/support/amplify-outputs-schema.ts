// The JSON schema of amplify_outputs.json version 1.4 (draft 2020-12), for the auth and storage parts mycli writes
// and the top-level shape, written from the facts of the published schema (aws-amplify/amplify-backend,
// packages/client-config/src/client-config-schema/schema_v1.4.json): required keys, enums, minItems/uniqueItems,
// additionalProperties false everywhere but `custom`. The categories mycli does not write are accepted as objects;
// `data` (an imported GraphQL API) is checked as the schema defines it.

const awsRegion = { type: 'string' };
const uniqueStrings = (minItems: number) => ({ type: 'array', items: { type: 'string' }, minItems, uniqueItems: true });

const STANDARD_ATTRIBUTES = [
  'address', 'birthdate', 'email', 'family_name', 'gender', 'given_name', 'locale', 'middle_name', 'name', 'nickname',
  'phone_number', 'picture', 'preferred_username', 'profile', 'sub', 'updated_at', 'website', 'zoneinfo',
];

const APPSYNC_AUTHORIZATION_TYPES = ['AMAZON_COGNITO_USER_POOLS', 'API_KEY', 'AWS_IAM', 'AWS_LAMBDA', 'OPENID_CONNECT'];

export const AMPLIFY_OUTPUTS_SCHEMA_V1_4 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['version'],
  properties: {
    $schema: { type: 'string' },
    version: { const: '1.4' },
    analytics: { type: 'object' },
    data: {
      type: 'object',
      additionalProperties: false,
      required: ['aws_region', 'url', 'default_authorization_type', 'authorization_types'],
      properties: {
        aws_region: awsRegion,
        url: { type: 'string' },
        model_introspection: { type: 'object' },
        api_key: { type: 'string' },
        default_authorization_type: { type: 'string', enum: APPSYNC_AUTHORIZATION_TYPES },
        authorization_types: { type: 'array', items: { type: 'string', enum: APPSYNC_AUTHORIZATION_TYPES } },
      },
    },
    geo: { type: 'object' },
    notifications: { type: 'object' },
    custom: { type: 'object' },
    auth: {
      type: 'object',
      additionalProperties: false,
      required: ['aws_region', 'user_pool_id', 'user_pool_client_id'],
      properties: {
        aws_region: awsRegion,
        user_pool_id: { type: 'string' },
        user_pool_client_id: { type: 'string' },
        identity_pool_id: { type: 'string' },
        password_policy: {
          type: 'object',
          additionalProperties: false,
          required: ['min_length', 'require_numbers', 'require_lowercase', 'require_uppercase', 'require_symbols'],
          properties: {
            min_length: { type: 'integer', minimum: 6, maximum: 99 },
            require_numbers: { type: 'boolean' },
            require_lowercase: { type: 'boolean' },
            require_uppercase: { type: 'boolean' },
            require_symbols: { type: 'boolean' },
          },
        },
        oauth: {
          type: 'object',
          additionalProperties: false,
          required: ['identity_providers', 'domain', 'scopes', 'redirect_sign_in_uri', 'redirect_sign_out_uri', 'response_type'],
          properties: {
            identity_providers: {
              type: 'array',
              items: { type: 'string', enum: ['GOOGLE', 'FACEBOOK', 'LOGIN_WITH_AMAZON', 'SIGN_IN_WITH_APPLE'] },
              minItems: 0,
              uniqueItems: true,
            },
            domain: { type: 'string' },
            scopes: uniqueStrings(0),
            redirect_sign_in_uri: uniqueStrings(1),
            redirect_sign_out_uri: uniqueStrings(1),
            response_type: { type: 'string', enum: ['code', 'token'] },
          },
        },
        standard_required_attributes: { type: 'array', items: { type: 'string', enum: STANDARD_ATTRIBUTES }, minItems: 0, uniqueItems: true },
        username_attributes: {
          type: 'array',
          items: { type: 'string', enum: ['email', 'phone_number', 'username'] },
          minItems: 1,
          uniqueItems: true,
        },
        user_verification_types: { type: 'array', items: { type: 'string', enum: ['email', 'phone_number'] } },
        unauthenticated_identities_enabled: { type: 'boolean', default: true },
        mfa_configuration: { type: 'string', enum: ['NONE', 'OPTIONAL', 'REQUIRED'] },
        mfa_methods: { type: 'array', items: { enum: ['SMS', 'TOTP', 'EMAIL'] } },
        passwordless: { type: 'object' },
        groups: { type: 'array', items: { type: 'object', additionalProperties: { type: 'object', additionalProperties: false, properties: { precedence: { type: 'integer' } } } } },
      },
    },
    storage: {
      type: 'object',
      additionalProperties: false,
      required: ['aws_region', 'bucket_name'],
      properties: {
        aws_region: awsRegion,
        bucket_name: { type: 'string' },
        buckets: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['bucket_name', 'aws_region', 'name'],
            properties: { name: { type: 'string' }, bucket_name: { type: 'string' }, aws_region: { type: 'string' }, paths: { type: 'object' } },
          },
        },
      },
    },
  },
} as const;
