// What the account's push record says about pushes made elsewhere since this clone's last one, as push shows it at
// the top of the plan (and as JSON), and whether the push must ask before going on.
import type { RecordComparison, RecordMarker, UndoneChange } from '../core/push-record.js';
import { describeAge } from '../core/push-lock.js';
import { escapeUntrusted, quoted } from '../core/untrusted-text.js';
import type { Printer } from '../ui/printer.js';

/** A push that would undo a teammate's changes, or cannot tell, asks first (--yes goes on with the warning shown). */
export function needsConsent(comparison: RecordComparison | undefined): boolean {
  return comparison?.kind === 'unreadable' || (comparison?.kind === 'pushed-elsewhere' && comparison.undone.length > 0);
}

export function consentQuestion(comparison: RecordComparison | undefined): string {
  if (comparison?.kind === 'pushed-elsewhere') {
    const count = comparison.undone.length;
    return `Push anyway, undoing ${count === 1 ? 'that change' : `those ${count} changes`} of the other push?`;
  }
  return 'Push anyway, replacing the push record?';
}

/** The generation this push's record follows: the account's, or this clone's when the account's is older. */
export function previousGeneration(comparison: RecordComparison | undefined, local: RecordMarker | undefined): number {
  const remote = comparison && 'record' in comparison ? comparison.record.generation : 0;
  return Math.max(remote, local?.generation ?? 0);
}

export function printTeammateNotice(comparison: RecordComparison | undefined, envName: string, parameterName: string, printer: Printer, now: Date): void {
  if (!comparison) return;
  switch (comparison.kind) {
    case 'pushed-elsewhere': {
      const { record, local, undone } = comparison;
      printer.warn(
        `Environment ${quoted(envName)} was pushed by ${escapeUntrusted(record.user)} on ${escapeUntrusted(record.host)} at ${escapeUntrusted(record.pushedAt)} ` +
          `(${describeAge(now.getTime() - Date.parse(record.pushedAt))}, generation ${record.generation}) after this clone's last push of it (generation ${local.generation}).`,
      );
      if (undone.length === 0) {
        printer.info('This plan keeps the changes pushed since.');
        return;
      }
      printer.info(`This plan undoes ${undone.length === 1 ? '1 of the changes' : `${undone.length} of the changes`} pushed since:`);
      for (const change of undone) printer.detail(describeUndone(change));
      printer.info('If they come from commits you have not pulled, pull them and push again; go on only to undo them on purpose.');
      return;
    }
    case 'older':
      printer.warn(
        `The account's push record of ${quoted(envName)} (generation ${comparison.record.generation}, by ${escapeUntrusted(comparison.record.user)} on ${escapeUntrusted(comparison.record.host)}) ` +
          `is older than this clone's last push (generation ${comparison.local.generation}): it was reset, or this clone last pushed to another account.`,
      );
      return;
    case 'unreadable':
      printer.warn(
        `The account's push record of ${quoted(envName)} (${parameterName}) is not one this mycli understands ('${escapeUntrusted(comparison.raw.slice(0, 80))}'): ` +
          'this push cannot tell whether it undoes a teammate\'s push, and replaces the record.',
      );
      return;
    default:
      return;
  }
}

const THEIRS: Record<UndoneChange['theirs'], string> = { added: 'added', changed: 'changed', removed: 'removed' };

function describeUndone(change: UndoneChange): string {
  const role = escapeUntrusted(change.roleName);
  if (change.policyName === undefined) return `~ overwrites what that push changed on role ${role}`;
  const policy = escapeUntrusted(change.policyName);
  const mark = change.ours === 'removes' ? '-' : change.ours === 'restores' ? '+' : '~';
  return `${mark} ${change.ours} ${policy} on role ${role} (that push ${THEIRS[change.theirs]} it)`;
}

/** The comparison for `push --json` and `status --remote`. */
export function teammateJson(comparison: RecordComparison | undefined): Record<string, unknown> | null {
  if (!comparison) return null;
  if (comparison.kind === 'no-record') return { kind: comparison.kind };
  if (comparison.kind === 'unreadable') return { kind: comparison.kind };
  const { record } = comparison;
  return {
    kind: comparison.kind,
    record: { generation: record.generation, pushedAt: record.pushedAt, user: record.user, host: record.host },
    ...('local' in comparison ? { thisCloneGeneration: comparison.local.generation } : {}),
    ...('undone' in comparison ? { undone: comparison.undone } : {}),
  };
}
