// Every command reads and checks the whole project before it does anything: each file against its schema, the
// folders project-config.json names, and (for commands that write) every path mycli may write, for links that lead
// outside the project and for write permission. So a file of the wrong shape stops a command before its first AWS call and its first write,
// whichever file it is and whichever command; nothing is ever read as "removed" because it could not be read.
import { dirname, join } from 'node:path';
import { listResources } from '../core/resource-status.js';
import { readClientConfigFiles } from './client-config-store.js';
import { resolveWriteTarget } from './project-boundary.js';
import type { ProjectStore } from './project-store.js';
import { pushedSnapshotPaths, readPushedSnapshot } from './pushed-state.js';
import { removeStaleTempFiles } from './temp-files.js';

export async function checkProjectFiles(store: ProjectStore, options: { readOnly: boolean }): Promise<void> {
  const { paths } = store;
  await store.projectConfig();
  await store.readLocalEnvInfo();
  await store.readTeamProviderInfo();
  const backendConfig = await store.readBackendConfig();
  await store.readMeta();
  const resources = listResources(backendConfig);
  for (const { category, resourceName } of resources) await store.readResourceParameters(category, resourceName);
  const snapshot = await readPushedSnapshot(paths);
  const clientConfig = await readClientConfigFiles(store);
  if (options.readOnly) return;

  const snapshotFiles = pushedSnapshotPaths(paths);
  const resourceFolders = (dir: string, config: Record<string, unknown>) =>
    listResources(config).map(({ category, resourceName }) => join(dir, category, resourceName));
  const written = [
    paths.localEnvInfo,
    paths.teamProviderInfo,
    paths.backendConfig,
    paths.meta,
    ...resourceFolders(paths.backendDir, backendConfig).map((folder) => join(folder, 'parameters.json')),
    snapshotFiles.backendConfig,
    snapshotFiles.meta,
    snapshotFiles.teamProviderInfo,
    snapshotFiles.pushedState,
    ...[...resourceFolders(snapshotFiles.dir, snapshot.backendConfig), ...resourceFolders(snapshotFiles.dir, backendConfig)]
      .map((folder) => join(folder, 'parameters.json')),
    // The app config files of the frontend, the record of those mycli wrote, and the recorded ones it may delete.
    ...clientConfig.files.map((file) => join(store.root, file.path)),
    paths.clientConfigRecord,
    ...Object.keys(clientConfig.record.files).map((file) => join(store.root, file)),
  ];
  for (const path of written) await resolveWriteTarget(store.root, path);
  await store.assertWritable(written);
  // The temporary files of a write that was killed before its rename, in the folders of those files.
  await removeStaleTempFiles(written.map((path) => dirname(path)));
}
