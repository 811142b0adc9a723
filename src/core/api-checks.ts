// Does an existing API trust the imported auth? Every rule at once, each finding naming the API and its fix (a console
// path or an AWS CLI command), as import auth's validator does. Pure: the caller describes the API and the auth.
// The rules of each kind live in graphql-api-checks.ts and gateway-api-checks.ts.

import type { ApiCheckOptions, ApiCheckResult } from './api-findings.js';
import type { ApiDetails, ApiTrustContext } from './api-model.js';
import { checkGatewayApi } from './gateway-api-checks.js';
import { checkGraphqlApi } from './graphql-api-checks.js';

export type { ApiCheckOptions, ApiCheckResult } from './api-findings.js';

export function checkApi(api: ApiDetails, auth: ApiTrustContext, options: ApiCheckOptions): ApiCheckResult {
  return api.kind === 'graphql' ? checkGraphqlApi(api, auth, options) : checkGatewayApi(api, auth, options);
}
