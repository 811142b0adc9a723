#!/usr/bin/env node
// dist/ is a bundle (scripts/build.mjs); with --debug, stack traces name the TypeScript sources through its source maps.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
const { main } = await import('../dist/cli.js');

process.exitCode = await main(process.argv);
