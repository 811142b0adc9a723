// Which API each imported api resource uses in a new environment: the same as the current environment's (asked, or
// kept with --yes), or another one — from `--categories '{"api":{"<name>":{"apiId":…,"stage":…,"region":…}}}'` or
// picked interactively. Every one is described and checked against the new environment's auth before anything is written.
import { z } from 'zod';
import type { ApiReaders } from '../aws/api-readers.js';
import { API_KIND_LABEL, type ApiTrustContext } from '../core/api-model.js';
import { KIND_OF_API_TYPE, type ApiEnvParameters } from '../core/api-records.js';
import { usageError } from '../core/errors.js';
import { hasBlockingFindings } from '../core/validator.js';
import { escapeUntrusted, nameAndId } from '../core/untrusted-text.js';
import type { Printer } from '../ui/printer.js';
import type { Prompter } from '../ui/prompter.js';
import { recheckApis, type ApiRecheck } from './api-recheck.js';
import { chooseApi, chooseStage } from './choose-api.js';
import type { ApiRecord } from './imported-apis.js';
import { findingsError } from './record-auth.js';

const nonEmpty = z.string().trim().min(1);
const region = z.string().regex(/^[a-z]{2}(?:-[a-z]+)+-\d+$/, 'an AWS region code such as us-east-1');
const apiCategoriesSchema = z.object({
  api: z.record(z.string(), z.object({ apiId: nonEmpty, stage: nonEmpty.optional(), region: region.optional() })).optional(),
});

const EXAMPLE = `--categories '{"api":{"<name>":{"apiId":"…","stage":"…","region":"…"}}}'`;

export interface NewEnvironmentApis {
  /** team-provider-info.json `<env>.categories.api`. */
  envApis: Record<string, ApiEnvParameters>;
  recheck: ApiRecheck;
}

export async function apisForNewEnvironment(
  records: ApiRecord[],
  input: { envName: string; sourceEnvName: string; region: string; categories?: string; yes?: boolean },
  context: { prompter: Prompter; printer: Printer; readers: ApiReaders; auth: ApiTrustContext; now: number },
): Promise<NewEnvironmentApis> {
  const given = parseApiCategories(input.categories, records);
  const chosen: ApiRecord[] = [];
  for (const record of records) {
    const kind = KIND_OF_API_TYPE[record.parameters.apiType];
    const named = given[record.resourceName];
    if (named) {
      if (kind !== 'graphql' && named.stage === undefined) {
        throw usageError(`--categories: api '${escapeUntrusted(record.resourceName)}' is a ${API_KIND_LABEL[kind]}, and no "stage" was given for it.`, `Add "stage": "<name>" to its entry: ${EXAMPLE}.`);
      }
      if (kind === 'graphql' && named.stage !== undefined) {
        throw usageError(`--categories: api '${escapeUntrusted(record.resourceName)}' is a GraphQL API, which has no stage.`, 'Leave "stage" out of its entry.');
      }
      const env = { apiId: named.apiId, apiName: named.apiId, region: named.region ?? input.region, ...(named.stage ? { stage: named.stage } : {}) };
      chosen.push({ ...record, env });
      continue;
    }
    const current = record.env;
    if (!current) {
      throw usageError(`Environment '${escapeUntrusted(input.sourceEnvName)}' records no API for api '${escapeUntrusted(record.resourceName)}', so there is nothing to keep.`, `Give one with ${EXAMPLE}.`);
    }
    const stage = current.stage === undefined ? '' : `, stage '${escapeUntrusted(current.stage)}'`;
    const keep = input.yes || !context.prompter.interactive
      ? true
      : await context.prompter.confirm(
          {
            message: `API '${escapeUntrusted(record.resourceName)}' is ${API_KIND_LABEL[kind]} ${nameAndId(current.apiName, current.apiId)}${stage} in '${escapeUntrusted(input.sourceEnvName)}'. Use the same in '${escapeUntrusted(input.envName)}'?`,
            flag: `--yes to keep it, or ${EXAMPLE}`,
          },
          true,
        );
    if (keep) {
      chosen.push({ ...record, env: current });
      continue;
    }
    const api = await chooseApi(context.readers, input.region, context.auth, {
      prompter: context.prompter,
      printer: context.printer,
      now: context.now,
      kind,
      message: `Select the ${API_KIND_LABEL[kind]} for api '${escapeUntrusted(record.resourceName)}' in '${escapeUntrusted(input.envName)}'`,
    });
    const newStage = api.kind === 'graphql' ? undefined : await chooseStage(api, undefined, context.prompter, context.printer);
    chosen.push({ ...record, env: { apiId: api.id, apiName: api.name, region: api.region, ...(newStage === undefined ? {} : { stage: newStage }) } });
  }

  const recheck = await recheckApis(chosen, context.auth, { readers: context.readers, printer: context.printer, now: context.now });
  if (hasBlockingFindings(recheck.findings)) {
    throw findingsError(`Environment '${escapeUntrusted(input.envName)}' cannot use these APIs`, recheck.findings,
      `Fix them in AWS (each line says how), or give other APIs with ${EXAMPLE} (or answer "no" to use another one).`);
  }
  for (const warning of recheck.findings) context.printer.warn(warning.message);
  // The API's own name, as just described (an id from --categories came without one).
  const envApis = Object.fromEntries(recheck.apis.map(({ record, env, api }) => [record.resourceName, { ...env, apiName: api.name }]));
  return { envApis, recheck: { ...recheck, apis: recheck.apis.map((entry) => ({ ...entry, env: envApis[entry.record.resourceName] ?? entry.env })) } };
}

function parseApiCategories(text: string | undefined, records: ApiRecord[]): Record<string, { apiId: string; stage?: string; region?: string }> {
  if (text === undefined) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw usageError(`--categories is not JSON (${(error as Error).message}).`, `Pass ${EXAMPLE}.`);
  }
  const parsed = apiCategoriesSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`).join('; ');
    throw usageError(`--categories is not valid: ${escapeUntrusted(problems)}.`, `Pass ${EXAMPLE}.`);
  }
  const given = parsed.data.api ?? {};
  const unknown = Object.keys(given).filter((name) => !records.some((record) => record.resourceName === name));
  if (unknown.length > 0) {
    throw usageError(`--categories names api ${unknown.map((name) => `'${escapeUntrusted(name)}'`).join(', ')}, which this project does not import.`,
      `Use the names of the imported APIs: ${records.map((record) => record.resourceName).join(', ') || 'none'}.`);
  }
  return given;
}
