// Start-up cost of the offline commands, as ratios to a bare `node -e 0` measured in the same run (interleaved, so
// the machine's load hits every command alike): wall time, and CPU time (reported by a preloaded scripts/cpu-time.cjs
// in separate runs), which a busy shared machine disturbs much less.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cliEntry = fileURLToPath(new URL('../bin/mycli.js', import.meta.url));
const cpuReporter = fileURLToPath(new URL('./cpu-time.cjs', import.meta.url));

export interface StartupCase {
  name: string;
  args: string[];
}

export interface StartupResult {
  name: string;
  medianMs: number;
  /** medianMs divided by the median of `node -e 0`. */
  ratio: number;
  cpuMedianMs: number;
  cpuRatio: number;
}

export async function measureStartup(cases: StartupCase[], options: { cwd: string; env: Record<string, string>; runs: number }): Promise<{
  nodeMedianMs: number;
  nodeCpuMedianMs: number;
  results: StartupResult[];
}> {
  const commands: Array<{ name: string; args: string[] }> = [
    { name: 'node -e 0', args: ['-e', '0'] },
    ...cases.map((entry) => ({ name: entry.name, args: [cliEntry, ...entry.args] })),
  ];
  const wall = new Map(commands.map((command): [string, number[]] => [command.name, []]));
  const cpu = new Map(commands.map((command): [string, number[]] => [command.name, []]));
  // One warm-up round (file cache), then the measured rounds.
  for (let round = -1; round < options.runs; round++) {
    for (const command of commands) {
      const timed = await runProcess(command.args, options);
      const reported = await runProcess(['--require', cpuReporter, ...command.args], options);
      if (round < 0) continue;
      wall.get(command.name)?.push(timed.wallMs);
      cpu.get(command.name)?.push(reported.cpuMs);
    }
  }
  const nodeMedianMs = median(wall.get('node -e 0') ?? []);
  const nodeCpuMedianMs = median(cpu.get('node -e 0') ?? []);
  return {
    nodeMedianMs,
    nodeCpuMedianMs,
    results: cases.map((entry) => {
      const medianMs = median(wall.get(entry.name) ?? []);
      const cpuMedianMs = median(cpu.get(entry.name) ?? []);
      return { name: entry.name, medianMs, ratio: medianMs / nodeMedianMs, cpuMedianMs, cpuRatio: cpuMedianMs / nodeCpuMedianMs };
    }),
  };
}

function runProcess(args: string[], options: { cwd: string; env: Record<string, string> }): Promise<{ wallMs: number; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // Standard output is a pipe, as in a terminal or a CI log (Node sets up a stream for it; /dev/null would not).
    const child = spawn(process.execPath, args, { cwd: options.cwd, env: { PATH: process.env.PATH ?? '', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.resume();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr}`));
      else resolve({ wallMs, cpuMs: Number(/mycli-bench-cpu-ms ([\d.]+)/.exec(stderr)?.[1] ?? Number.NaN) });
    });
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
