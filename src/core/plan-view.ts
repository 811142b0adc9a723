// The push plan as plain data: what `push --json` prints and what the terminal renderer (src/ui/plan-renderer.ts)
// lays out. Built from the policy plans of each environment and the function variables to set. Pure.

import type { PolicyDocument, PolicyStatement } from './model.js';
import { describeConditions, normalizePolicyDocument, type PolicyChange, type PolicyPlan } from './policy-plan.js';

export type StatementChange = 'added' | 'removed' | 'kept';

export interface StatementView {
  /** For a changed policy, whether the statement is new, dropped or kept; an added policy's are all "added", a removed one's "removed". */
  change: StatementChange;
  effect: string;
  actions: string[];
  /** Set instead of `actions` for a NotAction statement. */
  notActions?: string[];
  resources: string[];
  notResources?: string[];
  /** One text per condition key, e.g. `StringLike s3:prefix is one of public/, public/*`. */
  conditions: string[];
}

export interface PolicyChangeView {
  policy: string;
  change: PolicyChange['kind'];
  /** Why the policy exists (absent for a removal: the feature that wanted it is gone). */
  purpose?: string;
  /** Every action of the document after the change (for a removal: of the document taken away), sorted. */
  actions: string[];
  resources: string[];
  statements: StatementView[];
}

export interface RolePlanView {
  environment: string;
  role: string;
  policies: PolicyChangeView[];
}

export interface FunctionVariableView {
  function: string;
  variable: string;
  value: string;
}

export interface PlanSummary {
  add: number;
  change: number;
  remove: number;
  functionVariables: number;
}

export interface PushPlanView {
  roles: RolePlanView[];
  functionVariables: FunctionVariableView[];
  summary: PlanSummary;
}

export interface EnvPolicyPlan {
  envName: string;
  plan: PolicyPlan;
}

/** Role by role (environments in the order given, roles and policies sorted), with every statement. */
export function buildPlanView(plans: EnvPolicyPlan[], functionVariables: FunctionVariableView[]): PushPlanView {
  const roles: RolePlanView[] = [];
  const summary: PlanSummary = { add: 0, change: 0, remove: 0, functionVariables: functionVariables.length };
  for (const { envName, plan } of plans) {
    const byRole = new Map<string, PolicyChangeView[]>();
    for (const change of plan.changes) {
      summary[change.kind] += 1;
      const views = byRole.get(change.roleName) ?? [];
      views.push(policyChangeView(change));
      byRole.set(change.roleName, views);
    }
    for (const role of [...byRole.keys()].sort(compareText)) {
      roles.push({ environment: envName, role, policies: byRole.get(role) ?? [] });
    }
  }
  return { roles, functionVariables, summary };
}

export function hasPlannedChanges(view: PushPlanView): boolean {
  const { add, change, remove, functionVariables } = view.summary;
  return add + change + remove + functionVariables > 0;
}

function policyChangeView(change: PolicyChange): PolicyChangeView {
  switch (change.kind) {
    case 'add':
      return withDocument(change, change.document, statementViews(change.document, 'added'), change.purpose);
    case 'remove':
      return withDocument(change, change.previous, statementViews(change.previous, 'removed'));
    case 'change': {
      const before = new Set(statementsOf(change.previous).map(canonical));
      const after = new Set(statementsOf(change.document).map(canonical));
      const statements = [
        ...statementsOf(change.document).map((statement) => statementView(statement, before.has(canonical(statement)) ? 'kept' : 'added')),
        ...statementsOf(change.previous).filter((statement) => !after.has(canonical(statement))).map((statement) => statementView(statement, 'removed')),
      ];
      return withDocument(change, change.document, statements, change.purpose);
    }
  }
}

function withDocument(change: PolicyChange, document: PolicyDocument, statements: StatementView[], purpose?: string): PolicyChangeView {
  const all = statementsOf(document);
  return {
    policy: change.policyName,
    change: change.kind,
    ...(purpose === undefined ? {} : { purpose }),
    actions: sortedUnique(all.flatMap((statement) => asArray(statement.Action))),
    resources: sortedUnique(all.flatMap((statement) => asArray(statement.Resource))),
    statements,
  };
}

function statementViews(document: PolicyDocument, change: StatementChange): StatementView[] {
  return statementsOf(document).map((statement) => statementView(statement, change));
}

function statementView(statement: PolicyStatement, change: StatementChange): StatementView {
  const fields = statement as PolicyStatement & { NotAction?: string | string[]; NotResource?: string | string[] };
  return {
    change,
    effect: statement.Effect,
    actions: asArray(fields.Action),
    ...(fields.NotAction === undefined ? {} : { notActions: asArray(fields.NotAction) }),
    resources: asArray(fields.Resource),
    ...(fields.NotResource === undefined ? {} : { notResources: asArray(fields.NotResource) }),
    conditions: describeConditions(statement.Condition),
  };
}

function statementsOf(document: PolicyDocument): PolicyStatement[] {
  return asArray(normalizePolicyDocument(document).Statement);
}

function canonical(statement: PolicyStatement): string {
  return JSON.stringify(statement);
}

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].sort(compareText);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Top-level keys whose values differ between two app configs (added, removed or changed), sorted. */
export function changedTopLevelKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => canonicalValue(before[key]) !== canonicalValue(after[key])).sort(compareText);
}

function canonicalValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => compareText(a, b)))
      : inner,
  );
}
