// Turns what discovery found into findings: every failing rule at once, each naming the resource and its fix.
// Pure: no I/O. Errors block the import; warnings are shown and the import goes on.

import {
  regionOfIdentityPoolId,
  regionOfUserPoolId,
  userPoolProviderName,
  type AppClient,
  type CognitoProviderLink,
  type Finding,
  type IdentityPoolDetails,
  type ImportCandidate,
  type RoleDetails,
  type UserPoolDetails,
} from './model.js';
import { shellQuote } from './shell-quote.js';
import { compareOAuthSettings, missingOAuthPieces, OAUTH_GAP_LABELS, usesOAuth } from './oauth-settings.js';
import {
  checkRoleTrust,
  describeTrustProblem,
  expectedTrustPolicy,
  trustProblemSeverity,
  updateTrustPolicyCommand,
  type IdentityKind,
} from './trust-policy.js';
import { escapeUntrusted, nameAndId } from './untrusted-text.js';

export function validateImport(candidate: ImportCandidate): Finding[] {
  const findings = [
    ...checkRegions(candidate),
    ...checkWebClient(candidate),
    ...checkClientsBelongToPool(candidate),
    ...checkClientReuse(candidate),
    ...checkOAuth(candidate),
  ];
  // In user-pool-only mode an identity pool passed along is ignored.
  if (candidate.authType === 'identityPoolAndUserPool') findings.push(...checkIdentityPool(candidate));
  return findings;
}

export function hasBlockingFindings(findings: Finding[]): boolean {
  return findings.some((finding) => finding.severity === 'error');
}

/** Clients a browser app can use: those without a secret. */
export function webClientCandidates(clients: AppClient[]): AppClient[] {
  return clients.filter((client) => !client.hasSecret);
}

/** True when the identity pool lists exactly this user pool (in this region) with this app client. */
export function identityPoolTrustsClient(
  pool: IdentityPoolDetails,
  region: string,
  userPoolId: string,
  clientId: string,
): boolean {
  const providerName = userPoolProviderName(region, userPoolId);
  return pool.cognitoProviders.some((link) => link.providerName === providerName && link.clientId === clientId);
}

// Ids from local emulators carry no region; then the project's region is the best guess.
function userPoolRegion(candidate: ImportCandidate): string {
  return regionOfUserPoolId(candidate.userPool.id) ?? candidate.projectRegion;
}

function checkRegions(candidate: ImportCandidate): Finding[] {
  const { userPool, identityPool, projectRegion } = candidate;
  const identity = candidate.authType === 'identityPoolAndUserPool' ? identityPool : undefined;
  return checkResourceRegions({ userPool, identityPool: identity }, projectRegion);
}

/**
 * The region rule on ids alone (a pool id carries its region), so a named resource from another region is
 * refused before any AWS call: otherwise the describe would go to the project's region and just say "not found".
 */
export function checkResourceRegions(
  resources: { userPool?: { id: string; name?: string }; identityPool?: { id: string; name?: string } },
  projectRegion: string,
): Finding[] {
  const findings: Finding[] = [];
  const { userPool, identityPool } = resources;
  const poolRegion = userPool && regionOfUserPoolId(userPool.id);
  if (userPool && poolRegion && poolRegion !== projectRegion) {
    findings.push({
      severity: 'error',
      code: 'region-mismatch',
      message: `User pool ${namedOrId(userPool)} is in ${poolRegion}, but this project environment is in ${projectRegion}.`,
      fix: regionFix('a user pool', poolRegion, projectRegion),
    });
  }
  const identityRegion = identityPool && regionOfIdentityPoolId(identityPool.id);
  if (identityPool && identityRegion && identityRegion !== projectRegion) {
    findings.push({
      severity: 'error',
      code: 'region-mismatch',
      message: `Identity pool ${namedOrId(identityPool)} is in ${identityRegion}, but this project environment is in ${projectRegion}.`,
      fix: regionFix('an identity pool', identityRegion, projectRegion),
    });
  }
  return findings;
}

function namedOrId(resource: { id: string; name?: string }): string {
  return nameAndId(resource.name, resource.id);
}

function regionFix(what: string, resourceRegion: string, projectRegion: string): string {
  return (
    `Import ${what} from ${projectRegion}, or add an environment in ${resourceRegion} ` +
    `(\`mycli env add <name> --region ${resourceRegion}\`) and import it there.`
  );
}

function checkWebClient(candidate: ImportCandidate): Finding[] {
  const { userPool, webClient } = candidate;
  const publicClients = webClientCandidates(candidate.clients).filter((client) => client.userPoolId === userPool.id);
  const createFix = createPublicClientFix(userPool, userPoolRegion(candidate));
  const findings: Finding[] = [];
  // Only a listing of the pool's clients can tell that none is secretless; headless imports describe just the named ones.
  if (publicClients.length === 0 && candidate.clientsListed) {
    findings.push({
      severity: 'error',
      code: 'no-web-client',
      message: `User pool ${named(userPool)} has no app client without a secret, and a web app needs one.`,
      fix: createFix,
    });
  }
  if (webClient.hasSecret) {
    const alternatives = publicClients.filter((client) => client.id !== webClient.id);
    const useInstead = alternatives.length > 0 ? `Use ${alternatives.map(named).join(' or ')} instead, or create one.\n` : '';
    findings.push({
      severity: 'error',
      code: 'web-client-has-secret',
      message: `Web client ${named(webClient)} has a client secret; a browser app cannot send the secret hash it requires.`,
      fix: `${useInstead}${createFix}`,
    });
  }
  return findings;
}

function checkClientsBelongToPool(candidate: ImportCandidate): Finding[] {
  const { userPool, webClient, nativeClient } = candidate;
  const clients = webClient.id === nativeClient.id ? [webClient] : [webClient, nativeClient];
  return clients
    .filter((client) => client.userPoolId !== userPool.id)
    .map((client) => ({
      severity: 'error',
      code: 'client-not-in-pool',
      message: `App client ${named(client)} belongs to user pool ${escapeUntrusted(client.userPoolId)}, not to user pool ${named(userPool)}.`,
      fix: `Pick a client of ${escapeUntrusted(userPool.id)}; list them with: aws cognito-idp list-user-pool-clients --user-pool-id ${shellQuote(userPool.id)} --region ${shellQuote(userPoolRegion(candidate))}`,
    }));
}

function checkClientReuse(candidate: ImportCandidate): Finding[] {
  const { userPool, webClient, nativeClient } = candidate;
  if (webClient.id !== nativeClient.id) return [];
  return [
    {
      severity: 'warning',
      code: 'same-client-for-web-and-native',
      message: `App client ${named(webClient)} is used for both the web and the native app; separate clients are recommended.`,
      fix: `Pick another native client, or create one: ${appClientsPath(userPool)} > Create app client.`,
    },
  ];
}

function checkOAuth(candidate: ImportCandidate): Finding[] {
  const { userPool, webClient, nativeClient } = candidate;
  const findings: Finding[] = [];
  const differences =
    webClient.id !== nativeClient.id && (usesOAuth(webClient) || usesOAuth(nativeClient))
      ? compareOAuthSettings(webClient, nativeClient)
      : [];
  if (differences.length > 0) {
    findings.push({
      severity: 'warning',
      code: 'oauth-settings-differ',
      message:
        `Web client ${named(webClient)} and native client ${named(nativeClient)} differ in ` +
        `${differences.map((difference) => difference.property).join(', ')}; each platform gets its own client's settings.`,
      fix: `Nothing to do if that is intended (e.g. https callbacks for web, an app scheme for native). To align them: ${appClientsPath(userPool)} > <client> > Login pages > Edit.`,
    });
  }
  const missing = usesOAuth(webClient) ? missingOAuthPieces(webClient, userPool) : [];
  if (missing.length > 0) {
    const clientPieces = missing.filter((gap) => gap !== 'domain');
    const steps = [
      clientPieces.length > 0 ? `${appClientsPath(userPool)} > ${escapeUntrusted(webClient.name)} > Login pages > Edit` : undefined,
      missing.includes('domain')
        ? `aws cognito-idp create-user-pool-domain --user-pool-id ${shellQuote(userPool.id)} --domain <prefix> --region ${shellQuote(userPoolRegion(candidate))}`
        : undefined,
    ].filter((step) => step !== undefined);
    findings.push({
      severity: 'warning',
      code: 'oauth-incomplete',
      message:
        `Web client ${named(webClient)} has OAuth only partly set up (missing ${missing.map((gap) => OAUTH_GAP_LABELS[gap]).join(', ')}); ` +
        `the "oauth" block will be left out of the config.`,
      fix: `Add the missing pieces if you use the hosted UI or social sign-in:\n${steps.join('\n')}`,
    });
  }
  return findings;
}

function checkIdentityPool(candidate: ImportCandidate): Finding[] {
  const { identityPool, userPool, webClient } = candidate;
  if (!identityPool) {
    return [
      {
        severity: 'error',
        code: 'identity-pool-missing',
        message: `No identity pool was chosen for user pool ${named(userPool)}, but this import includes an identity pool.`,
        fix: `Pick an identity pool that lists ${escapeUntrusted(userPool.id)} with client ${escapeUntrusted(webClient.id)}, create one (Amazon Cognito > Identity pools > Create identity pool > Authenticated access > Amazon Cognito user pool), or import the user pool only.`,
      },
    ];
  }
  return [
    ...checkIdentityPoolTrust(candidate, identityPool),
    ...checkAuthRole(candidate, identityPool),
    ...checkUnauthRole(candidate, identityPool),
    ...checkRoleReuse(candidate, identityPool),
  ];
}

function checkIdentityPoolTrust(candidate: ImportCandidate, identityPool: IdentityPoolDetails): Finding[] {
  const { userPool, webClient } = candidate;
  const region = userPoolRegion(candidate);
  if (identityPoolTrustsClient(identityPool, region, userPool.id, webClient.id)) return [];

  const providerName = userPoolProviderName(region, userPool.id);
  const otherClients = identityPool.cognitoProviders
    .filter((link) => link.providerName === providerName)
    .map((link) => describeClientId(candidate.clients, link.clientId));
  const viaOthers = otherClients.length > 0 ? ` (it trusts this user pool only through ${otherClients.join(', ')})` : '';
  const newLink: CognitoProviderLink = { providerName, clientId: webClient.id, serverSideTokenCheck: false };
  return [
    {
      severity: 'error',
      code: 'identity-pool-does-not-trust-client',
      message: `Identity pool ${named(identityPool)} does not list user pool ${named(userPool)} with web client ${named(webClient)} as an identity provider${viaOthers}.`,
      fix:
        `${identityPoolPath(identityPool)} > Add identity provider > Amazon Cognito user pool, user pool ${escapeUntrusted(userPool.id)}, app client ${escapeUntrusted(webClient.id)}.\n` +
        `Or with the CLI; update-identity-pool replaces the pool's whole configuration, so this repeats its current user pool and social providers ` +
        `(add --open-id-connect-provider-arns / --saml-provider-arns / --developer-provider-name if it uses them):\n` +
        updateIdentityPoolCommand(identityPool, [...identityPool.cognitoProviders, newLink], candidate.projectRegion),
    },
  ];
}

function checkAuthRole(candidate: ImportCandidate, identityPool: IdentityPoolDetails): Finding[] {
  const role = candidate.authRole;
  if (role) return checkRole(identityPool, role, 'authenticated');
  return [
    {
      severity: 'error',
      code: 'auth-role-missing',
      message: `Identity pool ${named(identityPool)} has no authenticated role, so signed-in users would get no AWS credentials.`,
      fix: `${identityPoolPath(identityPool)} > Authenticated access > Edit, and choose or create an IAM role.`,
    },
  ];
}

function checkUnauthRole(candidate: ImportCandidate, identityPool: IdentityPoolDetails): Finding[] {
  const role = candidate.unauthRole;
  if (role) return checkRole(identityPool, role, 'unauthenticated');
  if (!identityPool.allowUnauthenticatedIdentities) return [];
  return [
    {
      severity: 'warning',
      code: 'unauth-role-missing',
      message: `Identity pool ${named(identityPool)} allows guest access but has no unauthenticated role, so guests will get no AWS credentials.`,
      fix: `${identityPoolPath(identityPool)} > Guest access > Edit, and choose or create an IAM role (or turn guest access off there).`,
    },
  ];
}

function checkRoleReuse(candidate: ImportCandidate, identityPool: IdentityPoolDetails): Finding[] {
  const { authRole, unauthRole } = candidate;
  if (!authRole || !unauthRole || authRole.arn !== unauthRole.arn) return [];
  return [
    {
      severity: 'warning',
      code: 'same-role-for-auth-and-guest',
      message: `Identity pool ${named(identityPool)} uses IAM role ${namedRole(authRole)} for signed-in users and guests, so guests get signed-in users' permissions.`,
      fix: `${identityPoolPath(identityPool)} > Guest access > Edit, and choose a separate role with fewer permissions.`,
    },
  ];
}

function checkRole(identityPool: IdentityPoolDetails, role: RoleDetails, kind: IdentityKind): Finding[] {
  const prefix = kind === 'authenticated' ? 'auth-role' : 'unauth-role';
  const which = kind === 'authenticated' ? 'authenticated' : 'unauthenticated (guest)';
  if (!role.exists) {
    const document = JSON.stringify(expectedTrustPolicy(identityPool.id, kind));
    return [
      {
        severity: 'error',
        code: `${prefix}-not-found`,
        message: `Identity pool ${named(identityPool)} uses IAM role ${namedRole(role)} as its ${which} role, but that role does not exist.`,
        fix:
          `Create it (then attach the permissions your app needs): aws iam create-role --role-name ${shellQuote(role.name)} --assume-role-policy-document ${shellQuote(document)}\n` +
          `Or choose an existing role: ${identityPoolPath(identityPool)} > ${kind === 'authenticated' ? 'Authenticated' : 'Guest'} access > Edit.`,
      },
    ];
  }

  const problems = checkRoleTrust(role, identityPool.id, kind);
  if (problems.length === 0) return [];
  const blocking = problems.some((problem) => trustProblemSeverity(problem) === 'error');
  const reasons = problems.map((problem) => describeTrustProblem(problem, identityPool.id, kind)).join('; ');
  const fix =
    `Replace the role's trust policy (this overwrites the whole document, so merge in any other statements it needs):\n` +
    updateTrustPolicyCommand(role.name, identityPool.id, kind);
  if (blocking) {
    return [
      {
        severity: 'error',
        code: `${prefix}-trust`,
        message: `The trust policy of ${which} role ${namedRole(role)} does not fit identity pool ${named(identityPool)}: ${reasons}.`,
        fix,
      },
    ];
  }
  return problems.map((problem) => ({
    severity: 'warning',
    code: problem.kind === 'aud-missing' ? `${prefix}-trust-any-identity-pool` : `${prefix}-trust-unchecked`,
    message: `The trust policy of ${which} role ${namedRole(role)} (identity pool ${named(identityPool)}) works, but ${describeTrustProblem(problem, identityPool.id, kind)}.`,
    fix,
  }));
}

/** The console path and the AWS CLI command that give a pool an app client a web app can use (no secret). */
export function createPublicClientFix(userPool: Pick<UserPoolDetails, 'id' | 'name'>, region: string): string {
  return (
    `${appClientsPath(userPool)} > Create app client, choose 'Public client' (no secret).\n` +
    `Or: aws cognito-idp create-user-pool-client --user-pool-id ${shellQuote(userPool.id)} --client-name ${shellQuote(`${userPool.name}-web`)} --no-generate-secret --region ${shellQuote(region)}`
  );
}

function updateIdentityPoolCommand(identityPool: IdentityPoolDetails, providers: CognitoProviderLink[], projectRegion: string): string {
  const providerArgs = providers
    .map((link) => shellQuote(`ProviderName=${link.providerName},ClientId=${link.clientId},ServerSideTokenCheck=${link.serverSideTokenCheck ?? false}`))
    .join(' ');
  const loginProviders = Object.entries(identityPool.supportedLoginProviders).map(([provider, appId]) => `${provider}=${appId}`);
  return [
    `aws cognito-identity update-identity-pool --identity-pool-id ${shellQuote(identityPool.id)}`,
    `--identity-pool-name ${shellQuote(identityPool.name)}`,
    identityPool.allowUnauthenticatedIdentities ? '--allow-unauthenticated-identities' : '--no-allow-unauthenticated-identities',
    `--cognito-identity-providers ${providerArgs}`,
    loginProviders.length > 0 ? `--supported-login-providers ${shellQuote(loginProviders.join(','))}` : undefined,
    `--region ${shellQuote(regionOfIdentityPoolId(identityPool.id) ?? projectRegion)}`,
  ]
    .filter((part) => part !== undefined)
    .join(' ');
}

function describeClientId(clients: AppClient[], clientId: string): string {
  const client = clients.find((candidate) => candidate.id === clientId);
  return client ? `app client ${named(client)}` : `app client ${escapeUntrusted(clientId)}`;
}

function named(resource: { name: string; id: string }): string {
  return nameAndId(resource.name, resource.id);
}

function namedRole(role: RoleDetails): string {
  return nameAndId(role.name, role.arn);
}

function appClientsPath(userPool: Pick<UserPoolDetails, 'name'>): string {
  return `Amazon Cognito > User pools > ${escapeUntrusted(userPool.name)} > App integration > App clients`;
}

function identityPoolPath(identityPool: IdentityPoolDetails): string {
  return `Amazon Cognito > Identity pools > ${escapeUntrusted(identityPool.name)} > User access`;
}
