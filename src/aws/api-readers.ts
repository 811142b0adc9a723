// The AppSync and API Gateway readers of each region, made on first use: a headless import of a GraphQL API loads no
// API Gateway client, and a command that touches no API loads none of these SDKs.
import type { AppSyncApis } from './appsync-apis.js';
import type { AwsClientOptions } from './clients.js';
import type { HttpApis } from './http-apis.js';
import type { RestApis } from './rest-apis.js';

export interface ApiReaders {
  graphql(region: string): Promise<AppSyncApis>;
  rest(region: string): Promise<RestApis>;
  http(region: string): Promise<HttpApis>;
}

/** `optionsFor(region)`: the client options (profile, timeout, --debug lines) for the region a reader is asked for. */
export function createApiReaders(optionsFor: (region: string) => AwsClientOptions): ApiReaders {
  const made = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, make: () => Promise<T>): Promise<T> => {
    let reader = made.get(key) as Promise<T> | undefined;
    if (!reader) {
      reader = make();
      made.set(key, reader);
    }
    return reader;
  };
  return {
    graphql: (region) =>
      once(`graphql ${region}`, async () => {
        const [{ createAppSyncClient }, { AppSyncApis }] = await Promise.all([import('./clients.js'), import('./appsync-apis.js')]);
        return new AppSyncApis(await createAppSyncClient(optionsFor(region)), region);
      }),
    rest: (region) =>
      once(`rest ${region}`, async () => {
        const [{ createApiGatewayClient }, { RestApis }] = await Promise.all([import('./clients.js'), import('./rest-apis.js')]);
        return new RestApis(await createApiGatewayClient(optionsFor(region)), region);
      }),
    http: (region) =>
      once(`http ${region}`, async () => {
        const [{ createApiGatewayV2Client }, { HttpApis }] = await Promise.all([import('./clients.js'), import('./http-apis.js')]);
        return new HttpApis(await createApiGatewayV2Client(optionsFor(region)), region);
      }),
  };
}
