/**
 * Throughput, time to first byte and memory of the content server, against the stand-in Hub.
 *
 *   bun apps/content/bench/bench.ts            (from the repo root; or `npm run bench`)
 *   BENCH_SIZES=1,64 bun apps/content/bench/bench.ts     file sizes in MiB (default 1,64,1024)
 *   BENCH_LONG=1 bun apps/content/bench/bench.ts         the long mode: 1,64,1024,10240 (`npm run bench:long`)
 *   BENCH_CLIENT=fetch bun apps/content/bench/bench.ts   read with fetch in this process (default curl)
 *   HASH_THREAD_MIN_BYTES=1TiB bun apps/content/bench/bench.ts   passed to the content server (every fill
 *                                                             hashed on the event loop: the A/B of worker-hasher.ts)
 *   FILL_GC_INTERVAL_MS=100 bun apps/content/bench/bench.ts   passed to the content server (collections
 *                                                             during fills, the A/B of memory-keeper.ts)
 *   BENCH_CROWD_ROUNDS=6 bun apps/content/bench/bench.ts  the warm crowd of 64 clients that many times in a
 *                                                             row, with the server's RSS after the last
 *
 * Three processes: this one (the client), the stand-in Hub (`fake-hub-process.ts`) and the content server
 * (`bun src/main.ts`), all on 127.0.0.1; at the end, fresh content servers, one per memory case. Everything is killed and the temp folder removed at the end, also on
 * failure or Ctrl-C. Prints a markdown report on stdout; progress goes to stderr.
 */
import { type Subprocess } from "bun";
import { rmSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem } from "node:os";
import { join, relative, resolve } from "node:path";
import { coldCeiling, diskWrite, sha256Rate, type ColdCeiling, type DiskWrite } from "./baselines.ts";
import { runSmallFiles, smallFiles, smallFilesReport } from "./small-files.ts";
import { BUSY_FILE, busyFillReport, runBusyFill } from "./busy-fill.ts";
import { freePort, startNginx, type Nginx } from "../test/nginx.ts";

// ---------------------------------------------------------------------------------------------- settings

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const REPO = "bench/model";
/** Cold GETs per size: each a fresh file. */
const REPS = 3;
/** Baseline, warm and nginx GETs per size (the warm ones cycle over the cold files): medians of 5, as issue 12's table. */
const WARM_REPS = 5;
const CONCURRENT_CLIENTS = 16;
/** The warm crowd the memory goal names: RSS growth under 16 MiB while this many clients download. */
const WIDE_CLIENTS = 64;
const CONCURRENT_SIZE_MIB = 64;

const APP_DIR = resolve(import.meta.dir, "..");
const LONG = process.env.BENCH_LONG === "1";
const SIZES_MIB = parseSizes(process.env.BENCH_SIZES ?? (LONG ? "1,64,1024,10240" : "1,64,1024"));
const LARGEST_GIB = Math.max(...SIZES_MIB) / 1024;
/**
 * A run over this long is a failure: the default sizes take well under a minute on 2 cores, each GiB of
 * the largest file a few seconds per GET.
 */
const WATCHDOG_MS = 270_000 + Math.max(0, LARGEST_GIB - 1) * 90_000;
const REQUEST_TIMEOUT_MS = Math.max(120_000, LARGEST_GIB * 30_000);
const CLIENT = parseClient(process.env.BENCH_CLIENT ?? "curl");
/** How many warm crowds of WIDE_CLIENTS in a row (what one crowd leaves for the next). */
const CROWD_ROUNDS = parseCount("BENCH_CROWD_ROUNDS", process.env.BENCH_CROWD_ROUNDS ?? "1");

function parseSizes(raw: string): number[] {
  const sizes = [...new Set(raw.split(",").map((part) => Number(part.trim())))];
  if (sizes.length === 0 || sizes.some((size) => !Number.isInteger(size) || size <= 0)) {
    throw new Error(`BENCH_SIZES must be a comma-separated list of positive integers (MiB), got "${raw}"`);
  }
  return sizes;
}

function parseCount(name: string, raw: string): number {
  const count = Number(raw.trim());
  if (!Number.isInteger(count) || count <= 0)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return count;
}

function parseClient(raw: string): "fetch" | "curl" {
  if (raw !== "fetch" && raw !== "curl") throw new Error(`BENCH_CLIENT must be fetch or curl, got "${raw}"`);
  return raw;
}

// ------------------------------------------------------------------------------------- process lifecycle

interface Child {
  name: string;
  proc: Subprocess<"pipe", "pipe", "pipe">;
  /** The last bytes it printed (stdout and stderr), for failure reports. */
  output: () => string;
  /** Adds printed text to the tail. */
  keep: (text: string) => void;
  /** Structured log lines (pino JSON) it printed: at LOG_LEVEL=warn, its warnings and errors. */
  logLines: string[];
}

const children: Child[] = [];
let tempDir: string | null = null;
let nginx: Nginx | null = null;
let cleanedUp = false;

async function cleanup(): Promise<void> {
  if (cleanedUp) return;
  cleanedUp = true;
  nginx?.stop();
  await Promise.all(children.map(stopChild));
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
  tempDir = null;
}

/** SIGTERM, then SIGKILL after 5 s. */
async function stopChild({ proc }: Child): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill("SIGTERM");
  const grace = timer(5000);
  const exited = await Promise.race([proc.exited.then(() => true), grace.done.then(() => false)]);
  grace.cancel();
  if (!exited) {
    proc.kill("SIGKILL");
    await proc.exited;
  }
}

// Last resort (an uncaught error, process.exit elsewhere): synchronous kill and removal.
process.on("exit", () => {
  for (const { proc } of children) if (proc.exitCode === null && proc.signalCode === null) proc.kill(9);
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    progress(`\n${signal}: stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}

/** A timeout that can be cancelled, so that it does not keep the process alive once irrelevant. */
function timer(ms: number): { done: Promise<void>; cancel: () => void } {
  let handle: ReturnType<typeof setTimeout> | undefined;
  const done = new Promise<void>((resolve) => {
    handle = setTimeout(resolve, ms);
  });
  return { done, cancel: () => clearTimeout(handle) };
}

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Spawns a child, keeps draining its output (a full pipe would block it) and keeps the tail. */
function spawnChild(name: string, cmd: string[], cwd: string, env: Record<string, string>): Child {
  const proc = Bun.spawn(cmd, { cwd, env, stdin: "pipe", stdout: "pipe", stderr: "pipe" });
  let tail = "";
  let partialLine = "";
  const logLines: string[] = [];
  const keep = (text: string) => {
    tail = (tail + text).slice(-8192);
    const lines = (partialLine + text).split("\n");
    partialLine = lines.pop() ?? "";
    for (const line of lines) if (line.startsWith("{")) logLines.push(line.slice(0, 500));
  };
  const child: Child = { name, proc, output: () => tail, keep, logLines };
  children.push(child);
  void drain(proc.stderr, keep);
  return child;
}

async function drain(stream: ReadableStream<Uint8Array>, onText: (text: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onText(decoder.decode(value, { stream: true }));
    }
  } catch {
    // The child went away.
  }
}

function childEnv(extra: Record<string, string>): Record<string, string> {
  // A minimal environment: nothing inherited can point the servers at a proxy or a real Hub token.
  const env: Record<string, string> = {};
  for (const name of ["PATH", "HOME", "TMPDIR", "LANG"]) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra };
}

/** The content server settings the bench passes on from its own environment (for A/B runs). */
function passedOn(...names: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of names) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

function failWith(child: Child, message: string): Error {
  return new Error(`${message}\n--- last output of ${child.name} ---\n${child.output()}`);
}

// ------------------------------------------------------------------------------------------ the servers

interface HubInfo {
  pid: number;
  url: string;
  statsUrl: string;
  files: Record<string, { sha256: string; size: number }>;
}

async function startHub(files: Record<string, { size: number; seed: number }>): Promise<HubInfo> {
  const script = join(import.meta.dir, "fake-hub-process.ts");
  const child = spawnChild(
    "stand-in Hub",
    [process.execPath, script, JSON.stringify({ repo: REPO, files })],
    APP_DIR,
    childEnv({}),
  );
  // The first stdout line is the JSON; the rest is kept like stderr.
  const decoder = new TextDecoder();
  const reader = child.proc.stdout.getReader();
  let buffered = "";
  const deadline = timer(60_000);
  for (;;) {
    const next = await Promise.race([
      reader.read(),
      deadline.done.then(() => null),
      child.proc.exited.then(() => null),
    ]);
    if (next === null || next.done) throw failWith(child, "the stand-in Hub did not start");
    buffered += decoder.decode(next.value, { stream: true });
    const newline = buffered.indexOf("\n");
    if (newline >= 0) {
      deadline.cancel();
      reader.releaseLock();
      child.keep(buffered.slice(newline + 1));
      void drain(child.proc.stdout, child.keep);
      return { ...(JSON.parse(buffered.slice(0, newline)) as Omit<HubInfo, "pid">), pid: child.proc.pid };
    }
  }
}

async function startContentServer(dir: string, hubUrl: string): Promise<{ child: Child; endpoint: string }> {
  const port = await freePort();
  const child = spawnChild(
    "content server",
    [process.execPath, "src/main.ts"],
    APP_DIR,
    childEnv({
      CONTENT_PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${join(dir, "hubcache.db")}`,
      STORAGE_DIR: join(dir, "blobs"),
      HUB_URL: hubUrl,
      HUBCACHE_SECRET: "bench",
      ...passedOn(
        "FILL_GC_INTERVAL_MS",
        "HASH_THREAD_MIN_BYTES",
        "PAGE_CACHE_READS",
        "DIRECT_PORT",
        "DIRECT_MIN_BYTES",
      ),
      LOG_LEVEL: "warn",
    }),
  );
  void drain(child.proc.stdout, child.keep);
  const base = `http://127.0.0.1:${port}`;
  const deadline = performance.now() + 30_000;
  for (;;) {
    if (child.proc.exitCode !== null || child.proc.signalCode !== null) {
      throw failWith(child, "the content server exited during start-up");
    }
    try {
      const response = await fetch(`${base}/healthz`);
      await response.arrayBuffer();
      if (response.status === 200) return { child, endpoint: `${base}/huggingface` };
    } catch {
      // Not listening yet.
    }
    if (performance.now() > deadline) throw failWith(child, "the content server did not answer /healthz");
    await Bun.sleep(50);
  }
}

async function hubCounts(hub: HubInfo): Promise<Record<string, number>> {
  const response = await fetch(hub.statsUrl);
  const body = (await response.json()) as { counts: Record<string, number> };
  return body.counts;
}

/** What the stand-in Hub received between two snapshots. */
interface UpstreamDelta {
  /** GETs of the file's bytes (`/cdn-lfs/<sha256>`): the upstream body downloads. */
  bodyGets: number;
  /** Every other request, by kind (`HEAD resolve`, …). */
  other: Map<string, number>;
}

function requestKind(key: string): string {
  const [method, path = ""] = key.split(" ");
  const kind = path.startsWith("/cdn-lfs/")
    ? "cdn-lfs"
    : path.includes("/resolve/")
      ? "resolve"
      : path.startsWith("/api/")
        ? `api ${path.split("/").slice(2, 3).join("")}`
        : path;
  return `${method} ${kind}`;
}

function upstreamDelta(
  before: Record<string, number>,
  after: Record<string, number>,
  hub: HubInfo,
  names: string[],
): UpstreamDelta {
  const bodyKeys = new Set(names.map((name) => `GET /cdn-lfs/${hub.files[name]?.sha256 ?? "?"}`));
  let bodyGets = 0;
  const other = new Map<string, number>();
  for (const key of Object.keys(after)) {
    const count = (after[key] ?? 0) - (before[key] ?? 0);
    if (count === 0) continue;
    if (bodyKeys.has(key)) bodyGets += count;
    else other.set(requestKind(key), (other.get(requestKind(key)) ?? 0) + count);
  }
  return { bodyGets, other };
}

const otherTotal = (delta: UpstreamDelta): number => [...delta.other.values()].reduce((a, b) => a + b, 0);

/** `2 (2× HEAD resolve)`. */
function describeOther(deltas: UpstreamDelta[]): string {
  const counts = deltas.map((d) => String(otherTotal(d))).join(", ");
  const kinds = new Map<string, number>();
  for (const d of deltas) for (const [kind, n] of d.other) kinds.set(kind, (kinds.get(kind) ?? 0) + n);
  if (kinds.size === 0) return counts;
  return `${counts} (${[...kinds].map(([kind, n]) => `${n}× ${kind}`).join(", ")})`;
}

// ------------------------------------------------------------------------------------------- memory

interface Memory {
  rssKiB: number;
  hwmKiB: number;
}

async function memoryOf(pid: number): Promise<Memory> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status);
    if (!match?.[1]) throw new Error(`no ${name} in /proc/${pid}/status`);
    return Number(match[1]);
  };
  return { rssKiB: field("VmRSS"), hwmKiB: field("VmHWM") };
}

// ------------------------------------------------------------------------------------------ CPU share

/** Busy CPU ticks of the whole machine (all cores), from /proc/stat. */
async function machineBusyTicks(): Promise<number> {
  const line = (await readFile("/proc/stat", "utf8")).split("\n")[0] ?? "";
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  return [user, nice, system, irq, softirq, steal].reduce((a: number, b) => a + (b ?? 0), 0);
}

/** CPU ticks of one process; `withChildren` adds its reaped children (the curl processes). */
async function processTicks(pid: number | "self", withChildren: boolean): Promise<number> {
  return statTicks(`/proc/${pid}/stat`, withChildren);
}

/** CPU ticks of a process's main thread (its event loop) and of all its threads. */
async function serverTicks(pid: number): Promise<{ loop: number; all: number }> {
  return {
    loop: await statTicks(`/proc/${pid}/task/${pid}/stat`, false),
    all: await processTicks(pid, false),
  };
}

async function statTicks(path: string, withChildren: boolean): Promise<number> {
  const { own, children } = await statFields(path);
  return withChildren ? own + children : own;
}

/** A process's own CPU ticks and those of its reaped children, from /proc/<pid>/stat. */
async function statFields(path: string): Promise<{ own: number; children: number }> {
  const stat = await readFile(path, "utf8").catch(() => "");
  // Fields after the parenthesised command name; utime is field 14 (index 11 here).
  const fields = stat
    .slice(stat.lastIndexOf(")") + 2)
    .split(" ")
    .map(Number);
  return { own: (fields[11] ?? 0) + (fields[12] ?? 0), children: (fields[13] ?? 0) + (fields[14] ?? 0) };
}

/** CPU ticks of the download clients: the reaped curl processes, or this process when it fetches itself. */
async function clientTicks(): Promise<number> {
  const { own, children } = await statFields("/proc/self/stat");
  return CLIENT === "curl" ? children : own;
}

async function ourTicks(): Promise<number> {
  let total = await processTicks("self", true);
  for (const { proc } of children) total += await processTicks(proc.pid, false);
  return total;
}

let peakResettable = true;

/** Resets VmHWM to the current RSS (Linux ≥ 4.0), so each phase's peak is its own; returns that RSS. */
async function resetPeak(pid: number): Promise<number> {
  try {
    await writeFile(`/proc/${pid}/clear_refs`, "5");
  } catch {
    peakResettable = false; // Then every VmHWM is the peak since the process started.
  }
  return (await memoryOf(pid)).rssKiB;
}

// ------------------------------------------------------------------------------------------ one GET

interface Sample {
  /** Request start → first body byte (fetch) or first response byte (curl), ms. */
  ttfbMs: number;
  /** Request start → last byte, ms. */
  totalMs: number;
  bytes: number;
}

async function get(url: string, expected: number): Promise<Sample> {
  const sample = CLIENT === "curl" ? await getWithCurl(url) : await getWithFetch(url);
  if (sample.bytes !== expected) {
    throw new Error(`GET ${url}: read ${sample.bytes} bytes, expected ${expected}`);
  }
  return sample;
}

async function getWithFetch(url: string): Promise<Sample> {
  const started = performance.now();
  const response = await fetch(url, {
    headers: { "accept-encoding": "identity" },
    redirect: "follow",
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (response.status !== 200 || !response.body) {
    throw new Error(`GET ${url}: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
  }
  const reader = response.body.getReader();
  let bytes = 0;
  let ttfbMs = -1;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (ttfbMs < 0) ttfbMs = performance.now() - started;
    bytes += value.byteLength;
  }
  return { ttfbMs, totalMs: performance.now() - started, bytes };
}

async function getWithCurl(url: string): Promise<Sample> {
  const format = "%{http_code} %{size_download} %{time_starttransfer} %{time_total}";
  const proc = Bun.spawn(
    ["curl", "-sS", "-L", "--noproxy", "*", "-H", "Accept-Encoding: identity", "-o", "/dev/null"].concat([
      "--max-time",
      String(REQUEST_TIMEOUT_MS / 1000),
      "-w",
      format,
      url,
    ]),
    { stdout: "pipe", stderr: "pipe" },
  );
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  const [status, size, start, total] = out.trim().split(" ");
  if (code !== 0 || status !== "200") throw new Error(`curl ${url}: exit ${code}, HTTP ${status}: ${err}`);
  return { ttfbMs: Number(start) * 1000, totalMs: Number(total) * 1000, bytes: Number(size) };
}

// ------------------------------------------------------------------------------------------ statistics

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const mbps = (sample: Sample): number => sample.bytes / 1e6 / (sample.totalMs / 1000);
const mib = (kib: number): string => `${(kib / 1024).toFixed(1)} MiB`;
const signedMib = (kib: number): string => `${kib >= 0 ? "+" : "−"}${(Math.abs(kib) / 1024).toFixed(1)} MiB`;
const ms = (value: number): string => (value < 10 ? value.toFixed(2) : value.toFixed(1)) + " ms";

function throughputCell(samples: Sample[]): string {
  const rates = samples.map(mbps);
  const range =
    rates.length > 1 ? ` (${Math.min(...rates).toFixed(0)}–${Math.max(...rates).toFixed(0)})` : "";
  return `${median(rates).toFixed(0)}${range}`;
}

function ttfbCell(samples: Sample[]): string {
  const values = samples.map((s) => s.ttfbMs);
  const range =
    values.length > 1 ? ` (${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)})` : "";
  return `${ms(median(values))}${range}`;
}

const sizeLabel = (sizeMiB: number): string =>
  sizeMiB >= 1024 && sizeMiB % 1024 === 0 ? `${sizeMiB / 1024} GiB` : `${sizeMiB} MiB`;

// ------------------------------------------------------------------------------------------ the run

interface SizeResult {
  sizeMiB: number;
  baseline: Sample[];
  coldSamples: Sample[];
  warmSamples: Sample[];
  coldUpstream: UpstreamDelta[];
  warmUpstream: UpstreamDelta;
  /** The same bytes from nginx with sendfile; null without nginx. */
  nginx: Sample[] | null;
  rssBefore: number;
  /** RSS when the phase started (its VmHWM was reset then) and its peak. */
  cold: Phase;
  /** Each cold GET's own start and peak. */
  coldFills: Phase[];
  warm: Phase;
  rssAfter: number;
  /** The content server's CPU seconds per GiB filled cold: its main thread, and all its threads. */
  coldCpu: { loopSeconds: number; allSeconds: number };
  /** CPU seconds per GiB of the baseline's direct downloads: the stand-in Hub's and the clients'. */
  directCpuSecondsPerGiB: number;
}

interface Phase {
  startKiB: number;
  peakKiB: number;
}

/** Clients downloading one file at the same time: the wall time from the first start to the last end. */
interface Crowd {
  clients: number;
  wallMs: number;
  samples: Sample[];
  /** The server's RSS during the crowd (null for nginx). */
  rss: Phase | null;
}

/** Clients joining one cold file at once: one fill for all of them. */
interface ColdCrowd {
  clients: number;
  sizeMiB: number;
  wallMs: number;
  samples: Sample[];
  upstream: UpstreamDelta;
  rssBefore: number;
  peak: number;
}

interface ConcurrencyResult {
  /** CONCURRENT_CLIENTS, then WIDE_CLIENTS, each on a cold file of its own. */
  cold: ColdCrowd[];
  /**
   * Once the file is cached: the same clients, then WIDE_CLIENTS, each against nginx serving the same
   * bytes (null without nginx).
   */
  warm: Crowd[];
  nginx: Crowd[] | null;
  /** With BENCH_CROWD_ROUNDS > 1: the further crowds of WIDE_CLIENTS, and the server's RSS 2 s after. */
  rounds: { crowds: Crowd[]; settledKiB: number } | null;
}

const fileName = (sizeMiB: number, rep: number): string => `f${sizeMiB}m-${"abc"[rep]}.bin`;
const CONCURRENT_FILE = `concurrent-f${CONCURRENT_SIZE_MIB}m.bin`;
/** The cold file of the WIDE_CLIENTS crowd. */
const WIDE_COLD_FILE = `concurrent-wide-f${CONCURRENT_SIZE_MIB}m.bin`;
/** With BENCH_LONG: the WIDE_CLIENTS crowd again, on a cold 1 GiB file (the memory goal's size). */
const WIDE_COLD_LARGE_MIB = 1024;
const WIDE_COLD_LARGE_FILE = `concurrent-wide-f${WIDE_COLD_LARGE_MIB}m.bin`;
/**
 * The memory goal measured from a fresh server's idle (after its warm-up GETs, as the main server): its
 * first cold 1 GiB fill, and with BENCH_LONG a crowd of WIDE_CLIENTS on a cold 1 GiB file, each on a
 * server of its own. The main server's phases count from where each started, after the phases before.
 */
const FRESH_SIZE_MIB = 1024;
const FRESH_FILL_FILE = `fresh-fill-f${FRESH_SIZE_MIB}m.bin`;
const FRESH_CROWD_FILE = `fresh-crowd-f${FRESH_SIZE_MIB}m.bin`;
/** Fetched untimed before measuring: connections, JIT, the database and the first-request paths warm up. */
const WARMUP_FILE = "warmup-f1m.bin";
/** The busy-fill phase's cold file: the largest size measured, at most 1 GiB. */
const BUSY_SIZE_MIB = Math.min(1024, Math.max(...SIZES_MIB));

function commandLine(): string {
  const env = [
    "BENCH_SIZES",
    "BENCH_CLIENT",
    "BENCH_LONG",
    "BENCH_CROWD_ROUNDS",
    "HASH_THREAD_MIN_BYTES",
    "FILL_GC_INTERVAL_MS",
    "PAGE_CACHE_READS",
    "DIRECT_PORT",
    "DIRECT_MIN_BYTES",
  ]
    .filter((name) => process.env[name] !== undefined)
    .map((name) => `${name}=${process.env[name]}`);
  const script = relative(process.cwd(), Bun.main) || Bun.main;
  const via = process.env.npm_lifecycle_event === "bench" ? " (via `npm run bench`)" : "";
  return `\`cd ${process.cwd()} && ${[...env, "bun", script].join(" ")}\`${via}`;
}

const loadText = (): string =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

function curlVersion(): string {
  try {
    const result = Bun.spawnSync(["curl", "--version"]);
    return /^curl (\S+)/.exec(result.stdout.toString())?.[1] ?? "unknown";
  } catch {
    return "not installed";
  }
}

function header(): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const clientText =
    CLIENT === "curl"
      ? "curl, one process per GET (`-L`, body to /dev/null, `size_download` checked against the size); TTFB = curl `time_starttransfer` (first response byte, redirects included). Chosen over Bun `fetch` in the bench process, which was itself the bottleneck for big bodies on this 2-core machine (64 MiB warm or baseline: about 0.6–1.3 GB/s with fetch vs 1.5–1.7 GB/s with curl, noisier); `BENCH_CLIENT=fetch` runs the fetch client"
      : "Bun `fetch` in the bench process, body read with a streaming reader (bytes counted, checked against the size); TTFB = request start → first body chunk. Note: on 2 cores this client is itself a bottleneck for big bodies (curl is the default)";
  return [
    "## hubcache content server benchmark",
    "",
    `- date: ${new Date().toISOString()}`,
    `- machine: nproc ${availableParallelism()} (${cpu}), ${(totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, Linux ${release()}`,
    `- Bun ${Bun.version} (${Bun.revision.slice(0, 9)}), curl ${curlVersion()}`,
    `- load average at start: ${loadText()} (anything else running shares the cores)`,
    `- command: ${commandLine()}`,
    `- client: ${clientText}`,
    "- processes: bench client, stand-in Hub (`@hubcache/fake-hub`, child `bun bench/fake-hub-process.ts`), content server (child `bun src/main.ts`, LOG_LEVEL=warn); all on 127.0.0.1, SQLite + blobs in a temp dir",
    `- baseline = GET resolve URL on the stand-in Hub, following its 302 to /cdn-lfs; cold = first GET through the cache (HEAD + download + hash + fsync + index, one fresh file per repetition); warm = second GET of the same file (from disk / page cache; with DIRECT_PORT, files of DIRECT_MIN_BYTES and more through a 302 to the direct port, which uses sendfile)`,
    "- the stand-in Hub generates its bytes in memory (no disk, loopback): the baseline is an upper bound far above a real Hub/CDN, while a cold GET writes, hashes (sha256; git sha1 too for non-LFS files) and fsyncs every byte",
    `- throughput in MB/s (10^6 bytes/s, request start → last byte), median (min–max) of ${WARM_REPS} GETs (baseline, warm, nginx) or ${REPS} (cold: a fresh file each); TTFB median (min–max)`,
    "",
  ].join("\n");
}

async function runSize(
  sizeMiB: number,
  endpoint: string,
  hub: HubInfo,
  serverPid: number,
): Promise<SizeResult> {
  const size = sizeMiB * MiB;
  const label = sizeLabel(sizeMiB);
  const names = Array.from({ length: REPS }, (_, rep) => fileName(sizeMiB, rep));
  const rssBefore = (await memoryOf(serverPid)).rssKiB;

  const baseline: Sample[] = [];
  const directTicks = (await processTicks(hub.pid, false)) + (await clientTicks());
  for (let rep = 0; rep < WARM_REPS; rep++) {
    const sample = await get(`${hub.url}/${REPO}/resolve/main/${names[0]}`, size);
    baseline.push(sample);
    progress(`${label} baseline #${rep + 1}: ${mbps(sample).toFixed(0)} MB/s, TTFB ${ms(sample.ttfbMs)}`);
  }

  const directTicksAfter = (await processTicks(hub.pid, false)) + (await clientTicks());
  // CLK_TCK is 100 on Linux.
  const directCpuSecondsPerGiB = (directTicksAfter - directTicks) / 100 / ((WARM_REPS * size) / GiB);

  const coldStart = await resetPeak(serverPid);
  const coldTicks = await serverTicks(serverPid);
  const cold: Sample[] = [];
  const coldUpstream: UpstreamDelta[] = [];
  // Each GET's own peak as well: what one fill costs, and what a fill leaves for the next.
  const coldFills: Phase[] = [];
  let peakCold = coldStart;
  for (const name of names) {
    const before = await hubCounts(hub);
    const fillStart = coldFills.length === 0 ? coldStart : await resetPeak(serverPid);
    const sample = await get(`${endpoint}/${REPO}/resolve/main/${name}`, size);
    const fillPeak = (await memoryOf(serverPid)).hwmKiB;
    coldFills.push({ startKiB: fillStart, peakKiB: fillPeak });
    peakCold = Math.max(peakCold, fillPeak);
    const upstream = upstreamDelta(before, await hubCounts(hub), hub, [name]);
    cold.push(sample);
    coldUpstream.push(upstream);
    progress(
      `${label} cold ${name}: ${mbps(sample).toFixed(0)} MB/s, TTFB ${ms(sample.ttfbMs)}, upstream body GETs ${upstream.bodyGets}`,
    );
  }
  const coldTicksAfter = await serverTicks(serverPid);
  const perGiB = (ticks: number) => ticks / 100 / ((REPS * size) / GiB);
  const coldCpu = {
    loopSeconds: perGiB(coldTicksAfter.loop - coldTicks.loop),
    allSeconds: perGiB(coldTicksAfter.all - coldTicks.all),
  };

  const warmStart = await resetPeak(serverPid);
  const warm: Sample[] = [];
  const warmBefore = await hubCounts(hub);
  for (let rep = 0; rep < WARM_REPS; rep++) {
    const name = names[rep % REPS]!;
    const sample = await get(`${endpoint}/${REPO}/resolve/main/${name}`, size);
    warm.push(sample);
    progress(`${label} warm ${name}: ${mbps(sample).toFixed(0)} MB/s, TTFB ${ms(sample.ttfbMs)}`);
  }
  const warmUpstream = upstreamDelta(warmBefore, await hubCounts(hub), hub, names);
  const after = await memoryOf(serverPid);

  let fromNginx: Sample[] | null = null;
  if (nginx) {
    const copy = Bun.spawnSync([
      "curl",
      "-sfL",
      "-o",
      join(nginx.root, names[0]!),
      `${hub.url}/${REPO}/resolve/main/${names[0]}`,
    ]);
    if (copy.exitCode !== 0) throw new Error(`could not copy ${names[0]} for nginx`);
    fromNginx = [];
    for (let rep = 0; rep < WARM_REPS; rep++) {
      const sample = await get(`${nginx.url}/${names[0]}`, size);
      fromNginx.push(sample);
      progress(`${label} nginx #${rep + 1}: ${mbps(sample).toFixed(0)} MB/s`);
    }
  }

  return {
    sizeMiB,
    baseline,
    coldSamples: cold,
    warmSamples: warm,
    coldUpstream,
    warmUpstream,
    nginx: fromNginx,
    rssBefore,
    cold: { startKiB: coldStart, peakKiB: peakCold },
    coldFills,
    coldCpu,
    directCpuSecondsPerGiB,
    warm: { startKiB: warmStart, peakKiB: after.hwmKiB },
    rssAfter: after.rssKiB,
  };
}

/** `clients` downloads of `url` at once; with `serverPid`, the server's RSS peak meanwhile. */
async function crowd(url: string, size: number, clients: number, serverPid?: number): Promise<Crowd> {
  const startKiB = serverPid === undefined ? 0 : await resetPeak(serverPid);
  const started = performance.now();
  const samples = await Promise.all(Array.from({ length: clients }, () => get(url, size)));
  const wallMs = performance.now() - started;
  const rss = serverPid === undefined ? null : { startKiB, peakKiB: (await memoryOf(serverPid)).hwmKiB };
  return { clients, wallMs, samples, rss };
}

async function coldCrowd(
  endpoint: string,
  hub: HubInfo,
  serverPid: number,
  file: string,
  sizeMiB: number,
  clients: number,
): Promise<ColdCrowd> {
  const url = `${endpoint}/${REPO}/resolve/main/${file}`;
  const rssBefore = await resetPeak(serverPid);
  const before = await hubCounts(hub);
  const { wallMs, samples } = await crowd(url, sizeMiB * MiB, clients);
  const upstream = upstreamDelta(before, await hubCounts(hub), hub, [file]);
  const peak = (await memoryOf(serverPid)).hwmKiB;
  progress(`${clients}× concurrent cold ${file}: ${ms(wallMs)}, upstream body GETs ${upstream.bodyGets}`);
  return { clients, sizeMiB, wallMs, samples, upstream, rssBefore, peak };
}

async function runConcurrency(endpoint: string, hub: HubInfo, serverPid: number): Promise<ConcurrencyResult> {
  const size = CONCURRENT_SIZE_MIB * MiB;
  const url = `${endpoint}/${REPO}/resolve/main/${CONCURRENT_FILE}`;
  const cold = [
    await coldCrowd(endpoint, hub, serverPid, CONCURRENT_FILE, CONCURRENT_SIZE_MIB, CONCURRENT_CLIENTS),
    await coldCrowd(endpoint, hub, serverPid, WIDE_COLD_FILE, CONCURRENT_SIZE_MIB, WIDE_CLIENTS),
  ];
  if (LONG) {
    cold.push(
      await coldCrowd(endpoint, hub, serverPid, WIDE_COLD_LARGE_FILE, WIDE_COLD_LARGE_MIB, WIDE_CLIENTS),
    );
  }
  const warm: Crowd[] = [];
  for (const clients of [CONCURRENT_CLIENTS, WIDE_CLIENTS]) {
    warm.push(await crowd(url, size, clients, serverPid));
    progress(`${clients}× concurrent warm ${CONCURRENT_FILE}: ${ms(warm.at(-1)?.wallMs ?? NaN)}`);
  }
  let rounds: ConcurrencyResult["rounds"] = null;
  if (CROWD_ROUNDS > 1) {
    const crowds: Crowd[] = [];
    for (let round = 2; round <= CROWD_ROUNDS; round++) {
      crowds.push(await crowd(url, size, WIDE_CLIENTS, serverPid));
      progress(`${WIDE_CLIENTS}× concurrent warm, round ${round}: ${ms(crowds.at(-1)?.wallMs ?? NaN)}`);
    }
    await Bun.sleep(2000);
    rounds = { crowds, settledKiB: (await memoryOf(serverPid)).rssKiB };
  }
  let fromNginx: Crowd[] | null = null;
  if (nginx) {
    const copy = Bun.spawnSync(["curl", "-sfL", "-o", join(nginx.root, CONCURRENT_FILE), url]);
    if (copy.exitCode !== 0) throw new Error(`could not copy ${CONCURRENT_FILE} for nginx`);
    fromNginx = [];
    for (const clients of [CONCURRENT_CLIENTS, WIDE_CLIENTS]) {
      fromNginx.push(await crowd(`${nginx.url}/${CONCURRENT_FILE}`, size, clients));
      progress(`${clients}× concurrent nginx ${CONCURRENT_FILE}: ${ms(fromNginx.at(-1)?.wallMs ?? NaN)}`);
    }
  }
  return { cold, warm, nginx: fromNginx, rounds };
}

interface FreshServerRun {
  label: string;
  /** RSS once started and warmed up, a second after, and the peak (VmHWM) of the GETs. */
  idleKiB: number;
  peakKiB: number;
  /** MB/s delivered, all clients together. */
  mbps: number;
}

/** A content server's first requests, untimed: a cold 1 MiB GET, then the same warm. */
async function warmUp(endpoint: string): Promise<void> {
  await get(`${endpoint}/${REPO}/resolve/main/${WARMUP_FILE}`, MiB);
  await get(`${endpoint}/${REPO}/resolve/main/${WARMUP_FILE}`, MiB);
}

/** Each case on a content server of its own, started for it (a store and database of its own too). */
async function runFreshServers(hubUrl: string, dir: string): Promise<FreshServerRun[]> {
  const cases = [{ label: "first cold 1 GiB GET", file: FRESH_FILL_FILE, clients: 1 }];
  if (LONG)
    cases.push({
      label: `${WIDE_CLIENTS} clients of one cold 1 GiB file`,
      file: FRESH_CROWD_FILE,
      clients: WIDE_CLIENTS,
    });
  const runs: FreshServerRun[] = [];
  for (const [index, { label, file, clients }] of cases.entries()) {
    const serverDir = join(dir, `fresh-${index}`);
    await mkdir(serverDir);
    const { child, endpoint } = await startContentServer(serverDir, hubUrl);
    try {
      await warmUp(endpoint);
      await Bun.sleep(1000);
      const idleKiB = await resetPeak(child.proc.pid);
      const result = await crowd(`${endpoint}/${REPO}/resolve/main/${file}`, FRESH_SIZE_MIB * MiB, clients);
      const peakKiB = (await memoryOf(child.proc.pid)).hwmKiB;
      const mbps = (clients * FRESH_SIZE_MIB * MiB) / 1e6 / (result.wallMs / 1000);
      runs.push({ label, idleKiB, peakKiB, mbps });
      progress(`fresh server, ${label}: ${signedMib(peakKiB - idleKiB)} over idle, ${mbps.toFixed(0)} MB/s`);
    } finally {
      await stopChild(child);
    }
  }
  return runs;
}

function freshServersReport(runs: FreshServerRun[]): string {
  return table([
    [
      "a fresh server (idle after two 1 MiB GETs)",
      "idle RSS",
      "peak (VmHWM)",
      "growth — goal < +16 MiB",
      "aggregate MB/s",
    ],
    ["---", "---:", "---:", "---:", "---:"],
    ...runs.map((run) => [
      run.label,
      mib(run.idleKiB),
      mib(run.peakKiB),
      signedMib(run.peakKiB - run.idleKiB),
      run.mbps.toFixed(0),
    ]),
  ]);
}

const phaseCell = (phase: Phase): string =>
  `${mib(phase.startKiB)} → ${mib(phase.peakKiB)} (${signedMib(phase.peakKiB - phase.startKiB)})`;

function table(rows: string[][]): string {
  return rows.map((row) => `| ${row.join(" | ")} |`).join("\n");
}

interface MachineBounds {
  disk: DiskWrite;
  /** The least CPU per GiB a `dd` into this file system took in this run. */
  writeCpuSecondsPerGiB: number;
  sha256MBps: number;
}

function report(results: SizeResult[], concurrency: ConcurrencyResult, bounds: MachineBounds): string {
  const diskMBps = bounds.disk.mbps;
  /** What the cold goal is a ratio of: the slower of a direct download and the disk. */
  const coldBound = (r: SizeResult): number => Math.min(median(r.baseline.map(mbps)), diskMBps);
  const ceiling = (r: SizeResult): ColdCeiling =>
    coldCeiling(
      r.directCpuSecondsPerGiB,
      bounds.writeCpuSecondsPerGiB,
      bounds.sha256MBps,
      availableParallelism(),
    );
  // Below 64 MiB the clock's 10 ms ticks and the per-request work swamp a per-GiB figure.
  const perGiBCell = (r: SizeResult, cell: () => string) => (r.sizeMiB < 64 ? "—" : cell());
  const cols = results.map((r) => sizeLabel(r.sizeMiB));
  const row = (label: string, cell: (r: SizeResult) => string): string[] => [label, ...results.map(cell)];
  const ratio = (a: Sample[], b: Sample[]) => `${(median(a.map(mbps)) / median(b.map(mbps))).toFixed(2)}×`;
  const main = table([
    ["", ...cols],
    ["---", ...cols.map(() => "---:")],
    row("baseline (Hub direct) MB/s", (r) => throughputCell(r.baseline)),
    row("baseline TTFB", (r) => ttfbCell(r.baseline)),
    row("cold (miss: download + fill) MB/s", (r) => throughputCell(r.coldSamples)),
    row("cold TTFB", (r) => ttfbCell(r.coldSamples)),
    row("warm (hit: from disk) MB/s", (r) => throughputCell(r.warmSamples)),
    row("warm TTFB", (r) => ttfbCell(r.warmSamples)),
    row("nginx (sendfile, same bytes) MB/s", (r) => (r.nginx ? throughputCell(r.nginx) : "no nginx")),
    row(
      "disk sequential write (dd conv=fdatasync) MB/s",
      () => `${diskMBps.toFixed(0)} (dd's CPU: ${bounds.disk.cpuSecondsPerGiB.toFixed(2)} s per GiB)`,
    ),
    row(
      "least CPU per GiB of a dd here (the write's cost in the ceiling below)",
      () => `${bounds.writeCpuSecondsPerGiB.toFixed(2)} s`,
    ),
    row("cold / baseline (median MB/s)", (r) => ratio(r.coldSamples, r.baseline)),
    row(
      "cold / min(baseline, disk write) — goal ≥ 0.9",
      (r) => `${(median(r.coldSamples.map(mbps)) / coldBound(r)).toFixed(2)}×`,
    ),
    row("the goal in MB/s: 0.9 × min(baseline, disk write)", (r) => (0.9 * coldBound(r)).toFixed(0)),
    row("CPU per GiB of a direct download (the Hub and the client)", (r) =>
      perGiBCell(r, () => `${r.directCpuSecondsPerGiB.toFixed(2)} s`),
    ),
    row(
      `cold ceiling (estimate) on ${availableParallelism()} cores: CPU per GiB of 2 × direct + dd's write + sha256 (${bounds.sha256MBps.toFixed(0)} MB/s on one core) → MB/s`,
      (r) =>
        perGiBCell(r, () => {
          const c = ceiling(r);
          return `${c.cpuSecondsPerGiB.toFixed(2)} s → ${c.mbps.toFixed(0)}`;
        }),
    ),
    row("cold / that ceiling (median MB/s)", (r) =>
      perGiBCell(r, () => `${(median(r.coldSamples.map(mbps)) / ceiling(r).mbps).toFixed(2)}×`),
    ),
    row("warm / baseline (median MB/s)", (r) => ratio(r.warmSamples, r.baseline)),
    row("warm / nginx (median MB/s) — goal ≥ 0.9 (1 GiB), 0.95 (64 MiB)", (r) =>
      r.nginx ? ratio(r.warmSamples, r.nginx) : "no nginx",
    ),
    row("upstream body GETs per cold GET (expect 1)", (r) =>
      r.coldUpstream.map((d) => d.bodyGets).join(", "),
    ),
    row("other upstream requests per cold GET", (r) => describeOther(r.coldUpstream)),
    row(`upstream requests during the ${WARM_REPS} warm GETs (expect 0)`, (r) =>
      r.warmUpstream.bodyGets ? `${r.warmUpstream.bodyGets} body GETs!` : describeOther([r.warmUpstream]),
    ),
    row("server CPU per cold GiB: event loop / all threads", (r) =>
      perGiBCell(r, () => `${r.coldCpu.loopSeconds.toFixed(2)} s / ${r.coldCpu.allSeconds.toFixed(2)} s`),
    ),
    row("server RSS before this size (VmRSS)", (r) => mib(r.rssBefore)),
    row("server RSS at start → peak (VmHWM) of the cold GETs", (r) => phaseCell(r.cold)),
    row("each cold GET's own peak over its start", (r) =>
      r.coldFills.map((fill) => signedMib(fill.peakKiB - fill.startKiB)).join(", "),
    ),
    row("server RSS at start → peak (VmHWM) of the warm GETs", (r) => phaseCell(r.warm)),
    row("server RSS after this size", (r) => mib(r.rssAfter)),
  ]);
  const c = concurrency;
  const coldRow = (run: ColdCrowd) => {
    const times = run.samples.map((s) => s.totalMs);
    return [
      `${run.clients} clients, ${sizeLabel(run.sizeMiB)}`,
      ms(run.wallMs),
      ((run.clients * run.sizeMiB * MiB) / 1e6 / (run.wallMs / 1000)).toFixed(0),
      `${ms(Math.min(...times))} / ${ms(Math.max(...times))}`,
      // The first client started the fill; the others joined it a little later.
      `${(Math.max(...times) / (times[0] ?? NaN)).toFixed(2)}×`,
      ms(median(run.samples.map((s) => s.ttfbMs))),
      String(run.upstream.bodyGets),
      describeOther([run.upstream]),
      `${mib(run.rssBefore)} → ${mib(run.peak)} (${signedMib(run.peak - run.rssBefore)})`,
    ];
  };
  const conc = table([
    [
      "concurrent cold clients of one file (a new one per crowd)",
      "wall time",
      "aggregate MB/s delivered",
      "per client: fastest / slowest",
      "slowest / the first client's time — goal ≤ 1.1",
      "TTFB median",
      "upstream body GETs (expect 1)",
      "other upstream requests",
      `server RSS before → peak — goal < +16 MiB (${WIDE_CLIENTS} clients)`,
    ],
    ["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:"],
    ...c.cold.map(coldRow),
  ]);
  const delivered = (run: Crowd) => (run.clients * CONCURRENT_SIZE_MIB * MiB) / 1e6 / (run.wallMs / 1000);
  const crowdRow = (name: string, run: Crowd, baseline: Crowd | undefined) => {
    const spent = run.samples.map((sample) => sample.totalMs);
    return [
      `${name}, ${run.clients} clients`,
      ms(run.wallMs),
      delivered(run).toFixed(0),
      `${ms(Math.min(...spent))} / ${ms(Math.max(...spent))}`,
      baseline ? `${(delivered(run) / delivered(baseline)).toFixed(2)}×` : "no nginx",
      run.rss ? phaseCell(run.rss) : "",
    ];
  };
  const warmCrowds = table([
    [
      `concurrent clients of one ${CONCURRENT_SIZE_MIB} MiB file, warm`,
      "wall time",
      "aggregate MB/s delivered",
      "per client: fastest / slowest",
      `/ nginx (aggregate) — goal ≥ 0.95 (${CONCURRENT_CLIENTS} clients)`,
      `server RSS at start → peak (VmHWM) — goal < +16 MiB (${WIDE_CLIENTS} clients)`,
    ],
    ["---", "---:", "---:", "---:", "---:", "---:"],
    ...c.warm.flatMap((run, i) => {
      const theirs = c.nginx?.[i];
      return [
        crowdRow("Hubcache (from the store)", run, theirs),
        ...(theirs ? [crowdRow("nginx (sendfile, same bytes)", theirs, theirs)] : []),
      ];
    }),
  ]);
  const roundsTable = c.rounds
    ? `\n\n${table([
        [
          `${WIDE_CLIENTS} warm clients, ${CROWD_ROUNDS} crowds in a row`,
          "aggregate MB/s",
          "server RSS at start → peak",
        ],
        ["---", "---:", "---:"],
        ...[c.warm.at(-1), ...c.rounds.crowds].flatMap((run, i) =>
          run?.rss ? [[`crowd ${i + 1}`, delivered(run).toFixed(0), phaseCell(run.rss)]] : [],
        ),
        ["server RSS 2 s after the last", "", mib(c.rounds.settledKiB)],
      ])}`
    : "";
  const note = peakResettable
    ? ""
    : "\nNote: /proc/<pid>/clear_refs could not be written: every VmHWM above is the peak since start-up.\n";
  return `${main}\n\n${conc}\n\n${warmCrowds}${roundsTable}\n${note}`;
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    progress(`benchmark exceeded ${WATCHDOG_MS / 1000} s: aborting`);
    void cleanup().finally(() => process.exit(2));
  }, WATCHDOG_MS);
  const startedAt = performance.now();
  const machineAtStart = await machineBusyTicks();
  const oursAtStart = await ourTicks();
  process.stdout.write(header());
  try {
    const files: Record<string, { size: number; seed: number }> = {};
    SIZES_MIB.forEach((sizeMiB, index) => {
      for (let rep = 0; rep < REPS; rep++) {
        // Distinct seeds: equal content would be one blob in the content-addressed cache.
        files[fileName(sizeMiB, rep)] = { size: sizeMiB * MiB, seed: 1000 + index * 10 + rep };
      }
    });
    files[CONCURRENT_FILE] = { size: CONCURRENT_SIZE_MIB * MiB, seed: 999 };
    files[WIDE_COLD_FILE] = { size: CONCURRENT_SIZE_MIB * MiB, seed: 996 };
    if (LONG) files[WIDE_COLD_LARGE_FILE] = { size: WIDE_COLD_LARGE_MIB * MiB, seed: 995 };
    files[FRESH_FILL_FILE] = { size: FRESH_SIZE_MIB * MiB, seed: 994 };
    if (LONG) files[FRESH_CROWD_FILE] = { size: FRESH_SIZE_MIB * MiB, seed: 993 };
    files[WARMUP_FILE] = { size: MiB, seed: 998 };
    files[BUSY_FILE] = { size: BUSY_SIZE_MIB * MiB, seed: 997 };
    Object.assign(files, smallFiles(5000));
    tempDir = await mkdtemp(join(tmpdir(), "hubcache-bench-"));
    progress("measuring this disk's sequential write rate (dd conv=fdatasync)…");
    const disk = await diskWrite(tempDir, Math.max(...SIZES_MIB) * MiB);
    // A dd larger than the page cache can take pays for reclaiming it: the ceiling takes a 1 GiB one too.
    const writeCpuSecondsPerGiB =
      Math.max(...SIZES_MIB) > 1024
        ? Math.min(disk.cpuSecondsPerGiB, (await diskWrite(tempDir, GiB)).cpuSecondsPerGiB)
        : disk.cpuSecondsPerGiB;
    const sha256MBps = sha256Rate();
    progress(`disk: ${disk.mbps.toFixed(0)} MB/s; sha256: ${sha256MBps.toFixed(0)} MB/s; starting nginx…`);
    nginx = await startNginx(tempDir, await freePort());
    if (!nginx) progress("nginx is not installed (apt-get install nginx-light): no nginx baseline");

    progress("starting the stand-in Hub (pre-hashing the files)…");
    const hub = await startHub(files);
    progress(`stand-in Hub at ${hub.url}; starting the content server…`);
    const { child: server, endpoint } = await startContentServer(tempDir, hub.url);
    progress(`content server at ${endpoint} (pid ${server.proc.pid})`);

    const results: SizeResult[] = [];
    try {
      await get(`${hub.url}/${REPO}/resolve/main/${WARMUP_FILE}`, MiB);
      await warmUp(endpoint);
      for (const sizeMiB of SIZES_MIB) results.push(await runSize(sizeMiB, endpoint, hub, server.proc.pid));
      const concurrency = await runConcurrency(endpoint, hub, server.proc.pid);
      progress("small files, cold and warm, one at a time…");
      const small = await runSmallFiles(
        hub.url,
        endpoint,
        (base, name) => `${base}/${REPO}/resolve/main/${name}`,
        async () => Object.values(await hubCounts(hub)).reduce((sum, count) => sum + count, 0),
      );
      progress(`warm small files while a ${sizeLabel(BUSY_SIZE_MIB)} file fills cold…`);
      const busy = await runBusyFill(
        `${endpoint}/${REPO}/resolve/main/small-get-1.bin`,
        `${endpoint}/${REPO}/resolve/main/${BUSY_FILE}`,
        BUSY_SIZE_MIB * MiB,
      );
      progress("fresh content servers: the memory goal from idle…");
      const fresh = await runFreshServers(hub.url, tempDir);
      process.stdout.write(
        `\n${report(results, concurrency, { disk, writeCpuSecondsPerGiB, sha256MBps })}\n${smallFilesReport(small)}\n\n${busyFillReport(busy, sizeLabel(BUSY_SIZE_MIB))}\n\n${freshServersReport(fresh)}\n`,
      );
    } catch (error) {
      progress(`--- last output of the content server ---\n${server.output()}`);
      throw error;
    }
    // CLK_TCK is 100 on Linux.
    const machineBusy = ((await machineBusyTicks()) - machineAtStart) / 100;
    const others = Math.max(0, machineBusy - ((await ourTicks()) - oursAtStart) / 100);
    const elapsed = (performance.now() - startedAt) / 1000;
    process.stdout.write(
      `\nCPU used by processes outside this benchmark during the run: ${others.toFixed(1)} s of ${(elapsed * availableParallelism()).toFixed(1)} CPU-s available (${((100 * others) / (elapsed * availableParallelism())).toFixed(0)}%); the benchmark's own processes used ${(machineBusy - others).toFixed(1)} s.\n`,
    );
    const logs = server.logLines;
    process.stdout.write(
      `Content server warnings/errors logged (LOG_LEVEL=warn): ${logs.length}${logs.length ? "\n" + logs.slice(0, 5).join("\n") : ""}\n`,
    );
    process.stdout.write(
      `Total run time ${((performance.now() - startedAt) / 1000).toFixed(1)} s; load average at end: ${loadText()}.\n`,
    );
  } finally {
    clearTimeout(watchdog);
    await cleanup();
  }
}

try {
  await main();
} catch (error) {
  progress(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await cleanup();
  process.exit(1);
}
