import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createPrinter } from './printer.js';

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

describe('printer.json', () => {
  it('writes U+2028 and U+2029 escaped, in keys and values, so the JSON stays on its lines and parses to the same value', () => {
    const stdout = capture();
    const stderr = capture();
    const value = { 'pool\u2028name': ['a\u2028b', 'c\u2029d'], plain: 'café \u00e9 \u{1d4b3}', quote: '"\\' };
    createPrinter({ stdout: stdout.stream, stderr: stderr.stream, env: {} }).json(value);
    const written = stdout.text();
    expect(written).not.toMatch(/[\u2028\u2029]/);
    expect(written).toContain('"pool\\u2028name"');
    expect(written).toContain('"a\\u2028b"');
    expect(written).toContain('"c\\u2029d"');
    // Other characters are written as JSON.stringify writes them.
    expect(written).toContain('café \u00e9 \u{1d4b3}');
    expect(written.endsWith('}\n')).toBe(true);
    expect(JSON.parse(written)).toEqual(value);
    expect(stderr.text()).toBe('');
  });
});
