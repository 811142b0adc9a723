// How fast the loopback stub answers: a reply delay, and per-operation rate limits enforced with a token bucket the
// way AWS services do (a burst, then a steady refill), refusing the excess with the service's throttling error.
// The bench uses it to measure discovery against a rate-limited account.

export interface OperationLimit {
  perSecond: number;
  /** Requests the bucket holds at the start (default: one second's worth). */
  burst?: number;
  /** The error name on the wire (Cognito Identity documents TooManyRequestsException). */
  error?: 'TooManyRequestsException' | 'ThrottlingException';
}

export interface StubPacing {
  /** Every reply is delayed by a uniformly random time in this range. */
  latencyMs?: [number, number];
  /** Keyed by operation name, e.g. DescribeIdentityPool. */
  limits?: Record<string, OperationLimit>;
}

export interface Throttle {
  code: string;
  message: string;
}

export class StubPacer {
  private buckets = new Map<string, { tokens: number; refilledAt: number }>();

  constructor(private readonly pacing: StubPacing = {}) {}

  /** A throttling reply for this request, or undefined when it is admitted. */
  admit(operation: string, now = performance.now()): Throttle | undefined {
    const limit = this.pacing.limits?.[operation];
    if (!limit) return undefined;
    const capacity = limit.burst ?? limit.perSecond;
    const bucket = this.buckets.get(operation) ?? { tokens: capacity, refilledAt: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.refilledAt) / 1000) * limit.perSecond);
    bucket.refilledAt = now;
    this.buckets.set(operation, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return { code: limit.error ?? 'TooManyRequestsException', message: 'Rate exceeded' };
  }

  /** Resolves after this reply's delay. */
  delay(): Promise<void> {
    const [low, high] = this.pacing.latencyMs ?? [0, 0];
    const ms = low + Math.random() * (high - low);
    return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
  }
}
