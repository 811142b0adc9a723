import { describe, expect, it } from 'vitest';
import { escapeUntrusted, nameAndId, quoted } from './untrusted-text.js';

describe('escapeUntrusted', () => {
  it('leaves ordinary names, ids and non-Latin text alone', () => {
    for (const value of ['acme-users', 'us-east-1_AbC123', 'us-east-1:3f6c-0c57', 'Ünïcødé 名前 😀', "it's"]) {
      expect(escapeUntrusted(value)).toBe(value);
    }
  });

  it('escapes line breaks, separators and terminal controls so one value stays on one line', () => {
    expect(escapeUntrusted('a\nb')).toBe('a\\nb');
    expect(escapeUntrusted('a\r\tb')).toBe('a\\r\\tb');
    expect(escapeUntrusted('x\u2028y\u2029z')).toBe('x\\u2028y\\u2029z');
    expect(escapeUntrusted('\u001b[2Jcleared')).toBe('\\u001b[2Jcleared');
    expect(escapeUntrusted('\u0085next')).toBe('\\u0085next');
    expect(escapeUntrusted('\u0000')).toBe('\\u0000');
    expect(escapeUntrusted('\u007f')).toBe('\\u007f');
  });

  it('escapes bidirectional overrides and lone surrogates, keeping real surrogate pairs', () => {
    expect(escapeUntrusted('admin\u202egnp.exe')).toBe('admin\\u202egnp.exe');
    expect(escapeUntrusted('\u2066x\u2069')).toBe('\\u2066x\\u2069');
    expect(escapeUntrusted('\ud800')).toBe('\\ud800');
    expect(escapeUntrusted('a\udc00')).toBe('a\\udc00');
    expect(escapeUntrusted('😀')).toBe('😀');
  });

  it('escapes a backslash, so a literal "\\n" and a newline cannot look alike', () => {
    expect(escapeUntrusted('a\\nb')).toBe('a\\\\nb');
    expect(escapeUntrusted('a\\nb')).not.toBe(escapeUntrusted('a\nb'));
  });

  it('never outputs a character that breaks a line', () => {
    const hostile = Array.from({ length: 0x2070 }, (_, code) => String.fromCharCode(code)).join('');
    expect(escapeUntrusted(hostile)).not.toMatch(/[\n\r\u2028\u2029\u0085\u000b\u000c]/);
  });
});

describe('quoted and nameAndId', () => {
  it("quotes with single quotes and escapes a quote inside", () => {
    expect(quoted('acme-web')).toBe("'acme-web'");
    expect(quoted("o'brien\n")).toBe("'o\\'brien\\n'");
  });

  it("shows 'name' (id), or the id alone when there is no distinct name", () => {
    expect(nameAndId('acme-users', 'us-east-1_AcmeUsr01')).toBe("'acme-users' (us-east-1_AcmeUsr01)");
    expect(nameAndId(undefined, 'us-east-1_X')).toBe('us-east-1_X');
    expect(nameAndId('', 'us-east-1_X')).toBe('us-east-1_X');
    expect(nameAndId('id\n', 'id\n')).toBe('id\\n');
    expect(nameAndId('evil\nname', 'id')).toBe("'evil\\nname' (id)");
  });
});
