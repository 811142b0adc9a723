// A clock for pacing tests: time moves only when the test runs the timers, so no assertion depends on the machine.

import type { Clock } from '../../src/aws/paced-queue.js';

interface Timer {
  at: number;
  order: number;
  callback: () => void;
  cancelled: boolean;
}

export class FakeClock implements Clock {
  private time = 0;
  private order = 0;
  private timers: Timer[] = [];

  now(): number {
    return this.time;
  }

  setTimer(callback: () => void, ms: number): () => void {
    const timer: Timer = { at: this.time + Math.max(0, ms), order: this.order++, callback, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** A promise resolved after `ms` of fake time. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(resolve, ms));
  }

  /** Fires timers in time order, letting promise callbacks run after each, until none is left or `untilMs` is reached. */
  async run(untilMs = Number.POSITIVE_INFINITY): Promise<void> {
    for (;;) {
      await settleMicrotasks();
      this.timers = this.timers.filter((timer) => !timer.cancelled);
      if (this.timers.length === 0) return;
      this.timers.sort((a, b) => a.at - b.at || a.order - b.order);
      const next = this.timers[0] as Timer;
      if (next.at > untilMs) {
        this.time = untilMs;
        return;
      }
      this.timers.shift();
      this.time = Math.max(this.time, next.at);
      next.callback();
    }
  }
}

/** setImmediate runs after every queued promise callback (and those they queue). */
function settleMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
