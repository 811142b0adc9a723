// The rate-limited account: 1,000 identity pools behind a DescribeIdentityPool limit (a token bucket in the stub that
// answers TooManyRequestsException, as Cognito Identity does), replies taking 20–40 ms. Discovery has to find the
// limit itself: Cognito publishes none. The bound is what the limit allows: pools ÷ limit seconds.

import { cp, rm } from 'node:fs/promises';
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
  /** The same import again in a fresh project within the describe cache's lifetime (a re-run after a refusal). */
  rerun: { wallMs: number; describes: number };
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
  emulators.stub.setPacing({ latencyMs: REPLY_LATENCY_MS, limits: { DescribeIdentityPool: { perSecond: limitPerSecond } } });
  // No describe cache from an earlier run: the first import scans every pool (and fills the cache).
  await rm(path.join(emulators.env.HOME as string, '.cache', 'mycli'), { recursive: true, force: true });
  try {
    const boundMs = (pools / limitPerSecond) * 1000;
    const first = await importOnce(options, `rate-limited-${limitPerSecond}`, boundMs * 3 + 30_000);
    const describes = first.calls.filter((call) => call.operation === 'DescribeIdentityPool');
    const rerun = await importOnce(options, `rate-limited-${limitPerSecond}-rerun`, 60_000);
    return {
      pools,
      limitPerSecond,
      describes: describes.length,
      throttled: describes.filter((call) => call.throttled).length,
      wallMs: first.wallMs,
      boundMs,
      ratio: first.wallMs / boundMs,
      rerun: { wallMs: rerun.wallMs, describes: rerun.calls.filter((call) => call.operation === 'DescribeIdentityPool').length },
    };
  } finally {
    emulators.stub.setPacing({});
  }
}

async function importOnce(
  options: { emulators: Emulators; template: string; workDir: string; args: string[]; limitPerSecond: number },
  name: string,
  timeoutMs: number,
): Promise<{ wallMs: number; calls: Array<{ operation: string; throttled?: boolean }> }> {
  const { emulators } = options;
  const project = path.join(options.workDir, name);
  await cp(options.template, project, { recursive: true });
  emulators.stub.resetCalls();
  const started = performance.now();
  const result = await runCli(options.args, { cwd: project, env: emulators.env, timeoutMs });
  const wallMs = performance.now() - started;
  if (result.code !== 0) throw new Error(`The rate-limited import (${options.limitPerSecond}/s, ${name}) exited with ${result.code}:\n${result.stderr}`);
  return { wallMs, calls: [...emulators.stub.calls] };
}
