import { describe, expect, it } from 'vitest';
import type { ScanStatus } from '../aws/identity-pool-scan.js';
import { scanProgressText, scanSummaryText, stillLookingText } from './scan-progress.js';

const base: ScanStatus = { listing: false, listed: 1004, checked: 412, fromCache: 0, perSecond: 24.2, secondsLeft: 24.5, done: false, elapsedMs: 17_000 };

describe('scan progress text', () => {
  it('counts what was listed so far while listing, without pretending to know the total', () => {
    expect(scanProgressText({ ...base, listing: true, listed: 300, checked: 0, perSecond: undefined, secondsLeft: undefined })).toBe(
      'listing identity pools… 300 so far',
    );
  });

  it('then the checks against the full total, the pace and the time left', () => {
    expect(scanProgressText(base)).toBe('checked 412 of 1,004 · 24/s · about 25 s left');
    expect(scanProgressText({ ...base, secondsLeft: 150 })).toBe('checked 412 of 1,004 · 24/s · about 2 min 30 s left');
    expect(scanProgressText({ ...base, perSecond: undefined, secondsLeft: undefined })).toBe('checked 412 of 1,004');
  });

  it('says how far the scan got under the picker', () => {
    expect(stillLookingText(base)).toBe('(still looking: 412 of 1,004 checked)');
    expect(stillLookingText({ ...base, listing: true, listed: 120 })).toBe('(still looking: listing identity pools, 120 so far)');
    expect(stillLookingText({ ...base, done: true, checked: 1004 })).toBe('(all 1,004 identity pools checked)');
  });

  it('sums the scan up', () => {
    expect(scanSummaryText({ ...base, done: true, checked: 1004, elapsedMs: 41_600 })).toBe('1,004 identity pools checked in 42 s (24/s)');
    expect(scanSummaryText({ ...base, done: true, checked: 1004, fromCache: 1004, perSecond: undefined, elapsedMs: 300 })).toBe(
      '1,004 identity pools checked in under a second (1,004 remembered from an earlier run)',
    );
  });
});
