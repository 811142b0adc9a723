#!/usr/bin/env node
// dist/ is a bundle (scripts/build.mjs); with --debug, stack traces name the TypeScript sources through its source maps.
// This launcher and dist/ are CommonJS (bin/package.json, dist/package.json): Node then starts mycli without its ES
// module loader, which `--help` and the offline commands would otherwise pay for.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
require('../dist/cli.js')
  .main(process.argv)
  .then((exitCode) => {
    process.exitCode = exitCode;
  });
