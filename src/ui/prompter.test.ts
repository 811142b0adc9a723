import { PassThrough } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createPrompter, isInteractiveSession } from './prompter.js';

/** A prompter on scripted streams: keys go in as a terminal would send them, everything drawn is collected. */
function scripted() {
  const input = new PassThrough();
  const output = new PassThrough();
  let drawn = '';
  output.setEncoding('utf8').on('data', (chunk: string) => (drawn += chunk));
  const shown = async (text: string) => {
    for (let i = 0; i < 200 && !stripVTControlCharacters(drawn).includes(text); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    return stripVTControlCharacters(drawn);
  };
  return { prompter: createPrompter(true, { input, output }), input, shown };
}

describe('the interactive prompter', () => {
  it('draws every question on the stream it was given (standard error by default), never on standard output', async () => {
    const stdoutWrite = process.stdout.write;
    let onStdout = '';
    process.stdout.write = ((chunk: string | Uint8Array) => {
      onStdout += String(chunk);
      return true;
    }) as typeof process.stdout.write;
    try {
      const { prompter, input, shown } = scripted();
      const confirmed = prompter.confirm({ message: 'Apply the plan?', flag: '--yes' }, false);
      expect(await shown('Apply the plan?')).toContain('Apply the plan?');
      input.write('y\r');
      await expect(confirmed).resolves.toBe(true);

      const { prompter: picker, input: keys, shown: pickerShown } = scripted();
      const picked = picker.select({ message: 'Pick one', flag: '--one' }, [{ name: 'first', value: 1 }, { name: 'second', value: 2 }]);
      expect(await pickerShown('second')).toContain('Pick one');
      keys.write('\u001b[B\r');
      await expect(picked).resolves.toBe(2);
    } finally {
      process.stdout.write = stdoutWrite;
    }
    expect(onStdout).toBe('');
  });

  it('refuses to ask when not interactive, naming the flag that answers the question (exit 2)', async () => {
    const error = await createPrompter(false).confirm({ message: 'Apply the plan?', flag: '--yes' }, false).catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 2, resolution: expect.stringContaining('Pass --yes') });
  });
});

describe('isInteractiveSession', () => {
  const terminal = { env: {}, stdinIsTTY: true, stderrIsTTY: true };
  it('asks only with a terminal on standard input and standard error, outside CI and without --yes', () => {
    expect(isInteractiveSession(terminal)).toBe(true);
    expect(isInteractiveSession({ ...terminal, stdinIsTTY: false })).toBe(false);
    // `mycli … 2> log` would draw its questions where nobody sees them.
    expect(isInteractiveSession({ ...terminal, stderrIsTTY: false })).toBe(false);
    expect(isInteractiveSession({ ...terminal, yes: true })).toBe(false);
    expect(isInteractiveSession({ ...terminal, env: { CI: 'true' } })).toBe(false);
    expect(isInteractiveSession({ ...terminal, env: { CI: 'false' } })).toBe(true);
  });
});
