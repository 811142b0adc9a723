// A small evaluator of identity-based IAM policies, so tests can prove that the policies this tool
// writes allow what they claim and nothing more. It follows IAM's documented logic for the part of the
// policy language we generate, and refuses (throws) anything outside that part instead of guessing:
//   - an explicit Deny wins; otherwise any matching Allow allows; otherwise the request is implicitly denied;
//   - Action/NotAction match case-insensitively with `*` and `?`;
//   - Resource/NotResource match case-sensitively with `*` and `?`, ARN segment by ARN segment;
//   - `${key}` policy variables are substituted from the request context in Resource and in condition
//     values, only in Version 2012-10-17 documents (older or missing versions treat them as literal text);
//   - String(Not)Equals and String(Not)Like conditions, optionally `...IfExists`, optionally prefixed
//     with ForAnyValue:/ForAllValues: (the context here holds single-valued keys only).

import type { PolicyDocument, PolicyStatement } from './model.js';

export interface S3Request {
  action: string;
  resource: string;
  /** Context keys, e.g. `cognito-identity.amazonaws.com:sub`, `s3:prefix`; single-valued. */
  context: Record<string, string>;
}

export type Decision = 'allow' | 'implicit-deny' | 'explicit-deny';

export function evaluate(policies: PolicyDocument[], request: S3Request): Decision {
  const context = new Map(Object.entries(request.context).map(([key, value]) => [key.toLowerCase(), value]));
  let allowed = false;
  for (const policy of policies) {
    const variablesEnabled = policy.Version === VERSION_WITH_VARIABLES;
    for (const statement of asArray(policy.Statement)) {
      if (!statementApplies(statement as EvaluatedStatement, request, { context, variablesEnabled })) continue;
      if (statement.Effect === 'Deny') return 'explicit-deny';
      allowed = true;
    }
  }
  return allowed ? 'allow' : 'implicit-deny';
}

const VERSION_WITH_VARIABLES = '2012-10-17';

type EvaluatedStatement = PolicyStatement & {
  NotAction?: string | string[];
  NotResource?: string | string[];
  NotPrincipal?: unknown;
};

interface Scope {
  /** Keys lower-cased: IAM condition keys and variable names are case-insensitive. */
  context: Map<string, string>;
  variablesEnabled: boolean;
}

function statementApplies(statement: EvaluatedStatement, request: S3Request, scope: Scope): boolean {
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') throw new Error(`Unsupported Effect '${String(statement.Effect)}'`);
  if (statement.Principal !== undefined || statement.NotPrincipal !== undefined) {
    throw new Error('An identity-based policy statement cannot name a Principal');
  }
  const actions = oneOf(statement, 'Action', 'NotAction');
  const resources = oneOf(statement, 'Resource', 'NotResource');

  // Action names are case-insensitive and never hold policy variables.
  const actionListed = actions.values.some((pattern) => partsToRegExp(compilePattern(pattern, LITERAL_SCOPE) ?? [], true).test(request.action));
  if (actionListed === (actions.key === 'NotAction')) return false;

  const resourceMatches: boolean[] = [];
  for (const pattern of resources.values) {
    const parts = compilePattern(pattern, scope);
    // IAM: a variable that cannot be resolved makes the whole statement invalid, so it applies to nothing.
    if (parts === undefined) return false;
    resourceMatches.push(arnMatches(parts, request.resource));
  }
  if (resourceMatches.some(Boolean) === (resources.key === 'NotResource')) return false;

  return conditionsHold(statement.Condition, scope);
}

function oneOf<K extends 'Action' | 'Resource', N extends `Not${K}`>(
  statement: EvaluatedStatement,
  key: K,
  notKey: N,
): { key: K | N; values: string[] } {
  const positive = statement[key];
  const negative = statement[notKey as keyof EvaluatedStatement] as string | string[] | undefined;
  if ((positive === undefined) === (negative === undefined)) throw new Error(`A statement needs exactly one of ${key} and ${notKey}`);
  return positive !== undefined ? { key, values: asArray(positive) } : { key: notKey, values: asArray(negative) };
}

// ---------- conditions ----------

const SET_PREFIXES = ['ForAnyValue:', 'ForAllValues:'] as const;
type SetPrefix = (typeof SET_PREFIXES)[number];
const STRING_OPERATORS = ['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike'] as const;
type StringOperator = (typeof STRING_OPERATORS)[number];

interface ParsedOperator {
  set?: SetPrefix;
  operator: StringOperator;
  ifExists: boolean;
}

/** Every operator must hold, every key within an operator must hold; values within a key are alternatives. */
function conditionsHold(condition: PolicyStatement['Condition'], scope: Scope): boolean {
  if (condition === undefined) return true;
  for (const [operatorText, keys] of Object.entries(condition)) {
    const parsed = parseOperator(operatorText);
    for (const [key, rawValues] of Object.entries(keys)) {
      const patterns: PatternPart[][] = [];
      for (const raw of asArray(rawValues)) {
        const parts = compilePattern(String(raw), scope);
        if (parts === undefined) return false; // an unresolvable variable: the statement is invalid
        patterns.push(parts);
      }
      if (!keyConditionHolds(parsed, scope.context.get(key.toLowerCase()), patterns)) return false;
    }
  }
  return true;
}

/**
 * A key missing from the request, per IAM's documentation on condition operators:
 *   - a positive operator (StringEquals, StringLike) is false: there is nothing to match;
 *   - a negated operator (StringNotEquals, StringNotLike) is true: "the key is not matched" holds;
 *   - `...IfExists` is true, whatever the operator;
 *   - ForAllValues: is true (every value of an empty set matches), ForAnyValue: is false (no value matches).
 * With a single value present, ForAnyValue: and ForAllValues: both reduce to the plain operator.
 */
function keyConditionHolds(parsed: ParsedOperator, actual: string | undefined, expected: PatternPart[][]): boolean {
  if (actual === undefined) {
    if (parsed.set === 'ForAllValues:') return true;
    if (parsed.set === 'ForAnyValue:') return false;
    if (parsed.ifExists) return true;
    return parsed.operator === 'StringNotEquals' || parsed.operator === 'StringNotLike';
  }
  // StringEquals has no wildcards: '*' and '?' compare as themselves.
  const equalsAny = () => expected.some((parts) => literalText(parts) === actual);
  const likeAny = () => expected.some((parts) => partsToRegExp(parts, false).test(actual));
  switch (parsed.operator) {
    case 'StringEquals':
      return equalsAny();
    case 'StringNotEquals':
      return !equalsAny();
    case 'StringLike':
      return likeAny();
    case 'StringNotLike':
      return !likeAny();
  }
}

function parseOperator(text: string): ParsedOperator {
  const set = SET_PREFIXES.find((prefix) => text.toLowerCase().startsWith(prefix.toLowerCase()));
  let rest = set === undefined ? text : text.slice(set.length);
  const ifExists = rest.endsWith('IfExists');
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  const operator = STRING_OPERATORS.find((candidate) => candidate === rest);
  if (operator === undefined) throw new Error(`Unsupported condition operator '${text}'`);
  return { ...(set === undefined ? {} : { set }), operator, ifExists };
}

// ---------- patterns and policy variables ----------

/** A pattern element: a wildcard, or text that matches only itself (including escapes and variable values). */
type PatternPart = { kind: 'wildcard'; char: '*' | '?' } | { kind: 'text'; text: string };

const LITERAL_SCOPE: Scope = { context: new Map(), variablesEnabled: false };
/** `${*}`, `${?}` and `${$}` stand for the literal characters, so a pattern can match them. */
const LITERAL_ESCAPES: Record<string, string> = { '*': '*', '?': '?', $: '$' };
const VARIABLE = /\$\{([^}]*)\}/g;

/**
 * The pattern as parts, its variables replaced from the context; undefined when a variable is missing.
 * A variable's value is literal text: a '*' in a request value cannot widen what the policy grants.
 */
function compilePattern(pattern: string, scope: Scope): PatternPart[] | undefined {
  const parts: PatternPart[] = [];
  const pushRun = (run: string) => {
    for (const char of run) parts.push(char === '*' || char === '?' ? { kind: 'wildcard', char } : { kind: 'text', text: char });
  };
  let position = 0;
  if (scope.variablesEnabled) {
    for (const match of pattern.matchAll(VARIABLE)) {
      pushRun(pattern.slice(position, match.index));
      const name = match[1] ?? '';
      const resolved = LITERAL_ESCAPES[name] ?? scope.context.get(name.trim().toLowerCase());
      if (resolved === undefined) return undefined;
      parts.push({ kind: 'text', text: resolved });
      position = match.index + match[0].length;
    }
  }
  pushRun(pattern.slice(position));
  return parts;
}

function literalText(parts: PatternPart[]): string {
  return parts.map((part) => (part.kind === 'text' ? part.text : part.char)).join('');
}

// ---------- matching ----------

const ARN_FIXED_SEGMENTS = 5;

/**
 * IAM compares ARNs segment by segment (arn:partition:service:region:account:resource): a wildcard does
 * not cross a ':' of the first five segments, while the resource segment may itself contain ':' and '/'.
 */
function arnMatches(pattern: PatternPart[], resource: string): boolean {
  const patternSegments = splitPatternArn(pattern);
  const resourceSegments = splitArn(resource);
  if (patternSegments === undefined || resourceSegments === undefined) {
    return partsToRegExp(pattern, false).test(resource);
  }
  return patternSegments.every((segment, index) => partsToRegExp(segment, false).test(resourceSegments[index] ?? ''));
}

function splitArn(arn: string): string[] | undefined {
  const pieces = arn.split(':');
  if (pieces.length <= ARN_FIXED_SEGMENTS || pieces[0] !== 'arn') return undefined;
  return [...pieces.slice(0, ARN_FIXED_SEGMENTS), pieces.slice(ARN_FIXED_SEGMENTS).join(':')];
}

/** The pattern's segments split on the first five ':' of its literal text; undefined when it is not an ARN pattern. */
function splitPatternArn(pattern: PatternPart[]): PatternPart[][] | undefined {
  const segments: PatternPart[][] = [[]];
  for (const part of pattern) {
    const isSeparator = part.kind === 'text' && part.text === ':' && segments.length <= ARN_FIXED_SEGMENTS;
    if (isSeparator) segments.push([]);
    else segments[segments.length - 1]?.push(part);
  }
  const first = segments[0] ?? [];
  const startsWithArn = first.every((part) => part.kind === 'text') && literalText(first) === 'arn';
  return segments.length === ARN_FIXED_SEGMENTS + 1 && startsWithArn ? segments : undefined;
}

function partsToRegExp(parts: PatternPart[], ignoreCase: boolean): RegExp {
  const source = parts
    .map((part) => (part.kind === 'wildcard' ? (part.char === '*' ? '.*' : '.') : part.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
}

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
