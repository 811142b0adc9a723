// The generated config in a real browser: a minimal page importing the amplify_outputs.json (and, separately, the
// aws-exports.js) that `mycli import auth` wrote, bundled with esbuild, served on loopback, driven by Debian's Chromium
// through playwright-core. It signs the seeded user in against cognito-local (which answers CORS preflights itself)
// and gets identity-pool credentials from the stub (through a loopback CORS proxy: the stub sends no CORS headers,
// and without the proxy Chromium refuses its answers, as a test below shows). Every request the page makes must go to
// 127.0.0.1: any other is blocked by a route handler, and the test asserts none was attempted. (With a route
// registered, Playwright answers CORS preflights itself; the browser still enforces the CORS headers of responses.)
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCorsProxy, type CorsProxy } from '../support/cors-proxy.js';
import { DEMO_IDS, demoWorld } from '../support/world.js';
import { DEMO_FULL_IMPORT, expectSuccess, useEmulatorSuite, type TestProject } from '../e2e/project-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const PAGE_SOURCE = fileURLToPath(new URL('./sign-in-page.ts', import.meta.url));
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const { emulators, newProject, workDir } = useEmulatorSuite(demoWorld, { workDirPrefix: 'mycli-browser-' });

let proxy: CorsProxy;
let context: BrowserContext;
let userDataDir: string;
const site = new Map<string, { type: string; body: string }>();
let server: Server;
let origin: string;
/** Every URL the browser asked for, and those the route handler refused (anything not on 127.0.0.1). */
const requested: string[] = [];
const blocked: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's Chromium with \`apt-get install -y chromium\` (.ci/run does).`);
  proxy = await startCorsProxy(emulators().stub.endpoint);
  server = createServer((req, res) => {
    const page = site.get(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    if (!page) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': page.type, 'cache-control': 'no-store' }).end(page.body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('page server has no port');
  origin = `http://127.0.0.1:${address.port}`;

  userDataDir = await mkdtemp(path.join(os.tmpdir(), 'mycli-chromium-profile-'));
  context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  context.on('request', (request) => requested.push(request.url()));
  await context.route((url) => url.hostname !== '127.0.0.1', async (route) => {
    blocked.push(route.request().url());
    await route.abort('blockedbyclient');
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await proxy?.stop();
  server?.closeAllConnections();
  server?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
});

/** Bundles the page with `app-config` resolved to the generated file, and publishes it at /<name>/. */
async function publishPage(name: string, configFile: string, identityPoolEndpoint = proxy.endpoint): Promise<string> {
  const outfile = path.join(workDir(), `${name}-bundle.js`);
  await build({
    entryPoints: [PAGE_SOURCE],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [{ name: 'app-config', setup: (bundler) => bundler.onResolve({ filter: /^app-config$/ }, () => ({ path: configFile })) }],
  });
  site.set(`/${name}/bundle.js`, { type: 'text/javascript', body: await readFile(outfile, 'utf8') });
  site.set(`/${name}/`, {
    type: 'text/html',
    body: `<!doctype html><meta charset="utf-8"><title>${name}</title>
<p>status: <span id="status">pending</span></p><p>client: <span id="client"></span></p><p>user: <span id="user"></span></p>
<p>identity: <span id="identity"></span></p><p>credentials: <span id="credentials"></span></p>
<script type="module" src="/${name}/bundle.js"></script>`,
  });
  const query = new URLSearchParams({
    userPoolEndpoint: emulators().cognitoLocal.endpoint,
    identityPoolEndpoint,
    username: DEMO_IDS.demoUser.username,
    password: DEMO_IDS.demoUser.password,
  });
  return `${origin}/${name}/?${query.toString()}`;
}

async function signInThroughPage(url: string) {
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('status')?.textContent !== 'pending', undefined, { timeout: 20_000 });
    const text = async (id: string) => (await page.textContent(`#${id}`)) ?? '';
    return { status: await text('status'), client: await text('client'), user: await text('user'), identity: await text('identity'), credentials: await text('credentials') };
  } finally {
    await page.close();
  }
}

let project: TestProject | undefined;

async function importedProject(): Promise<TestProject> {
  project = await newProject();
  await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
  return project;
}

describe('the generated config in Chromium', () => {
  it.each([
    ['amplify_outputs.json', 'outputs'],
    ['src/aws-exports.js', 'exports'],
  ])('a page importing %s signs the seeded user in and shows the tokens\' user, with identity-pool credentials', async (file, name) => {
    const imported = await importedProject();
    const url = await publishPage(name, path.join(imported.dir, file));
    const forwardedBefore = proxy.forwarded;

    const shown = await signInThroughPage(url);

    expect(shown).toEqual({
      status: 'signed-in',
      client: DEMO_IDS.webClientId,
      user: DEMO_IDS.demoUser.username,
      identity: expect.stringMatching(/^us-east-1:[0-9a-f-]+$/),
      credentials: 'yes',
    });
    // GetId and GetCredentialsForIdentity went through the CORS proxy to the stub.
    expect(proxy.forwarded).toBeGreaterThanOrEqual(forwardedBefore + 2);
    expect(requested.some((request) => request.startsWith(emulators().cognitoLocal.endpoint))).toBe(true);
    expect(blocked).toEqual([]);
    expect(requested.every((request) => new URL(request).hostname === '127.0.0.1')).toBe(true);
  });

  it('without the CORS proxy the browser refuses the stub\'s answers: no credentials (the CORS check is real)', async () => {
    const imported = await importedProject();
    const shown = await signInThroughPage(await publishPage('no-proxy', path.join(imported.dir, 'amplify_outputs.json'), emulators().stub.endpoint));
    expect(shown.status === 'signed-in' && shown.credentials === 'yes').toBe(false);
    expect(shown.status).toMatch(/error|signed-in/);
  });

  it('the route handler does block a request outside 127.0.0.1 (the guard above can fail)', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${origin}/outputs/`).catch(() => undefined);
      await page.evaluate(() => fetch('https://cognito-idp.us-east-1.amazonaws.com/').catch(() => 'refused'));
      expect(blocked).toEqual(['https://cognito-idp.us-east-1.amazonaws.com/']);
    } finally {
      blocked.length = 0;
      await page.close();
    }
  });
});
