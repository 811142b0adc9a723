// A small, data-driven shape checker for the project files. No schema library: offline commands (status, env list,
// remove) read every project file and must stay light. A schema is plain data built with the helpers below; other
// modules add to the schemas of src/project/file-schemas.ts by adding entries to its tables.
import { escapeUntrusted } from '../core/untrusted-text.js';

export type Schema =
  | StringSchema
  | { kind: 'number'; expected?: string; integer?: boolean; minimum?: number }
  | { kind: 'boolean'; expected?: string }
  | { kind: 'array'; items: Schema; expected?: string }
  | ObjectSchema
  | { kind: 'union'; options: Schema[]; expected: string }
  | { kind: 'any' };

export interface StringSchema {
  kind: 'string';
  expected?: string;
  nonEmpty?: boolean;
  oneOf?: readonly string[];
  /** The whole string must match. */
  pattern?: RegExp;
}

export interface ObjectSchema {
  kind: 'object';
  expected?: string;
  /** Known keys, checked when present. */
  properties?: Record<string, Schema>;
  /** Keys that must be present (each should also be in `properties`). */
  required?: readonly string[];
  /** Every key not in `properties`; any value when left out. */
  values?: Schema;
  /** What a key not in `properties` must look like (resource names become folder names, so they are checked). */
  keys?: StringSchema;
  /** When `object[key]` is a string naming a case, the object must also satisfy that case's schema. */
  discriminator?: { key: string; cases: Record<string, Schema> };
  /** The property whose name is the string `object[key]` must exist and satisfy its case's schema, or `otherwise`. */
  namedBy?: { key: string; cases: Record<string, Schema>; otherwise: Schema };
}

export interface SchemaProblem {
  /** Keys and array indexes from the file's top level down to the value. */
  keyPath: Array<string | number>;
  expected: string;
  found: string;
}

/** Every place `value` differs from `schema`, outermost first; empty when it fits. */
export function checkSchema(schema: Schema, value: unknown, keyPath: Array<string | number> = []): SchemaProblem[] {
  const problem = (found = describeFound(value)): SchemaProblem[] => [{ keyPath, expected: expectedOf(schema), found }];
  switch (schema.kind) {
    case 'any':
      return [];
    case 'string':
      if (typeof value !== 'string') return problem();
      if ((schema.nonEmpty && value === '') || (schema.oneOf && !schema.oneOf.includes(value)) || (schema.pattern && !schema.pattern.test(value))) {
        return problem(value === '' ? 'an empty string' : shownString(value));
      }
      return [];
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return problem();
      if ((schema.integer && !Number.isInteger(value)) || (schema.minimum !== undefined && value < schema.minimum)) return problem(String(value));
      return [];
    case 'boolean':
      return typeof value === 'boolean' ? [] : problem();
    case 'array':
      if (!Array.isArray(value)) return problem();
      return value.flatMap((item, index) => checkSchema(schema.items, item, [...keyPath, index]));
    case 'union': {
      const option = schema.options.find((candidate) => fitsKind(candidate, value));
      return option ? checkSchema(option, value, keyPath) : problem();
    }
    case 'object':
      return isPlainObject(value) ? checkObject(schema, value, keyPath) : problem();
  }
}

function checkObject(schema: ObjectSchema, value: Record<string, unknown>, keyPath: Array<string | number>): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const key of schema.required ?? []) {
    if (value[key] === undefined) {
      problems.push({ keyPath: [...keyPath, key], expected: expectedOf(schema.properties?.[key] ?? { kind: 'any' }), found: 'nothing' });
    }
  }
  for (const [key, item] of Object.entries(value)) {
    const known = Object.hasOwn(schema.properties ?? {}, key);
    if (!known && schema.keys && checkSchema(schema.keys, key).length > 0) {
      problems.push({ keyPath: [...keyPath, key], expected: expectedOf(schema.keys), found: `the name ${shownString(key)}` });
      continue;
    }
    const itemSchema = known ? schema.properties![key] : schema.values;
    if (itemSchema && item !== undefined) problems.push(...checkSchema(itemSchema, item, [...keyPath, key]));
  }
  const { discriminator, namedBy } = schema;
  if (discriminator) {
    const tag = value[discriminator.key];
    const variant = typeof tag === 'string' && Object.hasOwn(discriminator.cases, tag) ? discriminator.cases[tag] : undefined;
    if (variant) problems.push(...checkSchema(variant, value, keyPath));
  }
  if (namedBy) {
    const name = value[namedBy.key];
    if (typeof name === 'string' && name !== '') {
      const section = Object.hasOwn(namedBy.cases, name) ? namedBy.cases[name]! : namedBy.otherwise;
      problems.push(...(value[name] === undefined
        ? [{ keyPath: [...keyPath, name], expected: expectedOf(section), found: 'nothing' }]
        : checkSchema(section, value[name], [...keyPath, name])));
    }
  }
  return problems;
}

/** True when `value` is of the JSON type `schema` describes (what a union chooses its option by). */
function fitsKind(schema: Schema, value: unknown): boolean {
  switch (schema.kind) {
    case 'any':
      return true;
    case 'string':
    case 'number':
    case 'boolean':
      return typeof value === schema.kind;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isPlainObject(value);
    case 'union':
      return schema.options.some((option) => fitsKind(option, value));
  }
}

export function expectedOf(schema: Schema): string {
  if ('expected' in schema && schema.expected !== undefined) return schema.expected;
  switch (schema.kind) {
    case 'any':
      return 'any value';
    case 'string':
      if (schema.oneOf) return schema.oneOf.length === 1 ? shownString(schema.oneOf[0]!) : `one of ${schema.oneOf.map(shownString).join(', ')}`;
      return schema.nonEmpty ? 'a non-empty string' : 'a string';
    case 'number':
      return schema.integer ? 'a whole number' : 'a number';
    case 'boolean':
      return 'true or false';
    case 'array': {
      const item = expectedOf(schema.items);
      return item === 'a string' ? 'an array of strings' : `an array (each item ${item})`;
    }
    case 'object':
      return 'an object';
    case 'union':
      return schema.expected;
  }
}

export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return `the number ${String(value)}`;
  return `a ${typeof value}`;
}

const SHOWN_STRING_LIMIT = 60;

function shownString(value: string): string {
  const cut = value.length > SHOWN_STRING_LIMIT ? `${value.slice(0, SHOWN_STRING_LIMIT)}…` : value;
  return `"${escapeUntrusted(cut).replace(/"/g, '\\"')}"`;
}

const PLAIN_KEY = /^[A-Za-z0-9_$@:+-]+$/;

/** `auth.shop.dependsOn[0].category`; a key that is not plain text is shown quoted: `auth["my app"]`. */
export function formatKeyPath(keyPath: Array<string | number>): string {
  let text = '';
  for (const key of keyPath) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (PLAIN_KEY.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${shownString(key)}]`;
  }
  return text;
}

/** `storage: expected an object of resources, found a string` (no key path for the top level). */
export function formatProblem(problem: SchemaProblem): string {
  const where = formatKeyPath(problem.keyPath);
  return `${where === '' ? '' : `${where}: `}expected ${problem.expected}, found ${problem.found}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Builders: shorthand for the plain data above.

export const anyValue: Schema = { kind: 'any' };

export function string(options: Omit<StringSchema, 'kind'> = {}): StringSchema {
  return { kind: 'string', ...options };
}

export function arrayOf(items: Schema, expected?: string): Schema {
  return expected === undefined ? { kind: 'array', items } : { kind: 'array', items, expected };
}

export function object(options: Omit<ObjectSchema, 'kind'> = {}): ObjectSchema {
  return { kind: 'object', ...options };
}

/** An object whose every value fits `values` (and every key `keys`), e.g. "an object of resources". */
export function recordOf(values: Schema, expected: string, keys?: StringSchema): ObjectSchema {
  return keys === undefined ? { kind: 'object', values, expected } : { kind: 'object', values, expected, keys };
}

export function oneOf(values: readonly string[], expected?: string): StringSchema {
  return expected === undefined ? { kind: 'string', oneOf: values } : { kind: 'string', oneOf: values, expected };
}
