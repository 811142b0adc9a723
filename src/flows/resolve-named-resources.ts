// With every id given (--yes or --headless), import describes exactly what was named and lists nothing:
// a fixed number of AWS calls whatever the account holds, run side by side.
import type { CognitoDiscovery } from '../aws/cognito-discovery.js';
import type { AppClient, AuthType, IdentityPoolDetails, ImportCandidate, RoleDetails } from '../core/model.js';

export interface NamedResources {
  authType: AuthType;
  userPoolId: string;
  webClientId: string;
  nativeClientId?: string;
  identityPoolId?: string;
}

export async function resolveNamedResources(
  named: NamedResources,
  discovery: CognitoDiscovery,
  projectRegion: string,
): Promise<ImportCandidate> {
  const nativeClientId = named.nativeClientId ?? named.webClientId;
  const identityPoolId = named.authType === 'identityPoolAndUserPool' ? named.identityPoolId : undefined;

  const [userPool, webClient, nativeClient, identity] = await Promise.all([
    discovery.describeUserPool(named.userPoolId),
    discovery.describeAppClient(named.userPoolId, named.webClientId),
    nativeClientId === named.webClientId ? undefined : discovery.describeAppClient(named.userPoolId, nativeClientId),
    identityPoolId ? resolveIdentityPool(identityPoolId, discovery) : undefined,
  ]);

  const clients: AppClient[] = nativeClient ? [webClient, nativeClient] : [webClient];
  return {
    authType: named.authType,
    projectRegion,
    userPool,
    clients,
    clientsListed: false,
    webClient,
    nativeClient: nativeClient ?? webClient,
    ...identity,
  };
}

export interface ResolvedIdentityPool {
  identityPool: IdentityPoolDetails;
  authRole?: RoleDetails;
  unauthRole?: RoleDetails;
}

/** The identity pool, its role ARNs, then both roles' trust policies. */
export async function resolveIdentityPool(
  identityPoolId: string,
  discovery: CognitoDiscovery,
  known?: IdentityPoolDetails,
): Promise<ResolvedIdentityPool> {
  const [identityPool, roleArns] = await Promise.all([
    known ?? discovery.describeIdentityPool(identityPoolId),
    discovery.getIdentityPoolRoles(identityPoolId),
  ]);
  const [authRole, unauthRole] = await Promise.all([
    roleArns.authenticated ? discovery.getRole(roleArns.authenticated) : undefined,
    roleArns.unauthenticated ? discovery.getRole(roleArns.unauthenticated) : undefined,
  ]);
  return { identityPool, authRole, unauthRole };
}
