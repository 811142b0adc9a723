// A boxed text table like the one Amplify CLI Gen 1 prints for `amplify status`. Plain text cells only:
// widths are counted in code points, so colour codes or wide (CJK, emoji) characters would misalign it.
import { escapeUntrusted } from '../core/untrusted-text.js';

/** Cells are data (names, ids from project files): each is escaped, so none can break a row. */
export function renderTable(header: string[], cellRows: string[][]): string[] {
  const rows = cellRows.map((cells) => cells.map(escapeUntrusted));
  const columnCount = Math.max(header.length, ...rows.map((cells) => cells.length));
  const widths = Array.from({ length: columnCount }, (_, column) =>
    Math.max(...[header, ...rows].map((cells) => width(cells[column] ?? ''))),
  );
  const rule = (left: string, middle: string, right: string) =>
    `${left}${widths.map((columnWidth) => '─'.repeat(columnWidth + 2)).join(middle)}${right}`;
  const line = (cells: string[]) =>
    `│${widths.map((columnWidth, column) => ` ${pad(cells[column] ?? '', columnWidth)} `).join('│')}│`;

  return [rule('┌', '┬', '┐'), line(header), rule('├', '┼', '┤'), ...rows.map(line), rule('└', '┴', '┘')];
}

function width(text: string): number {
  return [...text].length;
}

function pad(text: string, columnWidth: number): string {
  return text + ' '.repeat(columnWidth - width(text));
}

/** `label: value` lines with the values in one column: `web client:     'web' (id)` / `signed-in role: arn…`. */
export function labelledLines(rows: Array<[label: string, value: string]>): string[] {
  const width = Math.max(0, ...rows.map(([label]) => label.length + 1));
  return rows.map(([label, value]) => `${`${label}:`.padEnd(width)} ${value}`);
}
