// Runs per-item AWS describes with a bound on how many are in flight, so a region with hundreds of
// identity pools or app clients does not burst past the service's request-rate limits.

/**
 * Calls `fn` for every item with at most `limit` calls pending at once and resolves with the results
 * in input order. After the first rejection no further item is started; the call rejects with that
 * first error once the calls already in flight have settled (none is left running behind the caller).
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  onSettled?: (done: number, total: number) => void,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`mapWithConcurrency: limit must be a positive integer, got ${limit}`);
  }

  const results = new Array<R>(items.length);
  let nextIndex = 0;
  let done = 0;
  let failure: { error: unknown } | undefined;

  async function worker(): Promise<void> {
    while (failure === undefined && nextIndex < items.length) {
      const index = nextIndex++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
        return;
      }
      done++;
      onSettled?.(done, items.length);
    }
  }

  const workerCount = Math.min(limit, items.length);
  await Promise.all(Array.from({ length: workerCount }, () => worker()));
  if (failure !== undefined) throw failure.error;
  return results;
}
