// What the REST (v1) and HTTP (v2) API readers share: API Gateway authorizes every read as `apigateway:GET` on the
// resource's ARN, and answers an unknown id with NotFoundException.
import { toUserError } from './errors.js';
import { escapeUntrusted } from '../core/untrusted-text.js';

export const API_GATEWAY_GET_ACTION = 'apigateway:GET';

/**
 * Runs one API Gateway read of `path` (e.g. `/restapis/abc/stages`). Not found is left as it is, for the describe
 * call to turn into "no such API"; every other failure becomes a UserError naming the action and the ARN.
 */
export async function apiGatewayRead<T>(region: string, path: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (isApiGatewayNotFound(error)) throw error;
    throw toUserError(error, { action: API_GATEWAY_GET_ACTION, resource: `arn:aws:apigateway:${region}::${escapeUntrusted(path)}` });
  }
}

export function isApiGatewayNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === 'NotFoundException';
}
