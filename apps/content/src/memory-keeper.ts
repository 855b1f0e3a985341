/**
 * While files are being filled, collects garbage every `intervalMs`. A fill churns through its bytes in
 * fresh buffers (the upstream client's chunks, the reads of clients that fell behind), and left alone
 * the runtime let about 100 MiB of them pile up before collecting (bench, a cold 1 GiB file: RSS peak
 * +105 MiB over start, +50 MiB with a collection every 100 ms). An idle server is left alone.
 * Returns a function that stops it. `intervalMs` 0: never.
 */
export function startMemoryKeeper(
  fillsInFlight: () => number,
  intervalMs: number,
  collect: () => void = () => Bun.gc(true),
): () => void {
  if (intervalMs <= 0) return () => undefined;
  const timer = setInterval(() => {
    if (fillsInFlight() > 0) collect();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
