// `mycli status --remote`: the environment's push record and push lock as the account holds them, compared with
// this clone's local cache, on standard output after the table. Read only (ssm:GetParameter); loaded only with
// --remote, so plain status stays offline.
import path from 'node:path';
import { describeAge, pushParameters } from '../core/push-lock.js';
import { compareWithRecord, fingerprints, type RecordComparison } from '../core/push-record.js';
import { escapeUntrusted, quoted } from '../core/untrusted-text.js';
import { ProjectStore } from '../project/project-store.js';
import { readPushedSnapshot } from '../project/pushed-state.js';
import type { Printer } from '../ui/printer.js';
import { describeLock, lockJson, lookAtLock, parameterAccessError, type LockLook } from '../flows/team-lock.js';
import { teammateJson } from '../flows/teammate-push.js';
import { currentIdentity, processRunning, realClock } from './push-team-options.js';
import { awsClientOptions } from './aws-client-options.js';
import { ssmParameters } from './region-aws.js';
import type { StatusOptions } from './status.js';

export async function readRemoteStatus(options: StatusOptions, printer: Printer): Promise<{ json: Record<string, unknown>; print: () => void }> {
  const store = await ProjectStore.open(path.resolve(options.cwd), { readOnly: true });
  const env = await store.currentEnv();
  const { projectName } = await store.projectConfig();
  const names = pushParameters(projectName, env.name);
  const local = (await readPushedSnapshot(store.paths)).pushedState[env.name];

  let stored: { value: string } | undefined;
  let lock: LockLook | undefined;
  try {
    const parameters = await ssmParameters(awsClientOptions(options, printer, env.region));
    [stored, lock] = await Promise.all([
      parameters.get(names.record),
      lookAtLock({ parameters, names, clock: realClock, identity: currentIdentity(), processRunning }),
    ]);
  } catch (error) {
    throw parameterAccessError(error, { region: env.region, projectName, subject: 'status --remote could not read the push record' });
  }
  // Against this clone's cache: every difference is a change of the pushes made elsewhere.
  const cached = fingerprints(local?.policies ?? []);
  const comparison = compareWithRecord({ remoteValue: stored?.value, local: local?.record, baseline: cached, planned: cached });
  return {
    json: { parameter: names.record, comparison: teammateJson(comparison), lock: lock ? lockJson(lock) : null },
    print: () => printRemote(comparison, lock, { envName: env.name, parameter: names.record }, printer),
  };
}

function printRemote(comparison: RecordComparison, lock: LockLook | undefined, where: { envName: string; parameter: string }, printer: Printer): void {
  const now = new Date();
  const env = quoted(where.envName);
  if (comparison.kind === 'no-record') printer.out(`No push record of ${env} in the account yet (${where.parameter}): it was never pushed by a mycli that records pushes.`);
  else if (comparison.kind === 'unreadable') printer.out(`The account's push record of ${env} (${where.parameter}) is not one this mycli understands; the next push replaces it.`);
  else {
    const { record } = comparison;
    printer.out(
      `Account record of ${env} (${where.parameter}): generation ${record.generation}, pushed ${escapeUntrusted(record.pushedAt)} ` +
        `(${describeAge(now.getTime() - Date.parse(record.pushedAt))}) by ${escapeUntrusted(record.user)} on ${escapeUntrusted(record.host)}.`,
    );
    if (comparison.kind === 'same') printer.out("That is this clone's last push: its local cache is current.");
    else if (comparison.kind === 'adopted') printer.out(`This clone never pushed ${env}: its next push starts from the account's record.`);
    else if (comparison.kind === 'older') printer.out(`It is older than this clone's last push (generation ${comparison.local.generation}): the record was reset, or this clone pushed another account.`);
    else {
      const changes = comparison.undone;
      printer.out(`Pushed elsewhere since this clone's last push (generation ${comparison.local.generation})` +
        (changes.length === 0 ? "; the owned policies are as in this clone's cache." : `: ${changes.length} owned polic${changes.length === 1 ? 'y differs' : 'ies differ'} from this clone's cache:`));
      for (const change of changes) {
        printer.out(change.policyName === undefined
          ? `  ~ policies on role ${escapeUntrusted(change.roleName)} (changed by those pushes)`
          : `  ${change.theirs === 'added' ? '+' : change.theirs === 'removed' ? '-' : '~'} ${escapeUntrusted(change.policyName)} on role ${escapeUntrusted(change.roleName)} (${change.theirs} by those pushes)`);
      }
    }
  }
  if (!lock) printer.out(`No push of ${env} is running (no push lock).`);
  else if (lock.assessment.stale) printer.out(`${describeLock(where.envName, lock, now)}; it is stale (${lock.assessment.staleReason}): remove it with \`mycli push --force-unlock\`.`);
  else printer.out(`${describeLock(where.envName, lock, now)}: a push of it is running.`);
}
