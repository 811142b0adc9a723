// Every combination a project can be in — frontend, user pool only or with an identity pool (guests allowed or not),
// hosted UI complete, half-configured or absent, a native client with a secret, storage imported, removed or never
// there, APIs of each kind or one just removed — rendered into every file of the frontend: each amplify_outputs file
// (JSON and Dart) is valid against the 1.4 schema, every file parses back, and no file names a client secret.
import { describe, expect, it } from 'vitest';
import { amplifyOutputsSchemaErrors } from '../../test/support/amplify-outputs-validator.js';
import { metaOf, plainCandidate, REGION, richCandidate } from '../../test/support/client-config-fixtures.js';
import type { RemovedApi } from './api-config.js';
import type { ApiCheckResult } from './api-findings.js';
import type { GatewayApiDetails, GraphqlApiDetails } from './api-model.js';
import { apiOutput, type ImportedApiOutput } from './api-records.js';
import { clientConfigFiles, parseClientConfigFile } from './client-config-files.js';
import { renderClientConfigFiles } from './client-config-render.js';
import { FRONTENDS, frontendSettings } from './frontend-settings.js';
import type { ImportCandidate } from './model.js';
import { resolveClientConfig, type ResolvedStorage } from './resolved-client-config.js';

const NOW = 1_800_000_000;
const check = (appAuthorization: string, iamAuthorized: boolean): ApiCheckResult => ({ findings: [], notes: [], appAuthorization, iamAuthorized, iamOnly: false });
const graphqlApi: GraphqlApiDetails = {
  kind: 'graphql',
  id: 'gqlapi1',
  name: 'shop-graphql',
  region: 'eu-west-1',
  graphqlUrl: 'https://gqlapi1.appsync-api.eu-west-1.amazonaws.com/graphql',
  defaultAuth: { type: 'AWS_IAM' },
  additionalAuth: [{ type: 'API_KEY' }, { type: 'AWS_IAM' }, { type: 'SOMETHING_NEW' }],
  apiKeys: [{ id: 'da2-key', expires: NOW + 90_000 }],
};
const restApi: GatewayApiDetails = {
  kind: 'rest', id: 'a1b2c3d4e5', name: 'shop-api', region: 'us-west-2', endpointTypes: ['REGIONAL'], disableExecuteApiEndpoint: false,
  stages: [{ name: 'dev', deployed: true }], authorizers: [], routes: [],
};

const candidates: Record<string, () => ImportCandidate> = {
  'user pool only, no hosted UI': plainCandidate,
  'identity pool, guests, complete hosted UI': () => richCandidate(),
  'identity pool without guests': () => richCandidate({ allowUnauthenticatedIdentities: false }),
  'half-configured hosted UI': () => richCandidate({ web: { logoutUrls: [] }, native: { callbackUrls: [] } }),
  'no hosted UI, social providers listed': () => richCandidate({ web: { allowedOAuthFlows: [], allowedOAuthScopes: [] }, native: { allowedOAuthFlows: [] } }),
  'native client with a secret': () => richCandidate({ native: { hasSecret: true } }),
  'MFA required, only TOTP': () => {
    const candidate = richCandidate();
    candidate.userPool.mfaConfiguration = 'ON';
    candidate.userPool.mfaTypes = ['TOTP'];
    return candidate;
  },
};
const storages: Record<string, ResolvedStorage | null | undefined> = { 'no storage': undefined, storage: { bucketName: 'shop-media', region: REGION }, 'storage removed': null };
const apiSets: Record<string, { apis: ImportedApiOutput[]; removedApi?: RemovedApi }> = {
  'no API': { apis: [] },
  'GraphQL with its key': { apis: [apiOutput({ api: graphqlApi, resourceName: 'shopgraphql', check: check('AWS_IAM', true), apiKeyInConfig: true, now: NOW })] },
  'REST and HTTP': { apis: [apiOutput({ api: restApi, resourceName: 'shopapi', stage: 'dev', check: check('AWS_IAM', true), apiKeyInConfig: false, now: NOW })] },
  'GraphQL just removed': { apis: [], removedApi: { name: 'shopgraphql', apiType: 'GraphQL' } },
};

describe('every config file of every combination', () => {
  for (const frontend of FRONTENDS) {
    it(`${frontend}: amplify_outputs is schema-valid, every file parses back, no secret anywhere`, () => {
      const problems: string[] = [];
      for (const [candidateName, candidate] of Object.entries(candidates)) {
        for (const [storageName, storage] of Object.entries(storages)) {
          for (const [apisName, { apis, removedApi }] of Object.entries(apiSets)) {
            const label = `${candidateName} / ${storageName} / ${apisName}`;
            const { config } = resolveClientConfig({ frontend, projectRegion: REGION, authMeta: metaOf(candidate()), storage, apis, removedApi });
            const files = clientConfigFiles(frontendSettings({ frontend }));
            // Twice: from nothing, then over the files the first pass wrote (a later push).
            let existing = new Map<string, Record<string, unknown>>();
            for (const pass of [1, 2]) {
              const next = new Map<string, Record<string, unknown>>();
              for (const file of renderClientConfigFiles(config, files, existing)) {
                const parsed = parseClientConfigFile(file.format, file.content);
                if (!parsed) problems.push(`${label}, pass ${pass}: ${file.path} does not parse back`);
                else next.set(file.path, parsed);
                if (/secret/i.test(file.content)) problems.push(`${label}: ${file.path} names a secret`);
                if (parsed && (file.format === 'gen2-json' || file.format === 'gen2-dart')) {
                  for (const error of amplifyOutputsSchemaErrors(parsed)) problems.push(`${label}, pass ${pass}: ${file.path} ${error}`);
                }
              }
              existing = next;
            }
          }
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
