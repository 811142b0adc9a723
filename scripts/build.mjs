// `npm run build`: type-checks (tsc, in package.json), then bundles src/cli.ts into dist/ with esbuild.
//
// What it produces: dist/cli.js (the entry bin/mycli.js requires: the program definition with commander bundled in,
// since every command starts with them) and one file per lazily imported module (each command, the AWS layer, the
// prompts, …), with shared code in chunk-*.js files beside them. Code splitting keeps every `await import()` lazy, so
// `--help` and the offline commands still load none of the AWS SDK, zod or @inquirer/prompts. Those and the other
// runtime dependencies are not bundled: they stay in node_modules (package.json `dependencies`), loaded only by the
// commands that need them. Whitespace and syntax are minified, identifiers are not (readable stack traces), and each
// file has a source map with the sources embedded (no map points at a file the package does not ship).
//
// dist/ is CommonJS (dist/package.json says so; bin/ has its own): Node starts a CommonJS program without its ES
// module loader, which is a measurable part of `mycli --help` on Node 20 and 22 (`npm run bench`). esbuild splits
// code only in ES module output, so the build has two passes: the split ES modules (pass 1, in a temporary folder),
// then each file turned into CommonJS (pass 2), its source map composed with pass 1's so traces still name src/*.ts.
// - A lazy import of one of our own files becomes a require (`__lazy`, below): no ES module loader for those.
// - A lazy import of a package stays a real `import()`: several (@inquirer/prompts, yocto-spinner, the proxy agents)
//   are ES modules only, which `require` cannot load before Node 20.19. So a package that is ES modules only may
//   not be imported statically by our code: the build stops when one is (see assertNoStaticEsmOnlyImports).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

const root = new URL('../', import.meta.url);
const rootDir = new URL('.', root).pathname;
const pkg = JSON.parse(await readFile(new URL('package.json', root), 'utf8'));
const BUNDLED = new Set(['commander']);
const external = Object.keys(pkg.dependencies).filter((name) => !BUNDLED.has(name));
const target = `node${pkg.engines.node.replace(/^>=/, '')}`;

// commander requires node:child_process when it loads, for executable subcommands (a separate program per command),
// which mycli does not use; loading it (and the net and dgram modules it pulls in) is a measurable part of start-up.
// Its require is replaced by one that loads the module when commander first uses it.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    build.onResolve({ filter: /^node:child_process$/ }, (args) =>
      args.importer.includes(`${sep}node_modules${sep}commander${sep}`) ? { path: 'node:child_process', namespace: 'lazy-builtin' } : undefined);
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: `let loaded; module.exports = new Proxy({}, { get: (_, key) => (loaded ??= process.getBuiltinModule(${JSON.stringify(args.path)}))[key] });`,
      loader: 'js',
    }));
  },
};

// `import("./x.js")` and `__lazy("./x.js")` have the same length: pass 1's source maps stay exact.
const LAZY = '__lazy';
const INTERNAL_DYNAMIC_IMPORT = /\bimport\("(\.\/[\w.-]+\.js)"\)/g;

const work = await mkdtemp(join(tmpdir(), 'mycli-build-'));
try {
  // Pass 1: split ES modules. Their folder is marked as ES modules for pass 2, which then interoperates with CommonJS
  // packages as Node does (a default import is the package's module.exports).
  const esmDir = join(work, 'esm');
  await writeFile(join(work, 'package.json'), '{"type":"module"}\n');
  const pass1 = await build({
    absWorkingDir: rootDir,
    entryPoints: ['src/cli.ts'],
    outdir: esmDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target,
    external,
    plugins: [lazyChildProcess],
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: true,
    sourcesContent: true,
    legalComments: 'eof',
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  assertNoStaticEsmOnlyImports(pass1.metafile);
  await mkdir(esmDir, { recursive: true });
  const entryPoints = [];
  for (const file of pass1.outputFiles) {
    let text = file.text;
    if (file.path.endsWith('.js')) {
      const outputKey = relative(rootDir, file.path).split(sep).join('/');
      const expected = pass1.metafile.outputs[outputKey].imports.filter((entry) => entry.kind === 'dynamic-import' && !entry.external).length;
      if (text.includes(LAZY)) throw new Error(`${outputKey} already uses the name ${LAZY}.`);
      // import.meta.url has a CommonJS equivalent (below); anything else of import.meta would be empty in dist/.
      if (text.replaceAll('import.meta.url', '').includes('import.meta')) throw new Error(`${outputKey} uses import.meta beyond import.meta.url.`);
      let found = 0;
      text = text.replace(INTERNAL_DYNAMIC_IMPORT, (_, path) => (found++, `${LAZY}("${path}")`));
      if (found !== expected) throw new Error(`${outputKey}: ${expected} lazy imports of our own files, ${found} rewritten.`);
      entryPoints.push({ path: file.path.slice(esmDir.length + 1), text });
    }
    await writeFile(file.path, text);
  }

  // Pass 2: each file to CommonJS; esbuild follows each file's sourceMappingURL and composes the maps. Each file gets
  // only the helpers it uses, as a banner (pass 2's map accounts for it).
  await rm(new URL('dist/', root), { recursive: true, force: true });
  await Promise.all(entryPoints.map(({ path, text }) => {
    const banner = [
      ...(text.includes(`${LAZY}(`) ? [`const ${LAZY} = (path) => Promise.resolve().then(() => require(path));`] : []),
      ...(text.includes('import.meta') ? ["const __mycliImportMetaUrl = require('node:url').pathToFileURL(__filename).href;"] : []),
    ];
    return build({
      absWorkingDir: esmDir,
      entryPoints: [path],
      outdir: join(rootDir, 'dist'),
      bundle: false,
      format: 'cjs',
      platform: 'node',
      target,
      define: { 'import.meta.url': '__mycliImportMetaUrl' },
      banner: { js: banner.join(' ') },
      minifyWhitespace: true,
      minifySyntax: true,
      sourcemap: true,
      sourcesContent: true,
      legalComments: 'eof',
      logLevel: 'warning',
    });
  }));
  // The package is "type": "module" (its sources and scripts); these files are CommonJS.
  await writeFile(new URL('dist/package.json', root), '{"type":"commonjs"}\n');
} finally {
  await rm(work, { recursive: true, force: true });
}

/** A static import of an ES-module-only package would be a `require` of it in dist/, which Node 20.17 cannot do. */
function assertNoStaticEsmOnlyImports(metafile) {
  for (const [output, { imports }] of Object.entries(metafile.outputs)) {
    for (const entry of imports) {
      if (!entry.external || entry.kind !== 'import-statement' || entry.path.startsWith('node:')) continue;
      const name = entry.path.split('/').slice(0, entry.path.startsWith('@') ? 2 : 1).join('/');
      if (!isEsmOnly(name)) continue;
      throw new Error(`dist/${output.split('/').pop()} imports ${entry.path} statically, and it is an ES module only: import it with \`await import()\` where it is needed.`);
    }
  }
}

function isEsmOnly(name) {
  const manifest = JSON.parse(readFileSync(join(rootDir, 'node_modules', name, 'package.json'), 'utf8'));
  const exported = manifest.exports?.['.'] ?? manifest.exports;
  const hasRequire = typeof exported === 'object' && exported !== null && ('require' in exported || 'node' in exported);
  return manifest.type === 'module' && !hasRequire && !String(manifest.main ?? '').endsWith('.cjs');
}
