// How fast describe-heavy discovery may call a service: a token bucket whose rate is learned from the service's
// own answers. Pure and clock-free (every method takes `now` in milliseconds), so the pacing is unit-tested with a
// fake clock. Amazon Cognito publishes no quota for DescribeIdentityPool: the rate starts modestly and doubles every
// second until the first throttle; it then measures what the service answered while it was throttling (its real
// limit, whatever burst it allowed before), holds just under that and probes upward slowly.

export interface RequestRateOptions {
  /** Requests per second to start with. */
  initialRate: number;
  /** A documented quota (5/s per user pool for app-client reads): never exceeded, and no growth phase is needed. */
  maxRate?: number;
  /** Tokens the bucket holds at the start and after an idle spell. */
  burst?: number;
}

/** Below a documented maximum, no rate is assumed: the ceiling only bounds a runaway growth on an unthrottled endpoint. */
const UNBOUNDED_MAX_RATE = 500;
const MIN_RATE = 0.2;
/** Slow start: the rate doubles every second until the service first throttles. */
const GROWTH_PER_SECOND = 2;
/**
 * After a cut the rate probes upward at +1% a second, and faster the longer no throttle comes (the step doubles every
 * PROBE_DOUBLING_MS, up to slow start's pace): near the limit just found it creeps, and a rate cut too far (a throttle
 * caused by jitter, or a quota raised since) is soon regained.
 */
const PROBE_START = 0.01;
const PROBE_DOUBLING_MS = 3_000;
/** Held this far under the rate the service answered. */
const HOLD_FRACTION = 0.95;
/** Long enough for the measured answered rate to average out reply jitter, short enough to throttle little. */
const MEASURE_MS = 500;
const MEASURE_MIN_ANSWERS = 8;
const MEASURE_OVERSHOOT = 1.1;
/** Replies to requests sent this soon after a cut still meet the service's emptied bucket: they do not cut again. */
const CUT_GRACE_MS = 500;
const WINDOW_MS = 2_000;
/** A throttle this long after the previous one starts a new episode. */
const EPISODE_GAP_MS = 2_000;
/** Growth is applied for at most this much time at once, so an idle spell does not become a jump in rate. */
const MAX_GROWTH_STEP_MS = 250;
const LATENCY_SMOOTHING = 0.2;
/** Until a reply is seen: a slow but plausible round trip, so the first requests may overlap. */
const INITIAL_LATENCY_MS = 200;
/** Requests in flight may exceed rate × latency by this much, so jitter in reply times does not stall the pace. */
const IN_FLIGHT_HEADROOM = 1.5;
const MAX_IN_FLIGHT = 16;

type Phase = 'growing' | 'measuring' | 'holding';

export class RequestRate {
  private rate: number;
  private readonly maxRate: number;
  private readonly capacity: number;
  private tokens: number;
  private phase: Phase;
  private lastRefill: number | undefined;
  private lastCut = Number.NEGATIVE_INFINITY;
  private measureStart = 0;
  private lastThrottle = Number.NEGATIVE_INFINITY;
  /** When the current run of throttles (none more than EPISODE_GAP_MS apart) began. */
  private episodeStart = 0;
  /** Reply times of the successful requests of the last WINDOW_MS. */
  private answers: number[] = [];
  private latencyMs = INITIAL_LATENCY_MS;

  constructor(options: RequestRateOptions) {
    this.maxRate = options.maxRate ?? UNBOUNDED_MAX_RATE;
    this.rate = clamp(options.initialRate, MIN_RATE, this.maxRate);
    this.capacity = Math.max(1, options.burst ?? 1);
    this.tokens = this.capacity;
    // A documented rate is the answer already: hold it (and back off only if the account's other callers share it).
    this.phase = this.rate >= this.maxRate ? 'holding' : 'growing';
  }

  /** Requests per second now. */
  get current(): number {
    return this.rate;
  }

  /** How many requests may be in flight at once: the rate times the observed latency, with headroom. */
  get maxInFlight(): number {
    return Math.min(MAX_IN_FLIGHT, Math.ceil((this.rate * this.latencyMs * IN_FLIGHT_HEADROOM) / 1000) + 1);
  }

  /** Takes a token for a request about to be sent: 0 when taken, else the milliseconds until one will be there. */
  take(now: number): number {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - this.tokens) / this.rate) * 1000));
  }

  answered(sentAt: number, now: number): void {
    this.latencyMs += LATENCY_SMOOTHING * (now - sentAt - this.latencyMs);
    this.answers.push(now);
    this.forgetBefore(now - WINDOW_MS);
    if (this.phase === 'measuring') this.finishMeasuringWhenDone(now);
  }

  /** The service refused the request sent at `sentAt` for its rate. */
  throttled(sentAt: number, now: number): void {
    this.refill(now);
    const episodeGoesOn = now - this.lastThrottle <= EPISODE_GAP_MS;
    this.lastThrottle = now;
    if (!episodeGoesOn) this.episodeStart = now;
    if (this.phase === 'measuring') {
      this.finishMeasuringWhenDone(now);
      return;
    }
    // Sent before (or just after) the last cut: the service answered a rate we already left.
    if (sentAt < this.lastCut + CUT_GRACE_MS) return;
    if (this.phase === 'growing') {
      // What was answered before the first throttle may include a burst the service's bucket allowed, and a throttle
      // may be jitter: neither tells the sustained limit. Send a little above the answered rate for a moment and
      // measure what gets through while the service is saturated: that is its limit.
      const answered = this.answeredRate(now, now - WINDOW_MS) ?? this.rate;
      this.rate = clamp(Math.min(this.rate, answered * MEASURE_OVERSHOOT), MIN_RATE, this.maxRate);
      this.phase = 'measuring';
      this.measureStart = now;
      return;
    }
    // Holding: the probe went past the limit. What the service answered lately is about its limit (a little more when
    // its bucket had filled while we were under it); once throttling has gone on for a while, exactly its limit.
    const saturatedSince = now - this.episodeStart >= MEASURE_MS ? this.episodeStart : now - WINDOW_MS;
    this.cutTo(this.answeredRate(now, saturatedSince), now);
  }

  private finishMeasuringWhenDone(now: number): void {
    if (now - this.measureStart < MEASURE_MS) return;
    const answered = this.answers.filter((time) => time >= this.measureStart).length;
    if (answered < MEASURE_MIN_ANSWERS && now - this.measureStart < WINDOW_MS) return;
    if (this.lastThrottle >= this.measureStart + MEASURE_MS / 4) {
      this.cutTo(this.answeredRate(now, this.measureStart), now);
    } else {
      // Everything got through: the limit is higher still. Back to slow start.
      this.phase = 'growing';
    }
  }

  private cutTo(answered: number | undefined, now: number): void {
    const base = answered === undefined ? this.rate / 2 : Math.min(this.rate, answered);
    this.rate = clamp(base * HOLD_FRACTION, MIN_RATE, this.maxRate);
    this.phase = 'holding';
    this.lastCut = now;
  }

  /** Successful replies per second after `since`, from the span between the first and the last (jitter-tolerant). */
  private answeredRate(now: number, since: number): number | undefined {
    this.forgetBefore(now - WINDOW_MS);
    const times = this.answers.filter((time) => time >= since);
    if (times.length < 3) return undefined;
    const spanMs = (times[times.length - 1] as number) - (times[0] as number);
    return spanMs > 0 ? ((times.length - 1) * 1000) / spanMs : undefined;
  }

  private refill(now: number): void {
    if (this.lastRefill === undefined) {
      this.lastRefill = now;
      return;
    }
    const elapsed = Math.max(0, now - this.lastRefill);
    this.lastRefill = now;
    this.tokens = Math.min(this.capacity, this.tokens + (this.rate * elapsed) / 1000);
    const step = Math.min(elapsed, MAX_GROWTH_STEP_MS) / 1000;
    if (this.phase === 'growing') {
      this.rate = clamp(this.rate * GROWTH_PER_SECOND ** step, MIN_RATE, this.maxRate);
    } else if (this.phase === 'holding') {
      const probe = Math.min(GROWTH_PER_SECOND - 1, PROBE_START * 2 ** ((now - this.lastCut) / PROBE_DOUBLING_MS));
      this.rate = clamp(this.rate * (1 + probe) ** step, MIN_RATE, this.maxRate);
    }
  }

  private forgetBefore(time: number): void {
    let drop = 0;
    while (drop < this.answers.length && (this.answers[drop] as number) < time) drop++;
    if (drop > 0) this.answers.splice(0, drop);
  }
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
