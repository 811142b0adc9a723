// The push plan as a terminal shows it, in the manner of Terraform's: grouped by role, `+`/`~`/`-` in
// green/yellow/red (plain when colour is off), indented, wrapped to the terminal width. A statement with many
// actions (a function's grant on the user pool) is summarised on one line unless the full list is asked for.
// Pure: returns the lines; names and ids from AWS or project files are escaped here.

import type { PolicyChangeView, PushPlanView, StatementView } from '../core/plan-view.js';
import { escapeUntrusted } from '../core/untrusted-text.js';

export type Paint = (text: string) => string;

export interface PlanPalette {
  green: Paint;
  yellow: Paint;
  red: Paint;
  dim: Paint;
  bold: Paint;
}

export interface PlanRenderOptions {
  /** Terminal columns; undefined means no wrapping (logs, pipes). */
  width?: number;
  palette: PlanPalette;
  /** Every action of every statement (--debug), instead of a count for long lists. */
  fullActions: boolean;
}

/** Statements with more actions than this are summarised as a count per service. */
export const SUMMARISED_ACTION_COUNT = 6;
const MIN_WRAP_WIDTH = 40;

const VERBS: Record<PolicyChangeView['change'], { mark: string; word: string; color: keyof PlanPalette }> = {
  add: { mark: '+', word: 'add   ', color: 'green' },
  change: { mark: '~', word: 'change', color: 'yellow' },
  remove: { mark: '-', word: 'remove', color: 'red' },
};

const STATEMENT_MARKS: Record<StatementView['change'], { mark: string; color?: keyof PlanPalette }> = {
  added: { mark: '+', color: 'green' },
  removed: { mark: '-', color: 'red' },
  kept: { mark: ' ' },
};

/** One piece of output: `indent`, an optional coloured mark, then text that wraps under itself. */
interface Row {
  indent: number;
  mark?: { text: string; color?: keyof PlanPalette };
  text: string;
  color?: keyof PlanPalette;
}

/** Separates the groups, as Terraform does. */
const BLANK: Row = { indent: 0, text: '' };

/** A blank line, then each role's (and function's) group: a header and its changes. */
export function renderPushPlan(view: PushPlanView, options: PlanRenderOptions): string[] {
  const rows: Row[] = [];
  const environments = new Set(view.roles.map((role) => role.environment));
  for (const role of view.roles) {
    const where = environments.size > 1 ? ` (environment '${escapeUntrusted(role.environment)}')` : '';
    rows.push(BLANK, { indent: 2, text: `IAM role ${escapeUntrusted(role.role)}${where}`, color: 'bold' });
    for (const policy of role.policies) rows.push(...policyRows(policy, options.fullActions));
  }
  const byFunction = new Map<string, PushPlanView['functionVariables']>();
  for (const variable of view.functionVariables) byFunction.set(variable.function, [...(byFunction.get(variable.function) ?? []), variable]);
  for (const [fn, variables] of byFunction) {
    rows.push(BLANK, { indent: 2, text: `Lambda function ${escapeUntrusted(fn)}`, color: 'bold' });
    for (const variable of variables) {
      rows.push({
        indent: 4,
        mark: { text: '~ set   ', color: 'yellow' },
        text: `${escapeUntrusted(variable.variable)}=${escapeUntrusted(variable.value)} in its environment (its other variables are kept)`,
      });
    }
  }
  return rows.flatMap((row) => layout(row, options));
}

/** `Plan: 2 to add, 1 to change, 0 to remove, 1 function variable to set.` */
export function planSummaryLine(view: PushPlanView): string {
  const { add, change, remove, functionVariables } = view.summary;
  const variables = functionVariables > 0 ? `, ${functionVariables} function variable${functionVariables === 1 ? '' : 's'} to set` : '';
  return `Plan: ${add} IAM polic${add === 1 ? 'y' : 'ies'} to add, ${change} to change, ${remove} to remove${variables}.`;
}

function policyRows(policy: PolicyChangeView, fullActions: boolean): Row[] {
  const verb = VERBS[policy.change];
  const rows: Row[] = [{ indent: 4, mark: { text: `${verb.mark} ${verb.word} `, color: verb.color }, text: escapeUntrusted(policy.policy), color: verb.color }];
  if (policy.purpose) rows.push({ indent: 15, text: escapeUntrusted(policy.purpose), color: 'dim' });
  for (const entry of statementEntries(policy, fullActions)) rows.push({ indent: 13, ...entry });
  return rows;
}

/**
 * One row per statement; in a changed policy an added and a removed statement that differ only in their actions
 * become one `~` row with the actions gained and lost, so a grant widened by one access level reads as such.
 */
function statementEntries(policy: PolicyChangeView, fullActions: boolean): Array<Omit<Row, 'indent'>> {
  const entries: Array<Omit<Row, 'indent'>> = [];
  const removed = policy.statements.filter((statement) => statement.change === 'removed');
  const paired = new Set<StatementView>();
  // Only long lists are paired: two short statements read best as they are, one `+` and one `-`.
  const sameExceptActions = (a: StatementView, b: StatementView) =>
    a.effect === b.effect && a.notActions === undefined && b.notActions === undefined && sameTarget(a, b) &&
    Math.max(a.actions.length, b.actions.length) > SUMMARISED_ACTION_COUNT;
  for (const statement of policy.statements) {
    if (statement.change === 'removed' && paired.has(statement)) continue;
    const partner = statement.change === 'added' && policy.change === 'change' ? removed.find((old) => !paired.has(old) && sameExceptActions(old, statement)) : undefined;
    if (partner) {
      paired.add(partner);
      entries.push(...actionDiffEntries(partner, statement, fullActions));
      continue;
    }
    const mark = STATEMENT_MARKS[statement.change];
    entries.push({ mark: { text: `${mark.mark} `, color: mark.color }, text: describeStatement(statement, fullActions) });
  }
  return entries;
}

function actionDiffEntries(before: StatementView, after: StatementView, fullActions: boolean): Array<Omit<Row, 'indent'>> {
  const gained = after.actions.filter((action) => !before.actions.includes(action));
  const lost = before.actions.filter((action) => !after.actions.includes(action));
  const counts = [gained.length > 0 ? `${gained.length} added` : '', lost.length > 0 ? `${lost.length} removed` : ''].filter(Boolean).join(', ');
  const summary = `${after.effect} ${serviceSummary(after.actions)} on ${targetText(after)}: ${counts} (${before.actions.length} → ${after.actions.length})`;
  const head = { mark: { text: '~ ', color: 'yellow' as const }, text: summary };
  if (!fullActions && gained.length + lost.length > SUMMARISED_ACTION_COUNT) return [head];
  return [
    head,
    ...gained.map((action) => ({ mark: { text: '  + ', color: 'green' as const }, text: escapeUntrusted(action) })),
    ...lost.map((action) => ({ mark: { text: '  - ', color: 'red' as const }, text: escapeUntrusted(action) })),
  ];
}

/** e.g. `Allow s3:GetObject on arn:aws:s3:::b/public/* when StringLike s3:prefix is public/`. */
function describeStatement(statement: StatementView, fullActions: boolean): string {
  const actions = statement.notActions
    ? `every action except ${list(statement.notActions)}`
    : statement.actions.length === 0
      ? '(no action)'
      : !fullActions && statement.actions.length > SUMMARISED_ACTION_COUNT
        ? `${serviceSummary(statement.actions)} (--debug lists them)`
        : list(statement.actions);
  return `${statement.effect} ${actions} on ${targetText(statement)}`;
}

function targetText(statement: StatementView): string {
  const resources = statement.notResources
    ? `every resource except ${list(statement.notResources)}`
    : statement.resources.length === 0
      ? '(no resource)'
      : list(statement.resources);
  const conditions = statement.conditions.map(escapeUntrusted).join(' and ');
  return `${resources}${conditions ? ` when ${conditions}` : ''}`;
}

function sameTarget(a: StatementView, b: StatementView): boolean {
  return (
    JSON.stringify([a.resources, a.notResources ?? null, a.conditions]) === JSON.stringify([b.resources, b.notResources ?? null, b.conditions])
  );
}

/** `29 cognito-idp actions`, or `3 s3 and 2 sqs actions`. */
function serviceSummary(actions: string[]): string {
  const byService = new Map<string, number>();
  for (const action of actions) {
    const service = action.includes(':') ? action.slice(0, action.indexOf(':')) : action;
    byService.set(service, (byService.get(service) ?? 0) + 1);
  }
  const parts = [...byService].map(([service, count]) => `${count} ${escapeUntrusted(service)}`);
  const joined = parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `${joined} action${actions.length === 1 ? '' : 's'}`;
}

function list(values: string[]): string {
  return values.map(escapeUntrusted).join(', ');
}

// ---------- layout ----------

function layout(row: Row, options: PlanRenderOptions): string[] {
  const markWidth = row.mark ? codePoints(row.mark.text) : 0;
  const room = options.width === undefined ? undefined : Math.max(options.width, MIN_WRAP_WIDTH) - row.indent - markWidth;
  const pieces = room === undefined ? [row.text] : wrap(row.text, room);
  const paint = (text: string, color?: keyof PlanPalette) => (color ? options.palette[color](text) : text);
  return pieces.map((piece, index) => {
    const mark = row.mark ? (index === 0 ? paint(row.mark.text, row.mark.color) : ' '.repeat(markWidth)) : '';
    return `${' '.repeat(row.indent)}${mark}${paint(piece, row.color)}`;
  });
}

/** Greedy word wrap; a word longer than the room (an ARN) stays whole on its own line. */
export function wrap(text: string, room: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current === '') current = word;
    else if (codePoints(current) + 1 + codePoints(word) <= room) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  lines.push(current);
  return lines;
}

function codePoints(text: string): number {
  return [...text].length;
}
