/**
 * The bench's small-file phase: what a cold small file costs over a download straight from the Hub, as
 * a GET alone and as the HEAD-then-GET that huggingface_hub sends, and what a warm one costs. Requests
 * go one at a time from this process (fetch), each file of the pair measured right after the other so
 * that both see the same moment of a noisy machine.
 */

export const SMALL_FILE_BYTES = 64 * 1024;
/** Files per flow: one warms the code paths, the others are measured. */
export const SMALL_FILE_COUNT = 31;

/**
 * The stand-in Hub's files for the phase: `small-get-<n>.bin`, `small-head-<n>.bin` and
 * `small-row-<n>.bin` (fetched back to back).
 */
export function smallFiles(seed: number): Record<string, { size: number; seed: number }> {
  const files: Record<string, { size: number; seed: number }> = {};
  for (let n = 0; n < SMALL_FILE_COUNT; n++) {
    files[`small-get-${n}.bin`] = { size: SMALL_FILE_BYTES, seed: seed + n };
    files[`small-head-${n}.bin`] = { size: SMALL_FILE_BYTES, seed: seed + SMALL_FILE_COUNT + n };
    files[`small-row-${n}.bin`] = { size: SMALL_FILE_BYTES, seed: seed + 2 * SMALL_FILE_COUNT + n };
  }
  return files;
}

export interface SmallFileResult {
  /** Milliseconds per request (or per HEAD + GET pair), one entry per file. */
  directGet: number[];
  coldGet: number[];
  warmGet: number[];
  directHeadGet: number[];
  coldHeadGet: number[];
  /**
   * Cold GETs one right after the other, as a client fetching a repo's files in turn: each also meets
   * whatever the server still does for the one before (its index write).
   */
  coldInARow: number[];
  /** Requests the Hub received per cold GET, and per cold HEAD + GET, through Hubcache. */
  upstreamPerColdGet: number;
  upstreamPerColdHeadGet: number;
}

interface Step {
  method: "GET" | "HEAD";
  url: string;
}

/** Milliseconds for the steps one after the other; each must answer 200 with the file's bytes (a GET). */
async function timed(steps: Step[]): Promise<number> {
  const started = performance.now();
  for (const { method, url } of steps) {
    const response = await fetch(url, { method });
    const body = await response.arrayBuffer();
    const expected = method === "GET" ? SMALL_FILE_BYTES : 0;
    if (response.status !== 200 || body.byteLength !== expected) {
      throw new Error(
        `${method} ${url}: HTTP ${response.status}, ${body.byteLength} bytes, expected ${expected}`,
      );
    }
  }
  return performance.now() - started;
}

const get = (url: string): Step => ({ method: "GET", url });
const head = (url: string): Step => ({ method: "HEAD", url });

/**
 * `resolveUrl(base, name)`: the file's resolve URL under a Hub endpoint (the Hub's, or the cache's);
 * `hubRequests()`: how many requests the Hub has received so far.
 */
export async function runSmallFiles(
  hubUrl: string,
  endpoint: string,
  resolveUrl: (base: string, name: string) => string,
  hubRequests: () => Promise<number>,
): Promise<SmallFileResult> {
  const result: SmallFileResult = {
    directGet: [],
    coldGet: [],
    warmGet: [],
    directHeadGet: [],
    coldHeadGet: [],
    coldInARow: [],
    upstreamPerColdGet: 0,
    upstreamPerColdHeadGet: 0,
  };
  for (let n = 0; n < SMALL_FILE_COUNT; n++) {
    const name = `small-get-${n}.bin`;
    const direct = await timed([get(resolveUrl(hubUrl, name))]);
    let before = await hubRequests();
    const cold = await timed([get(resolveUrl(endpoint, name))]);
    result.upstreamPerColdGet += (await hubRequests()) - before;
    const warm = await timed([get(resolveUrl(endpoint, name))]);
    const pair = `small-head-${n}.bin`;
    const directPair = await timed([head(resolveUrl(hubUrl, pair)), get(resolveUrl(hubUrl, pair))]);
    before = await hubRequests();
    const coldPair = await timed([head(resolveUrl(endpoint, pair)), get(resolveUrl(endpoint, pair))]);
    result.upstreamPerColdHeadGet += (await hubRequests()) - before;
    if (n === 0) continue;
    result.directGet.push(direct);
    result.coldGet.push(cold);
    result.warmGet.push(warm);
    result.directHeadGet.push(directPair);
    result.coldHeadGet.push(coldPair);
  }
  for (let n = 0; n < SMALL_FILE_COUNT; n++) {
    const cold = await timed([get(resolveUrl(endpoint, `small-row-${n}.bin`))]);
    if (n > 0) result.coldInARow.push(cold);
  }
  result.upstreamPerColdGet /= SMALL_FILE_COUNT;
  result.upstreamPerColdHeadGet /= SMALL_FILE_COUNT;
  return result;
}

/** The `p`th percentile of `values` (NaN when there are none). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

export function smallFilesReport(r: SmallFileResult): string {
  const row = (label: string, values: number[]) =>
    `| ${label} | ${ms(percentile(values, 50))} | ${ms(percentile(values, 90))} |`;
  const overhead = (cold: number[], direct: number[]) => ms(percentile(cold, 50) - percentile(direct, 50));
  return [
    `| ${SMALL_FILE_BYTES / 1024} KiB files, ${r.directGet.length} of each, one at a time | p50 | p90 |`,
    "| --- | ---: | ---: |",
    row("GET straight from the Hub", r.directGet),
    row("cold GET through Hubcache", r.coldGet),
    row("warm GET through Hubcache", r.warmGet),
    row("HEAD + GET straight from the Hub (as huggingface_hub does)", r.directHeadGet),
    row("cold HEAD + GET through Hubcache", r.coldHeadGet),
    row("cold GETs through Hubcache back to back (no other request between)", r.coldInARow),
    `| cold overhead over the Hub at p50, GET — goal ≤ 5 ms | ${overhead(r.coldGet, r.directGet)} | |`,
    `| cold overhead over the Hub at p50, HEAD + GET | ${overhead(r.coldHeadGet, r.directHeadGet)} | |`,
    `| cold overhead over the Hub at p50, GETs back to back | ${overhead(r.coldInARow, r.directGet)} | |`,
    `| requests the Hub received per cold GET / per cold HEAD + GET | ${r.upstreamPerColdGet.toFixed(1)} / ${r.upstreamPerColdHeadGet.toFixed(1)} | |`,
  ].join("\n");
}
