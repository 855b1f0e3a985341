/**
 * Soak benchmark (a script, not a test): N requests at concurrency C of a realistic mix against a warm
 * cache, with latency percentiles, errors, and the content server's RSS and descriptors before and after;
 * the same bytes served by nginx (sendfile) as the baseline when Debian's nginx is installed
 * (`apt-get install nginx-light`).
 *
 * Then, when Debian's wrk is installed (`apt-get install wrk`), a second table: the warm repo info and
 * a warm small file under 16 and 64 connections from wrk, against nginx serving the same bytes and with
 * the Hub black-holed (a JavaScript client process on these two cores would be the limit, not the server).
 *
 * Usage: `npm run soak -w @hubcache/content` or `bun bench/soak.ts`, with SOAK_REQUESTS (default
 * 20000), SOAK_CONCURRENCY (default 32), SOAK_WRK_SECONDS (default 5) and DATABASE_URL (default: a fresh
 * SQLite file).
 */
import { openDb } from "@hubcache/db";
import { seedDemoRepos, startFakeHub, type FakeHub } from "@hubcache/fake-hub";
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { spawnContentServer, type ContentProcess } from "../test/process.ts";
import { freePort, startNginx, type Nginx } from "../test/nginx.ts";
import { hasWrk, runWrk, type WrkResult } from "./wrk.ts";

const REQUESTS = Number(process.env.SOAK_REQUESTS ?? 20_000);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 32);
/** The wrk phase: seconds per row, and the connection counts measured. */
const WRK_SECONDS = Number(process.env.SOAK_WRK_SECONDS ?? 5);
const WRK_CONNECTIONS = [16, 64];
const MiB = 1024 * 1024;

interface MixItem {
  /** Path below the distribution's base path. */
  path: string;
  init: RequestInit;
  expect: number;
  /** Served by nginx from a static file (false: nothing comparable, e.g. a POST). */
  static: boolean;
}

const repo = "demo/tiny-model";
/** What clients ask a warm cache for: metadata, small files, HEADs, range probes and a 2 MiB file. */
const MIX: MixItem[] = [
  { path: `api/models/${repo}/revision/main`, init: {}, expect: 200, static: true },
  { path: `api/models/${repo}/tree/main`, init: {}, expect: 200, static: true },
  { path: `${repo}/resolve/main/config.json`, init: {}, expect: 200, static: true },
  { path: `${repo}/resolve/main/config.json`, init: { method: "HEAD" }, expect: 200, static: true },
  { path: `${repo}/resolve/main/tokenizer/tokenizer.json`, init: {}, expect: 200, static: true },
  {
    path: `${repo}/resolve/main/model.safetensors`,
    init: { headers: { range: "bytes=0-0" } },
    expect: 206,
    static: true,
  },
  {
    path: `${repo}/resolve/main/model.safetensors`,
    init: { headers: { range: "bytes=0-65535" } },
    expect: 206,
    static: true,
  },
  { path: `${repo}/resolve/main/model.safetensors`, init: {}, expect: 200, static: true },
  {
    path: `api/models/${repo}/paths-info/main`,
    init: {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "paths=config.json&paths=model.safetensors",
    },
    expect: 200,
    static: false,
  },
];

interface LoadResult {
  target: string;
  requests: number;
  errors: number;
  seconds: number;
  latenciesMs: number[];
}

async function load(target: string, base: string, items: MixItem[]): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const item = items[next++ % items.length]!;
        const t = performance.now();
        try {
          const response = await fetch(`${base}/${item.path}`, item.init);
          await response.arrayBuffer();
          if (response.status !== item.expect) errors++;
        } catch {
          errors++;
        }
        latenciesMs.push(performance.now() - t);
      }
    }),
  );
  return { target, requests: REQUESTS, errors, seconds: (performance.now() - started) / 1000, latenciesMs };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

interface Reading {
  rss: number;
  descriptors: number;
}

const reading = (server: { rss(): number; descriptors(): number }): Reading => ({
  rss: server.rss(),
  descriptors: server.descriptors(),
});

/** Master and worker RSS and descriptors of nginx, summed. */
function nginxReading(pid: number): Reading {
  const pids = [
    pid,
    ...new TextDecoder().decode(Bun.spawnSync(["pgrep", "-P", String(pid)]).stdout).split(/\s+/),
  ]
    .filter(Boolean)
    .map(Number);
  const sum = { rss: 0, descriptors: 0 };
  for (const p of pids) {
    const status = readFileSync(`/proc/${p}/status`, "utf8");
    sum.rss += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    sum.descriptors += readdirSync(`/proc/${p}/fd`).length;
  }
  return sum;
}

function row(result: LoadResult, before: Reading, after: Reading): string[] {
  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  return [
    result.target,
    String(result.requests),
    String(result.errors),
    (result.requests / result.seconds).toFixed(0),
    percentile(sorted, 50).toFixed(2),
    percentile(sorted, 99).toFixed(2),
    (sorted.at(-1) ?? 0).toFixed(1),
    `${(before.rss / MiB).toFixed(0)} → ${(after.rss / MiB).toFixed(0)}`,
    `${before.descriptors} → ${after.descriptors}`,
  ];
}

/** The answers the wrk phase asks for: what clients ask most, one small file and one API answer. */
const WRK_ITEMS = [MIX[0]!, MIX[2]!];

function wrkRow(target: string, path: string, connections: number, result: WrkResult, baseline?: WrkResult) {
  return [
    target,
    path,
    String(connections),
    result.requestsPerSecond.toFixed(0),
    result.p50Ms.toFixed(2),
    result.p99Ms.toFixed(2),
    String(result.errors),
    baseline ? `${(result.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)}×` : "",
  ];
}

/** Each of WRK_ITEMS at each connection count: `base`'s answers, with nginx's alongside when given. */
async function wrkRows(target: string, base: string, nginxUrl: string | null): Promise<string[][]> {
  const rows: string[][] = [];
  for (const connections of WRK_CONNECTIONS) {
    for (const item of WRK_ITEMS) {
      const theirs = nginxUrl
        ? await runWrk(`${nginxUrl}/${item.path}`, connections, WRK_SECONDS)
        : undefined;
      const ours = await runWrk(`${base}/${item.path}`, connections, WRK_SECONDS);
      if (theirs) rows.push(wrkRow("nginx sendfile, same bytes", item.path, connections, theirs));
      rows.push(wrkRow(target, item.path, connections, ours, theirs));
    }
  }
  return rows;
}

/**
 * The warm mix again, on a second content server whose Hub accepts connections and never answers (the
 * stand-in Hub black-holed): branches are re-resolved on every request (REVISION_TTL_SECONDS=0), so each
 * would ask the Hub, and the remote's timeouts are 500 ms. The first requests wait for them; then the Hub
 * is marked offline and what the cache holds is answered without waiting.
 */
async function blackHoledRows(hub: FakeHub, dir: string, wrkTable: string[][]): Promise<string[]> {
  const databaseUrl = `file:${join(dir, "black-hole", "hubcache.db")}`;
  const server = await spawnContentServer({
    DATABASE_URL: databaseUrl,
    STORAGE_DIR: join(dir, "black-hole", "blobs"),
    HUB_URL: hub.url,
    BOOTSTRAP: "true",
    REVISION_TTL_SECONDS: "0",
    CONFIG_REFRESH_MS: "200",
  });
  try {
    const base = `${server.url}/huggingface`;
    for (const item of MIX) await (await fetch(`${base}/${item.path}`, item.init)).arrayBuffer();
    const database = await openDb(databaseUrl, { migrate: false });
    await database.db.remote.updateMany({ data: { connectTimeoutMs: 500, readTimeoutMs: 500 } });
    await database.close();
    // A request past CONFIG_REFRESH_MS starts the re-read that brings the new timeouts (whoami is answered
    // by the cache itself); the next ones use them.
    await Bun.sleep(300);
    await (await fetch(`${base}/api/whoami-v2`)).arrayBuffer();
    await Bun.sleep(300);
    hub.faults.latencyMs = 600_000;
    // UPSTREAM_OFFLINE_AFTER_FAILURES (3) requests wait for the timeouts; then the Hub is offline.
    const probe = MIX[2]!;
    for (let i = 0; i < 3; i++) await (await fetch(`${base}/${probe.path}`, probe.init)).arrayBuffer();
    const before = reading(server);
    const result = await load("Hubcache (warm), the Hub black-holed", base, MIX);
    const after = reading(server);
    if (hasWrk()) wrkTable.push(...(await wrkRows("Hubcache (warm), the Hub black-holed", base, null)));
    return row(result, before, after);
  } finally {
    hub.faults.latencyMs = 0;
    await server.stop();
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "hubcache-soak-"));
  const hub = await startFakeHub();
  seedDemoRepos(hub);
  let server: ContentProcess | null = null;
  let nginx: Nginx | null = null;
  try {
    server = await spawnContentServer({
      DATABASE_URL: process.env.DATABASE_URL || `file:${join(dir, "hubcache.db")}`,
      STORAGE_DIR: join(dir, "blobs"),
      HUB_URL: hub.url,
      BOOTSTRAP: "true",
    });
    const base = `${server.url}/huggingface`;
    // Warm the cache, and keep each answer's bytes for nginx to serve.
    const staticFiles = new Map<string, Uint8Array>();
    for (const item of MIX) {
      const whole = await fetch(`${base}/${item.path}`, item.init.method === "POST" ? item.init : {});
      const bytes = new Uint8Array(await whole.arrayBuffer());
      if (item.static) staticFiles.set(item.path, bytes);
    }
    await Bun.sleep(3_000);
    const rows: string[][] = [];
    const before = reading(server);
    const ours = await load("Hubcache (warm)", base, MIX);
    await Bun.sleep(3_000);
    rows.push(row(ours, before, reading(server)));
    nginx = await startNginx(dir, await freePort());
    if (nginx) {
      for (const [path, bytes] of staticFiles) {
        const file = join(nginx.root, path);
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, bytes);
      }
      const staticMix = MIX.filter((item) => item.static);
      const nginxBefore = nginxReading(nginx.pid);
      const theirs = await load("nginx sendfile, same bytes (no POST)", nginx.url, staticMix);
      rows.push(row(theirs, nginxBefore, nginxReading(nginx.pid)));
      const oursBefore = reading(server);
      const oursStatic = await load("Hubcache, same mix as nginx", base, staticMix);
      rows.push(row(oursStatic, oursBefore, reading(server)));
    }
    const wrkTable = hasWrk() ? await wrkRows("Hubcache (warm)", base, nginx?.url ?? null) : [];
    rows.push(await blackHoledRows(hub, dir, wrkTable));
    const header = ["target", "requests", "errors", "req/s", "p50 ms", "p99 ms", "max ms", "RSS MiB", "fds"];
    const lines = [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`);
    console.log(
      `\nSoak: ${REQUESTS} requests per target at concurrency ${CONCURRENCY}, mix of ${MIX.length} kinds` +
        ` (${process.env.DATABASE_URL ? "DATABASE_URL" : "SQLite"}), one client process (bun fetch)\n`,
    );
    console.log(lines.join("\n"));
    if (!nginx) console.log("\n(nginx not installed: `apt-get install nginx-light` adds the baseline)");
    if (wrkTable.length > 0) {
      const wrkHeader = ["target", "path", "connections", "req/s", "p50 ms", "p99 ms", "errors", "vs nginx"];
      console.log(
        `\nwrk (2 threads, ${WRK_SECONDS} s per row, keep-alive), the same server and nginx, one at a time:\n`,
      );
      console.log(
        [wrkHeader, wrkHeader.map(() => "---"), ...wrkTable]
          .map((cells) => `| ${cells.join(" | ")} |`)
          .join("\n"),
      );
    } else console.log("\n(wrk not installed: `apt-get install wrk` adds the wrk phase)");
  } finally {
    nginx?.stop();
    await server?.stop();
    await hub.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
