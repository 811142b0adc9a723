// Checks whether an identity pool can assume an IAM role, by evaluating the role's trust policy the way
// STS would for a Cognito identity token: aud = the identity pool id, amr = "authenticated" or "unauthenticated".
// Only what decides that is evaluated; conditions on other keys are not judged (see evaluateConditions).

import {
  COGNITO_IDENTITY_PRINCIPAL,
  type PolicyDocument,
  type PolicyStatement,
  type RoleDetails,
  type Severity,
} from './model.js';
import { escapeUntrusted } from './untrusted-text.js';
import { shellQuote } from './shell-quote.js';

export type IdentityKind = 'authenticated' | 'unauthenticated';

export type TrustProblem =
  | { kind: 'no-trust-policy' }
  | { kind: 'no-web-identity-statement' }
  /** Works, but any identity pool may assume the role. */
  | { kind: 'aud-missing' }
  | { kind: 'aud-other-pool'; allowed: string[] }
  | { kind: 'amr-missing' }
  | { kind: 'amr-excludes-kind'; allowed: string[] }
  /** A condition on aud/amr with an operator this evaluator does not model; reported, not judged. */
  | { kind: 'condition-not-checked'; operator: string; key: string }
  | { kind: 'denied'; sid?: string };

const WEB_IDENTITY_ACTION = 'sts:AssumeRoleWithWebIdentity';
const AUD_KEY = `${COGNITO_IDENTITY_PRINCIPAL}:aud`;
const AMR_KEY = `${COGNITO_IDENTITY_PRINCIPAL}:amr`;
// The China partition uses cognito-identity.amazonaws.com.cn for the principal and condition keys.
const COGNITO_IDENTITY_SERVICE = /^cognito-identity\.amazonaws\.com(\.cn)?$/;

export function trustProblemSeverity(problem: TrustProblem): Severity {
  return problem.kind === 'aud-missing' || problem.kind === 'condition-not-checked' ? 'warning' : 'error';
}

export function describeTrustProblem(problem: TrustProblem, identityPoolId: string, kind: IdentityKind): string {
  switch (problem.kind) {
    case 'no-trust-policy':
      return 'its trust policy could not be read';
    case 'no-web-identity-statement':
      return `no Allow statement lets ${COGNITO_IDENTITY_PRINCIPAL} call ${WEB_IDENTITY_ACTION}`;
    case 'aud-missing':
      return `it has no ${AUD_KEY} condition, so any identity pool can assume it`;
    case 'aud-other-pool':
      return `its ${AUD_KEY} condition allows ${problem.allowed.map(escapeUntrusted).join(', ')}, not ${escapeUntrusted(identityPoolId)}`;
    case 'amr-missing':
      return `it has no ${AMR_KEY} condition limiting it to "${kind}" identities`;
    case 'amr-excludes-kind':
      return `its ${AMR_KEY} condition allows ${problem.allowed.map(escapeUntrusted).join(', ')}, not "${kind}"`;
    case 'condition-not-checked':
      return `mycli cannot evaluate its ${escapeUntrusted(problem.operator)} condition on ${escapeUntrusted(problem.key)}; check that it lets ${escapeUntrusted(identityPoolId)} in`;
    case 'denied':
      return `a Deny statement${problem.sid ? ` (${escapeUntrusted(problem.sid)})` : ''} blocks ${WEB_IDENTITY_ACTION} for this identity pool`;
  }
}

export function checkRoleTrust(role: RoleDetails, identityPoolId: string, kind: IdentityKind): TrustProblem[] {
  if (!role.trustPolicy) return [{ kind: 'no-trust-policy' }];
  const request: TrustRequest = { aud: [identityPoolId], amr: amrValues(kind) };
  const statements = toArray(role.trustPolicy.Statement).filter(appliesToWebIdentity);

  const denials: TrustProblem[] = statements
    .filter((statement) => statement.Effect === 'Deny' && denyMatches(statement, request))
    .map((statement) => ({ kind: 'denied', sid: statement.Sid }));

  const allowProblems = statements
    .filter((statement) => statement.Effect === 'Allow')
    .map((statement) => allowStatementProblems(statement, request));
  if (allowProblems.length === 0) return [{ kind: 'no-web-identity-statement' }, ...denials];

  // The role is usable if any one Allow statement works, so explain the statement that comes closest.
  const closest = allowProblems.reduce((best, candidate) => (rank(candidate) < rank(best) ? candidate : best));
  return [...closest, ...denials];
}

export function expectedTrustPolicy(identityPoolId: string, kind: IdentityKind): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: COGNITO_IDENTITY_PRINCIPAL },
        Action: WEB_IDENTITY_ACTION,
        Condition: {
          StringEquals: { [AUD_KEY]: identityPoolId },
          'ForAnyValue:StringLike': { [AMR_KEY]: kind },
        },
      },
    ],
  };
}

/** The AWS CLI command that replaces the role's trust policy with expectedTrustPolicy. */
export function updateTrustPolicyCommand(roleName: string, identityPoolId: string, kind: IdentityKind): string {
  const document = JSON.stringify(expectedTrustPolicy(identityPoolId, kind));
  return `aws iam update-assume-role-policy --role-name ${shellQuote(roleName)} --policy-document ${shellQuote(document)}`;
}

/** The context keys of an AssumeRoleWithWebIdentity call with a Cognito identity token; amr is multi-valued. */
interface TrustRequest {
  aud: string[];
  amr: string[];
}

/**
 * A signed-in identity's amr holds "authenticated" and the provider that signed it in (for a user pool,
 * `cognito-idp.<region>.amazonaws.com/<pool id>` and `…:CognitoSignIn:<sub>`); a guest's holds only "unauthenticated".
 * The provider entries matter for ForAllValues, which every value must satisfy.
 */
function amrValues(kind: IdentityKind): string[] {
  if (kind === 'unauthenticated') return ['unauthenticated'];
  const provider = 'cognito-idp.region.amazonaws.com/user-pool-id';
  return ['authenticated', provider, `${provider}:CognitoSignIn:subject`];
}

type KeyVerdict =
  | { state: 'absent' }
  | { state: 'satisfied' }
  | { state: 'unsatisfied'; allowed: string[] }
  | { state: 'unknown'; operator: string; key: string };

function allowStatementProblems(statement: PolicyStatement, request: TrustRequest): TrustProblem[] {
  const { aud, amr } = evaluateConditions(statement, request);
  const problems: TrustProblem[] = [];
  if (aud.state === 'absent') problems.push({ kind: 'aud-missing' });
  if (aud.state === 'unsatisfied') problems.push({ kind: 'aud-other-pool', allowed: aud.allowed });
  if (aud.state === 'unknown') problems.push({ kind: 'condition-not-checked', operator: aud.operator, key: aud.key });
  if (amr.state === 'absent') problems.push({ kind: 'amr-missing' });
  if (amr.state === 'unsatisfied') problems.push({ kind: 'amr-excludes-kind', allowed: amr.allowed });
  if (amr.state === 'unknown') problems.push({ kind: 'condition-not-checked', operator: amr.operator, key: amr.key });
  return problems;
}

// Only a Deny we can fully evaluate counts: one that also depends on keys we do not know is not reported.
function denyMatches(statement: PolicyStatement, request: TrustRequest): boolean {
  const { aud, amr, dependsOnOtherKeys } = evaluateConditions(statement, request);
  const holds = (verdict: KeyVerdict) => verdict.state === 'absent' || verdict.state === 'satisfied';
  return !dependsOnOtherKeys && holds(aud) && holds(amr);
}

function rank(problems: TrustProblem[]): number {
  const errors = problems.filter((problem) => trustProblemSeverity(problem) === 'error').length;
  return errors * 10 + problems.length;
}

function appliesToWebIdentity(statement: PolicyStatement): boolean {
  return trustsCognitoIdentity(statement.Principal) && allowsAction(statement.Action, WEB_IDENTITY_ACTION);
}

function trustsCognitoIdentity(principal: PolicyStatement['Principal']): boolean {
  if (principal === '*') return true;
  if (!principal) return false;
  const federated = principal['Federated'];
  return toArray(federated).some((name) => COGNITO_IDENTITY_SERVICE.test(name.toLowerCase()));
}

function allowsAction(action: PolicyStatement['Action'], wanted: string): boolean {
  return toArray(action).some((pattern) => wildcardMatch(pattern.toLowerCase(), wanted.toLowerCase()));
}

/**
 * Evaluates every condition on the aud and amr keys (all must hold, as in IAM). A plain or ForAnyValue operator
 * holds when any value of the key matches; ForAllValues when every value does. IfExists makes no difference here.
 */
function evaluateConditions(
  statement: PolicyStatement,
  request: TrustRequest,
): { aud: KeyVerdict; amr: KeyVerdict; dependsOnOtherKeys: boolean } {
  let aud: KeyVerdict = { state: 'absent' };
  let amr: KeyVerdict = { state: 'absent' };
  let dependsOnOtherKeys = false;

  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    for (const [key, rawValues] of Object.entries(block)) {
      const name = cognitoConditionKeyName(key);
      if (name !== 'aud' && name !== 'amr') {
        dependsOnOtherKeys = true;
        continue;
      }
      const allowed = toArray(rawValues).map(String);
      const verdict = evaluateStringCondition(operator, key, allowed, request[name]);
      if (name === 'aud') aud = combine(aud, verdict);
      else amr = combine(amr, verdict);
    }
  }
  return { aud, amr, dependsOnOtherKeys };
}

function evaluateStringCondition(operator: string, key: string, allowed: string[], values: string[]): KeyVerdict {
  const lower = operator.toLowerCase();
  const forAllValues = lower.startsWith('forallvalues:');
  const base = lower.replace(/^for(anyvalue|allvalues):/, '').replace(/ifexists$/, '');
  const matchers: Record<string, (pattern: string, value: string) => boolean> = {
    stringequals: (pattern, value) => pattern === value,
    stringlike: (pattern, value) => wildcardMatch(pattern, value),
    stringequalsignorecase: (pattern, value) => pattern.toLowerCase() === value.toLowerCase(),
  };
  const negated = base.startsWith('stringnot');
  const matcher = matchers[negated ? base.replace('stringnot', 'string') : base];
  if (!matcher) return { state: 'unknown', operator, key };
  const holdsFor = (value: string) => allowed.some((pattern) => matcher(pattern, value)) !== negated;
  const holds = forAllValues ? values.every(holdsFor) : values.some(holdsFor);
  return holds ? { state: 'satisfied' } : { state: 'unsatisfied', allowed };
}

/** All conditions on a key must hold: a failing one decides, then one we cannot judge. */
function combine(current: KeyVerdict, next: KeyVerdict): KeyVerdict {
  for (const state of ['unsatisfied', 'unknown', 'satisfied'] as const) {
    if (current.state === state) return current;
    if (next.state === state) return next;
  }
  return current;
}

/** `cognito-identity.amazonaws.com:aud` → `aud`; keys of other services → undefined. Keys are case-insensitive. */
function cognitoConditionKeyName(key: string): string | undefined {
  const separator = key.lastIndexOf(':');
  const service = key.slice(0, separator).toLowerCase();
  return COGNITO_IDENTITY_SERVICE.test(service) ? key.slice(separator + 1).toLowerCase() : undefined;
}

/** IAM string wildcards: `*` is any run of characters, `?` exactly one. */
function wildcardMatch(pattern: string, value: string): boolean {
  const source = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(value);
}

function toArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
