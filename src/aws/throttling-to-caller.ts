// The SDK retry strategy of the clients whose calls discovery paces itself (paced-queue.ts): the standard retries
// for network errors, timeouts and 5xx replies, but a throttling reply comes straight back to the caller, whose
// token bucket re-queues the call. Retrying it here too (let alone with the adaptive limiter) would put a second rate
// controller, blind to the first, on the same calls.
import { StandardRetryStrategy } from '@smithy/core/retry';

type Token = Parameters<StandardRetryStrategy['recordSuccess']>[0];
type ErrorInfo = Parameters<StandardRetryStrategy['refreshRetryTokenForRetry']>[1];

export class ThrottlingToCaller {
  readonly mode = 'standard';
  private readonly standard: StandardRetryStrategy;

  constructor(maxAttempts: number) {
    this.standard = new StandardRetryStrategy(maxAttempts);
  }

  acquireInitialRetryToken(scope: string): Promise<Token> {
    return this.standard.acquireInitialRetryToken(scope);
  }

  refreshRetryTokenForRetry(token: Token, errorInfo: ErrorInfo): Promise<Token> {
    // Refusing a token makes the SDK throw the service's own error (TooManyRequestsException, ThrottlingException).
    if (errorInfo.errorType === 'THROTTLING') return Promise.reject(new Error('Throttling is left to the caller.'));
    return this.standard.refreshRetryTokenForRetry(token, errorInfo);
  }

  recordSuccess(token: Token): void {
    this.standard.recordSuccess(token);
  }
}
