import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { openDb } from "@hubcache/db";
import { createTestDatabase, lockSqliteInAnotherProcess } from "@hubcache/db/test-support";
import { seedDemoRepos, startFakeHub, type FakeHub } from "@hubcache/fake-hub";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventually, fillsRecorded } from "./harness.ts";
import { metricSum } from "./metrics.ts";
import { spawnContentServer, type ContentProcess } from "./process.ts";
import { tcpProxy } from "./tcp-proxy.ts";

/**
 * The database going away must not take the cache down: what the cache holds is still served, what
 * needs the database gets a clear 503, background work retries, and all is well once it is back.
 */
let hub: FakeHub;
beforeAll(async () => {
  hub = await startFakeHub();
  seedDemoRepos(hub);
});
afterAll(async () => {
  await hub.close();
});

const FAST = { DB_BUSY_TIMEOUT_MS: "200", CONFIG_REFRESH_MS: "200", PREFETCH_POLL_MS: "100" };
const fileUrl = (server: ContentProcess, path: string) =>
  `${server.url}/huggingface/demo/tiny-model/resolve/main/${path}`;

/** What clients ask of a warm cache, each answerable from memory and disk alone. */
const WARM_REQUESTS = [
  { what: "a cached file", method: "GET", path: "demo/tiny-model/resolve/main/config.json" },
  { what: "a HEAD of a cached file", method: "HEAD", path: "demo/tiny-model/resolve/main/config.json" },
  { what: "revision info", method: "GET", path: "api/models/demo/tiny-model/revision/main" },
  { what: "a tree page", method: "GET", path: "api/models/demo/tiny-model/tree/main" },
  { what: "health", method: "GET", path: "../healthz" },
] as const;

interface Answer {
  status: number;
  body: string;
  /** The headers a client builds on: the commit, the ETag and the size. */
  headers: Record<string, string | null>;
}

async function ask(server: ContentProcess, request: (typeof WARM_REQUESTS)[number]): Promise<Answer> {
  const response = await fetch(new URL(request.path, `${server.url}/huggingface/`), {
    method: request.method,
  });
  const headers = Object.fromEntries(
    ["x-repo-commit", "etag", "content-length"].map((name) => [name, response.headers.get(name)]),
  );
  return { status: response.status, body: await response.text(), headers };
}

/** Asks every warm request, as a client would before the fault, and resolves to their warm answers. */
async function warmAnswers(server: ContentProcess): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (const request of WARM_REQUESTS) {
    await ask(server, request); // cold: fetched from the Hub (a cold GET is sent chunked)
    const answer = await ask(server, request);
    expect(answer.status, `${request.what}: ${answer.body}`).toBe(200);
    answers.push(answer);
  }
  // Cached means indexed: a client has a cold file's bytes a moment before its index row is written.
  await fillsRecorded(server.url);
  return answers;
}

/**
 * For `forMs`, asks every warm request over and over and expects the very answers given before the
 * fault; resolves to the slowest answer's time in ms.
 */
async function expectServedWhileDown(server: ContentProcess, before: Answer[], forMs: number) {
  const until = performance.now() + forMs;
  let rounds = 0;
  let slowestMs = 0;
  while (performance.now() < until) {
    for (const [i, request] of WARM_REQUESTS.entries()) {
      const started = performance.now();
      const answer = await ask(server, request);
      slowestMs = Math.max(slowestMs, performance.now() - started);
      expect(answer, `${request.what} while the database is down`).toEqual(before[i]!);
    }
    await Bun.sleep(100);
    rounds++;
  }
  expect(rounds).toBeGreaterThan(3);
  return slowestMs;
}

async function expectUnavailable(server: ContentProcess, path: string) {
  const response = await fetch(fileUrl(server, path));
  expect(response.status, server.output()).toBe(503);
  expect(response.headers.get("x-error-message")).toMatch(/unavailable.*try again/i);
  await response.arrayBuffer();
}

/** Once the database is back: the file that got a 503 meanwhile is served, by a server still alive. */
async function expectRecovered(server: ContentProcess) {
  await eventually(async () => {
    const response = await fetch(fileUrl(server, "onnx/model.onnx"));
    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBe(64 * 1024);
  }, 15_000);
  expect(server.alive()).toBe(true);
}

/** `hubcache_background_failures_total`, of one task or of all. */
function backgroundFailures(server: ContentProcess, task?: string): Promise<number> {
  return metricSum(server.url, "hubcache_background_failures_total", task ? { task } : {});
}

describe("the database going away", () => {
  test("SQLite locked by another process past the default busy timeout: warm answers stay prompt, then recovery", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hubcache-lock-"));
    const databaseFile = join(dir, "hubcache.db");
    // The default settings (DB_BUSY_TIMEOUT_MS 10 s): waiting for the lock must not hold the server.
    const server = await spawnContentServer({
      DATABASE_URL: `file:${databaseFile}`,
      STORAGE_DIR: join(dir, "blobs"),
      HUB_URL: hub.url,
    });
    try {
      const before = await warmAnswers(server);
      // Another process (a backup, an `sqlite3` shell) holds an exclusive lock for longer than the busy
      // timeout: every write waits for it and fails; in WAL mode reads still go through.
      const { exited: released } = await lockSqliteInAnotherProcess(databaseFile, {
        mode: "EXCLUSIVE",
        statement: "UPDATE Team SET name = name",
        holdMs: 14_000,
        end: "ROLLBACK",
      });
      const slowestMs = await expectServedWhileDown(server, before, 12_000);
      expect(slowestMs, server.output()).toBeLessThan(1_000);
      // Still locked: the hit counts written (every 2 s) in the lock's first seconds give up after 10 s.
      await eventually(async () => expect(await backgroundFailures(server)).toBeGreaterThan(0), 1_800);
      // A file not cached yet is fetched and served in full (indexed once the lock is gone).
      const cold = await fetch(fileUrl(server, "onnx/model.onnx"));
      expect(cold.status).toBe(200);
      expect((await cold.arrayBuffer()).byteLength).toBe(64 * 1024);
      expect(await released).toBe(0);
      expect(server.alive()).toBe(true);

      // Recovered: the file is fetched again and indexed, and pre-fetch jobs run.
      const database = await openDb(`file:${databaseFile}`, { migrate: false });
      try {
        await eventually(async () => {
          await (await fetch(fileUrl(server, "onnx/model.onnx"))).arrayBuffer();
          const rows = await database.db.cachedFile.count({ where: { path: "onnx/model.onnx" } });
          expect(rows, server.output()).toBe(1);
        }, 15_000);
        const distribution = await database.db.distribution.findFirstOrThrow();
        const job = await database.db.prefetchJob.create({
          data: {
            distributionId: distribution.id,
            repoType: "dataset",
            repoId: "demo/tiny-dataset",
            revision: "main",
            requestedBy: "test",
          },
        });
        await eventually(async () => {
          const row = await database.db.prefetchJob.findUniqueOrThrow({ where: { id: job.id } });
          expect(row.status).toBe("done");
        }, 10_000);
      } finally {
        await database.close();
      }
    } finally {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test("PostgreSQL unreachable: cached files served, the rest 503, then recovery", async () => {
    const database = await createTestDatabase("postgresql");
    const proxy = await tcpProxy(new URL(database.url));
    const dir = await mkdtemp(join(tmpdir(), "hubcache-pgdown-"));
    const server = await spawnContentServer({
      ...FAST,
      DATABASE_URL: proxy.url,
      STORAGE_DIR: join(dir, "blobs"),
      HUB_URL: hub.url,
    });
    try {
      const before = await warmAnswers(server);
      await proxy.cut();
      await expectServedWhileDown(server, before, 2_000);
      // 500 more requests: none of them starts a re-read of the configuration; re-reads back off
      // (200 ms, doubling), each failure counted and logged once.
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          for (let i = 0; i < 50; i++) await (await fetch(fileUrl(server, "config.json"))).arrayBuffer();
        }),
      );
      const reloads = await backgroundFailures(server, "config");
      expect(reloads).toBeGreaterThan(0);
      expect(reloads).toBeLessThanOrEqual(5);
      expect(server.output().split("cannot re-read the configuration").length - 1).toBe(reloads);
      await expectUnavailable(server, "onnx/model.onnx");
      expect(server.alive()).toBe(true);
      expect(await backgroundFailures(server)).toBeGreaterThan(0);

      await proxy.restore();
      await expectRecovered(server);
    } finally {
      await server.stop();
      await proxy.close();
      await rm(dir, { recursive: true, force: true });
      await database.drop();
    }
  }, 40_000);

  test("PostgreSQL not answering (a black hole): warm answers served, the rest 503 in bounded time, then recovery", async () => {
    const database = await createTestDatabase("postgresql");
    const proxy = await tcpProxy(new URL(database.url));
    const dir = await mkdtemp(join(tmpdir(), "hubcache-pghole-"));
    const timeouts = { DB_CONNECT_TIMEOUT_MS: "1000", DB_QUERY_TIMEOUT_MS: "1000" };
    const server = await spawnContentServer({
      ...FAST,
      ...timeouts,
      DATABASE_URL: proxy.url,
      STORAGE_DIR: join(dir, "blobs"),
      HUB_URL: hub.url,
    });
    try {
      const before = await warmAnswers(server);
      proxy.blackHole();
      const slowestMs = await expectServedWhileDown(server, before, 3_000);
      expect(slowestMs, server.output()).toBeLessThan(1_000);
      // Nothing refuses, nothing answers: only the timeouts end the wait (1 s to get a connection, then
      // 1 s for the query plus the client's 1 s grace for a silent server).
      const started = performance.now();
      await expectUnavailable(server, "onnx/model.onnx");
      expect(performance.now() - started).toBeLessThan(4_000);
      expect(server.alive()).toBe(true);
      expect(await backgroundFailures(server)).toBeGreaterThan(0);

      await proxy.restore();
      await expectRecovered(server);
    } finally {
      await server.stop();
      await proxy.close();
      await rm(dir, { recursive: true, force: true });
      await database.drop();
    }
  }, 40_000);
});
