// The rules for an AppSync GraphQL API: which of its authorization modes accept the imported pool, its web client,
// or the identity pool's credentials, and the mode the app config should name.

import { iamWithoutIdentityPool, sameIssuer, unusableApi, type ApiCheckOptions, type ApiCheckResult } from './api-findings.js';
import { userPoolIssuer, type AppSyncAuthProvider, type ApiTrustContext, type GraphqlApiDetails } from './api-model.js';
import type { Finding } from './model.js';
import { escapeUntrusted, nameAndId } from './untrusted-text.js';

export function checkGraphqlApi(api: GraphqlApiDetails, auth: ApiTrustContext, options: ApiCheckOptions): ApiCheckResult {
  const subject = `GraphQL API ${nameAndId(api.name, api.id)}`;
  const modesPath = `AWS AppSync console > APIs > ${escapeUntrusted(api.name)} > Settings > Authorization modes`;
  const providers = [api.defaultAuth, ...api.additionalAuth];
  const findings: Finding[] = [];
  const notes: string[] = [];

  if (api.visibility === 'PRIVATE') {
    findings.push({
      severity: 'error',
      code: 'appsync-private',
      message: `${subject} is private: it answers only inside its VPC, not a browser or phone.`,
      fix: 'Import a public (GLOBAL) API; AppSync cannot change the visibility of an existing API.',
    });
  }

  const userPool = checkUserPoolProviders(api, providers, auth, subject, modesPath);
  findings.push(...userPool.findings);
  const oidc = checkOidcProviders(providers, auth, subject, modesPath);
  findings.push(...oidc.findings);
  notes.push(...oidc.notes);

  const iam = providers.some((provider) => provider.type === 'AWS_IAM');
  if (iam && !auth.identityPoolId) {
    findings.push(iamWithoutIdentityPool(subject, 'requests', userPool.usable || oidc.usable, auth));
  }
  const iamUsable = iam && auth.identityPoolId !== undefined;

  const apiKeyEnabled = providers.some((provider) => provider.type === 'API_KEY');
  const validKeys = (api.apiKeys ?? []).filter((key) => key.expires === undefined || key.expires > options.now);
  if (options.apiKey && !apiKeyEnabled) {
    findings.push({
      severity: 'error',
      code: 'appsync-api-key-not-enabled',
      message: `--api-key was given, but ${subject} does not accept API keys.`,
      fix: `Leave out --api-key, or add API key authorization: ${modesPath} > Add > API key.`,
    });
  }
  if (apiKeyEnabled && validKeys.length === 0) {
    findings.push({
      severity: options.apiKey ? 'error' : 'warning',
      code: 'appsync-api-key-expired',
      message: `${subject} accepts API keys, but has none that has not expired.`,
      fix: `Create one: AWS AppSync console > APIs > ${escapeUntrusted(api.name)} > Settings > API keys > Add, or aws appsync create-api-key --api-id ${escapeUntrusted(api.id)} --region ${escapeUntrusted(api.region)}`,
    });
  }

  const lambda = providers.some((provider) => provider.type === 'AWS_LAMBDA');
  if (lambda) {
    findings.push({
      severity: 'warning',
      code: 'appsync-lambda-authorizer',
      message: `${subject} also authorizes with a Lambda function, which mycli cannot check; the app must pass its own token (authToken) to use it.`,
      fix: 'Nothing to do if the app does not use that mode.',
    });
  }

  const appAuthorization = userPool.usable
    ? 'AMAZON_COGNITO_USER_POOLS'
    : oidc.usable
      ? 'OPENID_CONNECT'
      : iamUsable
        ? 'AWS_IAM'
        : apiKeyEnabled && validKeys.length > 0
          ? 'API_KEY'
          : lambda
            ? 'AWS_LAMBDA'
            : undefined;
  if (appAuthorization === undefined && !findings.some((finding) => finding.severity === 'error')) findings.push(unusableApi(subject, auth));
  if (appAuthorization === 'API_KEY' && !options.apiKey) {
    findings.push({
      severity: 'warning',
      code: 'appsync-api-key-not-written',
      message: `${subject} accepts the app only with an API key, and the key is not written into the app config.`,
      fix: 'Import again with --api-key to write it (an API key is public by design: anyone with the app can read it), or give it to the client in code.',
    });
  }
  if (appAuthorization === 'AMAZON_COGNITO_USER_POOLS' && iamUsable) {
    notes.push("Signed-in calls use the user pool (aws-amplify sends the access token); pass authMode: 'iam' for guests or IAM-only fields.");
  }
  return { findings, notes, appAuthorization, iamAuthorized: iam, iamOnly: appAuthorization === 'AWS_IAM' };
}

function checkUserPoolProviders(
  api: GraphqlApiDetails,
  providers: AppSyncAuthProvider[],
  auth: ApiTrustContext,
  subject: string,
  modesPath: string,
): { findings: Finding[]; usable: boolean } {
  const userPoolProviders = providers.filter((provider) => provider.type === 'AMAZON_COGNITO_USER_POOLS' && provider.userPool);
  if (userPoolProviders.length === 0) return { findings: [], usable: false };
  const ours = userPoolProviders.filter(
    ({ userPool }) => userPool?.userPoolId === auth.userPoolId && (userPool.awsRegion ?? api.region) === auth.userPoolRegion,
  );
  const pool = escapeUntrusted(auth.userPoolId);
  if (ours.length === 0) {
    const trusted = userPoolProviders.map(({ userPool }) => `${escapeUntrusted(userPool?.userPoolId ?? '?')} (${escapeUntrusted(userPool?.awsRegion ?? api.region)})`);
    return {
      usable: false,
      findings: [
        {
          severity: 'error',
          code: 'appsync-user-pool-not-imported',
          message: `${subject} trusts user pool ${trusted.join(', ')}, not the imported user pool ${pool} (${escapeUntrusted(auth.userPoolRegion)}): signed-in calls would be refused.`,
          fix: `${modesPath} > Add > Amazon Cognito user pool, region ${escapeUntrusted(auth.userPoolRegion)}, user pool ${pool}; or import the API that serves this pool.`,
        },
      ],
    };
  }

  const findings: Finding[] = [];
  let usable = false;
  for (const provider of ours) {
    const regexText = provider.userPool?.appIdClientRegex;
    const matches = clientMatcher(regexText);
    if (matches === undefined) {
      findings.push({
        severity: 'warning',
        code: 'appsync-client-regex-unchecked',
        message: `${subject} limits user pool ${pool} to app clients matching ${escapeUntrusted(regexText ?? '')}, a pattern mycli cannot evaluate.`,
        fix: `Check that it matches web client ${escapeUntrusted(auth.webClientId)}: ${modesPath} > Amazon Cognito user pool > Edit > App ID client regex.`,
      });
      usable = true;
      continue;
    }
    if (!matches(auth.webClientId)) {
      findings.push({
        severity: 'error',
        code: 'appsync-client-regex-excludes-web-client',
        message: `${subject} accepts user pool ${pool} only from app clients matching ${escapeUntrusted(regexText ?? '')}, which web client ${escapeUntrusted(auth.webClientId)} does not.`,
        fix: `${modesPath} > Amazon Cognito user pool > Edit > App ID client regex: include ${escapeUntrusted(auth.webClientId)} (or clear it).`,
      });
      continue;
    }
    usable = true;
    if (auth.nativeClientId !== auth.webClientId && !matches(auth.nativeClientId)) {
      findings.push({
        severity: 'warning',
        code: 'appsync-client-regex-excludes-native-client',
        message: `${subject} accepts user pool ${pool} only from app clients matching ${escapeUntrusted(regexText ?? '')}, which native client ${escapeUntrusted(auth.nativeClientId)} does not: native apps would be refused.`,
        fix: `${modesPath} > Amazon Cognito user pool > Edit > App ID client regex: include ${escapeUntrusted(auth.nativeClientId)}.`,
      });
    }
  }
  const defaultProvider = api.defaultAuth;
  if (usable && ours.includes(defaultProvider) && defaultProvider.userPool?.defaultAction === 'DENY') {
    findings.push({
      severity: 'warning',
      code: 'appsync-default-action-deny',
      message: `${subject} denies signed-in users by default (default action DENY): only types and fields marked @aws_cognito_user_pools answer them.`,
      fix: 'Nothing to do if the schema marks what signed-in users may call; otherwise set the default action to ALLOW in the user pool authorization settings.',
    });
  }
  return { findings, usable };
}

function checkOidcProviders(providers: AppSyncAuthProvider[], auth: ApiTrustContext, subject: string, modesPath: string) {
  const findings: Finding[] = [];
  const notes: string[] = [];
  let usable = false;
  const issuer = userPoolIssuer(auth.userPoolRegion, auth.userPoolId);
  for (const provider of providers.filter((candidate) => candidate.type === 'OPENID_CONNECT' && candidate.openIdConnect)) {
    const config = provider.openIdConnect as NonNullable<AppSyncAuthProvider['openIdConnect']>;
    if (!sameIssuer(config.issuer, issuer)) {
      notes.push(`${subject} also accepts OpenID Connect tokens from ${escapeUntrusted(config.issuer)}, another identity provider this app does not use.`);
      continue;
    }
    if (config.clientId !== undefined && config.clientId !== auth.webClientId) {
      findings.push({
        severity: 'error',
        code: 'appsync-oidc-client-mismatch',
        message: `${subject} accepts OpenID Connect tokens of user pool ${escapeUntrusted(auth.userPoolId)} only for client ${escapeUntrusted(config.clientId)}, not web client ${escapeUntrusted(auth.webClientId)}.`,
        fix: `${modesPath} > OpenID Connect > Edit > Client ID: ${escapeUntrusted(auth.webClientId)}.`,
      });
      continue;
    }
    usable = true;
  }
  return { findings, notes, usable };
}

/** AppSync matches the whole client id against the regex; undefined when the pattern is not one JavaScript can run. */
function clientMatcher(regexText: string | undefined): ((clientId: string) => boolean) | undefined {
  if (regexText === undefined || regexText === '') return () => true;
  try {
    const regex = new RegExp(`^(?:${regexText})$`);
    return (clientId) => regex.test(clientId);
  } catch {
    return undefined;
  }
}
