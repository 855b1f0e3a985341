/**
 * The bench's busy-fill phase: what a large cold fill costs everybody else. One client asks for a warm
 * small file over and over, one request at a time: first with nothing else going on, then while curl
 * downloads a large cold file through the same server. The fill receives, hashes, writes and sends every
 * byte; whatever of that runs on the server's event loop delays the warm answers.
 */

import { percentile } from "./small-files.ts";

export const BUSY_FILE = "busy-fill.bin";
/** Warm requests measured with the server otherwise idle. */
const IDLE_REQUESTS = 300;

export interface BusyFillResult {
  idleMs: number[];
  duringFillMs: number[];
  fillMBps: number;
}

async function timedGet(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return performance.now() - started;
}

/** `warmUrl` must already be cached; `coldUrl` must not be (it is `size` bytes). */
export async function runBusyFill(warmUrl: string, coldUrl: string, size: number): Promise<BusyFillResult> {
  for (let n = 0; n < 20; n++) await timedGet(warmUrl);
  const idleMs: number[] = [];
  for (let n = 0; n < IDLE_REQUESTS; n++) idleMs.push(await timedGet(warmUrl));
  const started = performance.now();
  const curl = Bun.spawn(["curl", "-sfL", "-o", "/dev/null", "-w", "%{size_download}", coldUrl], {
    stdout: "pipe",
    stderr: "pipe",
  });
  let filling = true;
  const downloaded = curl.exited.then(async (code) => {
    filling = false;
    const bytes = Number(await new Response(curl.stdout).text());
    if (code !== 0 || bytes !== size) throw new Error(`cold ${coldUrl}: curl exit ${code}, ${bytes} bytes`);
    return performance.now() - started;
  });
  const duringFillMs: number[] = [];
  while (filling) duringFillMs.push(await timedGet(warmUrl));
  const fillMs = await downloaded;
  return { idleMs, duringFillMs, fillMBps: size / 1e6 / (fillMs / 1000) };
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

export function busyFillReport(r: BusyFillResult, sizeLabel: string): string {
  const row = (label: string, values: number[]) =>
    `| ${label} | ${values.length} | ${ms(percentile(values, 50))} | ${ms(percentile(values, 99))} | ${ms(Math.max(...values))} |`;
  const ratio = (p: number) => `${(percentile(r.duringFillMs, p) / percentile(r.idleMs, p)).toFixed(2)}×`;
  return [
    `| warm 64 KiB GETs, one at a time, while a ${sizeLabel} file fills cold | requests | p50 | p99 | max |`,
    "| --- | ---: | ---: | ---: | ---: |",
    row("server otherwise idle", r.idleMs),
    row(`during the cold fill (${r.fillMBps.toFixed(0)} MB/s)`, r.duringFillMs),
    `| during / idle | | ${ratio(50)} | ${ratio(99)} | |`,
  ].join("\n");
}
