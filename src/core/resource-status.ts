// What `mycli push` would do to each resource of the current environment, computed offline from the backend
// folder against the snapshot of the environment's last push (amplify/#current-cloud-backend).

export type ResourceOperation = 'Import' | 'Create' | 'Unlink' | 'Update' | 'No Change';

export interface ResourceStatusRow {
  category: string;
  resourceName: string;
  operation: ResourceOperation;
  provider: 'awscloudformation';
  serviceType: string;
}

/** The project state status compares: a backend-config.json, one env's parameters and each resource's parameters.json. */
export interface BackendStateForStatus {
  backendConfig: Record<string, unknown>;
  /** `team-provider-info.json` `<env>.categories`; undefined when the file has no section for the env. */
  envParameters: Record<string, unknown> | undefined;
  /** parameters.json content by `"<category>/<name>"`. */
  parametersByResource: Record<string, unknown>;
}

export interface ResourceStatusInput extends BackendStateForStatus {
  envName: string;
  snapshot: BackendStateForStatus;
}

export interface ResourceEntry {
  category: string;
  resourceName: string;
  entry: Record<string, unknown>;
}

// Modern Gen 1 keeps a map of env parameter names at the top of backend-config.json; it is not a category.
const NON_CATEGORY_KEYS = new Set(['parameters']);

/** Every resource a backend-config.json declares, in file order. */
export function listResources(backendConfig: Record<string, unknown>): ResourceEntry[] {
  const resources: ResourceEntry[] = [];
  for (const [category, byName] of Object.entries(backendConfig)) {
    if (NON_CATEGORY_KEYS.has(category) || !isObject(byName)) continue;
    for (const [resourceName, entry] of Object.entries(byName)) {
      if (isObject(entry)) resources.push({ category, resourceName, entry });
    }
  }
  return resources;
}

export function resourceKey(category: string, resourceName: string): string {
  return `${category}/${resourceName}`;
}

export function computeResourceStatus(input: ResourceStatusInput): ResourceStatusRow[] {
  const { snapshot } = input;
  const pushed = new Map(listResources(snapshot.backendConfig).map((resource) => [keyOf(resource), resource]));
  const rows: ResourceStatusRow[] = [];

  for (const resource of listResources(input.backendConfig)) {
    const key = keyOf(resource);
    const serviceType = serviceTypeOf(resource.entry);
    const pushedResource = pushed.get(key);
    pushed.delete(key);
    const pushedEnvParameters = envParametersOf(snapshot.envParameters, resource);
    const envParameters = envParametersOf(input.envParameters, resource);
    // Never pushed in this environment: not in the snapshot, the environment itself never pushed, or its parameters
    // for this resource never pushed. (Resources without per-environment parameters, like function grants, have none.)
    const neverPushed =
      pushedResource === undefined ||
      snapshot.envParameters === undefined ||
      (envParameters !== undefined && pushedEnvParameters === undefined);

    let operation: ResourceOperation;
    if (neverPushed) {
      operation = serviceType === 'imported' ? 'Import' : 'Create';
    } else {
      const unchanged =
        jsonEqual(resource.entry, pushedResource.entry) &&
        jsonEqual(input.parametersByResource[key], snapshot.parametersByResource[key]) &&
        jsonEqual(envParameters, pushedEnvParameters);
      operation = unchanged ? 'No Change' : 'Update';
    }
    rows.push(row(resource, operation, serviceType));
  }
  for (const removed of pushed.values()) rows.push(row(removed, 'Unlink', serviceTypeOf(removed.entry)));

  return rows.sort((a, b) => compare(a.category, b.category) || compare(a.resourceName, b.resourceName));
}

/** Deep equality of JSON values; object key order does not matter, array order does, undefined members are absent. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  }
  if (isObject(a) && isObject(b)) {
    const keysOf = (object: Record<string, unknown>) => Object.keys(object).filter((key) => object[key] !== undefined);
    const aKeys = keysOf(a);
    const bKeys = keysOf(b);
    return aKeys.length === bKeys.length && aKeys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
  }
  return Object.is(a, b);
}

function row(resource: ResourceEntry, operation: ResourceOperation, serviceType: string): ResourceStatusRow {
  return { category: resource.category, resourceName: resource.resourceName, operation, provider: 'awscloudformation', serviceType };
}

function envParametersOf(categories: Record<string, unknown> | undefined, resource: ResourceEntry): unknown {
  const byName = categories?.[resource.category];
  return isObject(byName) ? byName[resource.resourceName] : undefined;
}

// Auth added before Gen 1 supported imports has no serviceType and is CLI-managed (as ProjectStore reads it).
function serviceTypeOf(entry: Record<string, unknown>): string {
  return typeof entry['serviceType'] === 'string' ? entry['serviceType'] : 'managed';
}

function keyOf(resource: ResourceEntry): string {
  return resourceKey(resource.category, resource.resourceName);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
