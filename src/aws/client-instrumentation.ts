// Two middlewares on every client the factory makes. Innermost (next to the HTTP handler, so once per attempt): the
// --debug line for each request, and what the attempt went to. Outermost (once per call, after every retry): the
// facts of a failed call attached to its error, for the error mapping to name the endpoint, proxy and timeout.
// Neither reads headers or bodies: a --debug line holds no credentials, tokens or policy documents.
import type { HandlerExecutionContext, MiddlewareStack } from '@smithy/types';
import { escapeUntrusted } from '../core/untrusted-text.js';
import { endpointSourceOf } from './endpoint-source.js';
import { proxyFor, proxyHost } from './network.js';
import { attachRequestFacts } from './request-facts.js';

export interface InstrumentationOptions {
  /** The IAM prefix of the service: `cognito-idp`, `iam`, `s3`. */
  service: string;
  /** The SDK's service id (`Cognito Identity Provider`), for finding where a configured endpoint came from. */
  serviceId: string;
  timeoutSeconds: number;
  /** Receives one line per HTTP request (with --debug). */
  requestLog?: (line: string) => void;
}

interface AttemptState {
  endpoint: string;
  proxy?: string;
  attempt: number;
}

// Identifiers worth seeing in a request line; secrets and documents never match (PolicyDocument, ClientSecret, NextToken).
const RESOURCE_KEY = /^[A-Za-z]*(?:Id|Name|Arn)$|^Bucket$/;
const NEVER_LOGGED = /secret|token|password|credential|document/i;
const MAX_VALUE_LENGTH = 120;

// Any is the SDK's own choice for a client's stack of middlewares (MiddlewareStack<any, any>).
export function instrumentClient(stack: MiddlewareStack<any, any>, options: InstrumentationOptions): void {
  const attempts = new WeakMap<HandlerExecutionContext, AttemptState>();

  stack.add(
    (next, context) => async (args) => {
      const request = args.request as { protocol?: string; hostname?: string; port?: number; path?: string; headers?: Record<string, string> };
      const endpoint = `${request.protocol ?? 'https:'}//${request.hostname ?? ''}${request.port ? `:${request.port}` : ''}`;
      const attempt = Number(/attempt=(\d+)/.exec(request.headers?.['amz-sdk-request'] ?? '')?.[1] ?? 1);
      const proxy = await proxyFor(`${endpoint}${request.path ?? '/'}`);
      const state: AttemptState = { endpoint, attempt, ...(proxy ? { proxy: proxyHost(proxy) } : {}) };
      attempts.set(context, state);
      const started = performance.now();
      const line = (outcome: string) =>
        options.requestLog?.(
          `AWS ${options.service} ${operationOf(context)}${resourceOf(args.input)} → ${outcome}, ${Math.round(performance.now() - started)} ms, ` +
            `retry ${attempt - 1}, ${state.proxy ? `via proxy ${state.proxy}` : 'direct'}`,
        );
      try {
        const result = await next(args);
        line(`HTTP ${(result.response as { statusCode?: number }).statusCode ?? '?'}`);
        return result;
      } catch (error) {
        line(failureOf(error));
        throw error;
      }
    },
    { step: 'deserialize', priority: 'low', name: 'mycliRequestAttempt' },
  );

  stack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const state = attempts.get(context);
        if (state && typeof error === 'object' && error !== null) {
          const metadataAttempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts;
          const endpointSource = await endpointSourceOf(options.serviceId);
          attachRequestFacts(error, {
            endpoint: state.endpoint,
            timeoutSeconds: options.timeoutSeconds,
            attempts: metadataAttempts ?? state.attempt,
            ...(state.proxy ? { proxy: state.proxy } : {}),
            ...(endpointSource ? { endpointSource } : {}),
          });
        }
        throw error;
      }
    },
    { step: 'initialize', priority: 'high', name: 'mycliCallOutcome' },
  );
}

function operationOf(context: HandlerExecutionContext): string {
  return (context.commandName ?? 'UnknownCommand').replace(/Command$/, '');
}

function resourceOf(input: unknown): string {
  if (typeof input !== 'object' || input === null) return '';
  const parts = Object.entries(input)
    .filter(([key, value]) => typeof value === 'string' && RESOURCE_KEY.test(key) && !NEVER_LOGGED.test(key))
    .map(([key, value]) => `${key}=${escapeUntrusted((value as string).slice(0, MAX_VALUE_LENGTH))}`);
  return parts.length > 0 ? ` ${parts.join(' ')}` : '';
}

function failureOf(error: unknown): string {
  if (!(error instanceof Error)) return 'failed';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error.name;
}
