// The built CLI on the network as teams run it: every AWS call through a proxy (HTTPS through a CONNECT tunnel, plain
// HTTP forwarded), --debug request lines that hold no secret, a silent endpoint ended by --timeout, and the SDK's
// Node.js version warning replaced by one line of ours.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startLoopbackProxy, type LoopbackProxy } from '../support/loopback-proxy.js';
import { LOOPBACK_TLS_CERT, startTlsFront, type TlsFront } from '../support/tls-front.js';
import { DEMO_IDS, demoWorld } from '../support/world.js';
import { DEMO_FULL_IMPORT, expectSuccess, useEmulatorSuite } from './project-fixture.js';

const { emulators, newProject } = useEmulatorSuite(demoWorld, { workDirPrefix: 'mycli-e2e-network-' });
const stoppers: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(stoppers.splice(0).map((stop) => stop()));
});

async function started<T extends { stop(): Promise<void> }>(server: Promise<T>): Promise<T> {
  const value = await server;
  stoppers.push(() => value.stop());
  return value;
}

/** Accepts connections and reads requests, never answers. */
async function silentEndpoint(): Promise<string> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stoppers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const debugLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('[debug] AWS '));

describe('through a proxy', () => {
  it('import and push send every AWS call via HTTPS_PROXY / HTTP_PROXY, one --debug line each, no secret in them', async () => {
    const proxy: LoopbackProxy = await started(startLoopbackProxy());
    const tls: TlsFront = await started(startTlsFront(emulators().cognitoLocal.endpoint));
    const env = {
      ...emulators().env,
      // The user pool API over real HTTPS (a CONNECT tunnel); the stub's services over plain HTTP (forwarded).
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: tls.url,
      NODE_EXTRA_CA_CERTS: LOOPBACK_TLS_CERT,
      HTTPS_PROXY: proxy.url,
      HTTP_PROXY: proxy.url,
      AWS_ACCESS_KEY_ID: 'AKIDPROXYTEST',
      AWS_SECRET_ACCESS_KEY: 'secret-key-must-not-leak',
      AWS_SESSION_TOKEN: 'session-token-must-not-leak',
    };
    const project = await newProject({ env });
    emulators().stub.resetCalls();

    const imported = await expectSuccess(project.run(['--debug', ...DEMO_FULL_IMPORT]));
    const storage = await expectSuccess(project.run(['--debug', 'import', 'storage', '--yes', '--bucket', DEMO_IDS.mediaBucket, '--auth-access', 'read']));
    // Push puts the storage policy documents on the roles.
    const pushed = await expectSuccess(project.run(['--debug', 'push', '--yes']));
    const runs = [imported, storage, pushed];
    const lines = runs.flatMap((run) => debugLines(run.stderr));

    const stubCalls = emulators().stub.calls.length;
    expect(stubCalls).toBeGreaterThan(4);
    // Each stub call was forwarded by the proxy; each user pool call went through its tunnel to the HTTPS front.
    expect(proxy.requests.filter((request) => request.kind === 'forward')).toHaveLength(stubCalls);
    expect(proxy.requests.filter((request) => request.kind === 'connect').map((request) => request.target)).toContain(`127.0.0.1:${tls.port}`);
    expect(tls.requestCount()).toBeGreaterThanOrEqual(2);
    expect(lines).toHaveLength(stubCalls + tls.requestCount());
    // Every call answered 200 except the first push's look at its push record, which does not exist yet (ParameterNotFound).
    for (const line of lines) {
      const status = line.startsWith('[debug] AWS ssm GetParameter Name=/mycli/shop/dev/pushed-state ') ? '400' : '200';
      expect(line).toMatch(new RegExp(`→ HTTP ${status}, \\d+ ms, retry 0, via proxy 127\\.0\\.0\\.1:${proxy.port}$`));
    }
    expect(lines).toContainEqual(expect.stringMatching(`^\\[debug\\] AWS cognito-idp DescribeUserPool UserPoolId=${DEMO_IDS.userPoolId} → `));
    expect(lines).toContainEqual(expect.stringMatching(`^\\[debug\\] AWS iam PutRolePolicy RoleName=${DEMO_IDS.authRoleName} PolicyName=\\S+ → `));

    expect(lines).toContainEqual(expect.stringMatching(`^\\[debug\\] AWS s3 \\S+ Bucket=${DEMO_IDS.mediaBucket} → `));
    const everything = runs.map((run) => run.stderr + run.stdout).join('\n');
    expect(everything).not.toMatch(/must-not-leak|AKIDPROXYTEST|"Statement"|2012-10-17/);
  });
});

describe('timeouts', () => {
  it('a silent endpoint ends within --timeout with one message naming the endpoint, the operation and the timeout', async () => {
    const silent = await silentEndpoint();
    const project = await newProject({ env: { ...emulators().env, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: silent } });
    const result = await project.run(['--timeout', '1', 'import', 'auth', '--yes', '--user-pool-id', DEMO_IDS.userPoolId, '--web-client-id', DEMO_IDS.webClientId]);
    expect(result.code).toBe(1);
    // The pool and its client are described at once: whichever gives up first is the one reported.
    expect(result.stderr).toMatch(
      new RegExp(`✖ No answer from ${silent} for cognito-idp:DescribeUserPool(Client)? on .*user pool ${DEMO_IDS.userPoolId} within the 1 s timeout \\(3 attempts\\)\\.`),
    );
    expect(result.stderr).toContain('The endpoint comes from AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER');
    expect(result.stderr.match(/No answer from/g)).toHaveLength(1);
  });

  it('refuses a --timeout that is not a positive number (exit 2)', async () => {
    const project = await newProject();
    const result = await project.run(['--timeout', 'soon', 'push', '--yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '--timeout <seconds>' argument 'soon' is invalid");
  });
});

describe('the Node.js version warning', () => {
  it('is one line of ours below Node 22 and none from 22 on, never the SDK\'s nine', async () => {
    const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _off, ...env } = emulators().env;
    const project = await newProject({ env });
    const result = await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    expect(result.stderr).not.toContain('NodeVersionSupportWarning');
    const ours = result.stderr.split('\n').filter((line) => line.includes('AWS SDK releases after the first week of January 2027'));
    expect(ours).toHaveLength(Number.parseInt(process.versions.node, 10) < 22 ? 1 : 0);
  });
});
