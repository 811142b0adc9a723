import { describe, expect, it } from 'vitest';
import { isUserError } from './errors.js';
import {
  assessLock,
  describeAge,
  describeHolder,
  encodeLock,
  lockPollDelayMs,
  parameterArnPattern,
  parseLock,
  pushParameters,
  STALE_LOCK_AFTER_MS,
  type LockHolder,
} from './push-lock.js';

const holder: LockHolder = { user: 'alice', host: 'build-7', pid: 4242, startedAt: '2026-12-01T10:00:00.000Z', id: 'abc123' };
const at = (iso: string) => new Date(iso);

describe('pushParameters', () => {
  it('names the lock and the record under /mycli/<project>/<env>/', () => {
    expect(pushParameters('shop', 'dev')).toEqual({ lock: '/mycli/shop/dev/push-lock', record: '/mycli/shop/dev/pushed-state' });
    expect(pushParameters('my_app-2', 'staging')).toEqual({ lock: '/mycli/my_app-2/staging/push-lock', record: '/mycli/my_app-2/staging/pushed-state' });
  });

  it('refuses names SSM cannot hold, naming the value escaped', () => {
    for (const [project, env] of [['my app', 'dev'], ['shop', 'a/b'], ['shop', 'x\ny']]) {
      let error: unknown;
      try {
        pushParameters(project!, env!);
      } catch (caught) {
        error = caught;
      }
      expect(isUserError(error)).toBe(true);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('gives the ARN pattern to allow, per partition, with a placeholder for an unknown account', () => {
    expect(parameterArnPattern('us-east-1', '123456789012', 'shop')).toBe('arn:aws:ssm:us-east-1:123456789012:parameter/mycli/shop/*');
    expect(parameterArnPattern('cn-north-1', undefined, 'shop')).toBe('arn:aws-cn:ssm:cn-north-1:<account>:parameter/mycli/shop/*');
  });
});

describe('the lock value', () => {
  it('round-trips, and anything else is not a lock', () => {
    expect(parseLock(encodeLock(holder))).toEqual(holder);
    for (const value of ['', 'locked', '[]', '{}', JSON.stringify({ ...holder, pid: '1' }), JSON.stringify({ ...holder, startedAt: 'yesterday' }), JSON.stringify({ ...holder, pid: -1 })]) {
      expect(parseLock(value), value).toBeUndefined();
    }
  });

  it('describes its holder escaped, and an unreadable value as such', () => {
    expect(describeHolder(holder, '')).toBe('alice on build-7 (pid 4242)');
    expect(describeHolder({ ...holder, user: 'eve\u2028root' }, '')).toBe('eve\\u2028root on build-7 (pid 4242)');
    expect(describeHolder(undefined, 'someone\nelse')).toBe("an unknown holder (the parameter's value is not a mycli lock: 'someone\\nelse')");
  });
});

describe('assessLock', () => {
  const running = () => true;
  const dead = () => false;

  it('is fresh while young and its process (on another host, or alive here) may run', () => {
    expect(assessLock(holder, { now: at('2026-12-01T10:05:00Z'), localHost: 'laptop', processRunning: dead })).toEqual({ stale: false, since: at(holder.startedAt) });
    expect(assessLock(holder, { now: at('2026-12-01T10:05:00Z'), localHost: 'build-7', processRunning: running }).stale).toBe(false);
  });

  it('is stale at once when its process no longer runs on this host', () => {
    const assessment = assessLock(holder, { now: at('2026-12-01T10:00:01Z'), localHost: 'build-7', processRunning: (pid) => pid !== 4242 });
    expect(assessment).toMatchObject({ stale: true, staleReason: 'its process (pid 4242) no longer runs on this host' });
  });

  it('is stale past the generous limit, whoever holds it; an unreadable value is judged by SSM\'s date', () => {
    const later = new Date(Date.parse(holder.startedAt) + STALE_LOCK_AFTER_MS + 1000);
    expect(assessLock(holder, { now: later, localHost: 'laptop', processRunning: running })).toMatchObject({ stale: true, staleReason: 'it is older than 30 minutes' });
    expect(assessLock(holder, { now: later, localHost: 'laptop', processRunning: running, staleAfterMs: 2 * STALE_LOCK_AFTER_MS }).stale).toBe(false);
    expect(assessLock(undefined, { now: later, lastModified: at(holder.startedAt), localHost: 'laptop', processRunning: running }).stale).toBe(true);
    expect(assessLock(undefined, { now: later, localHost: 'laptop', processRunning: running })).toEqual({ stale: false, since: undefined });
  });
});

describe('timing', () => {
  it('polls from 250 ms doubling to 2 s, never past the deadline', () => {
    expect([0, 1, 2, 3, 4, 10].map((attempt) => lockPollDelayMs(attempt, 60_000))).toEqual([250, 500, 1000, 2000, 2000, 2000]);
    expect(lockPollDelayMs(3, 300)).toBe(300);
    expect(lockPollDelayMs(0, -5)).toBe(0);
  });

  it('says ages in the unit a person reads', () => {
    expect([0, 45_000, 3 * 60_000, 5 * 3_600_000, 3 * 86_400_000].map(describeAge)).toEqual(['0 s ago', '45 s ago', '3 min ago', '5 h ago', '3 days ago']);
    expect(describeAge(-1)).toBe('in the future by its clock');
  });
});
