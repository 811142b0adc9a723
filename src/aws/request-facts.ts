// What the client factory's middleware learnt about a failed AWS call, attached to the error it threw, so that the
// error mapping (errors.ts) can name the endpoint, the proxy and the timeout without depending on the SDK.

const FACTS = Symbol('mycli.awsRequestFacts');

export interface AwsRequestFacts {
  /** `https://host[:port]` the last attempt went to. */
  endpoint: string;
  /** `host:port` of the proxy the last attempt went through, when one was used. */
  proxy?: string;
  /** The connect and read timeout the client ran with, in seconds. */
  timeoutSeconds: number;
  /** How many HTTP attempts were made (1 = no retry). */
  attempts: number;
  /** Where a non-default endpoint came from (an AWS_ENDPOINT_URL* variable, the shared config file). */
  endpointSource?: string;
}

export function attachRequestFacts(error: object, facts: AwsRequestFacts): void {
  Object.defineProperty(error, FACTS, { value: facts, enumerable: false, configurable: true });
}

export function requestFactsOf(error: unknown): AwsRequestFacts | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  return (error as { [FACTS]?: AwsRequestFacts })[FACTS];
}
