import { describe, expect, it } from 'vitest';
import type { SsmParameters, StoredParameter } from '../aws/ssm-parameters.js';
import { isUserError, UserError } from '../core/errors.js';
import { encodeLock, parseLock, pushParameters, type LockHolder } from '../core/push-lock.js';
import type { Printer } from '../ui/printer.js';
import type { Prompter } from '../ui/prompter.js';
import { envRemoveWording } from './environment-policies.js';
import { forceUnlock, parameterAccessError, PushLock, type PushClock, type TeamLockContext } from './team-lock.js';

const NAMES = pushParameters('shop', 'dev');
const START = Date.parse('2026-12-01T10:00:00.000Z');
const teammate: LockHolder = { user: 'bob', host: 'build-7', pid: 77, startedAt: new Date(START - 60_000).toISOString(), id: 'theirs' };

/** Parameter Store in memory; `beforeCreate` lets a test act between two calls, as another process would. */
class FakeParameters {
  readonly values = new Map<string, StoredParameter>();
  readonly calls: string[] = [];
  beforeCreate?: () => void;

  async get(name: string) {
    this.calls.push(`get ${name}`);
    return this.values.get(name);
  }
  async create(name: string, value: string) {
    this.calls.push(`create ${name}`);
    this.beforeCreate?.();
    if (this.values.has(name)) return 'exists' as const;
    this.values.set(name, { value, version: 1 });
    return 'created' as const;
  }
  async put(name: string, value: string) {
    this.values.set(name, { value, version: 2 });
  }
  async delete(name: string) {
    this.calls.push(`delete ${name}`);
    return this.values.delete(name) ? ('deleted' as const) : ('absent' as const);
  }
}

/** A clock that moves only when the code under test sleeps; `onSleep` runs at each sleep (a teammate finishing). */
function fakeClock(onSleep: (elapsedMs: number) => void = () => {}): PushClock & { slept: number[] } {
  let now = START;
  const slept: number[] = [];
  return {
    slept,
    now: () => new Date(now),
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      slept.push(ms);
      now += ms;
      onSleep(now - START);
    },
  };
}

function recordingPrinter(): Printer & { lines: string[] } {
  const lines: string[] = [];
  const write = (line: string) => lines.push(line);
  const identity = (text: string) => text;
  return {
    lines,
    out: write,
    info: write,
    success: write,
    warn: (line) => write(`warn: ${line}`),
    error: write,
    detail: write,
    highlight: identity,
    json: () => {},
    progress: () => ({ update: () => {}, stop: () => {} }),
    colors: { green: identity, yellow: identity, red: identity, cyan: identity, dim: identity, bold: identity },
    columns: undefined,
    debugEnabled: false,
    debug: () => {},
  };
}

function context(parameters: FakeParameters, clock: PushClock, overrides: Partial<TeamLockContext> = {}): TeamLockContext & { printer: ReturnType<typeof recordingPrinter> } {
  return {
    parameters: parameters as unknown as SsmParameters,
    names: NAMES,
    envName: 'dev',
    printer: recordingPrinter(),
    clock,
    identity: { user: 'alice', host: 'laptop', pid: 1234 },
    processRunning: () => true,
    ...overrides,
  } as TeamLockContext & { printer: ReturnType<typeof recordingPrinter> };
}

async function refusal(promise: Promise<unknown>): Promise<UserError> {
  try {
    await promise;
  } catch (error) {
    if (isUserError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('PushLock.acquire', () => {
  it('takes a free lock at once, naming this push in its value', async () => {
    const parameters = new FakeParameters();
    const lock = await PushLock.acquire(context(parameters, fakeClock()), 30, 'mine');
    expect(parseLock(parameters.values.get(NAMES.lock)!.value)).toEqual({ user: 'alice', host: 'laptop', pid: 1234, startedAt: new Date(START).toISOString(), id: 'mine' });
    expect(lock.holder.id).toBe('mine');
    expect(parameters.calls).toEqual([`create ${NAMES.lock}`]);
  });

  it("waits for a teammate's push, saying once who holds it since when, and takes it when released", async () => {
    const parameters = new FakeParameters();
    parameters.values.set(NAMES.lock, { value: encodeLock(teammate), version: 1 });
    const clock = fakeClock((elapsed) => {
      if (elapsed >= 3000) parameters.values.delete(NAMES.lock);
    });
    const ctx = context(parameters, clock);
    await PushLock.acquire(ctx, 30, 'mine');
    expect(parseLock(parameters.values.get(NAMES.lock)!.value)?.id).toBe('mine');
    expect(clock.slept).toEqual([250, 500, 1000, 2000]);
    const waits = ctx.printer.lines.filter((line) => line.startsWith('warn:'));
    expect(waits).toEqual([
      `warn: The push lock of 'dev' is held by bob on build-7 (pid 77) since ${teammate.startedAt} (60 s ago): another push of it is running; waiting up to 30 s for it to finish (--lock-timeout).`,
    ]);
    expect(ctx.printer.lines).toContain("The push lock of 'dev' is free; this push holds it now.");
  });

  it('refuses at the deadline, naming the holder, and at once with --lock-timeout 0', async () => {
    const parameters = new FakeParameters();
    parameters.values.set(NAMES.lock, { value: encodeLock(teammate), version: 1 });
    const clock = fakeClock();
    const refused = await refusal(PushLock.acquire(context(parameters, clock), 5, 'mine'));
    expect(refused.message).toContain('Push refused: the push lock of \'dev\' is held by bob on build-7 (pid 77)');
    expect(refused.message).toContain('still after waiting 5 s');
    expect(refused.resolution).toContain('--lock-timeout');
    expect(refused.resolution).toContain('mycli push --force-unlock');
    expect(clock.slept.reduce((sum, ms) => sum + ms, 0)).toBe(5000);
    expect(parseLock(parameters.values.get(NAMES.lock)!.value)?.id).toBe('theirs');

    const immediate = fakeClock();
    await refusal(PushLock.acquire(context(parameters, immediate), 0, 'mine'));
    expect(immediate.slept).toEqual([]);
  });

  it('reports a stale lock at once instead of waiting: a dead process on this host, or an old lock', async () => {
    const parameters = new FakeParameters();
    parameters.values.set(NAMES.lock, { value: encodeLock({ ...teammate, host: 'laptop' }), version: 1 });
    const clock = fakeClock();
    const dead = await refusal(PushLock.acquire(context(parameters, clock, { processRunning: (pid) => pid !== 77 }), 30, 'mine'));
    expect(dead.message).toContain('it is stale: its process (pid 77) no longer runs on this host');
    expect(dead.resolution).toContain('mycli push --force-unlock');
    expect(clock.slept).toEqual([]);

    parameters.values.set(NAMES.lock, { value: encodeLock({ ...teammate, startedAt: new Date(START - 2 * 3_600_000).toISOString() }), version: 1 });
    expect((await refusal(PushLock.acquire(context(parameters, clock), 30, 'mine'))).message).toContain('older than 30 minutes');
  });

  it('holds a lock its own create made although the reply said it exists (a retried request whose first reply was lost)', async () => {
    const parameters = new FakeParameters();
    const create = parameters.create.bind(parameters);
    parameters.create = async (name, value) => {
      await create(name, value);
      return 'exists' as const;
    };
    const clock = fakeClock();
    const lock = await PushLock.acquire(context(parameters, clock), 30, 'mine');
    expect(await lock.stillHeld()).toBe(true);
    expect(clock.slept).toEqual([]);
  });

  it('stops waiting on Ctrl+C', async () => {
    const parameters = new FakeParameters();
    parameters.values.set(NAMES.lock, { value: encodeLock(teammate), version: 1 });
    const controller = new AbortController();
    const clock = fakeClock(() => controller.abort(new Error('aborted')));
    await expect(PushLock.acquire(context(parameters, clock, { signal: controller.signal }), 30, 'mine')).rejects.toThrow('aborted');
    expect(clock.slept).toEqual([250]);
  });
});

describe('PushLock.release', () => {
  it("deletes its own lock, and never another push's", async () => {
    const parameters = new FakeParameters();
    const ctx = context(parameters, fakeClock());
    const lock = await PushLock.acquire(ctx, 30, 'mine');
    expect(await lock.stillHeld()).toBe(true);
    await lock.release();
    expect(parameters.values.has(NAMES.lock)).toBe(false);

    const second = await PushLock.acquire(ctx, 30, 'mine-again');
    // Someone force-unlocks it and another push takes it.
    parameters.values.set(NAMES.lock, { value: encodeLock(teammate), version: 3 });
    expect(await second.stillHeld()).toBe(false);
    await second.release();
    expect(parseLock(parameters.values.get(NAMES.lock)!.value)?.id).toBe('theirs');
    expect(ctx.printer.lines.some((line) => line.includes('was removed or taken by another push'))).toBe(true);
  });
});

describe('PushLock for env remove (its wording)', () => {
  it('names `env remove <env>` to run again and to force the unlock, not push (which unlocks the current environment)', async () => {
    const parameters = new FakeParameters();
    parameters.values.set(NAMES.lock, { value: encodeLock(teammate), version: 1 });
    const wording = envRemoveWording('dev');
    const held = await refusal(PushLock.acquire(context(parameters, fakeClock(), { wording }), 1, 'mine'));
    expect(held.message).toContain("Environment 'dev' was not removed: the push lock of 'dev' is held by bob on build-7 (pid 77)");
    expect(held.resolution).toContain('run `mycli env remove dev` again, or wait longer with --lock-timeout');
    expect(held.resolution).toContain('`mycli env remove dev --force-unlock`');
    expect(held.resolution).not.toContain('mycli push');

    parameters.values.set(NAMES.lock, { value: encodeLock({ ...teammate, startedAt: new Date(START - 2 * 3_600_000).toISOString() }), version: 1 });
    const stale = await refusal(PushLock.acquire(context(parameters, fakeClock(), { wording }), 30, 'mine'));
    expect(stale.message).toContain("Environment 'dev' was not removed: the push lock of 'dev'");
    expect(stale.resolution).toContain('remove the lock with `mycli env remove dev --force-unlock`, then run `mycli env remove dev` again.');

    const denied = parameterAccessError(new UserError('AwsAccessDenied', 'Access denied: ssm:PutParameter on SSM parameter /mycli/shop/dev/push-lock.', 'x'),
      { region: 'us-east-1', projectName: 'shop', subject: wording.stopped + ' before any change', wording }) as UserError;
    expect(denied.message).toContain("Removing environment 'dev' stopped before any change: Access denied: ssm:PutParameter");
    expect(denied.resolution).toContain('or run `mycli env remove dev --no-lock` to remove it without the team lock');
  });

  it('release says whether the lock is gone, and a lock it could not delete names the env remove command that removes it', async () => {
    const parameters = new FakeParameters();
    const ctx = context(parameters, fakeClock(), { wording: envRemoveWording('dev') });
    const lock = await PushLock.acquire(ctx, 30, 'mine');
    parameters.delete = async () => {
      throw new UserError('AwsAccessDenied', 'Access denied: ssm:DeleteParameter on SSM parameter /mycli/shop/dev/push-lock.', 'x');
    };
    expect(await lock.release()).toBe(false);
    expect(ctx.printer.lines).toContain(
      "warn: The push lock of 'dev' (/mycli/shop/dev/push-lock) could not be released: Access denied: ssm:DeleteParameter on SSM parameter /mycli/shop/dev/push-lock. " +
        'Once no push of this environment is running, remove it with `mycli env remove dev --force-unlock`.',
    );
    parameters.delete = FakeParameters.prototype.delete;
    expect(await lock.release()).toBe(true);
    expect(parameters.values.has(NAMES.lock)).toBe(false);
  });
});

describe('forceUnlock', () => {
  const yes = { confirm: async () => true } as unknown as Prompter;
  const no = { confirm: async () => false } as unknown as Prompter;

  it('shows the lock, asks, and removes it only when confirmed; no lock is nothing to do', async () => {
    const parameters = new FakeParameters();
    const ctx = context(parameters, fakeClock());
    expect(await forceUnlock(ctx, yes, false)).toBe('none');

    parameters.values.set(NAMES.lock, { value: encodeLock(teammate), version: 1 });
    await expect(forceUnlock(ctx, no, false)).rejects.toMatchObject({ kind: 'Declined' });
    expect(parameters.values.has(NAMES.lock)).toBe(true);
    expect(ctx.printer.lines.some((line) => line.includes('not stale: that push may still be running'))).toBe(true);

    expect(await forceUnlock(ctx, no, true)).toBe('removed');
    expect(parameters.values.has(NAMES.lock)).toBe(false);
  });

  it('removes nothing when the lock changed hands while the question was open', async () => {
    const parameters = new FakeParameters();
    parameters.values.set(NAMES.lock, { value: encodeLock(teammate), version: 1 });
    const next = { ...teammate, user: 'carol', id: 'next' };
    const answeredLate = {
      confirm: async () => {
        // bob's push ends and carol's push takes the lock before the answer arrives.
        parameters.values.set(NAMES.lock, { value: encodeLock(next), version: 2 });
        return true;
      },
    } as unknown as Prompter;
    const refused = await refusal(forceUnlock(context(parameters, fakeClock()), answeredLate, false));
    expect(refused.message).toContain('changed hands while you answered: the push lock of \'dev\' is held by carol on build-7');
    expect(parseLock(parameters.values.get(NAMES.lock)!.value)?.id).toBe('next');
    expect(parameters.calls.filter((call) => call.startsWith('delete'))).toEqual([]);
  });
});

describe('parameterAccessError', () => {
  it('turns an access refusal into one naming the three actions, the ARN pattern and --no-lock', () => {
    const denied = new UserError('AwsAccessDenied', 'Access denied: ssm:PutParameter on SSM parameter /mycli/shop/dev/push-lock.', 'Grant it.');
    const mapped = parameterAccessError(denied, { region: 'us-east-1', accountId: '123456789012', projectName: 'shop', subject: 'Push stopped before any change' }) as UserError;
    expect(mapped.message).toContain('Push stopped before any change: Access denied: ssm:PutParameter on SSM parameter /mycli/shop/dev/push-lock.');
    expect(mapped.resolution).toContain('ssm:GetParameter, ssm:PutParameter and ssm:DeleteParameter on arn:aws:ssm:us-east-1:123456789012:parameter/mycli/shop/*');
    expect(mapped.resolution).toContain('--no-lock');
    const other = new UserError('AwsThrottled', 'slow', 'wait');
    expect(parameterAccessError(other, { region: 'us-east-1', projectName: 'shop', subject: 's' })).toBe(other);
  });
});
