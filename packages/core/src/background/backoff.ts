/**
 * The pause before the next try of background work: `intervalMs` while it succeeds; after `failures` in a
 * row, doubling from twice the interval up to `maxBackoffMs` (default: the interval or a minute, whichever
 * is longer).
 */
export function backoffDelayMs(intervalMs: number, failures: number, maxBackoffMs?: number): number {
  if (failures === 0) return intervalMs;
  const cap = maxBackoffMs ?? Math.max(intervalMs, 60_000);
  return Math.min(cap, intervalMs * 2 ** Math.min(failures, 20));
}
