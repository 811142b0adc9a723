// Runs bin/mycli.js in this process and, as it exits, writes its peak resident set size in KiB
// (process.resourceUsage().maxRSS) to the file named by MYCLI_PEAK_RSS_FILE. Used by scripts/bench.ts.
import { writeFileSync } from 'node:fs';

const reportFile = process.env.MYCLI_PEAK_RSS_FILE;
if (!reportFile) throw new Error('Set MYCLI_PEAK_RSS_FILE to the file that should receive the peak RSS.');
process.on('exit', () => writeFileSync(reportFile, String(process.resourceUsage().maxRSS)));
await import('../bin/mycli.js');
