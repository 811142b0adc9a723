// Retries as the AWS CLI caps them: a throttled call may be retried up to `maxAttempts` (throttling is the account's
// shared quota and passes), every other retryable failure (a timeout, a reset connection, a 5xx) gets at most
// NON_THROTTLING_MAX_ATTEMPTS attempts in all, so an unreachable endpoint fails in three tries, not eight.
// For callers that pace their own calls (discovery's token bucket, paced-queue.ts) a throttling reply can instead come
// straight back: retrying it here too would put a second rate controller, blind to the first, on the same calls.
import { AdaptiveRetryStrategy, StandardRetryStrategy } from '@smithy/core/retry';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';

/** The AWS CLI's standard retry mode allows 3 attempts. */
export const NON_THROTTLING_MAX_ATTEMPTS = 3;

export type RetryMode = 'adaptive' | 'standard';

export class CappedRetryStrategy implements RetryStrategyV2 {
  private readonly inner: RetryStrategyV2;

  private readonly nonThrottlingMaxAttempts: number;

  constructor(
    readonly mode: RetryMode,
    maxAttempts: number,
    private readonly throttlingToCaller = false,
  ) {
    this.nonThrottlingMaxAttempts = Math.min(NON_THROTTLING_MAX_ATTEMPTS, maxAttempts);
    // Adaptive adds the SDK's client-side rate limiter, which slows every later call after a throttle; standard leaves
    // pacing to the caller (discovery paces its own describes).
    this.inner = mode === 'adaptive' ? new AdaptiveRetryStrategy(async () => maxAttempts) : new StandardRetryStrategy(maxAttempts);
  }

  acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    return this.inner.acquireInitialRetryToken(scope);
  }

  async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    const throttled = errorInfo.errorType === 'THROTTLING';
    // Refusing a token makes the retry middleware throw the call's own error (TooManyRequestsException, a timeout).
    if (throttled && this.throttlingToCaller) throw new Error('Throttling is left to the caller.');
    if (!throttled && token.getRetryCount() + 1 >= this.nonThrottlingMaxAttempts) throw new Error('No retry token available');
    return this.inner.refreshRetryTokenForRetry(token, errorInfo);
  }

  recordSuccess(token: RetryToken): void {
    this.inner.recordSuccess(token);
  }
}
