// The pacing, on a fake clock against a simulated service that limits its rate with a token bucket the way AWS
// does (a burst, then a steady refill) and answers in 20–40 ms. No assertion depends on the machine's speed.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fake-clock.js';
import { APP_CLIENT_READ_PACE, IDENTITY_POOL_DESCRIBE_PACE } from './cognito-discovery.js';
import { PacedQueue, QueueStoppedError } from './paced-queue.js';

class Throttled extends Error {
  override readonly name = 'TooManyRequestsException';
}

interface ServiceOptions {
  /** Requests per second the service answers; undefined: no limit. */
  limit?: number;
  /** Tokens its bucket holds (default: one second's worth). */
  burst?: number;
  latencyMs?: [number, number];
}

/** Decides at arrival (half the round trip) and replies at the full round trip; records every call. */
class SimulatedService {
  readonly calls: Array<{ sentAt: number; arrivedAt: number; throttled: boolean; item: number }> = [];
  private tokens: number;
  private lastRefill = 0;
  private inFlight = 0;
  maxInFlight = 0;
  private seed = 42;

  constructor(
    private readonly clock: FakeClock,
    private readonly options: ServiceOptions = {},
  ) {
    this.tokens = options.burst ?? options.limit ?? 0;
  }

  async call(item: number): Promise<number> {
    const sentAt = this.clock.now();
    const [low, high] = this.options.latencyMs ?? [20, 40];
    const latency = low + this.random() * (high - low);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await this.clock.sleep(latency / 2);
    const throttled = !this.admit();
    this.calls.push({ sentAt, arrivedAt: this.clock.now(), throttled, item });
    await this.clock.sleep(latency / 2);
    this.inFlight--;
    if (throttled) throw new Throttled('Rate exceeded');
    return item * 2;
  }

  /** Calls the service admitted in [from, to) of fake time, per second. */
  admittedRate(from: number, to: number): number {
    const admitted = this.calls.filter((call) => !call.throttled && call.arrivedAt >= from && call.arrivedAt < to);
    return admitted.length / ((to - from) / 1000);
  }

  sentIn(from: number, to: number): number {
    return this.calls.filter((call) => call.sentAt >= from && call.sentAt < to).length;
  }

  get throttledCount(): number {
    return this.calls.filter((call) => call.throttled).length;
  }

  private admit(): boolean {
    const { limit } = this.options;
    if (limit === undefined) return true;
    const now = this.clock.now();
    this.tokens = Math.min(this.options.burst ?? limit, this.tokens + ((now - this.lastRefill) / 1000) * limit);
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** A fixed-seed generator: the same jitter on every run. */
  private random(): number {
    this.seed = (this.seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return this.seed / 2 ** 31;
  }
}

const isThrottled = (error: unknown) => error instanceof Throttled;

function identityPoolPacing(clock: FakeClock) {
  return new PacedQueue({ ...IDENTITY_POOL_DESCRIBE_PACE, isThrottled, clock });
}

async function runAll(queue: PacedQueue, clock: FakeClock, service: SimulatedService, count: number) {
  const items = Array.from({ length: count }, (_, index) => index);
  let results: number[] | undefined;
  const all = Promise.all(items.map((item) => queue.run(() => service.call(item)))).then((values) => {
    results = values;
  });
  await clock.run();
  await all;
  return { results: results ?? [], elapsedMs: clock.now() };
}

describe('PacedQueue against a rate-limited service (fake clock)', () => {
  it('grows from its modest start while the service answers everything', async () => {
    const clock = new FakeClock();
    const service = new SimulatedService(clock);
    const queue = identityPoolPacing(clock);
    await runAll(queue, clock, service, 400);

    const firstSecond = service.sentIn(0, 1000);
    const thirdSecond = service.sentIn(2000, 3000);
    // A first second of its burst (10) and 10–20/s; doubling every second after that.
    expect(firstSecond).toBeGreaterThanOrEqual(20);
    expect(firstSecond).toBeLessThanOrEqual(30);
    expect(thirdSecond).toBeGreaterThan(firstSecond * 2);
    expect(service.throttledCount).toBe(0);
  });

  it.each([25, 10])('backs off on the first throttles, then holds just under the %i/s the service answered', async (limit) => {
    const clock = new FakeClock();
    const service = new SimulatedService(clock, { limit });
    const queue = identityPoolPacing(clock);
    const samples: Array<{ at: number; rate: number }> = [];
    const sample = async (): Promise<void> => {
      while (queue.stats.answered < 600) {
        await clock.sleep(100);
        samples.push({ at: clock.now(), rate: queue.stats.ratePerSecond });
      }
    };
    const sampling = sample();
    await runAll(queue, clock, service, 600);
    await sampling;

    // The first drop ends the slow start (a short measurement a little above what was answered); every cut after it
    // lands just under the rate the service answered in the seconds before.
    const drops = samples.filter((sample, index) => index > 0 && sample.rate < (samples[index - 1] as { rate: number }).rate * 0.98);
    const cuts = drops.slice(1);
    expect(cuts.length).toBeGreaterThan(1);
    for (const cut of cuts) {
      expect(cut.rate).toBeLessThan(service.admittedRate(cut.at - 2000, cut.at) * 1.05);
      expect(cut.rate).toBeGreaterThan(limit * 0.88);
      expect(cut.rate).toBeLessThan(limit * 1.06);
    }
    // In between it probes upward, slowly (the service's bucket lets it past the limit for a while): the pace averages
    // close to the limit and never runs away.
    const settled = samples.filter((sample) => sample.at > 8000);
    const average = settled.reduce((sum, sample) => sum + sample.rate, 0) / settled.length;
    expect(average).toBeGreaterThan(limit * 0.93);
    expect(average).toBeLessThan(limit * 1.05);
    expect(Math.max(...settled.map((sample) => sample.rate))).toBeLessThan(limit * 1.2);
    expect(service.admittedRate(5000, clock.now() - 1000)).toBeGreaterThan(limit * 0.93);
    // "At most a few percent" of the requests throttled.
    expect(service.throttledCount / service.calls.length).toBeLessThan(0.03);
  });

  it.each([
    [25, 25],
    [10, 10],
    [25, 2],
  ])('describes 1,000 items within 1.1× of the bound at %i/s (service burst %i)', async (limit, burst) => {
    const clock = new FakeClock();
    const service = new SimulatedService(clock, { limit, burst });
    const queue = identityPoolPacing(clock);
    const { results, elapsedMs } = await runAll(queue, clock, service, 1000);

    expect(results).toEqual(Array.from({ length: 1000 }, (_, index) => index * 2));
    const boundMs = (1000 / limit) * 1000;
    expect(elapsedMs / boundMs).toBeLessThan(1.1);
    expect(service.throttledCount / service.calls.length).toBeLessThan(0.03);
  });

  it('puts a throttled call back in the queue: it is sent again later, without a worker waiting on it', async () => {
    const clock = new FakeClock();
    const service = new SimulatedService(clock, { limit: 5, burst: 1 });
    const queue = identityPoolPacing(clock);
    const { results } = await runAll(queue, clock, service, 40);

    expect(results).toEqual(Array.from({ length: 40 }, (_, index) => index * 2));
    const throttledItems = [...new Set(service.calls.filter((call) => call.throttled).map((call) => call.item))];
    expect(throttledItems.length).toBeGreaterThan(0);
    for (const item of throttledItems) {
      const attempts = service.calls.filter((call) => call.item === item);
      expect(attempts.at(-1)?.throttled).toBe(false);
    }
    // Every attempt is a separate, paced send: calls = items + throttled replies, never more in flight than the pace allows.
    expect(service.calls.length).toBe(40 + service.throttledCount);
    expect(queue.stats).toMatchObject({ sent: service.calls.length, answered: 40, throttled: service.throttledCount });
    expect(service.maxInFlight).toBeLessThanOrEqual(4);
  });

  it('keeps the number in flight near rate × latency when the service is slow', async () => {
    const clock = new FakeClock();
    const service = new SimulatedService(clock, { latencyMs: [900, 1100] });
    const queue = new PacedQueue({ initialRate: 5, maxRate: 5, isThrottled, clock });
    await runAll(queue, clock, service, 60);
    // 5/s × ~1 s = 5 in flight, plus headroom for jitter: never the whole queue at once.
    expect(service.maxInFlight).toBeGreaterThanOrEqual(4);
    expect(service.maxInFlight).toBeLessThanOrEqual(9);
  });

  it('never exceeds a documented rate (5/s per user pool), bursting at most its bucket', async () => {
    const clock = new FakeClock();
    const service = new SimulatedService(clock);
    const queue = new PacedQueue({ ...APP_CLIENT_READ_PACE, isThrottled, clock });
    await runAll(queue, clock, service, 50);
    expect(service.sentIn(0, 1000)).toBeLessThanOrEqual(10);
    for (let second = 1; second < 9; second++) {
      expect(service.sentIn(second * 1000, (second + 1) * 1000)).toBeLessThanOrEqual(6);
    }
    expect(clock.now()).toBeGreaterThan(8000);
  });

  it('fails a call the service keeps throttling with its last throttling error', async () => {
    const clock = new FakeClock();
    const queue = new PacedQueue({ initialRate: 10, isThrottled, clock, maxThrottlesPerCall: 3 });
    let attempts = 0;
    const outcome = queue.run(async () => {
      attempts++;
      await clock.sleep(30);
      throw new Throttled('Rate exceeded');
    }).catch((error: unknown) => error);
    await clock.run();
    expect(await outcome).toBeInstanceOf(Throttled);
    expect(attempts).toBe(3);
  });

  it('passes other failures through at once, without retrying', async () => {
    const clock = new FakeClock();
    const queue = identityPoolPacing(clock);
    let attempts = 0;
    const outcome = queue.run(async () => {
      attempts++;
      throw new Error('denied');
    }).catch((error: unknown) => error);
    await clock.run();
    expect(await outcome).toMatchObject({ message: 'denied' });
    expect(attempts).toBe(1);
  });

  it('stop() rejects the calls not sent yet and sends nothing more', async () => {
    const clock = new FakeClock();
    const service = new SimulatedService(clock);
    const queue = new PacedQueue({ initialRate: 1, maxRate: 1, isThrottled, clock });
    const outcomes = [0, 1, 2].map((item) => queue.run(() => service.call(item)).catch((error: unknown) => error));
    await clock.run(100);
    queue.stop();
    await clock.run();
    const settled = await Promise.all(outcomes);
    expect(settled[0]).toBe(0);
    expect(settled[1]).toBeInstanceOf(QueueStoppedError);
    expect(settled[2]).toBeInstanceOf(QueueStoppedError);
    expect(service.calls).toHaveLength(1);
    await expect(queue.run(() => service.call(3))).rejects.toBeInstanceOf(QueueStoppedError);
  });
});
