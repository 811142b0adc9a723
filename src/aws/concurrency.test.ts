import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from './concurrency.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('mapWithConcurrency', () => {
  it('returns results in input order even when later items finish first', async () => {
    const delays = [30, 5, 20, 1, 10];
    const results = await mapWithConcurrency(delays, 3, async (delay, index) => {
      await new Promise((resolve) => setTimeout(resolve, delay));
      return `${index}:${delay}`;
    });
    expect(results).toEqual(['0:30', '1:5', '2:20', '3:1', '4:10']);
  });

  it('never has more than `limit` calls in flight, and uses the whole limit', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const items = Array.from({ length: 23 }, (_, index) => index);
    await mapWithConcurrency(items, 4, async (item) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, (item % 3) * 3));
      inFlight--;
      return item;
    });
    expect(maxInFlight).toBe(4);
  });

  it('reports progress after each item with the total', async () => {
    const progress: Array<[number, number]> = [];
    await mapWithConcurrency([1, 2, 3], 2, async (item) => item * 2, (done, total) => progress.push([done, total]));
    expect(progress).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it('resolves an empty list without calling fn', async () => {
    let calls = 0;
    await expect(mapWithConcurrency([], 3, async () => ++calls)).resolves.toEqual([]);
    expect(calls).toBe(0);
  });

  it('after the first rejection starts nothing new and rejects once the in-flight call settles', async () => {
    const started: number[] = [];
    const gates = [deferred<string>(), deferred<string>(), deferred<string>(), deferred<string>()];
    const run = mapWithConcurrency([0, 1, 2, 3], 2, (item) => {
      started.push(item);
      return gates[item]!.promise;
    });
    let settled = false;
    run.then(
      () => (settled = true),
      () => (settled = true),
    );

    await tick();
    expect(started).toEqual([0, 1]);
    gates[0]!.reject(new Error('first failure'));
    await tick();
    expect(started).toEqual([0, 1]);
    expect(settled).toBe(false);

    gates[1]!.reject(new Error('second failure'));
    await expect(run).rejects.toThrow('first failure');
    expect(started).toEqual([0, 1]);
  });

  it('rejects a limit that is not a positive integer', async () => {
    await expect(mapWithConcurrency([1], 0, async (item) => item)).rejects.toThrow(RangeError);
    await expect(mapWithConcurrency([1], 1.5, async (item) => item)).rejects.toThrow(RangeError);
  });
});
