import { describe, expect, it } from 'vitest';
import { printFileChanges } from './file-changes.js';
import { createPrinter } from './printer.js';

function printed(changes: Parameters<typeof printFileChanges>[1]): string[] {
  const lines: string[] = [];
  const stream = { write: (text: string) => lines.push(text.trimEnd()) } as unknown as NodeJS.WritableStream;
  printFileChanges(createPrinter({ stderr: stream, stdout: stream, env: {} }), changes, (path) => path);
  return lines;
}

describe('printFileChanges', () => {
  it('lists a file written twice once: created then updated is created; unchanged files not at all', () => {
    expect(
      printed([
        { path: 'a.json', change: 'created' },
        { path: 'b.json', change: 'updated' },
        { path: 'a.json', change: 'updated' },
        { path: 'c.json', change: 'unchanged' },
        { path: 'b.json', change: 'updated' },
      ]),
    ).toEqual(['  created a.json', '  updated b.json']);
  });
});
