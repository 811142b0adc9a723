import { describe, expect, it } from 'vitest';
import { labelledLines, renderTable } from './table.js';

describe('renderTable', () => {
  it('pads every column to its widest cell, header included, between box rules', () => {
    const lines = renderTable(['Category', 'Resource name', 'Operation'], [
      ['Auth', 'shopAuthentication', 'Import'],
      ['Storage', 'media', 'No Change'],
    ]);
    expect(lines).toEqual([
      '┌──────────┬────────────────────┬───────────┐',
      '│ Category │ Resource name      │ Operation │',
      '├──────────┼────────────────────┼───────────┤',
      '│ Auth     │ shopAuthentication │ Import    │',
      '│ Storage  │ media              │ No Change │',
      '└──────────┴────────────────────┴───────────┘',
    ]);
  });

  it('renders a header-only table and fills missing cells with blanks', () => {
    expect(renderTable(['A', 'Bee'], [])).toEqual(['┌───┬─────┐', '│ A │ Bee │', '├───┼─────┤', '└───┴─────┘']);
    expect(renderTable(['A', 'B'], [['only']])[3]).toBe('│ only │   │');
  });

  it('counts code points, not UTF-16 units, so accented and astral characters keep the borders aligned', () => {
    const lines = renderTable(['Name'], [['café'], ['𝒳y']]);
    expect(lines[3]).toBe('│ café │');
    expect(lines[4]).toBe('│ 𝒳y   │');
  });
});

describe('labelledLines', () => {
  it('puts every value in one column after the longest label', () => {
    expect(labelledLines([['web client', 'a'], ['signed-in role', 'b']])).toEqual(['web client:     a', 'signed-in role: b']);
    expect(labelledLines([])).toEqual([]);
  });
});
