// How every SDK client reaches AWS: connect and read timeouts, and the proxy from HTTPS_PROXY / HTTP_PROXY / NO_PROXY
// (either case; ALL_PROXY too) as curl and the AWS CLI read them. Each request is routed by its own URL: direct, or
// through an HTTP(S) proxy agent (https-proxy-agent tunnels HTTPS with CONNECT, http-proxy-agent forwards plain HTTP).
// The proxy libraries are loaded only when a proxy variable is set.
import type { Agent } from 'node:http';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { usageError } from '../core/errors.js';
import { escapeUntrusted } from '../core/untrusted-text.js';

/** The AWS CLI's default for both its connect and its read timeout. */
export const DEFAULT_TIMEOUT_SECONDS = 60;

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'];
const PROXY_PROTOCOLS = new Set(['http:', 'https:']);
/** Sockets per destination, as the SDK's own handler allows. */
const MAX_SOCKETS = 50;

/** Whether any proxy variable is set (NO_PROXY may still exempt a given endpoint). */
export function proxyConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return PROXY_VARIABLES.some((name) => Boolean(env[name]?.trim()));
}

/**
 * Refuses a proxy variable that is not an HTTP(S) proxy URL before any call is made, naming the variable. A proxy
 * given without a scheme (`proxy.corp:3128`) is an HTTP proxy, as curl and the AWS CLI take it: the variable gets the
 * `http://` that proxy-from-env would otherwise replace with the request's own scheme (TLS to a plain HTTP proxy).
 */
export function prepareProxySettings(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of PROXY_VARIABLES) {
    const value = env[name]?.trim();
    if (!value) continue;
    let url: URL | undefined;
    try {
      url = new URL(withScheme(value));
    } catch {
      url = undefined;
    }
    if (!url || !PROXY_PROTOCOLS.has(url.protocol) || !url.hostname) {
      throw usageError(
        `${name} is set to '${escapeUntrusted(redactCredentials(value))}', which is not an HTTP proxy URL.`,
        `Set ${name} to http://host:port (or http://user:password@host:port), or unset it to connect directly.`,
      );
    }
    if (withScheme(value) !== env[name]) env[name] = withScheme(value);
  }
}

type ProxyLookup = (url: string) => string;
let proxyLookup: Promise<ProxyLookup> | undefined;

/** The proxy URL a request to `url` goes through, or '' for a direct connection (NO_PROXY read by proxy-from-env). */
export function proxyFor(url: string): Promise<string> {
  if (!proxyConfigured()) return Promise.resolve('');
  proxyLookup ??= import('proxy-from-env').then(({ getProxyForUrl }) => getProxyForUrl);
  return proxyLookup.then((lookup) => lookup(url));
}

/** `host:port` of a proxy URL: never its user name or password. */
export function proxyHost(proxyUrl: string): string {
  try {
    const url = new URL(proxyUrl);
    return url.port ? `${url.hostname}:${url.port}` : url.hostname;
  } catch {
    return '(unparsable proxy URL)';
  }
}

type HandlerConfigKey = Parameters<NodeHttpHandler['updateHttpClientConfig']>[0];
type HandlerConfigValue = Parameters<NodeHttpHandler['updateHttpClientConfig']>[1];

/**
 * The request handler of one client: the SDK's Node handler with the timeouts, one for direct requests and one per
 * proxy and scheme, each keeping its own pooled connections (a pooled proxy connection is only reused for the same
 * proxy and scheme, which a single routing agent cannot guarantee for forwarded HTTP).
 */
export class ProxyRoutingHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  private readonly direct: NodeHttpHandler;
  private readonly proxied = new Map<string, Promise<NodeHttpHandler>>();
  private readonly configUpdates: Array<[HandlerConfigKey, HandlerConfigValue]> = [];

  constructor(private readonly timeoutSeconds: number) {
    this.direct = new NodeHttpHandler(this.handlerOptions());
  }

  async handle(...[request, options]: Parameters<NodeHttpHandler['handle']>): ReturnType<NodeHttpHandler['handle']> {
    const url = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}`;
    const proxy = await proxyFor(url);
    const handler = proxy ? await this.handlerVia(proxy, request.protocol === 'https:') : this.direct;
    return handler.handle(request, options);
  }

  updateHttpClientConfig(key: HandlerConfigKey, value: HandlerConfigValue): void {
    this.configUpdates.push([key, value]);
    this.direct.updateHttpClientConfig(key, value);
    for (const handler of this.proxied.values()) void handler.then((ready) => ready.updateHttpClientConfig(key, value));
  }

  httpHandlerConfigs(): ReturnType<NodeHttpHandler['httpHandlerConfigs']> {
    return this.direct.httpHandlerConfigs();
  }

  destroy(): void {
    this.direct.destroy();
    for (const handler of this.proxied.values()) void handler.then((ready) => ready.destroy());
  }

  private handlerOptions(agent?: Agent) {
    const timeoutMs = Math.round(this.timeoutSeconds * 1000);
    return {
      connectionTimeout: timeoutMs,
      // Inactivity on an open connection: the AWS CLI's read timeout.
      socketTimeout: timeoutMs,
      ...(agent ? { httpAgent: agent, httpsAgent: agent } : {}),
    };
  }

  private handlerVia(proxy: string, secureEndpoint: boolean): Promise<NodeHttpHandler> {
    const key = `${secureEndpoint ? 'https' : 'http'} via ${proxy}`;
    let handler = this.proxied.get(key);
    if (!handler) {
      handler = proxyAgent(proxy, secureEndpoint).then((agent) => {
        const created = new NodeHttpHandler(this.handlerOptions(agent));
        for (const [configKey, value] of this.configUpdates) created.updateHttpClientConfig(configKey, value);
        return created;
      });
      this.proxied.set(key, handler);
    }
    return handler;
  }
}

async function proxyAgent(proxy: string, secureEndpoint: boolean): Promise<Agent> {
  const options = { keepAlive: true, maxSockets: MAX_SOCKETS };
  if (secureEndpoint) {
    const { HttpsProxyAgent } = await import('https-proxy-agent');
    return new HttpsProxyAgent(proxy, options);
  }
  const { HttpProxyAgent } = await import('http-proxy-agent');
  return new HttpProxyAgent(proxy, options);
}

function withScheme(value: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
}

function redactCredentials(value: string): string {
  return value.replace(/\/\/[^/@]*@/, '//***@');
}
