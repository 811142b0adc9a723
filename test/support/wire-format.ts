// Wire-format pieces the loopback stubs share: XML replies (IAM, S3), JSON request bodies (Cognito Identity,
// Lambda), REST + JSON replies (AppSync, API Gateway) and the opaque page tokens they hand out.

import { randomUUID } from 'node:crypto';

/** `children` is already XML; leaf values go through textElement. */
export function element(name: string, children: string): string {
  return `<${name}>${children}</${name}>`;
}

export function textElement(name: string, text: string): string {
  return element(name, escapeXml(text));
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[char]};`);
}

/** An empty body counts as `{}`; anything but a JSON object (invalid JSON, an array, a scalar) is undefined. */
export function parseJsonObject(body: string): Record<string, unknown> | undefined {
  if (body === '') return {};
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `scope` names the listing, so a token from one listing is refused by another. */
export function encodePageToken(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ scope, offset })).toString('base64url');
}

/** The offset a token from encodePageToken carries, or undefined when it is not one issued for `scope`. */
export function decodePageToken(token: string, scope: string): number | undefined {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { scope?: unknown; offset?: unknown };
    return decoded.scope === scope && typeof decoded.offset === 'number' ? decoded.offset : undefined;
  } catch {
    return undefined;
  }
}

/** A REST + JSON reply (AppSync, API Gateway). */
export function jsonResponse(status: number, body: object): { status: number; headers: Record<string, string>; body: string } {
  return { status, headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() }, body: JSON.stringify(body) };
}

/** A REST + JSON error as AppSync and API Gateway send it: the code in x-amzn-ErrorType, the message in the body. */
export function restJsonError(status: number, code: string, message: string): { status: number; headers: Record<string, string>; body: string } {
  const response = jsonResponse(status, { message });
  return { ...response, headers: { ...response.headers, 'x-amzn-errortype': code } };
}

/** One page of `items` from the offset `token` carries (the first page without one); undefined when the token is not one of `scope`'s. */
export function pageFrom<T>(items: T[], token: string | null, size: number, scope: string): { items: T[]; next?: string } | undefined {
  const start = token === null ? 0 : decodePageToken(token, scope);
  if (start === undefined) return undefined;
  const end = start + size;
  return { items: items.slice(start, end), ...(end < items.length ? { next: encodePageToken(scope, end) } : {}) };
}
