// proxy-from-env ships no type declarations; this is the one function we use.
declare module 'proxy-from-env' {
  /** The proxy URL for `url` from *_PROXY / ALL_PROXY / NO_PROXY (either case), or '' for none. */
  export function getProxyForUrl(url: string): string;
}
