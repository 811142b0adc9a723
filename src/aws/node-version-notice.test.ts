import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

// A fresh module each time: the notice is once per process.
async function freshNotice() {
  return import('./node-version-notice.js');
}

describe('the Node.js version notice', () => {
  it('is one line on Node 20 naming the January 2027 move to Node 22, and nothing on 22 or 24', async () => {
    const { nodeVersionNotice } = await freshNotice();
    const line = nodeVersionNotice('v20.17.0');
    expect(line).toBe(
      'Node.js v20.17.0 works with this mycli, but AWS SDK releases after the first week of January 2027 need Node.js 22 or later: upgrade Node.js before then.',
    );
    expect(line).not.toContain('\n');
    expect(nodeVersionNotice('v22.0.0')).toBeUndefined();
    expect(nodeVersionNotice('v24.3.1')).toBeUndefined();
  });

  it('is given once per process and switches the SDK\'s own 9-line warning off', async () => {
    const { noticeNodeVersion } = await freshNotice();
    const env: NodeJS.ProcessEnv = {};
    const warn = vi.fn();
    noticeNodeVersion(warn, env);
    noticeNodeVersion(warn, env);
    expect(env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('true');
    expect(warn).toHaveBeenCalledTimes(Number.parseInt(process.versions.node, 10) < 22 ? 1 : 0);
  });

  it('stays silent when the user switched the SDK warning off, and waits for a caller that can print it', async () => {
    const optedOut = await freshNotice();
    const warn = vi.fn();
    optedOut.noticeNodeVersion(warn, { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
    expect(warn).not.toHaveBeenCalled();

    vi.resetModules();
    const later = await freshNotice();
    const env: NodeJS.ProcessEnv = {};
    later.noticeNodeVersion(undefined, env);
    later.noticeNodeVersion(warn, env);
    expect(warn).toHaveBeenCalledTimes(Number.parseInt(process.versions.node, 10) < 22 ? 1 : 0);
  });
});
