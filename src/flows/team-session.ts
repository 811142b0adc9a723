// What a push shares with the team through the account: it takes the environment's push lock (a dry run only
// looks at it; --no-lock skips it), reads the push record, and at the end writes the new record and releases.
// `env remove` holds the same session around taking the removed environment's policies off, and deletes the record.
import type { SsmParameters } from '../aws/ssm-parameters.js';
import { isUserError, UserError } from '../core/errors.js';
import type { PushParameters } from '../core/push-lock.js';
import { encodeRecord, type PushRecord } from '../core/push-record.js';
import { quoted } from '../core/untrusted-text.js';
import type { Printer } from '../ui/printer.js';
import { lookAtLock, parameterAccessError, PUSH_WORDING, PushLock, type LockLook, type LockWording, type PushClock, type PushIdentity } from './team-lock.js';

export type LockMode = 'take' | 'look' | 'skip';

export interface TeamOptions {
  /** take: push; look: a dry run (read only); skip: --no-lock. */
  lock: LockMode;
  lockTimeoutSeconds: number;
  identity: PushIdentity;
  clock: PushClock;
  processRunning: (pid: number) => boolean;
  /** Aborted on Ctrl+C: the push stops at its next step and releases the lock. */
  signal: AbortSignal;
  /** Random ids for the lock and the push record. */
  newId: () => string;
}

export interface TeamTarget {
  parameters: () => Promise<SsmParameters>;
  names: PushParameters;
  envName: string;
  region: string;
  projectName: string;
  accountId?: string;
  printer: Printer;
  /** Default: a push's. */
  wording?: LockWording;
}

export interface TeamSession {
  /** The account's push record, read after the lock was taken; undefined when there is none or it could not be read. */
  recordValue?: string;
  /** False when the record could not be read (--no-lock without Parameter Store access). */
  recordKnown: boolean;
  /** A dry run's look at the lock, when one is held. */
  heldLock?: LockLook;
  /** Throws the interruption when Ctrl+C was pressed: called between steps and before every change. */
  checkpoint(): void;
  /** Refuses when this push's lock was removed while it waited for an answer (another user's --force-unlock). */
  assertStillLocked(): Promise<void>;
  writeRecord(record: PushRecord): Promise<boolean>;
  /**
   * Deletes the push record (absent is fine). An error fails it when the lock was taken, as a record write does (the
   * caller words it); without the lock it is a warning and 'left'.
   */
  deleteRecord(): Promise<'deleted' | 'absent' | 'left'>;
  /** False when the lock could not be released (it stays in the account, reported). */
  release(): Promise<boolean>;
}

export async function openTeamSession(target: TeamTarget, options: TeamOptions): Promise<TeamSession> {
  const { printer, envName } = target;
  const wording = target.wording ?? PUSH_WORDING;
  const denied = (subject: string) => (error: unknown) => parameterAccessError(error, { ...target, subject });
  const checkpoint = () => {
    if (options.signal.aborted) throw interrupted(wording);
  };

  let parameters: SsmParameters | undefined;
  let lock: PushLock | undefined;
  let heldLock: LockLook | undefined;
  const context = async () => ({
    parameters: (parameters ??= await target.parameters()),
    names: target.names,
    envName,
    printer,
    clock: options.clock,
    identity: options.identity,
    processRunning: options.processRunning,
    signal: options.signal,
    wording,
  });

  if (options.lock === 'take') {
    try {
      lock = await PushLock.acquire(await context(), options.lockTimeoutSeconds, options.newId());
    } catch (error) {
      if (options.signal.aborted) {
        throw new UserError('Interrupted', 'Interrupted while waiting for the push lock; nothing was changed.', `Run \`${wording.again}\` again when ready.`);
      }
      throw denied(`${wording.stopped} before any change`)(error);
    }
  } else if (options.lock === 'look') {
    try {
      heldLock = await lookAtLock(await context());
    } catch (error) {
      if (!isUserError(error) || error.kind !== 'AwsAccessDenied') throw error;
      printer.warn(`Cannot look at the push lock of ${quoted(envName)}: ${error.message} A push needs that access (or --no-lock).`);
    }
  }

  let recordValue: string | undefined;
  let recordKnown = true;
  try {
    recordValue = (await (await context()).parameters.get(target.names.record))?.value;
  } catch (error) {
    if (options.lock === 'take') {
      await lock?.release();
      throw denied(`${wording.stopped} before any change`)(error);
    }
    if (!isUserError(error) || (error.kind !== 'AwsAccessDenied' && error.kind !== 'AwsError')) throw error;
    recordKnown = false;
    printer.warn(`Cannot read the push record of ${quoted(envName)} (${target.names.record}): ${error.message} ${wording.recordUnread}`);
  }

  return {
    recordValue,
    recordKnown,
    heldLock,
    checkpoint,
    assertStillLocked: async () => {
      if (!lock || (await lock.stillHeld())) return;
      throw new UserError('InvalidInput', `${wording.stopped} before any change: ${wording.self}'s lock of ${quoted(envName)} (${target.names.lock}) was removed while it waited, by a \`--force-unlock\` elsewhere.`,
        `Another push may be running now: run \`${wording.again}\` again; it waits for that push${wording === PUSH_WORDING ? ' and shows what it changed' : ''}.`);
    },
    writeRecord: async (record) => {
      try {
        await (await context()).parameters.put(target.names.record, encodeRecord(record));
        return true;
      } catch (error) {
        if (options.lock === 'take') throw denied('The IAM changes were applied, but the push could not be recorded in the account')(error);
        printer.warn(`The push record of ${quoted(envName)} could not be written (${isUserError(error) ? error.message : String(error)}); teammates will not see this push.`);
        return false;
      }
    },
    deleteRecord: async () => {
      try {
        return await (await context()).parameters.delete(target.names.record);
      } catch (error) {
        if (options.lock === 'take') throw error;
        printer.warn(`The push record of ${quoted(envName)} (${target.names.record}) could not be deleted: ${isUserError(error) ? error.message : String(error)} It stays in the account.`);
        return 'left';
      }
    },
    release: async () => (lock ? lock.release() : true),
  };
}

export function interrupted(wording: LockWording = PUSH_WORDING): UserError {
  return new UserError('Interrupted', `Interrupted: ${wording.self.replace(/^this /, 'the ')} stopped between two steps and released its lock.`,
    `Every step is idempotent: run \`${wording.again}\` again to finish the work.`);
}
