// `mycli check`: re-describes and re-validates what environments imported; changes nothing, asks nothing.
import path from 'node:path';
import type { GlobalOptions } from '../cli.js';
import { ExitCode, usageError, type ExitCodeValue } from '../core/errors.js';
import { quoted } from '../core/untrusted-text.js';
import { checkEnvironments, type EnvironmentCheck } from '../flows/check.js';
import { fixLines } from '../flows/record-auth.js';
import { ProjectStore } from '../project/project-store.js';
import type { Printer } from '../ui/printer.js';
import type { RegionAws } from '../flows/environment-recheck.js';
import { awsClientOptions, environmentRegion } from './aws-client-options.js';

export interface CheckOptions extends GlobalOptions {
  env?: string;
  all?: boolean;
  json?: boolean;
}

/** 0 when a push of every checked environment would pass its checks, 1 when one would be refused. */
export async function runCheckCommand(options: CheckOptions, printer: Printer): Promise<ExitCodeValue> {
  if (options.env !== undefined && options.all) throw usageError('--env and --all contradict each other.', 'Pass --env <name> for one environment, or --all for every one.');
  const store = await ProjectStore.open(path.resolve(options.cwd), { readOnly: true });
  const envName = options.env ?? (await store.currentEnv()).name;
  if (options.region !== undefined) {
    if (options.all) throw usageError('--all checks every environment in its own region; --region cannot go with it.', 'Leave out --region, or check one environment with --env <name>.');
    const env = (await store.environments()).find((candidate) => candidate.name === envName);
    if (env?.region) environmentRegion(options, { name: env.name, region: env.region }, 'mycli check');
  }
  const { regionAws } = await import('./region-aws.js');
  const perRegion = new Map<string, RegionAws>();
  const aws = (region: string) => perRegion.get(region) ?? perRegion.set(region, regionAws(awsClientOptions(options, printer, region))).get(region)!;

  const { currentIdentity, processRunning, realClock } = await import('./push-team-options.js');
  const world = { clock: realClock, identity: currentIdentity(), processRunning };
  const results = await checkEnvironments(options.all ? 'all' : { envName }, { store, printer, aws, world });
  const refused = results.filter((result) => result.status === 'refused');
  if (options.json) printer.json({ ok: refused.length === 0, environments: results });
  for (const result of results) printResult(result, printer);
  if (refused.length > 0) {
    const which = refused.map((result) => quoted(result.environment)).join(', ');
    printer.error(`A push of ${which} would be refused: ${refused.length} of ${results.length} environment${results.length === 1 ? '' : 's'} did not pass.`);
    return ExitCode.userError;
  }
  return ExitCode.ok;
}

function printResult(result: EnvironmentCheck, printer: Printer): void {
  const env = `Environment ${quoted(result.environment)}${result.region ? ` (${result.region})` : ''}`;
  const errors = result.findings.filter((finding) => finding.severity === 'error');
  if (result.status === 'nothing-imported') printer.success(`${env}: nothing imported to check.`);
  else if (result.status === 'refused') printer.error(`${env}: ${errors.length === 1 ? '1 problem' : `${errors.length} problems`} found; a push would be refused.`);
  else printer.success(`${env}: passes every check${pendingText(result)}.`);
  for (const finding of result.findings) {
    printer.detail(`${finding.severity}: ${finding.message}`);
    for (const line of fixLines(finding.fix)) printer.detail(line);
  }
}

function pendingText(result: EnvironmentCheck): string {
  if (!result.pending) return '';
  const { add, change, remove, functionVariables } = result.pending;
  const policies = add + change + remove;
  if (policies + functionVariables === 0) return '; its IAM policies are as a push would leave them';
  const parts = [
    policies > 0 ? `${policies} IAM policy change${policies === 1 ? '' : 's'}` : '',
    functionVariables > 0 ? `${functionVariables} function variable${functionVariables === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return `; a push would make ${parts.join(' and ')} (\`mycli push --dry-run\` shows them)`;
}
