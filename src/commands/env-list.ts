// `mycli env list`: offline, so this module loads only the project store (no AWS SDK, no schema library, no prompts).
import path from 'node:path';
import type { GlobalOptions } from '../cli.js';
import { ProjectStore } from '../project/project-store.js';
import type { Printer } from '../ui/printer.js';

export async function runEnvListCommand(options: GlobalOptions & { json?: boolean }, printer: Printer): Promise<void> {
  const store = await ProjectStore.open(path.resolve(options.cwd), { readOnly: true });
  const current = await store.currentEnv();
  const environments = (await store.environments()).map((env) => {
    const auth = Object.values(env.categories['auth'] ?? {})[0] as Record<string, unknown> | undefined;
    return {
      name: env.name,
      current: env.name === current.name,
      region: env.region ?? null,
      userPoolId: typeof auth?.['userPoolId'] === 'string' ? auth['userPoolId'] : null,
      identityPoolId: typeof auth?.['identityPoolId'] === 'string' ? auth['identityPoolId'] : null,
    };
  });
  if (options.json) {
    printer.json({ current: current.name, environments });
    return;
  }
  const { renderTable } = await import('../ui/table.js');
  const rows = environments.map((env) => [
    env.current ? `* ${env.name}` : `  ${env.name}`,
    env.region ?? '—',
    env.userPoolId ?? '—',
    env.identityPoolId ?? '—',
  ]);
  for (const line of renderTable(["Environment", "Region", "User pool", "Identity pool"], rows)) printer.out(line);
}
