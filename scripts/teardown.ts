// Everything a script starts or creates (emulators, temp folders) is registered here and undone exactly once:
// when the script ends, after a failure, or on Ctrl+C / SIGTERM, so no cognito-local process or temp folder is left behind.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

type Step = () => Promise<void>;

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export class Teardown {
  private readonly pending = new Set<Step>();
  private finished: Promise<void> | undefined;
  private interruptedBy: keyof typeof SIGNAL_EXIT_CODES | undefined;

  constructor() {
    // `on`, not `once`: Ctrl+C reaches this process several times (the terminal's process group, then npm and
    // tsx relaying it), and a second default-handled SIGINT would kill the process halfway through cleaning up.
    for (const signal of Object.keys(SIGNAL_EXIT_CODES) as Array<keyof typeof SIGNAL_EXIT_CODES>) {
      process.on(signal, () => void this.onSignal(signal));
    }
  }

  /** True once a signal started the teardown: failures seen after that are its consequence, not news. */
  get interrupted(): boolean {
    return this.interruptedBy !== undefined;
  }

  /** Registers an undo step; the returned function runs it now (once) and unregisters it. */
  add(step: Step): () => Promise<void> {
    let done: Promise<void> | undefined;
    const once: Step = () => {
      this.pending.delete(once);
      done ??= step();
      return done;
    };
    this.pending.add(once);
    return once;
  }

  /** A new folder under the OS temp dir, removed at teardown. */
  async tempDir(prefix: string): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), prefix));
    this.add(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  /** Runs every step still registered, newest first; a failing step is reported and the others still run. */
  run(): Promise<void> {
    this.finished ??= this.runPending();
    return this.finished;
  }

  private async runPending(): Promise<void> {
    for (const step of [...this.pending].reverse()) {
      try {
        await step();
      } catch (error) {
        console.error(`Cleanup step failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private async onSignal(signal: keyof typeof SIGNAL_EXIT_CODES): Promise<void> {
    if (this.interruptedBy) return;
    this.interruptedBy = signal;
    console.error(`\n${signal} received: stopping the emulators and removing temp folders…`);
    await this.run();
    process.exit(SIGNAL_EXIT_CODES[signal]);
  }
}
