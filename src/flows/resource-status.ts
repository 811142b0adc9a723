// Each resource's operation in an environment: the backend folder against what that environment last pushed.
// Offline: status runs it, and push runs it to tell whether there is anything to do.
import { computeResourceStatus, type ResourceStatusRow } from '../core/resource-status.js';
import { isPlainObject } from '../project/json-file.js';
import type { ProjectStore } from '../project/project-store.js';
import { readBackendState, readPushedSnapshot, type PushedSnapshot } from '../project/pushed-state.js';

export async function resourceStatusOf(store: ProjectStore, envName: string): Promise<{ rows: ResourceStatusRow[]; snapshot: PushedSnapshot }> {
  const current = await readBackendState(store.paths);
  const snapshot = await readPushedSnapshot(store.paths);
  const rows = computeResourceStatus({
    envName,
    backendConfig: current.backendConfig,
    envParameters: envCategories(current.teamProviderInfo, envName),
    parametersByResource: current.parametersByResource,
    snapshot: {
      backendConfig: snapshot.backendConfig,
      envParameters: envCategories(snapshot.teamProviderInfo, envName),
      parametersByResource: snapshot.parametersByResource,
    },
  });
  return { rows, snapshot };
}

/** An environment's categories; undefined when the environment has no section (never pushed, on the snapshot side). */
function envCategories(teamProviderInfo: Record<string, unknown>, envName: string): Record<string, unknown> | undefined {
  const section = teamProviderInfo[envName];
  if (!isPlainObject(section)) return undefined;
  return isPlainObject(section['categories']) ? section['categories'] : {};
}
