// Finding the identity pools that trust a user pool means describing every identity pool of the region (no filter
// exists). A scan lists them and describes each one at the pace the service allows, from the first listed page on,
// and reports every pool as soon as it is described, so the walkthrough can start it early (while the user still
// chooses the user pool) and offer matches while it is still looking. It depends on no answer of the user.

import type { IdentityPoolDetails } from '../core/model.js';
import type { CognitoDiscovery } from './cognito-discovery.js';
import { systemClock, type Clock } from './paced-queue.js';

export interface ScanStatus {
  /** Still paging through ListIdentityPools: `listed` is a running count, not the total. */
  listing: boolean;
  listed: number;
  /** Described (or found deleted) so far, cached descriptions included. */
  checked: number;
  /** Of `checked`, taken from the describe cache rather than asked of the service. */
  fromCache: number;
  /** Describes answered per second over the last few seconds; undefined until there are enough. */
  perSecond: number | undefined;
  /** Once listing is done and the pace is known. */
  secondsLeft: number | undefined;
  done: boolean;
  elapsedMs: number;
}

export interface ScanListener {
  /** Every pool described so far when subscribing, then each one as it is described. */
  described?(pool: IdentityPoolDetails): void;
  changed?(status: ScanStatus): void;
}

/** Descriptions remembered from an earlier run (describe-cache.ts); the scan asks the service for the others. */
export interface DescribedPools {
  get(identityPoolId: string): IdentityPoolDetails | undefined;
  put(pool: IdentityPoolDetails): void;
}

const RATE_WINDOW_MS = 5_000;
const MIN_ANSWERS_FOR_RATE = 5;

export class IdentityPoolScan {
  private readonly described: IdentityPoolDetails[] = [];
  private readonly listeners = new Set<ScanListener>();
  private readonly abandon = new AbortController();
  private readonly answeredAt: number[] = [];
  private readonly startedAt: number;
  private listing = true;
  private listed = 0;
  private checked = 0;
  private fromCache = 0;
  private finishedAt: number | undefined;
  /** Every described pool, in listing order; rejects with the first failure (listing or describing). */
  readonly finished: Promise<IdentityPoolDetails[]>;

  private constructor(
    private readonly discovery: CognitoDiscovery,
    private readonly cache: Promise<DescribedPools | undefined>,
    private readonly clock: Clock,
  ) {
    this.startedAt = clock.now();
    this.finished = this.run();
    // A scan started early may fail before anyone waits for it: that is reported when its result is asked for.
    this.finished.catch(() => undefined);
  }

  /** `cache` may still be opening (it needs the account id): the first describe waits for it, the listing does not. */
  static start(
    discovery: CognitoDiscovery,
    options: { cache?: DescribedPools | Promise<DescribedPools | undefined>; clock?: Clock } = {},
  ): IdentityPoolScan {
    return new IdentityPoolScan(discovery, Promise.resolve(options.cache), options.clock ?? systemClock);
  }

  get status(): ScanStatus {
    const now = this.finishedAt ?? this.clock.now();
    const recent = this.answeredAt.filter((time) => time > now - RATE_WINDOW_MS);
    const windowMs = Math.min(RATE_WINDOW_MS, now - this.startedAt);
    const perSecond = recent.length >= MIN_ANSWERS_FOR_RATE && windowMs > 0 ? (recent.length * 1000) / windowMs : undefined;
    const left = this.listed - this.checked;
    return {
      listing: this.listing,
      listed: this.listed,
      checked: this.checked,
      fromCache: this.fromCache,
      perSecond,
      secondsLeft: !this.listing && perSecond !== undefined ? left / perSecond : undefined,
      done: this.finishedAt !== undefined,
      elapsedMs: now - this.startedAt,
    };
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: ScanListener): () => void {
    for (const pool of this.described) listener.described?.(pool);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends no more describes (the ones in flight still settle); `finished` then rejects. */
  cancel(): void {
    this.abandon.abort(new ScanCancelledError());
  }

  private async run(): Promise<IdentityPoolDetails[]> {
    const pending: Array<Promise<IdentityPoolDetails | undefined>> = [];
    try {
      await this.discovery.listIdentityPools((page, listed) => {
        // A describe failed, or the scan was cancelled: stop listing too.
        if (this.abandon.signal.aborted) throw this.abandon.signal.reason;
        this.listed = listed;
        for (const summary of page) {
          const checking = this.check(summary.id);
          checking.catch((error: unknown) => {
            if (!this.abandon.signal.aborted) this.abandon.abort(error);
          });
          pending.push(checking);
        }
        this.notify();
      });
      this.listing = false;
      this.notify();
      const results = await Promise.all(pending);
      return results.filter((pool): pool is IdentityPoolDetails => pool !== undefined);
    } catch (error) {
      // After the first failure nothing more is sent; the describes already sent settle on their own. The first
      // failure is the one reported (a describe dropped because of it fails with that same error).
      if (!this.abandon.signal.aborted) this.abandon.abort(error);
      throw this.abandon.signal.reason;
    } finally {
      this.listing = false;
      this.finishedAt = this.clock.now();
      this.notify();
    }
  }

  private async check(identityPoolId: string): Promise<IdentityPoolDetails | undefined> {
    const cache = await this.cache;
    if (this.abandon.signal.aborted) throw this.abandon.signal.reason;
    const cached = cache?.get(identityPoolId);
    if (cached) {
      this.fromCache++;
      this.record(cached);
      return cached;
    }
    const pool = await this.discovery.describeIdentityPoolPaced(identityPoolId, this.abandon.signal);
    this.answeredAt.push(this.clock.now());
    if (this.answeredAt.length > 1000) this.answeredAt.splice(0, 500);
    if (pool) cache?.put(pool);
    this.record(pool);
    return pool;
  }

  private record(pool: IdentityPoolDetails | undefined): void {
    this.checked++;
    if (pool) {
      this.described.push(pool);
      for (const listener of this.listeners) listener.described?.(pool);
    }
    this.notify();
  }

  private notify(): void {
    const status = this.status;
    for (const listener of this.listeners) listener.changed?.(status);
  }
}

export class ScanCancelledError extends Error {
  override readonly name = 'ScanCancelledError';

  constructor() {
    super('The identity pool scan was cancelled.');
  }
}
