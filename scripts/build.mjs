// `npm run build`: type-checks (tsc, in package.json), then bundles src/cli.ts into dist/ with esbuild.
//
// What it produces: dist/cli.js (the entry bin/mycli.js imports: the program definition with commander bundled in,
// since every command starts with them) and one file per lazily imported module (each command, the AWS layer, the
// prompts, …), with shared code in chunk-*.js files beside them. Code splitting keeps every `await import()` lazy, so
// `--help` and the offline commands still load none of the AWS SDK, zod or @inquirer/prompts. Those and the other
// runtime dependencies are not bundled: they stay in node_modules (package.json `dependencies`), loaded only by the
// commands that need them. Whitespace and syntax are minified, identifiers are not (readable stack traces), and each
// file has a source map with the sources embedded (no map points at a file the package does not ship).
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';

const root = new URL('../', import.meta.url);
const pkg = JSON.parse(await readFile(new URL('package.json', root), 'utf8'));
const BUNDLED = new Set(['commander']);

await rm(new URL('dist/', root), { recursive: true, force: true });
await build({
  absWorkingDir: new URL('.', root).pathname,
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: `node${pkg.engines.node.replace(/^>=/, '')}`,
  external: Object.keys(pkg.dependencies).filter((name) => !BUNDLED.has(name)),
  // Bundled CommonJS (commander) requires Node built-ins: give the ES module output a real `require`.
  banner: { js: "import { createRequire as __mycliCreateRequire } from 'node:module'; const require = __mycliCreateRequire(import.meta.url);" },
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  sourcesContent: true,
  legalComments: 'eof',
  logLevel: 'warning',
});
