// Runs AWS calls at the pace a RequestRate allows: each call waits for a token, no more are in flight than rate ×
// latency, and a call the service throttled goes back to the front of the queue for a later token instead of
// sleeping in a retry while holding a slot. The SDK clients these calls use do not retry throttling themselves
// (clients.ts, `callerPacesThrottling`), so one controller, not two, decides the rate.

import { RequestRate, type RequestRateOptions } from './request-rate.js';

export interface Clock {
  now(): number;
  /** Calls `callback` after `ms`; the returned function cancels it. */
  setTimer(callback: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

export interface PacedQueueOptions extends RequestRateOptions {
  /** Tells a throttling reply from any other failure. */
  isThrottled(error: unknown): boolean;
  clock?: Clock;
  /** A call throttled this many times fails with the service's last throttling error. */
  maxThrottlesPerCall?: number;
}

export interface PacedQueueStats {
  sent: number;
  answered: number;
  throttled: number;
  ratePerSecond: number;
}

interface Job {
  call: () => Promise<unknown>;
  signal: AbortSignal | undefined;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  throttles: number;
}

const DEFAULT_MAX_THROTTLES_PER_CALL = 10;

export class QueueStoppedError extends Error {
  override readonly name = 'QueueStoppedError';
}

export class PacedQueue {
  private readonly rate: RequestRate;
  private readonly clock: Clock;
  private readonly isThrottled: (error: unknown) => boolean;
  private readonly maxThrottles: number;
  private readonly waiting: Job[] = [];
  private inFlight = 0;
  private cancelTimer: (() => void) | undefined;
  private stopped = false;
  private readonly counts = { sent: 0, answered: 0, throttled: 0 };
  private readonly watched = new WeakSet<AbortSignal>();

  constructor(options: PacedQueueOptions) {
    this.rate = new RequestRate(options);
    this.clock = options.clock ?? systemClock;
    this.isThrottled = options.isThrottled;
    this.maxThrottles = options.maxThrottlesPerCall ?? DEFAULT_MAX_THROTTLES_PER_CALL;
  }

  /** Sends `call` when the pace allows; a call whose `signal` aborts before it is sent is dropped (rejected) at once. */
  run<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.stopped) return Promise.reject(new QueueStoppedError('The paced queue was stopped.'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (signal && !this.watched.has(signal)) {
      // One listener per signal (not one per call: a scan queues a thousand calls on the same signal).
      this.watched.add(signal);
      signal.addEventListener('abort', () => this.drop(signal), { once: true });
    }
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ call, signal, resolve: resolve as (value: unknown) => void, reject, throttles: 0 });
      this.pump();
    });
  }

  get stats(): PacedQueueStats {
    return { ...this.counts, ratePerSecond: this.rate.current };
  }

  /** Rejects every call not yet sent and sends nothing more; calls in flight still settle. */
  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    const error = new QueueStoppedError('The paced queue was stopped.');
    for (const job of this.waiting.splice(0)) job.reject(error);
  }

  private drop(signal: AbortSignal): void {
    const dropped = this.waiting.filter((job) => job.signal === signal);
    this.waiting.splice(0, this.waiting.length, ...this.waiting.filter((job) => job.signal !== signal));
    for (const job of dropped) job.reject(signal.reason);
    if (this.waiting.length === 0) {
      this.cancelTimer?.();
      this.cancelTimer = undefined;
    }
  }

  private pump(): void {
    if (this.stopped || this.cancelTimer) return;
    while (this.waiting.length > 0 && this.inFlight < this.rate.maxInFlight) {
      const first = this.waiting[0] as Job;
      if (first.signal?.aborted) {
        this.waiting.shift();
        first.reject(first.signal.reason);
        continue;
      }
      const wait = this.rate.take(this.clock.now());
      if (wait > 0) {
        this.cancelTimer = this.clock.setTimer(() => {
          this.cancelTimer = undefined;
          this.pump();
        }, wait);
        return;
      }
      this.send(this.waiting.shift() as Job);
    }
  }

  private send(job: Job): void {
    const sentAt = this.clock.now();
    this.inFlight++;
    this.counts.sent++;
    let settled: Promise<unknown>;
    try {
      settled = job.call();
    } catch (error) {
      settled = Promise.reject(error);
    }
    settled.then(
      (value) => {
        this.inFlight--;
        this.counts.answered++;
        this.rate.answered(sentAt, this.clock.now());
        job.resolve(value);
        this.pump();
      },
      (error: unknown) => {
        this.inFlight--;
        if (this.isThrottled(error)) {
          this.counts.throttled++;
          this.rate.throttled(sentAt, this.clock.now());
          job.throttles++;
          if (job.throttles < this.maxThrottles && !this.stopped && !job.signal?.aborted) {
            this.waiting.unshift(job);
            this.pump();
            return;
          }
        }
        job.reject(error);
        this.pump();
      },
    );
  }
}

/**
 * Runs `fn` for every item through the queue and resolves with the results in input order. After the first failure
 * nothing more is sent for these items; the call rejects with that failure once the calls in flight have settled.
 */
export async function mapPaced<T, R>(
  queue: PacedQueue,
  items: readonly T[],
  fn: (item: T) => Promise<R>,
  onSettled?: (done: number, total: number) => void,
): Promise<R[]> {
  const abandon = new AbortController();
  let done = 0;
  let failure: { error: unknown } | undefined;
  const settled = await Promise.allSettled(
    items.map((item) =>
      queue.run(() => fn(item), abandon.signal).then(
        (value) => {
          onSettled?.(++done, items.length);
          return value;
        },
        (error: unknown) => {
          if (!failure) {
            failure = { error };
            abandon.abort(error);
          }
          throw error;
        },
      ),
    ),
  );
  if (failure) throw failure.error;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<R>).value);
}
