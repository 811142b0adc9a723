import path from 'node:path';
import type { GlobalOptions } from '../cli.js';
import { ExitCode, type ExitCodeValue } from '../core/errors.js';
import type { ResourceStatusRow } from '../core/resource-status.js';
import { quoted } from '../core/untrusted-text.js';
import { push, type PushResult } from '../flows/push.js';
import { ProjectStore } from '../project/project-store.js';
import type { Printer } from '../ui/printer.js';
import { createPrompter, isInteractiveSession } from '../ui/prompter.js';
import { awsClientOptions } from './aws-client-options.js';
import { regionAws } from './region-aws.js';

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
}

/** 0 pushed or nothing to do; with --dry-run, ExitCode.changesPending when a push would change something. */
export async function runPushCommand(options: PushOptions, printer: Printer): Promise<ExitCodeValue> {
  const store = await ProjectStore.open(path.resolve(options.cwd));
  const env = await store.currentEnv();
  const dryRun = Boolean(options.dryRun);
  const result = await push({
    store,
    aws: regionAws(awsClientOptions(options, printer, env.region)),
    prompter: createPrompter(isInteractiveSession({ yes: options.yes || dryRun })),
    printer,
    yes: Boolean(options.yes),
    dryRun,
  });
  if (options.json) printer.json(pushJson(result));
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
  else if (changedKeys.length > 0) printer.detail(`app config: ${changedKeys.join(', ')} would change`);
  printer.warn(`Dry run: changes pending in environment ${quoted(result.envName)}; nothing was changed in AWS or in the project.`);
  printer.info(`Apply them with ${printer.highlight('mycli push')}.`);
  return ExitCode.changesPending;
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
  };
}
