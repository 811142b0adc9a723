// The rate-limited account: 1,000 identity pools behind a DescribeIdentityPool limit (a token bucket in the stub that
// answers TooManyRequestsException, as Cognito Identity does), replies taking 20–40 ms. Discovery has to find the
// limit itself: Cognito publishes none. The bound is what the limit allows: pools ÷ limit seconds.

import { cp } from 'node:fs/promises';
import path from 'node:path';
import type { Emulators } from '../test/support/emulators.js';
import { runCli } from '../test/support/run-cli.js';

export interface RateLimitedRun {
  pools: number;
  limitPerSecond: number;
  describes: number;
  throttled: number;
  wallMs: number;
  boundMs: number;
  ratio: number;
}

export const REPLY_LATENCY_MS: [number, number] = [20, 40];

export async function measureRateLimited(options: {
  emulators: Emulators;
  pools: number;
  limitPerSecond: number;
  template: string;
  workDir: string;
  args: string[];
}): Promise<RateLimitedRun> {
  const { emulators, pools, limitPerSecond } = options;
  const project = path.join(options.workDir, `rate-limited-${limitPerSecond}`);
  await cp(options.template, project, { recursive: true });
  emulators.stub.setPacing({ latencyMs: REPLY_LATENCY_MS, limits: { DescribeIdentityPool: { perSecond: limitPerSecond } } });
  emulators.stub.resetCalls();
  try {
    const started = performance.now();
    const boundMs = (pools / limitPerSecond) * 1000;
    const result = await runCli(options.args, { cwd: project, env: emulators.env, timeoutMs: boundMs * 3 + 30_000 });
    const wallMs = performance.now() - started;
    if (result.code !== 0) throw new Error(`The rate-limited import (${limitPerSecond}/s) exited with ${result.code}:\n${result.stderr}`);
    const describes = emulators.stub.calls.filter((call) => call.operation === 'DescribeIdentityPool');
    return {
      pools,
      limitPerSecond,
      describes: describes.length,
      throttled: describes.filter((call) => call.throttled).length,
      wallMs,
      boundMs,
      ratio: wallMs / boundMs,
    };
  } finally {
    emulators.stub.setPacing({});
  }
}
