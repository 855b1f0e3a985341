import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestDatabase, testProviders, type TestDatabase } from "@hubcache/db/test-support";
import { seedDemoRepos, startFakeHub, type FakeHub } from "@hubcache/fake-hub";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnContentServer, type ContentProcess } from "./process.ts";

/**
 * A content server left alone and then loaded must come back to where it started: no descriptor or
 * memory kept per transaction, per request or per timer tick (idle, SQLite once leaked a descriptor a
 * second). Runs the real server process with its
 * default timers (configuration re-read and pre-fetch poll every 2 s), on SQLite and PostgreSQL at once.
 */
const IDLE_MS = Number(process.env.LONGEVITY_IDLE_MS ?? 60_000);
const REQUESTS = 3_000;
const CONCURRENCY = 16;
const MiB = 1024 * 1024;

let hub: FakeHub;
beforeAll(async () => {
  hub = await startFakeHub();
  seedDemoRepos(hub);
});
afterAll(async () => {
  await hub.close();
});

/** A realistic mix of what clients ask a warm cache for. */
function requestFor(endpoint: string, i: number): { url: string; init: RequestInit; ok: number } {
  const file = (path: string) => `${endpoint}/demo/tiny-model/resolve/main/${path}`;
  switch (i % 6) {
    case 0:
      return { url: file("config.json"), init: {}, ok: 200 };
    case 1:
      return { url: file("model.safetensors"), init: { method: "HEAD" }, ok: 200 };
    case 2:
      return { url: file("model.safetensors"), init: { headers: { range: "bytes=0-65535" } }, ok: 206 };
    case 3:
      return { url: `${endpoint}/api/models/demo/tiny-model/revision/main`, init: {}, ok: 200 };
    case 4:
      return { url: `${endpoint}/api/models/demo/tiny-model/tree/main?recursive=true`, init: {}, ok: 200 };
    default:
      return { url: file("tokenizer/tokenizer.json"), init: {}, ok: 200 };
  }
}

async function load(endpoint: string, count: number): Promise<number> {
  let next = 0;
  let failures = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const { url, init, ok } = requestFor(endpoint, next++);
        const response = await fetch(url, init);
        await response.arrayBuffer();
        if (response.status !== ok) failures++;
      }
    }),
  );
  return failures;
}

interface Reading {
  descriptors: number;
  rss: number;
}

const read = (server: ContentProcess): Reading => ({ descriptors: server.descriptors(), rss: server.rss() });

async function soak(provider: "sqlite" | "postgresql") {
  const database: TestDatabase = await createTestDatabase(provider);
  const dir = await mkdtemp(join(tmpdir(), "hubcache-longevity-"));
  const server = await spawnContentServer({
    DATABASE_URL: provider === "sqlite" ? `file:${join(dir, "hubcache.db")}` : database.url,
    STORAGE_DIR: join(dir, "blobs"),
    HUB_URL: hub.url,
  });
  try {
    const endpoint = `${server.url}/huggingface`;
    // Warm: every file and answer cached, and the same load once, so that what the runtime allocates
    // for good (JIT code, pools, heap headroom) is in the baseline; what grows after that is a leak.
    expect(await load(endpoint, REQUESTS)).toBe(0);
    await Bun.sleep(3_000);
    const baseline = read(server);
    await Bun.sleep(IDLE_MS);
    const idle = read(server);
    let failures = await load(endpoint, REQUESTS);
    await Bun.sleep(3_000); // counters flushed, connections idle
    const loaded = read(server);
    failures += await load(endpoint, REQUESTS);
    await Bun.sleep(3_000);
    const loadedAgain = read(server);
    return { baseline, idle, loaded, loadedAgain, failures, alive: server.alive() };
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
    await database.drop();
  }
}

describe("a content server left idle, then loaded", () => {
  test(
    "keeps its descriptors and memory flat, on SQLite and PostgreSQL",
    async () => {
      const providers = await testProviders();
      const results = await Promise.all(providers.map((provider) => soak(provider)));
      for (const [i, result] of results.entries()) {
        const label = `${providers[i]}: ${JSON.stringify(result)}`;
        expect(result.alive, label).toBe(true);
        expect(result.failures, label).toBe(0);
        // A few descriptors come and go (keep-alive sockets, the pool); a leak grows by the minute.
        expect(result.idle.descriptors - result.baseline.descriptors, label).toBeLessThanOrEqual(3);
        expect(result.loaded.descriptors - result.baseline.descriptors, label).toBeLessThanOrEqual(6);
        expect(result.loadedAgain.descriptors - result.baseline.descriptors, label).toBeLessThanOrEqual(6);
        // RSS moves with the garbage collector and the allocator's headroom (bursts of ~30 MiB come and
        // go, more so on a busy machine), so memory gets a coarse bound: a leak of 10 KiB per request
        // would add 60 MiB over the two bursts; idle, nothing may grow.
        expect(result.idle.rss - result.baseline.rss, label).toBeLessThan(16 * MiB);
        expect(result.loadedAgain.rss - result.baseline.rss, label).toBeLessThan(56 * MiB);
      }
    },
    IDLE_MS + 120_000,
  );
});
