// Finding the API to import: described by the id a flag names, or picked from one searchable list of the region's
// GraphQL, REST and HTTP APIs, each labelled with its kind and how it authorizes; an API that cannot serve the
// imported auth is refused in place, with the reason.
import type { ApiReaders } from '../aws/api-readers.js';
import { mapWithConcurrency } from '../aws/concurrency.js';
import { checkApi } from '../core/api-checks.js';
import { API_KIND_LABEL, type ApiDetails, type ApiKind, type ApiSummary, type ApiTrustContext } from '../core/api-model.js';
import { UserError } from '../core/errors.js';
import { escapeUntrusted, nameAndId } from '../core/untrusted-text.js';
import { withProgress, type Printer } from '../ui/printer.js';
import type { Choice, Prompter } from '../ui/prompter.js';

export const ID_FLAG: Record<ApiKind, string> = { graphql: '--graphql-api-id', rest: '--rest-api-id', http: '--http-api-id' };

const DESCRIBE_CONCURRENCY = 5;

export async function describeNamedApi(readers: ApiReaders, kind: ApiKind, id: string, region: string): Promise<ApiDetails> {
  const api: ApiDetails | undefined =
    kind === 'graphql'
      ? await (await readers.graphql(region)).describeApi(id)
      : await (await (kind === 'rest' ? readers.rest(region) : readers.http(region))).describeApi(id);
  if (api) return api;
  const list = { graphql: 'aws appsync list-graphql-apis', rest: 'aws apigateway get-rest-apis', http: 'aws apigatewayv2 get-apis' }[kind];
  throw new UserError('NotFound', `${API_KIND_LABEL[kind]} ${escapeUntrusted(id)} was not found in ${escapeUntrusted(region)}.`,
    `Check the id with \`${list} --region ${region}\`; an API in another region needs --region <its region>; --profile selects the account.`);
}

export async function chooseApi(
  readers: ApiReaders,
  region: string,
  auth: ApiTrustContext,
  context: { prompter: Prompter; printer: Printer; now: number; kind?: ApiKind; message?: string },
): Promise<ApiDetails> {
  const { prompter, printer, kind } = context;
  const flags = kind
    ? `${ID_FLAG[kind]} <id>`
    : '--graphql-api-id <id>, or --rest-api-id <id> --stage <name>, or --http-api-id <id> --stage <name>';
  if (!prompter.interactive) return prompter.search({ message: 'Select the API to import', flag: flags }, []);

  const apis = await withProgress(printer, `Listing the APIs in ${region}`, async (progress) => {
    const wanted = (candidate: ApiKind) => kind === undefined || kind === candidate;
    const [graphqlApis, restApis, httpApis] = await Promise.all([
      wanted('graphql') ? readers.graphql(region).then((reader) => reader.listApis()) : [],
      wanted('rest') ? readers.rest(region).then((reader) => reader.listApis()) : [],
      wanted('http') ? readers.http(region).then((reader) => reader.listApis()) : [],
    ]);
    // REST and HTTP listings say nothing of authorization: each API is described (a few calls each, five at a time).
    const gateways = [...restApis, ...httpApis.filter((api) => api.protocolType !== 'WEBSOCKET')];
    const describe = async (api: ApiSummary) => (api.kind === 'rest' ? (await readers.rest(region)).describeApi(api.id) : (await readers.http(region)).describeApi(api.id));
    const described = await mapWithConcurrency(gateways, DESCRIBE_CONCURRENCY, describe, (done, total) =>
      progress.update(`Reading the authorization of ${total} REST and HTTP APIs in ${region} (${done} done)`),
    );
    return [...graphqlApis, ...described.filter((api): api is NonNullable<typeof api> => api !== undefined)];
  });
  if (apis.length === 0) {
    throw new UserError('NotFound', `These credentials see no GraphQL, REST or HTTP API in ${escapeUntrusted(region)}.`,
      'Check --region (the API\'s region) and --profile, or pass the id with --graphql-api-id / --rest-api-id / --http-api-id.');
  }
  // An API that cannot serve the imported auth is listed, dim with the reason, and cannot be picked (import it by id for
  // every finding with its fix).
  const choices: Array<Choice<ApiDetails>> = apis
    .map((api) => {
      const blocking = checkApi(api, auth, { now: context.now }).findings.find((finding) => finding.severity === 'error');
      const name = `${nameAndId(api.name, api.id)} — ${API_KIND_LABEL[api.kind]} · ${authorizationLabel(api, auth)}`;
      return { name, value: api, ...(blocking ? { disabled: `(${BLOCKED_BECAUSE[blocking.code] ?? 'does not pass the checks'})` } : {}) };
    })
    .sort((a, b) => a.value.name.localeCompare(b.value.name) || a.value.id.localeCompare(b.value.id));
  const message = context.message ?? 'Select the API to import';
  const picked = await prompter.search({ message: `${message} (${apis.length} in ${region}; type to filter by name, id or kind):`, flag: flags }, choices);
  // The listing carries no API keys: read the picked API's, so its key checks and --api-key see them.
  return picked.kind === 'graphql' ? (await readers.graphql(region)).withApiKeys(picked) : picked;
}

/** Why an API cannot be picked, in a few words (the finding's message has the detail and the fix). */
const BLOCKED_BECAUSE: Record<string, string> = {
  'appsync-user-pool-not-imported': 'trusts another user pool',
  'appsync-client-regex-excludes-web-client': 'its client id regex excludes the web client',
  'appsync-oidc-client-mismatch': 'its OpenID Connect client is another app client',
  'appsync-private': 'private: reachable only from its VPC',
  'rest-private-endpoint': 'private: reachable only from a VPC',
  'rest-authorizer-other-pool': 'its authorizer trusts another user pool',
  'http-jwt-other-issuer': 'its JWT authorizer trusts another issuer',
  'http-jwt-audience': 'its JWT authorizer does not accept the web client',
  'api-iam-needs-identity-pool': 'IAM only, and auth has no identity pool',
  'api-default-endpoint-disabled': 'its default endpoint is turned off',
  'api-no-stage': 'not deployed to any stage',
  'api-no-routes': 'has no routes',
  'api-authorizer-missing': 'a route names an authorizer it lacks',
  'api-unusable': 'accepts nothing this auth gives the app',
};

/** The stage the app calls: the one given, the only deployed one, or asked. */
export async function chooseStage(api: ApiDetails & { kind: 'rest' | 'http' }, given: string | undefined, prompter: Prompter, printer: Printer): Promise<string> {
  if (given !== undefined) return given;
  const stages = api.stages.filter((stage) => stage.deployed);
  const only = stages.length === 1 ? stages[0] : undefined;
  if (only) {
    printer.success(`Only one stage is deployed: '${escapeUntrusted(only.name)}' was selected.`);
    return only.name;
  }
  if (stages.length === 0) return api.stages[0]?.name ?? '';
  return prompter.select(
    { message: `Which stage should the app call? (${stages.length})`, flag: `--stage <name> (one of ${stages.map((stage) => escapeUntrusted(stage.name)).join(', ')})` },
    stages.map((stage) => ({ name: escapeUntrusted(stage.name), value: stage.name })),
  );
}

/** e.g. "user pool (this pool), IAM, API key" or "IAM, Cognito user pool, open". */
export function authorizationLabel(api: ApiDetails, auth: ApiTrustContext): string {
  if (api.kind === 'graphql') {
    return [api.defaultAuth, ...api.additionalAuth]
      .map((provider) => {
        switch (provider.type) {
          case 'AMAZON_COGNITO_USER_POOLS':
            return provider.userPool?.userPoolId === auth.userPoolId ? 'user pool (this pool)' : `user pool ${escapeUntrusted(provider.userPool?.userPoolId ?? '?')}`;
          case 'AWS_IAM':
            return 'IAM';
          case 'API_KEY':
            return 'API key';
          case 'OPENID_CONNECT':
            return 'OpenID Connect';
          case 'AWS_LAMBDA':
            return 'Lambda';
          default:
            return escapeUntrusted(provider.type);
        }
      })
      .join(', ');
  }
  const words: Record<string, string> = { AWS_IAM: 'IAM', COGNITO_USER_POOLS: 'Cognito user pool', JWT: 'JWT', CUSTOM: 'Lambda authorizer', NONE: 'open' };
  const types = [...new Set(api.routes.map((route) => route.authorizationType))];
  return types.length === 0 ? 'no routes' : types.map((type) => words[type] ?? escapeUntrusted(type)).join(', ');
}
