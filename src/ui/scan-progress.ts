// What the identity pool scan says while it runs: honest counts (the total only once the listing is complete),
// the pace it reached, and how long the rest will take at that pace.
import type { ScanStatus } from '../aws/identity-pool-scan.js';

const count = new Intl.NumberFormat('en-US');

/** The progress line: "listing identity pools… 300 so far", then "checked 412 of 1,004 · 24/s · about 25 s left". */
export function scanProgressText(status: ScanStatus): string {
  if (status.listing) return `listing identity pools… ${count.format(status.listed)} so far`;
  const parts = [`checked ${count.format(status.checked)} of ${count.format(status.listed)}`];
  if (status.perSecond !== undefined) parts.push(`${count.format(Math.round(status.perSecond))}/s`);
  if (status.secondsLeft !== undefined && status.checked < status.listed) parts.push(`about ${duration(status.secondsLeft)} left`);
  return parts.join(' · ');
}

/** Under the identity pool picker while it fills: "(still looking: 412 of 1,004 checked)". */
export function stillLookingText(status: ScanStatus): string {
  if (status.done) return `(all ${count.format(status.listed)} identity pools checked)`;
  if (status.listing) return `(still looking: listing identity pools, ${count.format(status.listed)} so far)`;
  return `(still looking: ${count.format(status.checked)} of ${count.format(status.listed)} checked)`;
}

/** "1,004 identity pools checked in 42 s (24/s, 12 remembered from an earlier run)". */
export function scanSummaryText(status: ScanStatus): string {
  const pace = status.perSecond === undefined ? [] : [`${count.format(Math.round(status.perSecond))}/s`];
  const cached = status.fromCache > 0 ? [`${count.format(status.fromCache)} remembered from an earlier run`] : [];
  const details = [...pace, ...cached];
  return `${count.format(status.checked)} identity pool${status.checked === 1 ? '' : 's'} checked in ${duration(status.elapsedMs / 1000)}${
    details.length > 0 ? ` (${details.join(', ')})` : ''
  }`;
}

export function formatCount(value: number): string {
  return count.format(value);
}

function duration(seconds: number): string {
  if (seconds < 1) return 'under a second';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - minutes * 60);
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
