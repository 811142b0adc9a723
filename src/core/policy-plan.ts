// The IAM policy plan of `push`: which inline policies this project must have on the imported roles,
// against what this tool put there before. Pure: the caller reads the roles (src/aws/role-policies.ts),
// shows the plan, then applies its changes one by one.
//
// Ownership is by name only. Every policy this tool writes is named `mycli-<project>.<env>.<suffix>`;
// a policy whose name does not start with the project's and environment's prefix is never planned
// for change or removal, whatever the caller passes in.

import { createHash } from 'node:crypto';
import type { PolicyDocument, PolicyStatement } from './model.js';

export interface DesiredPolicy {
  roleName: string;
  policyName: string;
  document: PolicyDocument;
  /** Why, for the plan display: e.g. "storage 'media': signed-in users read public/". */
  purpose: string;
}

export interface ExistingPolicy {
  roleName: string;
  policyName: string;
  document: PolicyDocument;
}

export type PolicyChange =
  | { kind: 'add'; roleName: string; policyName: string; document: PolicyDocument; purpose: string }
  | { kind: 'change'; roleName: string; policyName: string; document: PolicyDocument; previous: PolicyDocument; purpose: string }
  | { kind: 'remove'; roleName: string; policyName: string; previous: PolicyDocument };

export interface PolicyPlan {
  changes: PolicyChange[];
  unchanged: Array<{ roleName: string; policyName: string }>;
}

/** IAM's limit on an inline policy name. */
export const MAX_POLICY_NAME_LENGTH = 128;
const OWNER_TAG = 'mycli';
const HASH_LENGTH = 8;
const MAX_PROJECT_SEGMENT = 64;
const MAX_ENV_SEGMENT = 16;
/** Characters IAM allows in a policy name. */
const POLICY_NAME_CHAR = /[\w+=,.@-]/;
/** Separates the project from the environment and the environment from the suffix; removed from both segments. */
const SEPARATOR = '.';

/**
 * `mycli-<project>.<env>.`: deterministic, and no project/environment's prefix can be the start of
 * another's, because '.' never appears inside the two segments (project names may contain '-', so with
 * '-' as separator project "app" env "dev" would own the policies of project "app-dev" env "qa").
 * A segment that had to be changed (characters outside IAM's alphabet or '.', or too long) gains a
 * short hash of the original, so "my app" and "my-app" still get different prefixes.
 */
export function ownedPolicyPrefix(projectName: string, envName: string): string {
  if (projectName === '' || envName === '') throw new Error('ownedPolicyPrefix: project and environment names must not be empty');
  return `${OWNER_TAG}-${nameSegment(projectName, MAX_PROJECT_SEGMENT)}${SEPARATOR}${nameSegment(envName, MAX_ENV_SEGMENT)}${SEPARATOR}`;
}

/**
 * The prefix and the suffix, at most 128 characters. A suffix outside IAM's alphabet, or too long to
 * fit, is cut and ends in a hash of the whole suffix, so distinct suffixes keep distinct names.
 */
export function ownedPolicyName(projectName: string, envName: string, suffix: string): string {
  if (suffix === '') throw new Error('ownedPolicyName: the suffix must not be empty');
  const prefix = ownedPolicyPrefix(projectName, envName);
  return prefix + fitSegment(suffix, MAX_POLICY_NAME_LENGTH - prefix.length, (char) => POLICY_NAME_CHAR.test(char));
}

export function isOwnedPolicyName(policyName: string, prefix: string): boolean {
  return prefix !== '' && policyName.length > prefix.length && policyName.startsWith(prefix);
}

export function planPolicyChanges(desired: DesiredPolicy[], existing: ExistingPolicy[], prefix: string): PolicyPlan {
  const wanted = new Map<string, DesiredPolicy>();
  for (const policy of desired) {
    if (!isOwnedPolicyName(policy.policyName, prefix)) {
      throw new Error(`Desired policy '${policy.policyName}' on role ${policy.roleName} is not named with the owned prefix '${prefix}'`);
    }
    const key = policyKey(policy);
    if (wanted.has(key)) throw new Error(`Policy '${policy.policyName}' on role ${policy.roleName} is desired twice`);
    wanted.set(key, policy);
  }
  const present = new Map(existing.filter((policy) => isOwnedPolicyName(policy.policyName, prefix)).map((policy) => [policyKey(policy), policy]));

  const changes: PolicyChange[] = [];
  const unchanged: PolicyPlan['unchanged'] = [];
  for (const [key, policy] of wanted) {
    const { roleName, policyName, purpose } = policy;
    const document = normalizePolicyDocument(policy.document);
    const current = present.get(key);
    if (current === undefined) {
      changes.push({ kind: 'add', roleName, policyName, document, purpose });
      continue;
    }
    const previous = normalizePolicyDocument(current.document);
    if (canonicalJson(previous) === canonicalJson(document)) unchanged.push({ roleName, policyName });
    else changes.push({ kind: 'change', roleName, policyName, document, previous, purpose });
  }
  for (const [key, policy] of present) {
    if (wanted.has(key)) continue;
    changes.push({ kind: 'remove', roleName: policy.roleName, policyName: policy.policyName, previous: normalizePolicyDocument(policy.document) });
  }
  return { changes: changes.sort(byRoleThenPolicy), unchanged: unchanged.sort(byRoleThenPolicy) };
}

/**
 * The canonical form used for comparison and for writing, with the same meaning as the input:
 * Statement always an array, sorted, exact duplicates dropped; Action/Resource (and their Not* forms)
 * and condition values always sorted, de-duplicated arrays; keys in a fixed order. `Version` is kept
 * as given (a missing Version means 2008-10-17 to IAM, where policy variables do not work).
 */
export function normalizePolicyDocument(document: PolicyDocument): PolicyDocument {
  const statements = asArray(document.Statement).map(normalizeStatement);
  const unique = new Map(statements.map((statement) => [canonicalJson(statement), statement]));
  const sorted = [...unique.entries()].sort(([a], [b]) => compareText(a, b)).map(([, statement]) => statement);
  return { ...(document.Version === undefined ? {} : { Version: document.Version }), Statement: sorted };
}

// ---------- normalisation ----------

const STATEMENT_KEY_ORDER = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const STRING_LIST_KEYS = new Set(['Action', 'NotAction', 'Resource', 'NotResource']);

function normalizeStatement(statement: PolicyStatement): PolicyStatement {
  const source = statement as unknown as Record<string, unknown>;
  const known = STATEMENT_KEY_ORDER.filter((key) => key in source);
  // Keys this model does not name (IAM may add some) are kept, after the known ones, so nothing is lost.
  const others = Object.keys(source)
    .filter((key) => !STATEMENT_KEY_ORDER.includes(key))
    .sort(compareText);
  const normalized: Record<string, unknown> = {};
  for (const key of [...known, ...others]) {
    const value = source[key];
    if (value === undefined) continue;
    if (STRING_LIST_KEYS.has(key)) normalized[key] = sortedUnique(value);
    else if (key === 'Condition') normalized[key] = normalizeCondition(value as NonNullable<PolicyStatement['Condition']>);
    else if ((key === 'Principal' || key === 'NotPrincipal') && typeof value === 'object' && value !== null) {
      normalized[key] = mapSortedKeys(value as Record<string, unknown>, sortedUnique);
    } else normalized[key] = canonicalValue(value);
  }
  return normalized as unknown as PolicyStatement;
}

function normalizeCondition(condition: NonNullable<PolicyStatement['Condition']>): PolicyStatement['Condition'] {
  return mapSortedKeys(condition, (keys) =>
    // A string and a one-element list are the same condition value; booleans are left as IAM stores them.
    mapSortedKeys(keys as Record<string, unknown>, (value) => (typeof value === 'boolean' ? value : sortedUnique(value))),
  ) as PolicyStatement['Condition'];
}

function mapSortedKeys<T>(record: Record<string, unknown>, mapValue: (value: unknown) => T): Record<string, T> {
  return Object.fromEntries(
    Object.keys(record)
      .sort(compareText)
      .map((key) => [key, mapValue(record[key])]),
  );
}

function sortedUnique(value: unknown): string[] {
  return [...new Set(asArray(value).map(String))].sort(compareText);
}

/** Objects with sorted keys, recursively; used for fields whose inner order carries no meaning. */
function canonicalValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalValue);
  if (typeof value === 'object' && value !== null) return mapSortedKeys(value as Record<string, unknown>, canonicalValue);
  return value;
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value);
}

// ---------- naming ----------

function nameSegment(name: string, maxLength: number): string {
  return fitSegment(name, maxLength, (char) => char !== SEPARATOR && POLICY_NAME_CHAR.test(char));
}

/** `text` when every character is allowed and it fits; otherwise its allowed form, cut to fit, plus `-<hash of text>`. */
function fitSegment(text: string, maxLength: number, allowed: (char: string) => boolean): string {
  const cleaned = [...text].map((char) => (allowed(char) ? char : '-')).join('');
  if (cleaned === text && text.length <= maxLength) return text;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, HASH_LENGTH);
  const room = maxLength - hash.length - 1;
  if (room < 1) throw new Error(`No room for a policy name segment of ${maxLength} characters`);
  return `${cleaned.slice(0, room)}-${hash}`;
}

function policyKey(policy: { roleName: string; policyName: string }): string {
  return `${policy.roleName}\u0000${policy.policyName}`;
}

function byRoleThenPolicy(a: { roleName: string; policyName: string }, b: { roleName: string; policyName: string }): number {
  return compareText(a.roleName, b.roleName) || compareText(a.policyName, b.policyName);
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

// ---------- display ----------

function statementsOf(document: PolicyDocument): PolicyStatement[] {
  return asArray(document.Statement);
}

/** e.g. `Allow s3:ListBucket on arn:aws:s3:::b when StringLike s3:prefix is one of public/, public/*`. */
function describeStatement(statement: PolicyStatement): string {
  const fields = statement as PolicyStatement & { NotAction?: string | string[]; NotResource?: string | string[] };
  const actions = fields.Action !== undefined ? list(fields.Action) : fields.NotAction !== undefined ? `every action except ${list(fields.NotAction)}` : '(no action)';
  const resources =
    fields.Resource !== undefined ? list(fields.Resource) : fields.NotResource !== undefined ? `every resource except ${list(fields.NotResource)}` : '(no resource)';
  const conditions = describeConditions(statement.Condition).join(' and ');
  return `${statement.Effect} ${actions} on ${resources}${conditions ? ` when ${conditions}` : ''}`;
}

/** One text per condition key: `StringLike s3:prefix is one of public/, public/*`. */
export function describeConditions(condition: PolicyStatement['Condition']): string[] {
  if (condition === undefined) return [];
  return Object.entries(condition)
    .flatMap(([operator, keys]) =>
      Object.entries(keys).map(([key, value]) => {
        const values = typeof value === 'boolean' ? [String(value)] : asArray(value);
        return values.length === 1 ? `${operator} ${key} is ${values[0]}` : `${operator} ${key} is one of ${values.join(', ')}`;
      }),
    );
}

function list(value: string | string[]): string {
  return asArray(value).join(', ');
}

/** One line per statement ("Allow s3:GetObject on arn:…"), for `status --policies`. */
export function describePolicyDocument(document: PolicyDocument): string[] {
  return statementsOf(normalizePolicyDocument(document)).map(describeStatement);
}
