// The environment's last push as the whole team sees it, stored in the account beside the resources (Parameter
// Store, `/mycli/<project>/<env>/pushed-state`): its generation, when, from which user and host, and the SHA-256 of
// every policy document this project owns there — hashes, not documents, so it fits a standard parameter (4 KB).
// And the comparison push makes before planning: did someone else push since this clone did, and which of that
// push's changes would this plan undo? Pure.
import { createHash } from 'node:crypto';
import type { PolicyDocument } from './model.js';
import { normalizePolicyDocument } from './policy-plan.js';

/** Standard-tier Parameter Store values hold at most 4096 characters. */
export const RECORD_VALUE_LIMIT = 4096;
const RECORD_VERSION = 1;

export interface PushRecord {
  generation: number;
  /** Random per push: two pushes that both claim one generation (with --no-lock) stay apart. */
  pushId: string;
  pushedAt: string;
  user: string;
  host: string;
  /** The owned-policy prefix (`mycli-<project>.<env>.`), left out of the names below. */
  prefix: string;
  /** role → policy name without the prefix → SHA-256 (base64url) of the normalised document. */
  policies?: Record<string, Record<string, string>>;
  /** Instead of `policies` when they would not fit: role → one SHA-256 over that role's names and hashes. */
  roleDigests?: Record<string, string>;
}

/** One owned policy as the comparison sees it. */
export interface PolicyFingerprint {
  roleName: string;
  policyName: string;
  hash: string;
}

/** Which push this clone last made (or adopted): kept in the local cache beside the pushed policies. */
export interface RecordMarker {
  generation: number;
  pushId: string;
}

export function policyDocumentHash(document: PolicyDocument): string {
  return createHash('sha256').update(JSON.stringify(normalizePolicyDocument(document))).digest('base64url');
}

export function fingerprints(policies: Array<{ roleName: string; policyName: string; document: PolicyDocument }>): PolicyFingerprint[] {
  return policies.map(({ roleName, policyName, document }) => ({ roleName, policyName, hash: policyDocumentHash(document) }));
}

export interface NewRecordInput {
  previousGeneration: number;
  pushId: string;
  pushedAt: string;
  user: string;
  host: string;
  prefix: string;
  policies: PolicyFingerprint[];
}

export function buildRecord(input: NewRecordInput): PushRecord {
  const policies: Record<string, Record<string, string>> = {};
  for (const policy of [...input.policies].sort(byRoleThenPolicy)) {
    const name = policy.policyName.startsWith(input.prefix) ? policy.policyName.slice(input.prefix.length) : policy.policyName;
    (policies[policy.roleName] ??= {})[name] = policy.hash;
  }
  return {
    generation: input.previousGeneration + 1,
    pushId: input.pushId,
    pushedAt: input.pushedAt,
    user: input.user,
    host: input.host,
    prefix: input.prefix,
    policies,
  };
}

/** The roles a record names policies on (either form). */
export function recordRoleNames(record: PushRecord): string[] {
  return Object.keys(record.policies ?? record.roleDigests ?? {});
}

/** The parameter value; a record whose hashes would pass 4 KB keeps one digest per role instead. */
export function encodeRecord(record: PushRecord): string {
  const full = JSON.stringify({ version: RECORD_VERSION, ...record });
  if ([...full].length <= RECORD_VALUE_LIMIT || !record.policies) return full;
  const { policies, ...rest } = record;
  const compact = JSON.stringify({ version: RECORD_VERSION, ...rest, roleDigests: roleDigests(expand(record.prefix, policies)) });
  if ([...compact].length > RECORD_VALUE_LIMIT) throw new Error(`encodeRecord: even one digest per role needs ${compact.length} characters`);
  return compact;
}

/** Undefined when the value is not a record this version of mycli understands. */
export function parseRecord(value: string): PushRecord | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (!isObject(parsed) || parsed['version'] !== RECORD_VERSION) return undefined;
  const { generation, pushId, pushedAt, user, host, prefix, policies, roleDigests: digests } = parsed;
  if (typeof generation !== 'number' || !Number.isInteger(generation) || generation < 1) return undefined;
  if (![pushId, pushedAt, user, host, prefix].every((field) => typeof field === 'string') || Number.isNaN(Date.parse(pushedAt as string))) return undefined;
  const record: PushRecord = { generation, pushId: pushId as string, pushedAt: pushedAt as string, user: user as string, host: host as string, prefix: prefix as string };
  if (policies !== undefined) {
    if (!isObject(policies) || !Object.values(policies).every((byName) => isObject(byName) && Object.values(byName).every((hash) => typeof hash === 'string'))) return undefined;
    record.policies = policies as Record<string, Record<string, string>>;
  } else if (digests !== undefined) {
    if (!isObject(digests) || !Object.values(digests).every((hash) => typeof hash === 'string')) return undefined;
    record.roleDigests = digests as Record<string, string>;
  } else return undefined;
  return record;
}

export type UndoneChange = {
  roleName: string;
  /** Undefined when the record keeps one digest per role: then only the role is known. */
  policyName?: string;
  /** What that push did to the policy. */
  theirs: 'added' | 'changed' | 'removed';
  /** What this plan would do to it. */
  ours: 'removes' | 'overwrites' | 'restores';
};

export type RecordComparison =
  /** The account has no record yet: this push creates it. */
  | { kind: 'no-record' }
  /** The account's record is not one this mycli understands. */
  | { kind: 'unreadable'; raw: string }
  /** This clone never pushed (a fresh checkout, a new CI job): it takes the record as its starting point. */
  | { kind: 'adopted'; record: PushRecord }
  /** Nobody pushed since this clone did. */
  | { kind: 'same'; record: PushRecord }
  /** Someone else pushed since this clone last did; `undone` lists that push's changes this plan reverts. */
  | { kind: 'pushed-elsewhere'; record: PushRecord; local: RecordMarker; undone: UndoneChange[] }
  /** The account's record is older than this clone's last push (it was reset, or this clone pushed another account). */
  | { kind: 'older'; record: PushRecord; local: RecordMarker };

export interface ComparisonInput {
  /** The account's record value, if there is one. */
  remoteValue?: string;
  local?: RecordMarker;
  /** The environment's owned policies as this clone last pushed them. */
  baseline: PolicyFingerprint[];
  /** The owned policies this push leaves. */
  planned: PolicyFingerprint[];
}

export function compareWithRecord(input: ComparisonInput): RecordComparison {
  if (input.remoteValue === undefined) return { kind: 'no-record' };
  const record = parseRecord(input.remoteValue);
  if (!record) return { kind: 'unreadable', raw: input.remoteValue };
  const { local } = input;
  if (!local) return { kind: 'adopted', record };
  if (record.generation === local.generation && record.pushId === local.pushId) return { kind: 'same', record };
  if (record.generation < local.generation) return { kind: 'older', record, local };
  return { kind: 'pushed-elsewhere', record, local, undone: undoneChanges(record, input.baseline, input.planned) };
}

/** Changes between this clone's last push and the record that this plan does not keep. */
export function undoneChanges(record: PushRecord, baseline: PolicyFingerprint[], planned: PolicyFingerprint[]): UndoneChange[] {
  if (!record.policies) return undoneRoles(record, baseline, planned);
  const theirs = fingerprintMap(expand(record.prefix, record.policies));
  const base = fingerprintMap(baseline);
  const ours = fingerprintMap(planned);
  const undone: UndoneChange[] = [];
  for (const key of [...new Set([...base.keys(), ...theirs.keys()])].sort()) {
    const [before, after, mine] = [base.get(key), theirs.get(key), ours.get(key)];
    if (before?.hash === after?.hash || mine?.hash === after?.hash) continue;
    const { roleName, policyName } = (after ?? before)!;
    undone.push({
      roleName,
      policyName,
      theirs: before === undefined ? 'added' : after === undefined ? 'removed' : 'changed',
      ours: mine === undefined ? 'removes' : after === undefined ? 'restores' : 'overwrites',
    });
  }
  return undone;
}

function undoneRoles(record: PushRecord, baseline: PolicyFingerprint[], planned: PolicyFingerprint[]): UndoneChange[] {
  const theirs = record.roleDigests ?? {};
  const base = roleDigests(baseline);
  const ours = roleDigests(planned);
  return [...new Set([...Object.keys(base), ...Object.keys(theirs)])]
    .sort()
    .filter((role) => base[role] !== theirs[role] && ours[role] !== theirs[role])
    .map((roleName) => ({ roleName, theirs: 'changed' as const, ours: 'overwrites' as const }));
}

/** One SHA-256 per role over its policies' names and hashes: the record's form when the hashes do not fit. */
export function roleDigests(policies: PolicyFingerprint[]): Record<string, string> {
  const byRole = new Map<string, string[]>();
  for (const policy of [...policies].sort(byRoleThenPolicy)) byRole.set(policy.roleName, [...(byRole.get(policy.roleName) ?? []), `${policy.policyName}=${policy.hash}`]);
  return Object.fromEntries([...byRole].map(([role, lines]) => [role, createHash('sha256').update(lines.join('\n')).digest('base64url')]));
}

function expand(prefix: string, policies: Record<string, Record<string, string>>): PolicyFingerprint[] {
  return Object.entries(policies).flatMap(([roleName, byName]) =>
    Object.entries(byName).map(([name, hash]) => ({ roleName, policyName: `${prefix}${name}`, hash })),
  );
}

function fingerprintMap(policies: PolicyFingerprint[]): Map<string, PolicyFingerprint> {
  return new Map(policies.map((policy) => [`${policy.roleName}\u0000${policy.policyName}`, policy]));
}

function byRoleThenPolicy(a: PolicyFingerprint, b: PolicyFingerprint): number {
  return a.roleName < b.roleName ? -1 : a.roleName > b.roleName ? 1 : a.policyName < b.policyName ? -1 : a.policyName > b.policyName ? 1 : 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
