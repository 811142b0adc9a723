// Start-up cost of the offline commands, as ratios to a bare `node -e 0` measured in the same run (interleaved, so
// the machine's load hits every command alike).

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cliEntry = fileURLToPath(new URL('../bin/mycli.js', import.meta.url));

export interface StartupCase {
  name: string;
  args: string[];
}

export interface StartupResult {
  name: string;
  medianMs: number;
  /** medianMs divided by the median of `node -e 0`. */
  ratio: number;
}

export async function measureStartup(cases: StartupCase[], options: { cwd: string; env: Record<string, string>; runs: number }): Promise<{
  nodeMedianMs: number;
  results: StartupResult[];
}> {
  const samples = new Map<string, number[]>([['node -e 0', []], ...cases.map((entry): [string, number[]] => [entry.name, []])]);
  const commands: Array<{ name: string; args: string[] }> = [{ name: 'node -e 0', args: ['-e', '0'] }, ...cases.map((entry) => ({ name: entry.name, args: [cliEntry, ...entry.args] }))];
  // One warm-up round (file cache), then the measured rounds.
  for (let round = -1; round < options.runs; round++) {
    for (const command of commands) {
      const elapsed = await timeProcess(command.args, options);
      if (round >= 0) samples.get(command.name)?.push(elapsed);
    }
  }
  const nodeMedianMs = median(samples.get('node -e 0') ?? []);
  return {
    nodeMedianMs,
    results: cases.map((entry) => {
      const medianMs = median(samples.get(entry.name) ?? []);
      return { name: entry.name, medianMs, ratio: medianMs / nodeMedianMs };
    }),
  };
}

function timeProcess(args: string[], options: { cwd: string; env: Record<string, string> }): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: options.cwd, env: { PATH: process.env.PATH ?? '', ...options.env }, stdio: 'ignore' });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) reject(new Error(`${args.join(' ')} exited with ${code}`));
      else resolve(performance.now() - started);
    });
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
