import { describe, expect, it } from 'vitest';
import { shellQuote } from './shell-quote.js';

describe('shellQuote', () => {
  it('leaves plain words bare, single-quotes the rest, and uses $\'…\' when a character needs escaping', () => {
    expect(shellQuote('us-east-1_AbC123')).toBe('us-east-1_AbC123');
    expect(shellQuote("acme users's")).toBe("'acme users'\\''s'");
    expect(shellQuote('acme\nusers')).toBe("$'acme\\nusers'");
    expect(shellQuote("it's\u001b[31m")).toBe("$'it\\'s\\u001b[31m'");
  });
});
