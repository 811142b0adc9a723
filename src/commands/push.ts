import path from 'node:path';
import type { GlobalOptions } from '../cli.js';
import { ExitCode, usageError, type ExitCodeValue } from '../core/errors.js';
import type { ResourceStatusRow } from '../core/resource-status.js';
import { escapeUntrusted, quoted } from '../core/untrusted-text.js';
import { push, type PushResult } from '../flows/push.js';
import { ProjectStore } from '../project/project-store.js';
import type { Printer } from '../ui/printer.js';
import { createPrompter, isInteractiveSession } from '../ui/prompter.js';
import { awsClientOptions, environmentRegion } from './aws-client-options.js';
import { describeLock, lockJson } from '../flows/team-lock.js';
import { teammateJson } from '../flows/teammate-push.js';
import { parseLockTimeout, pushTeamOptions, runForceUnlock } from './push-team-options.js';
import { regionAws, ssmParameters } from './region-aws.js';

const PUSHED_OPERATION: Record<ResourceStatusRow['operation'], string> = {
  Import: 'import pushed',
  Create: 'created',
  Update: 'updated',
  Unlink: 'unlinked',
  'No Change': 'up to date',
};

const PENDING_OPERATION: Record<ResourceStatusRow['operation'], string> = {
  Import: 'import to push',
  Create: 'to create',
  Update: 'changed since the last push',
  Unlink: 'to unlink',
  'No Change': 'up to date',
};

export interface PushOptions extends GlobalOptions {
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
  /** False with --no-lock. */
  lock?: boolean;
  lockTimeout?: string;
  forceUnlock?: boolean;
}

/** 0 pushed or nothing to do; with --dry-run, ExitCode.changesPending when a push would change something. */
export async function runPushCommand(options: PushOptions, printer: Printer): Promise<ExitCodeValue> {
  const dryRun = Boolean(options.dryRun);
  const noLock = options.lock === false;
  if (options.forceUnlock && (dryRun || noLock || options.json)) {
    throw usageError(`--force-unlock removes the push lock and does nothing else; it cannot be combined with ${dryRun ? '--dry-run' : noLock ? '--no-lock' : '--json'}.`,
      'Run `mycli push --force-unlock` on its own, then push.');
  }
  const lockTimeoutSeconds = parseLockTimeout(options.lockTimeout);
  const store = await ProjectStore.open(path.resolve(options.cwd));
  const env = await store.currentEnv();
  const region = environmentRegion(options, env, 'mycli push');
  if (options.forceUnlock) return runForceUnlockCommand(store, env, options, printer);

  if (noLock && !dryRun) {
    printer.warn(`Pushing ${quoted(env.name)} without the team's push lock (--no-lock): a teammate pushing it at the same time can leave a mix of both pushes.`);
  }
  const team = pushTeamOptions(noLock ? 'skip' : dryRun ? 'look' : 'take', lockTimeoutSeconds, printer);
  let result: PushResult;
  try {
    result = await push({
      store,
      aws: regionAws(awsClientOptions(options, printer, region)),
      prompter: createPrompter(isInteractiveSession({ yes: options.yes || dryRun })),
      printer,
      yes: Boolean(options.yes),
      dryRun,
      team: team.options,
    });
  } finally {
    team.dispose();
  }
  if (options.json) printer.json(pushJson(result));
  if (result.heldLock) {
    const { stale, staleReason } = result.heldLock.assessment;
    const effect = stale ? `; it is stale (${staleReason}): a push is refused until \`mycli push --force-unlock\` removes it` : ': another push is running, and a push now would wait for it';
    printer.warn(`${describeLock(result.envName, result.heldLock, new Date())}${effect}.`);
  }
  if (dryRun) return reportDryRun(result, printer);
  if (result.nothingToDo) {
    printer.success(`Nothing to push: environment ${quoted(result.envName)} is up to date.`);
    return ExitCode.ok;
  }
  for (const row of result.rows) printer.detail(`${row.category} ${quoted(row.resourceName)}: ${PUSHED_OPERATION[row.operation]}`);
  printer.success(`Pushed environment ${quoted(result.envName)}${result.applied.length ? ` (${result.applied.length} IAM policy change${result.applied.length === 1 ? '' : 's'})` : ''}.`);
  return ExitCode.ok;
}

function reportDryRun(result: PushResult, printer: Printer): ExitCodeValue {
  if (result.nothingToDo) {
    printer.success(`Nothing to push: environment ${quoted(result.envName)} is up to date. (Dry run: nothing was changed.)`);
    return ExitCode.ok;
  }
  for (const row of result.rows.filter((candidate) => candidate.operation !== 'No Change')) {
    printer.detail(`${row.category} ${quoted(row.resourceName)}: ${PENDING_OPERATION[row.operation]}`);
  }
  const { changedKeys, created } = result.appConfig;
  if (created) printer.detail('app config: its files would be created');
  else if (changedKeys.length > 0) printer.detail(`app config: ${changedKeys.map(escapeUntrusted).join(', ')} would change`);
  printer.warn(`Dry run: changes pending in environment ${quoted(result.envName)}; nothing was changed in AWS or in the project.`);
  printer.info(`Apply them with ${printer.highlight('mycli push')}.`);
  return ExitCode.changesPending;
}

async function runForceUnlockCommand(store: ProjectStore, env: { name: string; region: string }, options: PushOptions, printer: Printer): Promise<ExitCodeValue> {
  const { projectName } = await store.projectConfig();
  await runForceUnlock({ projectName, envName: env.name, region: env.region }, () => ssmParameters(awsClientOptions(options, printer, env.region)), options, printer);
  return ExitCode.ok;
}

/** `push --json`: the plan as data, per role then policy, with the resources' operations and the app config keys. */
export function pushJson(result: PushResult): Record<string, unknown> {
  return {
    environment: result.envName,
    dryRun: result.dryRun,
    status: result.nothingToDo ? 'up-to-date' : result.dryRun ? 'changes-pending' : 'pushed',
    summary: result.plan.summary,
    roles: result.plan.roles,
    functionVariables: result.plan.functionVariables,
    resources: result.rows.map(({ category, resourceName, operation }) => ({ category, resourceName, operation })),
    appConfig: result.appConfig,
    missingRoles: result.missingRoles,
    teammatePush: teammateJson(result.teammate),
    ...(result.dryRun ? { pushLock: result.heldLock ? lockJson(result.heldLock) : null } : {}),
  };
}
