// `mycli status`: offline, so it loads nothing from the AWS SDK or the prompt library.
import type { GlobalOptions } from '../cli.js';
import type { ResourceStatusRow } from '../core/resource-status.js';
import { resourceStatusOf } from '../flows/resource-status.js';
import { ProjectStore } from '../project/project-store.js';
import type { PushedPolicy } from '../project/pushed-state.js';
import type { Printer } from '../ui/printer.js';
import { renderTable } from '../ui/table.js';
import { escapeUntrusted, quoted } from '../core/untrusted-text.js';

export interface StatusOptions extends GlobalOptions {
  json?: boolean;
  policies?: boolean;
  remote?: boolean;
}

export interface ProjectStatus {
  environment: string;
  resources: ResourceStatusRow[];
  /** With --policies: the IAM policies this project owns, as last pushed in this environment. */
  policies?: PushedPolicy[];
  /** Where this knowledge comes from: this clone's cache of its own last push, never the account. */
  lastPush: { source: 'local-cache'; pushedAt: string; generation: number | null } | null;
  /** With --remote: the account's push record and lock. */
  remote?: Record<string, unknown>;
}

export async function runStatusCommand(options: StatusOptions, printer: Printer): Promise<void> {
  const status = await collectStatus(options.cwd, { policies: options.policies });
  // Online only when asked: the SDK is loaded by this import alone.
  const remote = options.remote ? await (await import('./status-remote.js')).readRemoteStatus(options, printer) : undefined;
  if (options.json) {
    printer.json(remote ? { ...status, remote: remote.json } : status);
    return;
  }
  printStatus(status, printer);
  if (status.policies) await printPolicies(status.policies, status.environment, printer);
  if (remote) remote.print();
  else printKnowledge(status, printer);
}

/** Status is offline: it says that what it knows is this clone's last push, and how to see the team's. */
function printKnowledge(status: ProjectStatus, printer: Printer): void {
  if (status.resources.length === 0) return;
  const remote = printer.highlight('mycli status --remote');
  if (!status.lastPush) {
    printer.info(`This clone never pushed '${status.environment}' (known from its local cache); ${remote} shows whether a teammate did.`);
    return;
  }
  const generation = status.lastPush.generation === null ? '' : `, generation ${status.lastPush.generation}`;
  printer.info(
    `As of this clone's last push of '${status.environment}' (${status.lastPush.pushedAt}${generation}), from its local cache in amplify/#current-cloud-backend; ` +
      `pushes by teammates since are not seen here: ${remote} reads the account's record.`,
  );
}

async function printPolicies(policies: PushedPolicy[], envName: string, printer: Printer): Promise<void> {
  if (policies.length === 0) {
    printer.out(`No IAM policy of this project is on any role in ${quoted(envName)} (as of its last push).`);
    return;
  }
  // The policy planner is loaded only here: plain `status` does not need it.
  const { describePolicyDocument } = await import('../core/policy-plan.js');
  printer.out(`IAM policies this project owns in ${quoted(envName)}, as pushed:`);
  const roles = [...new Set(policies.map((policy) => policy.roleName))].sort();
  for (const role of roles) {
    printer.out(`Role ${escapeUntrusted(role)}:`);
    for (const policy of policies.filter((candidate) => candidate.roleName === role)) {
      printer.out(`  ${escapeUntrusted(policy.policyName)}`);
      // Lines of the recorded document's own values: escaped whole (the words around them need no escaping).
      for (const line of describePolicyDocument(policy.document)) printer.out(`    ${escapeUntrusted(line)}`);
    }
  }
}

export async function collectStatus(cwd: string, options: { policies?: boolean } = {}): Promise<ProjectStatus> {
  const store = await ProjectStore.open(cwd, { readOnly: true });
  const env = await store.currentEnv();
  const { rows: resources, snapshot } = await resourceStatusOf(store, env.name);
  const pushed = snapshot.pushedState[env.name];
  return {
    environment: env.name,
    resources,
    ...(options.policies ? { policies: pushed?.policies ?? [] } : {}),
    lastPush: pushed ? { source: 'local-cache', pushedAt: pushed.lastPushTimeStamp, generation: pushed.record?.generation ?? null } : null,
  };
}

function printStatus(status: ProjectStatus, printer: Printer): void {
  printer.out(`Current Environment: ${escapeUntrusted(status.environment)}`);
  if (status.resources.length === 0) {
    printer.info(`No resources in this project yet. Run ${printer.highlight('mycli import auth')} to connect an existing Cognito user pool.`);
    return;
  }
  const header = ['Category', 'Resource name', 'Operation', 'Provider plugin'];
  const rows = status.resources.map((row) => [capitalize(row.category), row.resourceName, row.operation, row.provider]);
  for (const line of renderTable(header, rows)) printer.out(line);
  if (status.resources.some((row) => row.operation !== 'No Change')) {
    printer.info(`Next: ${printer.highlight('mycli push')} to apply these changes to ${quoted(status.environment)}.`);
  }
}

// Gen 1 shows categories capitalised (`Auth`); --json keeps the key as it is in backend-config.json.
function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
