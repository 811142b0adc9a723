// The environment's push lock in Parameter Store: taken before a push plans (waiting a bounded time for a
// teammate's push to finish), checked before the first change, released when the push has been recorded or has
// failed; `push --force-unlock` removes one left behind. And reading and writing the push record beside it.
import type { SsmParameters } from '../aws/ssm-parameters.js';
import { isUserError, UserError } from '../core/errors.js';
import {
  assessLock,
  describeHolder,
  describeSince,
  encodeLock,
  lockPollDelayMs,
  parameterArnPattern,
  parseLock,
  type LockAssessment,
  type LockHolder,
  type PushParameters,
} from '../core/push-lock.js';
import { quoted } from '../core/untrusted-text.js';
import type { Printer } from '../ui/printer.js';
import type { Prompter } from '../ui/prompter.js';

/** Who is pushing: the lock and the record name them. */
export interface PushIdentity {
  user: string;
  host: string;
  pid: number;
}

export interface PushClock {
  now(): Date;
  /** Resolves after `ms`, or rejects with the abort reason when `signal` fires first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * How the lock's messages name the command holding it: a push, or `env remove` of an environment that is not the
 * current one (so `mycli push --force-unlock`, which unlocks the current environment, is not its way out).
 */
export interface LockWording {
  /** Opens a refusal before anything was done: `Push refused`. */
  refused: string;
  /** Opens an error that stopped it: `Push stopped`. */
  stopped: string;
  /** The one holding the lock: `this push`. */
  self: string;
  /** The command to run again: `mycli push`. */
  again: string;
  /** The command that removes a lock left behind: `mycli push --force-unlock`. */
  forceUnlock: string;
  /** How to go on without the lock, and what that risks: `push with --no-lock to push without …`. */
  noLock: string;
  /** What is lost when the push record cannot be read (--no-lock without access). */
  recordUnread: string;
}

export const PUSH_WORDING: LockWording = {
  refused: 'Push refused',
  stopped: 'Push stopped',
  self: 'this push',
  again: 'mycli push',
  forceUnlock: 'mycli push --force-unlock',
  noLock: 'push with --no-lock to push without the team lock and record (a teammate pushing at the same time can then leave a mix of both pushes)',
  recordUnread: "Pushes by teammates since this clone's last push cannot be detected.",
};

export interface TeamLockContext {
  parameters: SsmParameters;
  names: PushParameters;
  envName: string;
  printer: Printer;
  clock: PushClock;
  identity: PushIdentity;
  processRunning: (pid: number) => boolean;
  /** Ctrl+C while waiting for the lock. */
  signal?: AbortSignal;
  /** Default: a push's. */
  wording?: LockWording;
}

/** A lock found held: who holds it, since when, and whether it is stale. */
export interface LockLook {
  raw: string;
  holder?: LockHolder;
  assessment: LockAssessment;
}

export async function lookAtLock(context: Pick<TeamLockContext, 'parameters' | 'names' | 'clock' | 'identity' | 'processRunning'>): Promise<LockLook | undefined> {
  const stored = await context.parameters.get(context.names.lock);
  if (!stored) return undefined;
  const holder = parseLock(stored.value);
  const assessment = assessLock(holder, {
    now: context.clock.now(),
    lastModified: stored.lastModified,
    localHost: context.identity.host,
    processRunning: context.processRunning,
  });
  return { raw: stored.value, holder, assessment };
}

/** A lock found held, for --json: who, since when, stale or not. */
export function lockJson(look: LockLook): Record<string, unknown> {
  return {
    holder: look.holder ? { user: look.holder.user, host: look.holder.host, pid: look.holder.pid, startedAt: look.holder.startedAt } : null,
    since: look.assessment.since?.toISOString() ?? null,
    stale: look.assessment.stale,
    ...(look.assessment.staleReason ? { staleReason: look.assessment.staleReason } : {}),
  };
}

/** `The push lock of 'dev' is held by alice on build-7 (pid 42) since … (3 min ago)`. */
export function describeLock(envName: string, look: LockLook, now: Date): string {
  return `The push lock of ${quoted(envName)} is held by ${describeHolder(look.holder, look.raw)} ${describeSince(look.assessment.since, now)}`;
}

export class PushLock {
  private constructor(
    private readonly context: TeamLockContext,
    readonly holder: LockHolder,
  ) {}

  /**
   * Creates the lock parameter, or waits up to `timeoutSeconds` for the push holding it to end. A stale lock is
   * reported at once (waiting would not help); a lock still held at the deadline refuses the push.
   */
  static async acquire(context: TeamLockContext, timeoutSeconds: number, lockId: string): Promise<PushLock> {
    const { clock, printer } = context;
    const wording = context.wording ?? PUSH_WORDING;
    const holder: LockHolder = { ...context.identity, startedAt: clock.now().toISOString(), id: lockId };
    const deadline = clock.now().getTime() + timeoutSeconds * 1000;
    let announced: string | undefined;
    for (let attempt = 0; ; attempt++) {
      if ((await context.parameters.create(context.names.lock, encodeLock(holder))) === 'created') {
        if (announced !== undefined) printer.info(`The push lock of ${quoted(context.envName)} is free; ${wording.self} holds it now.`);
        return new PushLock(context, holder);
      }
      const look = await lookAtLock(context);
      // This push's own value: a create that AWS applied but whose reply was lost, then retried by the SDK.
      if (look?.holder?.id === lockId) return new PushLock(context, holder);
      const now = clock.now();
      // Released between the two calls: try again at once, unless the deadline has passed meanwhile.
      if (!look && now.getTime() <= deadline) continue;
      if (!look) throw new UserError('InvalidInput', `${wording.refused}: the push lock of ${quoted(context.envName)} (${context.names.lock}) kept changing hands for ${timeoutSeconds} s.`,
        `Other pushes of this environment are running: wait for them to finish and run \`${wording.again}\` again, or wait longer with --lock-timeout <seconds>.`);
      if (look.assessment.stale) throw staleLockError(context, look, now);
      if (announced !== look.raw) {
        announced = look.raw;
        printer.warn(`${describeLock(context.envName, look, now)}: another push of it is running; waiting up to ${timeoutSeconds} s for it to finish (--lock-timeout).`);
      }
      const remaining = deadline - now.getTime();
      if (remaining <= 0) throw heldLockError(context, look, now, timeoutSeconds);
      await clock.sleep(lockPollDelayMs(attempt, remaining), context.signal);
    }
  }

  /** False when the lock was removed (or replaced) since this push took it: `--force-unlock` by someone else. */
  async stillHeld(): Promise<boolean> {
    const stored = await this.context.parameters.get(this.context.names.lock);
    return stored !== undefined && parseLock(stored.value)?.id === this.holder.id;
  }

  /**
   * Deletes the lock if it is still this push's; never fails the push: a lock left behind is reported. False when
   * the lock could not be released (it stays in the account).
   */
  async release(): Promise<boolean> {
    const { parameters, names, printer, envName } = this.context;
    try {
      if (await this.stillHeld()) await parameters.delete(names.lock);
      else printer.warn(`The push lock of ${quoted(envName)} was removed or taken by another push while ${(this.context.wording ?? PUSH_WORDING).self} ran; it was left as it is.`);
      return true;
    } catch (error) {
      printer.warn(
        `The push lock of ${quoted(envName)} (${names.lock}) could not be released${isUserError(error) ? `: ${error.message.replace(/\.$/, '')}` : ''}. ` +
          `Once no push of this environment is running, remove it with \`${(this.context.wording ?? PUSH_WORDING).forceUnlock}\`.`,
      );
      return false;
    }
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function staleLockError(context: TeamLockContext, look: LockLook, now: Date): UserError {
  const wording = context.wording ?? PUSH_WORDING;
  return new UserError(
    'InvalidInput',
    `${wording.refused}: the push lock of ${quoted(context.envName)} (${context.names.lock}) is held by ${describeHolder(look.holder, look.raw)} ` +
      `${describeSince(look.assessment.since, now)}, and it is stale: ${look.assessment.staleReason}.`,
    'A push that was killed or lost its connection leaves its lock behind. If no push of this environment is running, remove the lock with ' +
      `\`${wording.forceUnlock}\`, then run \`${wording.again}\` again.`,
  );
}

function heldLockError(context: TeamLockContext, look: LockLook, now: Date, timeoutSeconds: number): UserError {
  const wording = context.wording ?? PUSH_WORDING;
  const shows = wording === PUSH_WORDING ? ' (it then shows what that push changed)' : '';
  return new UserError(
    'InvalidInput',
    `${wording.refused}: ${lowerFirst(describeLock(context.envName, look, now))}, still after waiting ${timeoutSeconds} s (${context.names.lock}).`,
    `Wait for that push to finish and run \`${wording.again}\` again${shows}, or wait longer with --lock-timeout <seconds>. ` +
      `If that push is no longer running, remove its lock with \`${wording.forceUnlock}\`.`,
  );
}

/** `mycli push --force-unlock`: shows the lock, asks (unless --yes), deletes it. */
export async function forceUnlock(
  context: Pick<TeamLockContext, 'parameters' | 'names' | 'clock' | 'identity' | 'processRunning' | 'printer' | 'envName' | 'wording'>,
  prompter: Prompter,
  yes: boolean,
): Promise<'removed' | 'none'> {
  const wording = context.wording ?? PUSH_WORDING;
  const look = await lookAtLock(context);
  if (!look) return 'none';
  const now = context.clock.now();
  const state = look.assessment.stale ? `stale (${look.assessment.staleReason})` : 'not stale: that push may still be running';
  context.printer.info(`${describeLock(context.envName, look, now)}. The lock is ${state}.`);
  if (!yes) {
    const confirmed = await prompter.confirm(
      { message: `Remove the push lock of ${quoted(context.envName)}? Only do this when that push is no longer running.`, flag: '--yes' },
      false,
    );
    if (!confirmed) throw new UserError('Declined', 'The push lock was left as it is.', `Run \`${wording.forceUnlock}\` again when that push has ended.`);
  }
  // Parameter Store has no conditional delete: look again, so a lock another push took while the question was open
  // (the one shown was released meanwhile) is not the one removed.
  const current = await lookAtLock(context);
  if (!current) return 'none';
  if (current.raw !== look.raw) {
    throw new UserError('InvalidInput', `The push lock of ${quoted(context.envName)} changed hands while you answered: ${lowerFirst(describeLock(context.envName, current, context.clock.now()))}. It was left as it is.`,
      `Another push holds it now: let it finish, or run \`${wording.forceUnlock}\` again to look at this lock.`);
  }
  await context.parameters.delete(context.names.lock);
  return 'removed';
}

/**
 * Parameter Store refused: the push names the permission and the two ways on (grant it, or --no-lock).
 * Other errors are returned unchanged.
 */
export function parameterAccessError(error: unknown, options: { region: string; accountId?: string; projectName: string; subject: string; wording?: LockWording }): unknown {
  if (!isUserError(error) || error.kind !== 'AwsAccessDenied') return error;
  const arn = parameterArnPattern(options.region, options.accountId, options.projectName);
  return new UserError(
    'AwsAccessDenied',
    `${options.subject}: ${error.message} mycli keeps the environment's push lock and push record in Systems Manager Parameter Store.`,
    `Allow ssm:GetParameter, ssm:PutParameter and ssm:DeleteParameter on ${arn} for the identity mycli runs as (the README's "IAM permissions" lists them), ` +
      `or ${(options.wording ?? PUSH_WORDING).noLock}.`,
    { cause: error.cause, details: error.details },
  );
}
