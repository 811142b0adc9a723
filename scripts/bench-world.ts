// The demo account grown to N identity pools: the demo's own identity pool (the only one that trusts the demo
// user pool) among N - 1 others whose providers point at other user pools, as in a large shared account.

import { createHash } from 'node:crypto';
import { DEMO_IDS, demoWorld, type SeedIdentityPool, type World } from '../test/support/world.js';

export function worldWithIdentityPools(identityPoolCount: number): World {
  if (!Number.isInteger(identityPoolCount) || identityPoolCount < 1) {
    throw new RangeError(`identityPoolCount must be a positive integer, got ${identityPoolCount}`);
  }
  const world = demoWorld();
  const trusting = world.identityPools.find((pool) => pool.id === DEMO_IDS.identityPoolId);
  if (!trusting) throw new Error(`demoWorld() no longer holds identity pool ${DEMO_IDS.identityPoolId}`);
  const others = Array.from({ length: identityPoolCount - 1 }, (_, index) => otherIdentityPool(world.region, index));
  // In the middle of the listing, so neither the first page nor the last one alone would find it.
  const middle = Math.floor(others.length / 2);
  world.identityPools = [...others.slice(0, middle), trusting, ...others.slice(middle)];
  return world;
}

function otherIdentityPool(region: string, index: number): SeedIdentityPool {
  const hash = createHash('sha256').update(`bench identity pool ${index}`).digest('hex');
  const suffix = String(index).padStart(4, '0');
  return {
    id: `${region}:${uuidFromHex(hash)}`,
    name: `team_${suffix}_identities`,
    allowUnauthenticatedIdentities: index % 2 === 0,
    providers: [{ providerName: `cognito-idp.${region}.amazonaws.com/${region}_Other${suffix}`, clientId: hash.slice(32, 58) }],
    roles: {},
  };
}

/** A version-4-shaped UUID from 32+ hex digits, so the generated ids are the same on every run. */
function uuidFromHex(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
