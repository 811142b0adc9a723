import { describe, expect, it } from 'vitest';
import { arrayOf, checkSchema, formatKeyPath, formatProblem, object, oneOf, recordOf, string, type Schema } from './schema.js';

const problems = (schema: Schema, value: unknown) => checkSchema(schema, value).map(formatProblem);

describe('checkSchema', () => {
  it('accepts what fits and names the key path, what was expected and what was found otherwise', () => {
    const schema = object({
      properties: { name: string({ nonEmpty: true }), tags: arrayOf(string()), kind: oneOf(['a', 'b']) },
      required: ['name'],
    });
    expect(problems(schema, { name: 'x', tags: ['t'], kind: 'a', extra: 1 })).toEqual([]);
    expect(problems(schema, { tags: ['t', 7], kind: 'c' })).toEqual([
      'name: expected a non-empty string, found nothing',
      'tags[1]: expected a string, found the number 7',
      'kind: expected one of "a", "b", found "c"',
    ]);
    expect(problems(schema, [])).toEqual(['expected an object, found an empty array']);
  });

  it('checks every value of a record against its schema', () => {
    const schema = recordOf(recordOf(object({ required: ['service'] }), 'an object of resources'), 'categories');
    expect(problems(schema, { storage: 'S3' })).toEqual(['storage: expected an object of resources, found a string']);
    expect(problems(schema, { function: { fn: 7 } })).toEqual(['function.fn: expected an object, found the number 7']);
  });

  it('applies a case by the value of a discriminating key, and checks the property a key names', () => {
    const schema = object({
      discriminator: { key: 'type', cases: { fixed: object({ properties: { value: string() }, required: ['value'] }) } },
      namedBy: { key: 'frontend', cases: { web: object({ required: ['dir'] }) }, otherwise: object() },
    });
    expect(problems(schema, { type: 'other' })).toEqual([]);
    expect(problems(schema, { type: 'fixed' })).toEqual(['value: expected a string, found nothing']);
    expect(problems(schema, { frontend: 'web' })).toEqual(['web: expected an object, found nothing']);
    expect(problems(schema, { frontend: 'web', web: {} })).toEqual(['web.dir: expected any value, found nothing']);
    expect(problems(schema, { frontend: 'ios', ios: 1 })).toEqual(['ios: expected an object, found the number 1']);
  });

  it('chooses a union option by the JSON type of the value', () => {
    const schema: Schema = { kind: 'union', options: [string(), arrayOf(string())], expected: 'a string or an array of strings' };
    expect(problems(schema, 'a')).toEqual([]);
    expect(problems(schema, ['a', 1])).toEqual(['[1]: expected a string, found the number 1']);
    expect(problems(schema, {})).toEqual(['expected a string or an array of strings, found an object']);
  });

  it('treats keys of the prototype as plain keys', () => {
    const schema = object({ properties: { name: string() } });
    expect(problems(schema, JSON.parse('{"__proto__": 1, "constructor": 2}'))).toEqual([]);
    expect(problems(recordOf(string(), 'names'), JSON.parse('{"toString": 1}'))).toEqual(['toString: expected a string, found the number 1']);
  });
});

describe('formatKeyPath', () => {
  it('quotes and escapes keys that are not plain text', () => {
    expect(formatKeyPath(['auth', 'shop', 'dependsOn', 0, 'category'])).toBe('auth.shop.dependsOn[0].category');
    expect(formatKeyPath(['auth', 'my app', 'x'])).toBe('auth["my app"].x');
    expect(formatKeyPath(['auth', 'evil\nname\u2028\u001b[31m'])).toBe('auth["evil\\nname\\u2028\\u001b[31m"]');
  });

  it('escapes found strings and shortens long ones', () => {
    expect(problems(oneOf(['a']), 'line\nbreak')).toEqual(['expected "a", found "line\\nbreak"']);
    expect(problems(oneOf(['a']), 'x'.repeat(100))[0]).toMatch(/found "x{60}…"$/);
  });
});
