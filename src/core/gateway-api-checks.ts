// The rules for API Gateway REST APIs (v1) and HTTP APIs (v2): the stage, whether the default endpoint answers a
// browser, and for each route whether its authorizer trusts the imported pool and web client (Cognito user pool
// authorizers and JWT authorizers), or needs the identity pool's credentials (IAM).

import { iamWithoutIdentityPool, listSome, sameIssuer, unusableApi, type ApiCheckOptions, type ApiCheckResult } from './api-findings.js';
import { userPoolIssuer, type ApiAuthorizer, type ApiRoute, type ApiTrustContext, type GatewayApiDetails } from './api-model.js';
import type { Finding } from './model.js';
import { shellQuote } from './shell-quote.js';
import { escapeUntrusted, nameAndId, quoted } from './untrusted-text.js';

const USER_POOL_ARN = /^arn:aws[a-z-]*:cognito-idp:([a-z0-9-]+):\d{12}:userpool\/(.+)$/;

export function checkGatewayApi(api: GatewayApiDetails, auth: ApiTrustContext, options: ApiCheckOptions): ApiCheckResult {
  const subject = `${api.kind === 'rest' ? 'REST API' : 'HTTP API'} ${nameAndId(api.name, api.id)}`;
  const cli = api.kind === 'rest' ? 'apigateway' : 'apigatewayv2';
  const idFlag = api.kind === 'rest' ? '--rest-api-id' : '--api-id';
  const region = `--region ${shellQuote(api.region)}`;
  const findings: Finding[] = [...checkEndpoint(api, subject, region), ...checkStage(api, subject, options.stage)];
  const notes: string[] = [];

  const byType = (type: string) => api.routes.filter((route) => route.authorizationType === type);
  const open = byType('NONE');
  const iam = byType('AWS_IAM');
  const custom = byType('CUSTOM');
  const tokenRoutes = api.kind === 'rest' ? byType('COGNITO_USER_POOLS') : byType('JWT');

  if (api.routes.length === 0) {
    findings.push({
      severity: 'error',
      code: 'api-no-routes',
      message: `${subject} has no ${api.kind === 'rest' ? 'methods' : 'routes'}, so there is nothing for the app to call.`,
      fix: 'Add them in the API Gateway console and deploy, or import another API.',
    });
  }

  const trusting: ApiRoute[] = [];
  for (const [authorizerId, routes] of groupBy(tokenRoutes, (route) => route.authorizerId ?? '')) {
    const authorizer = api.authorizers.find((candidate) => candidate.id === authorizerId);
    const problems = authorizer ? authorizerProblems(api, authorizer, routes, auth, { subject, cli, idFlag, region }) : [missingAuthorizer(subject, routes, authorizerId)];
    findings.push(...problems);
    if (problems.some((problem) => problem.severity === 'error')) continue;
    trusting.push(...routes);
    notes.push(tokenNote(api, routes));
  }

  if (custom.length > 0) {
    const names = [...new Set(custom.map((route) => api.authorizers.find((candidate) => candidate.id === route.authorizerId)?.name ?? route.authorizerId ?? '?'))];
    findings.push({
      severity: 'warning',
      code: 'api-lambda-authorizer',
      message: `${subject} authorizes ${listSome(custom.map((route) => route.routeKey))} with Lambda authorizer ${listSome(names)}, which mycli cannot check.`,
      fix: `Make sure the authorizer accepts tokens of user pool ${escapeUntrusted(auth.userPoolId)} issued to web client ${escapeUntrusted(auth.webClientId)}.`,
    });
  }
  if (iam.length > 0 && !auth.identityPoolId) {
    findings.push(iamWithoutIdentityPool(subject, listSome(iam.map((route) => route.routeKey)), open.length + trusting.length + custom.length > 0, auth));
  }
  const keyed = api.routes.filter((route) => route.apiKeyRequired);
  if (keyed.length > 0) {
    findings.push({
      severity: 'warning',
      code: 'api-key-required',
      message: `${subject} requires an API key on ${listSome(keyed.map((route) => route.routeKey))}; the app config holds none for REST calls.`,
      fix: "Send it from the app (headers: { 'x-api-key': … }), or turn 'API key required' off on those methods and deploy.",
    });
  }
  if (api.resourcePolicy) {
    findings.push({
      severity: 'warning',
      code: 'rest-resource-policy',
      message: `${subject} has a resource policy, which may refuse some callers whatever their IAM permissions: ${escapeUntrusted(compactJson(api.resourcePolicy))}`,
      fix: `Check that it lets the identity pool's roles and the app's users in: API Gateway console > APIs > ${escapeUntrusted(api.name)} > Resource policy.`,
    });
  }
  if (open.length > 0) notes.push(`${subject} answers ${listSome(open.map((route) => route.routeKey))} without authorization.`);

  const iamUsable = iam.length > 0 && auth.identityPoolId !== undefined;
  const appAuthorization = iamUsable ? 'AWS_IAM' : trusting.length > 0 ? 'AMAZON_COGNITO_USER_POOLS' : open.length > 0 || custom.length > 0 ? 'NONE' : undefined;
  if (appAuthorization === undefined && !findings.some((finding) => finding.severity === 'error')) findings.push(unusableApi(subject, auth));
  return { findings, notes, appAuthorization, iamAuthorized: iam.length > 0, iamOnly: iam.length > 0 && iam.length === api.routes.length };
}

interface CliParts {
  cli: string;
  idFlag: string;
  region: string;
}

function checkEndpoint(api: GatewayApiDetails, subject: string, region: string): Finding[] {
  const findings: Finding[] = [];
  if (api.endpointTypes.includes('PRIVATE')) {
    findings.push({
      severity: 'error',
      code: 'rest-private-endpoint',
      message: `${subject} is a private API: it answers only inside a VPC, not a browser or phone.`,
      fix: `Make it regional: aws apigateway update-rest-api --rest-api-id ${escapeUntrusted(api.id)} --patch-operations op=replace,path=/endpointConfiguration/types/PRIVATE,value=REGIONAL ${region}; or import a public API.`,
    });
  }
  if (api.protocolType === 'WEBSOCKET') {
    findings.push({
      severity: 'error',
      code: 'http-websocket',
      message: `${subject} is a WebSocket API, which the Amplify REST client cannot call.`,
      fix: 'Import an HTTP or REST API.',
    });
  }
  if (api.disableExecuteApiEndpoint) {
    const enable =
      api.kind === 'rest'
        ? `aws apigateway update-rest-api --rest-api-id ${escapeUntrusted(api.id)} --patch-operations op=replace,path=/disableExecuteApiEndpoint,value=false ${region}`
        : `aws apigatewayv2 update-api --api-id ${escapeUntrusted(api.id)} --no-disable-execute-api-endpoint ${region}`;
    findings.push({
      severity: 'error',
      code: 'api-default-endpoint-disabled',
      message: `${subject} has its default execute-api endpoint turned off, and mycli writes that endpoint into the app config (custom domains are not supported).`,
      fix: `Turn it back on: ${enable}`,
    });
  }
  return findings;
}

function checkStage(api: GatewayApiDetails, subject: string, stageName: string | undefined): Finding[] {
  if (api.stages.length === 0) {
    return [
      {
        severity: 'error',
        code: 'api-no-stage',
        message: `${subject} is not deployed to any stage, so it has no URL to call.`,
        fix: api.kind === 'rest'
          ? `Deploy it: aws apigateway create-deployment --rest-api-id ${escapeUntrusted(api.id)} --stage-name <stage> --region ${shellQuote(api.region)}`
          : `Create a stage: aws apigatewayv2 create-stage --api-id ${escapeUntrusted(api.id)} --stage-name '$default' --auto-deploy --region ${shellQuote(api.region)}`,
      },
    ];
  }
  if (stageName === undefined) return [];
  const stage = api.stages.find((candidate) => candidate.name === stageName);
  if (!stage) {
    return [
      {
        severity: 'error',
        code: 'api-stage-not-found',
        message: `${subject} has no stage ${quoted(stageName)}; its stages are ${listSome(api.stages.map((candidate) => candidate.name), 20)}.`,
        fix: `Use one of those (--stage), or deploy the API to ${quoted(stageName)}.`,
      },
    ];
  }
  if (!stage.deployed) {
    return [
      {
        severity: 'error',
        code: 'api-stage-not-deployed',
        message: `Stage ${quoted(stageName)} of ${subject} has no deployment and does not deploy automatically, so it serves nothing yet.`,
        fix: `Deploy it: aws apigatewayv2 create-deployment --api-id ${escapeUntrusted(api.id)} --stage-name ${shellQuote(stageName)} --region ${shellQuote(api.region)}`,
      },
    ];
  }
  return [];
}

function authorizerProblems(
  api: GatewayApiDetails,
  authorizer: ApiAuthorizer,
  routes: ApiRoute[],
  auth: ApiTrustContext,
  { subject, cli, idFlag, region }: CliParts & { subject: string },
): Finding[] {
  const where = `${subject} authorizer ${nameAndId(authorizer.name, authorizer.id)} (used by ${listSome(routes.map((route) => route.routeKey))})`;
  const target = `${idFlag} ${escapeUntrusted(api.id)} --authorizer-id ${escapeUntrusted(authorizer.id)}`;
  const redeploy = api.kind === 'rest' ? `, then redeploy: aws apigateway create-deployment --rest-api-id ${escapeUntrusted(api.id)} --stage-name <stage> ${region}` : '';
  const pool = escapeUntrusted(auth.userPoolId);
  if (api.kind === 'rest') {
    const trusted = authorizer.providerArns.some((arn) => {
      const match = USER_POOL_ARN.exec(arn);
      return match?.[1] === auth.userPoolRegion && match[2] === auth.userPoolId;
    });
    if (trusted) return [];
    const poolArn = `arn:aws:cognito-idp:${escapeUntrusted(auth.userPoolRegion)}:${auth.accountId ?? '<account>'}:userpool/${pool}`;
    return [
      {
        severity: 'error',
        code: 'rest-authorizer-other-pool',
        message: `${where} accepts user pool ${listSome(authorizer.providerArns.map(poolOfArn)) || 'none'}, not the imported user pool ${pool}: signed-in calls would get 401.`,
        fix: `aws ${cli} update-authorizer ${target} --patch-operations op=add,path=/providerARNs,value=${poolArn} ${region}${redeploy}`,
      },
    ];
  }

  const findings: Finding[] = [];
  const issuer = userPoolIssuer(auth.userPoolRegion, auth.userPoolId);
  const audience = [...new Set([...authorizer.audience, auth.webClientId])];
  const jwtFix = `aws ${cli} update-authorizer ${target} --jwt-configuration ${shellQuote(`Issuer=${issuer},Audience=${audience.join(',')}`)} ${region}`;
  if (authorizer.type !== 'JWT') {
    return [missingAuthorizer(subject, routes, authorizer.id)];
  }
  if (authorizer.issuer === undefined || !sameIssuer(authorizer.issuer, issuer)) {
    findings.push({
      severity: 'error',
      code: 'http-jwt-other-issuer',
      message: `${where} accepts tokens issued by ${escapeUntrusted(authorizer.issuer ?? 'no issuer')}, not by the imported user pool (${issuer}): signed-in calls would get 401.`,
      fix: jwtFix,
    });
  }
  if (!authorizer.audience.includes(auth.webClientId)) {
    findings.push({
      severity: 'error',
      code: 'http-jwt-audience',
      message: `${where} accepts tokens for ${listSome(authorizer.audience) || 'no audience'}, not for web client ${escapeUntrusted(auth.webClientId)}: signed-in calls would get 401.`,
      fix: jwtFix,
    });
  } else if (auth.nativeClientId !== auth.webClientId && !authorizer.audience.includes(auth.nativeClientId)) {
    findings.push({
      severity: 'warning',
      code: 'http-jwt-audience-native',
      message: `${where} does not accept tokens for native client ${escapeUntrusted(auth.nativeClientId)}: native apps would get 401.`,
      fix: `aws ${cli} update-authorizer ${target} --jwt-configuration ${shellQuote(`Issuer=${issuer},Audience=${[...audience, auth.nativeClientId].join(',')}`)} ${region}`,
    });
  }
  return findings;
}

function missingAuthorizer(subject: string, routes: ApiRoute[], authorizerId: string): Finding {
  return {
    severity: 'error',
    code: 'api-authorizer-missing',
    message: `${subject} sends ${listSome(routes.map((route) => route.routeKey))} to authorizer ${escapeUntrusted(authorizerId || '(none)')}, which it does not list as a token authorizer.`,
    fix: 'Fix the routes\' authorization in the API Gateway console and deploy, then import again.',
  };
}

/** Which token the app must put in the Authorization header: aws-amplify sends none by itself to these routes. */
function tokenNote(api: GatewayApiDetails, routes: ApiRoute[]): string {
  const scoped = routes.filter((route) => route.authorizationScopes.length > 0);
  const plain = routes.filter((route) => route.authorizationScopes.length === 0);
  const parts: string[] = [];
  const expect = (some: ApiRoute[]) => `${listSome(some.map((route) => route.routeKey))} expect${some.length === 1 ? 's' : ''}`;
  if (plain.length > 0) parts.push(`${expect(plain)} ${api.kind === 'rest' ? 'the ID token' : 'an ID or access token'}`);
  if (scoped.length > 0) {
    const scopes = [...new Set(scoped.flatMap((route) => route.authorizationScopes))];
    parts.push(`${expect(scoped)} an access token with scope ${listSome(scopes)} (the web client must be allowed it)`);
  }
  return `${parts.join('; ')}: pass headers: { Authorization: <token> } from fetchAuthSession(); aws-amplify signs REST calls only with IAM.`;
}

function poolOfArn(arn: string): string {
  return USER_POOL_ARN.exec(arn)?.[2] ?? arn;
}

function compactJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
