// The AWS SDK prints a 9-line NodeVersionSupportWarning on every run under Node.js < 22. mycli supports Node 20.17+,
// so it says the same once, in one line of its own, and switches the SDK's off (its documented variable) before the
// first client is made. Setting AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true silences ours too.

const SDK_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
/** The first Node.js major the AWS SDK requires for its releases after the first week of January 2027. */
export const SDK_FUTURE_NODE_MAJOR = 22;

// Read before mycli first sets the variable itself.
let userOptedOut: boolean | undefined;
let noticeGiven = false;

export function nodeVersionNotice(version: string = process.version): string | undefined {
  const major = Number.parseInt(version.replace(/^v/, ''), 10);
  if (!(major < SDK_FUTURE_NODE_MAJOR)) return undefined;
  return (
    `Node.js ${version} works with this mycli, but AWS SDK releases after the first week of January 2027 need ` +
    `Node.js ${SDK_FUTURE_NODE_MAJOR} or later: upgrade Node.js before then.`
  );
}

/** The SDK's own warning switched off; our line once per process, to `warn` (unless the user opted out). */
export function noticeNodeVersion(warn: ((line: string) => void) | undefined, env: NodeJS.ProcessEnv = process.env): void {
  userOptedOut ??= ['true', '1'].includes((env[SDK_SWITCH] ?? '').trim().toLowerCase());
  env[SDK_SWITCH] = 'true';
  if (noticeGiven || userOptedOut || !warn) return;
  noticeGiven = true;
  const notice = nodeVersionNotice();
  if (notice) warn(notice);
}
