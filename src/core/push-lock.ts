// The push lock of one project environment, as plain data: where it lives in Parameter Store, what its value
// says (who holds it, on which host, since when), and whether a lock found held is stale. Pure: the caller reads
// and writes the parameter (src/aws/ssm-parameters.ts) and supplies the clock and the process check.
import { UserError } from './errors.js';
import { escapeUntrusted } from './untrusted-text.js';

/** How long `push` waits for a held lock by default (`--lock-timeout`). */
export const DEFAULT_LOCK_TIMEOUT_SECONDS = 30;
/** A lock older than this is reported as stale: no push takes half an hour. */
export const STALE_LOCK_AFTER_MS = 30 * 60_000;
const MAX_POLL_DELAY_MS = 2000;
const FIRST_POLL_DELAY_MS = 250;
/** Characters SSM allows in a parameter name segment. */
const PARAMETER_SEGMENT = /^[A-Za-z0-9_.-]+$/;

export interface PushParameters {
  /** `/mycli/<project>/<env>/push-lock` */
  lock: string;
  /** `/mycli/<project>/<env>/pushed-state` */
  record: string;
}

export function pushParameters(projectName: string, envName: string): PushParameters {
  for (const [what, value] of [['project name', projectName], ['environment name', envName]] as const) {
    if (!PARAMETER_SEGMENT.test(value)) {
      throw new UserError('InvalidInput', `The ${what} '${escapeUntrusted(value)}' cannot name an SSM parameter (letters, digits, '.', '-' and '_' only).`,
        'Rename it in amplify/.config/project-config.json or amplify/team-provider-info.json, or push with --no-lock (no team lock, no push record).');
    }
  }
  const base = `/mycli/${projectName}/${envName}`;
  return { lock: `${base}/push-lock`, record: `${base}/pushed-state` };
}

/** The ARN pattern an IAM policy must allow for the project's parameters, as the README and the errors show it. */
export function parameterArnPattern(region: string, accountId: string | undefined, projectName: string): string {
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return `arn:${partition}:ssm:${region}:${accountId ?? '<account>'}:parameter/mycli/${projectName}/*`;
}

export interface LockHolder {
  user: string;
  host: string;
  pid: number;
  /** ISO 8601, the holder's clock. */
  startedAt: string;
  /** Random: tells this push's lock from one taken after a force-unlock. */
  id: string;
}

export function encodeLock(holder: LockHolder): string {
  return JSON.stringify({ user: holder.user, host: holder.host, pid: holder.pid, startedAt: holder.startedAt, id: holder.id });
}

/** Undefined when the value is not a lock mycli wrote (someone else's parameter, or damaged). */
export function parseLock(value: string): LockHolder | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const { user, host, pid, startedAt, id } = parsed as Record<string, unknown>;
  if (typeof user !== 'string' || typeof host !== 'string' || typeof id !== 'string' || typeof startedAt !== 'string') return undefined;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid < 0 || Number.isNaN(Date.parse(startedAt))) return undefined;
  return { user, host, pid, startedAt, id };
}

export interface LockAssessment {
  stale: boolean;
  /** Why it is stale, as the end of a sentence. */
  staleReason?: string;
  /** When the holder took it (its own clock), or when SSM last wrote it for a value mycli cannot read. */
  since?: Date;
}

export interface LockFacts {
  now: Date;
  /** SSM's LastModifiedDate of the lock parameter. */
  lastModified?: Date;
  localHost: string;
  /** Whether a process of this id runs on this machine. */
  processRunning: (pid: number) => boolean;
  staleAfterMs?: number;
}

export function assessLock(holder: LockHolder | undefined, facts: LockFacts): LockAssessment {
  const since = holder ? new Date(holder.startedAt) : facts.lastModified;
  const staleAfterMs = facts.staleAfterMs ?? STALE_LOCK_AFTER_MS;
  if (holder && holder.host === facts.localHost && !facts.processRunning(holder.pid)) {
    return { stale: true, staleReason: `its process (pid ${holder.pid}) no longer runs on this host`, since };
  }
  if (since && facts.now.getTime() - since.getTime() > staleAfterMs) {
    return { stale: true, staleReason: `it is older than ${Math.round(staleAfterMs / 60_000)} minutes`, since };
  }
  return { stale: false, since };
}

/** `alice on build-7 (pid 4242)`, escaped; a value mycli cannot read is shown as such. */
export function describeHolder(holder: LockHolder | undefined, rawValue: string): string {
  if (!holder) return `an unknown holder (the parameter's value is not a mycli lock: '${escapeUntrusted(rawValue.slice(0, 80))}')`;
  return `${escapeUntrusted(holder.user)} on ${escapeUntrusted(holder.host)} (pid ${holder.pid})`;
}

/** `since 2026-12-01T10:00:00.000Z (3 min ago)`. */
export function describeSince(since: Date | undefined, now: Date): string {
  if (!since) return 'since an unknown time';
  return `since ${since.toISOString()} (${describeAge(now.getTime() - since.getTime())})`;
}

export function describeAge(ms: number): string {
  if (ms < 0) return 'in the future by its clock';
  const seconds = Math.round(ms / 1000);
  if (seconds < 90) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}

/** The wait before the next try for a held lock: 250 ms doubling to 2 s, never past the deadline. */
export function lockPollDelayMs(attempt: number, remainingMs: number): number {
  return Math.max(0, Math.min(FIRST_POLL_DELAY_MS * 2 ** attempt, MAX_POLL_DELAY_MS, remainingMs));
}
