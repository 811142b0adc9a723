// The real world behind a push's lock and record: who and where this is, the clock, and Ctrl+C.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { usageError } from '../core/errors.js';
import type { SsmParameters } from '../aws/ssm-parameters.js';
import { DEFAULT_LOCK_TIMEOUT_SECONDS, pushParameters } from '../core/push-lock.js';
import { forceUnlock, parameterAccessError, type LockWording, type PushClock, type PushIdentity } from '../flows/team-lock.js';
import type { LockMode, TeamOptions } from '../flows/team-session.js';
import type { Printer } from '../ui/printer.js';
import { createPrompter, isInteractiveSession } from '../ui/prompter.js';
import { escapeUntrusted, quoted } from '../core/untrusted-text.js';

/** `--lock-timeout <seconds>`: a whole number of seconds, 0 to refuse at once when the lock is held. */
export function parseLockTimeout(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LOCK_TIMEOUT_SECONDS;
  const seconds = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(seconds)) {
    throw usageError(`--lock-timeout "${escapeUntrusted(text)}" is not a number of seconds.`, `Pass a whole number of seconds (default ${DEFAULT_LOCK_TIMEOUT_SECONDS}; 0 refuses at once when the lock is held).`);
  }
  return seconds;
}

/**
 * Team options for one push, with Ctrl+C (and SIGTERM) turned into an abort the push notices between steps, so it
 * releases its lock before exiting 130. A second Ctrl+C ends the process at once. `dispose` removes the handlers.
 */
export function pushTeamOptions(lock: LockMode, lockTimeoutSeconds: number, printer: Printer): { options: TeamOptions; dispose: () => void } {
  const controller = new AbortController();
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      dispose();
      process.kill(process.pid, signal);
      return;
    }
    printer.warn('Interrupted: stopping at the next step and releasing the push lock (press Ctrl+C again to quit at once).');
    controller.abort();
  };
  const dispose = () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
  if (lock !== 'look') for (const signal of signals) process.on(signal, onSignal);
  return {
    options: {
      lock,
      lockTimeoutSeconds,
      identity: currentIdentity(),
      clock: realClock,
      processRunning,
      signal: controller.signal,
      newId: () => randomBytes(8).toString('hex'),
    },
    dispose,
  };
}

export const realClock: PushClock = { now: () => new Date(), sleep: (ms, signal) => sleep(ms, undefined, { signal }) };

export function currentIdentity(): PushIdentity {
  let user: string | undefined;
  try {
    user = os.userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers): the environment may still say.
  }
  return { user: user || process.env.USER || process.env.USERNAME || 'unknown', host: os.hostname(), pid: process.pid };
}

export function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * `--force-unlock`: shows the environment's push lock, asks (unless --yes), removes it, says so. Push unlocks the
 * current environment; `env remove <name>` the one it names (with its own wording).
 */
export async function runForceUnlock(
  target: { projectName: string; envName: string; region: string },
  parameters: () => Promise<SsmParameters>,
  options: { yes?: boolean; wording?: LockWording },
  printer: Printer,
): Promise<void> {
  const { projectName, envName, region } = target;
  const names = pushParameters(projectName, envName);
  try {
    const outcome = await forceUnlock(
      { parameters: await parameters(), names, envName, printer, clock: realClock, identity: currentIdentity(), processRunning, wording: options.wording },
      createPrompter(isInteractiveSession({ yes: options.yes })),
      Boolean(options.yes),
    );
    if (outcome === 'none') printer.success(`No push lock is held for environment ${quoted(envName)} (${names.lock}); nothing to remove.`);
    else printer.success(`Removed the push lock of environment ${quoted(envName)} (${names.lock}).`);
  } catch (error) {
    throw parameterAccessError(error, { region, projectName, subject: 'The push lock could not be removed', wording: options.wording });
  }
}
