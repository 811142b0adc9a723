import { describe, expect, it } from 'vitest';
import { computeResourceStatus, jsonEqual, listResources, type BackendStateForStatus, type ResourceStatusInput } from './resource-status.js';

const importedEntry = { service: 'Cognito', serviceType: 'imported', providerPlugin: 'awscloudformation', dependsOn: [], customAuth: false };
const shopParameters = { authSelections: 'identityPoolAndUserPool', resourceName: 'shop', serviceType: 'imported', region: 'us-east-1' };
const devPool = { userPoolId: 'us-east-1_Dev', webClientId: 'devweb', nativeClientId: 'devnative' };
const prodPool = { userPoolId: 'us-east-1_Prod', webClientId: 'prodweb', nativeClientId: 'prodnative' };

/** The backend folder with imported auth `shop`, using `pool` as the env's parameters. */
function backendWithShop(pool: object | undefined): BackendStateForStatus {
  return {
    backendConfig: { auth: { shop: importedEntry } },
    envParameters: pool === undefined ? {} : { auth: { shop: pool } },
    parametersByResource: { 'auth/shop': shopParameters },
  };
}

const neverPushed: BackendStateForStatus = { backendConfig: {}, envParameters: undefined, parametersByResource: {} };

function status(envName: string, current: BackendStateForStatus, snapshot: BackendStateForStatus) {
  const input: ResourceStatusInput = { envName, ...current, snapshot };
  return computeResourceStatus(input).map((row) => `${row.category}/${row.resourceName}: ${row.operation}`);
}

describe('computeResourceStatus', () => {
  it('shows an imported resource that was never pushed as Import, with the full row', () => {
    const rows = computeResourceStatus({ envName: 'dev', ...backendWithShop(devPool), snapshot: neverPushed });
    expect(rows).toEqual([{ category: 'auth', resourceName: 'shop', operation: 'Import', provider: 'awscloudformation', serviceType: 'imported' }]);
  });

  it('shows No Change right after a push and Update once the backend-config entry, parameters.json or env parameters change', () => {
    const pushed = backendWithShop(devPool);
    expect(status('dev', backendWithShop(devPool), pushed)).toEqual(['auth/shop: No Change']);

    const newEntry = { ...backendWithShop(devPool), backendConfig: { auth: { shop: { ...importedEntry, customAuth: true } } } };
    expect(status('dev', newEntry, pushed)).toEqual(['auth/shop: Update']);

    const newParameters = { ...backendWithShop(devPool), parametersByResource: { 'auth/shop': { ...shopParameters, region: 'eu-west-1' } } };
    expect(status('dev', newParameters, pushed)).toEqual(['auth/shop: Update']);

    const parametersFileGone = { ...backendWithShop(devPool), parametersByResource: {} };
    expect(status('dev', parametersFileGone, pushed)).toEqual(['auth/shop: Update']);

    expect(status('dev', backendWithShop({ ...devPool, webClientId: 'otherweb' }), pushed)).toEqual(['auth/shop: Update']);
  });

  it('shows a pushed resource that left backend-config.json as Unlink, with its pushed serviceType', () => {
    const rows = computeResourceStatus({ envName: 'dev', ...neverPushed, envParameters: {}, snapshot: backendWithShop(devPool) });
    expect(rows).toEqual([{ category: 'auth', resourceName: 'shop', operation: 'Unlink', provider: 'awscloudformation', serviceType: 'imported' }]);
  });

  it('labels a managed resource Create instead of Import; one without serviceType counts as managed', () => {
    const managed: BackendStateForStatus = {
      backendConfig: { auth: { legacy: { service: 'Cognito', providerPlugin: 'awscloudformation' } } },
      envParameters: { auth: { legacy: { hostedUIProviderMeta: '[]' } } },
      parametersByResource: {},
    };
    const rows = computeResourceStatus({ envName: 'dev', ...managed, snapshot: neverPushed });
    expect(rows).toEqual([{ category: 'auth', resourceName: 'legacy', operation: 'Create', provider: 'awscloudformation', serviceType: 'managed' }]);
    expect(status('dev', managed, managed)).toEqual(['auth/legacy: No Change']);
  });

  it('judges each environment by its own last push: A pushed shows No Change while B, never pushed, shows Import', () => {
    // One snapshot holds A's pushed parameters only; both envs declare the same resource in backend-config.json.
    const snapshotAfterPushingA = backendWithShop(devPool);
    expect(status('a', backendWithShop(devPool), snapshotAfterPushingA)).toEqual(['auth/shop: No Change']);

    const snapshotSeenFromB = { ...snapshotAfterPushingA, envParameters: undefined };
    expect(status('b', backendWithShop(prodPool), snapshotSeenFromB)).toEqual(['auth/shop: Import']);

    // B's section exists in the snapshot but without this resource (B was pushed before the import).
    expect(status('b', backendWithShop(prodPool), { ...snapshotAfterPushingA, envParameters: { auth: {} } })).toEqual(['auth/shop: Import']);
  });

  it('shows Import when the resource has env parameters pushed but was not in the pushed backend-config.json', () => {
    const snapshot = { ...backendWithShop(devPool), backendConfig: {} };
    expect(status('dev', backendWithShop(devPool), snapshot)).toEqual(['auth/shop: Import']);
  });

  it('ignores key order in every compared object', () => {
    const reordered: BackendStateForStatus = {
      backendConfig: { auth: { shop: Object.fromEntries(Object.entries(importedEntry).reverse()) } },
      envParameters: { auth: { shop: { nativeClientId: 'devnative', webClientId: 'devweb', userPoolId: 'us-east-1_Dev' } } },
      parametersByResource: { 'auth/shop': Object.fromEntries(Object.entries(shopParameters).reverse()) },
    };
    expect(status('dev', reordered, backendWithShop(devPool))).toEqual(['auth/shop: No Change']);
  });

  it('sorts rows by category then name, and skips the top-level parameters map of backend-config.json', () => {
    const current: BackendStateForStatus = {
      backendConfig: {
        storage: { media: { service: 'S3', serviceType: 'imported' } },
        auth: { zeta: importedEntry, alpha: importedEntry },
        parameters: { AMPLIFY_auth_alpha_userPoolId: { usedBy: [{ category: 'auth', resourceName: 'alpha' }] } },
      },
      envParameters: {},
      parametersByResource: {},
    };
    expect(status('dev', current, neverPushed)).toEqual(['auth/alpha: Import', 'auth/zeta: Import', 'storage/media: Import']);
  });

  it('returns no rows for an empty project', () => {
    expect(status('dev', { backendConfig: {}, envParameters: {}, parametersByResource: {} }, neverPushed)).toEqual([]);
  });
});

describe('jsonEqual', () => {
  it('compares objects without regard to key order, arrays with it, and treats undefined members as absent', () => {
    expect(jsonEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(jsonEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(jsonEqual({ a: '1' }, { a: 1 })).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual(undefined, {})).toBe(false);
  });
});

describe('listResources', () => {
  it('lists category/name pairs with their entries and skips values that are not objects', () => {
    expect(listResources({ auth: { shop: importedEntry, broken: 'x' }, version: 3 })).toEqual([
      { category: 'auth', resourceName: 'shop', entry: importedEntry },
    ]);
  });
});

describe('resources without per-environment parameters (function grants)', () => {
  const functionEntry = { service: 'Lambda', serviceType: 'imported', providerPlugin: 'awscloudformation', dependsOn: [] };
  const backendConfig = { function: { fn: functionEntry } };
  const parametersByResource = { 'function/fn': { functionName: 'fn', userPoolAccess: ['read'] } };

  it('is No Change once the environment pushed it, and Import before', () => {
    const state = { backendConfig, envParameters: {}, parametersByResource };
    expect(computeResourceStatus({ envName: 'dev', ...state, snapshot: state })[0]?.operation).toBe('No Change');
    const neverPushed = { backendConfig, envParameters: undefined, parametersByResource };
    expect(computeResourceStatus({ envName: 'dev', ...state, snapshot: neverPushed })[0]?.operation).toBe('Import');
  });

  it('is Update when its access changed', () => {
    const pushed = { backendConfig, envParameters: {}, parametersByResource };
    const changed = { backendConfig, envParameters: {}, parametersByResource: { 'function/fn': { functionName: 'fn', userPoolAccess: ['read', 'update'] } } };
    expect(computeResourceStatus({ envName: 'dev', ...changed, snapshot: pushed })[0]?.operation).toBe('Update');
  });
});

